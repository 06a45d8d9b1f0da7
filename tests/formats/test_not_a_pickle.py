"""Text the pickle sniff takes (a LICENSE starting with ``T``, a TSV whose every line starts with ``P``) is not a model
file when no unpickler could run any of it: the first opcode cannot complete, or the stream is consistent to the end
of the file without STOP having imported, called and built nothing. Everything else stays fail-closed."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.formats import inspect_path
from tests.formats import builders as b

LICENSE = b"The CogVideoX License\n\n1. Definitions\n\n\xe2\x80\x9cLicensor\xe2\x80\x9d means the CogVideoX Model Team...\n" * 20
TSV = b"".join(b"Places365_val_%08d.jpg\tIs this picture captured in a place of greenhouse indoor?\tYes\n" % i for i in range(400))
V_LINES = b"".join(b"Vline %d of some notes\n" % i for i in range(100))


def _inspect(tmp_path: Path, data: bytes, name: str, *, named: bool) -> object:
    path = tmp_path / name
    path.write_bytes(data)
    return inspect_path(path, name, len(data), named_as_model=named)


@pytest.mark.parametrize("name, data", [("MODEL_LICENSE", LICENSE), ("scene.txt", TSV), ("NOTES", V_LINES)])
def test_text_no_loader_can_run_is_not_a_model_file(tmp_path: Path, name: str, data: bytes) -> None:
    assert _inspect(tmp_path, data, name, named=False) is None
    named = _inspect(tmp_path, data, "model.pkl", named=True)
    assert named is not None and (named.format, named.verdict, named.can_execute_code) == ("unknown", "not-inspected", False)
    assert named.issues[0].code == "format-unknown"


def test_the_reason_is_given(tmp_path: Path) -> None:
    mf = _inspect(tmp_path, TSV, "model.pkl", named=True)
    assert mf is not None and "only handle data and the file ends without STOP" in mf.issues[0].detail
    big_license = LICENSE * 4  # past the 4 KiB sniff window: the probe cannot see the argument run past the file
    mf = _inspect(tmp_path, big_license, "model.pkl", named=True)
    assert mf is not None and "first opcode cannot complete" in mf.issues[0].detail


EXEC = b.glob("os", "system") + b.MARK + b.ustr("id") + b.TUPLE + b.REDUCE
STILL_FLAGGED = {
    "lines, then an import and a call, no STOP": (V_LINES + EXEC, "unsafe"),
    "lines, then an import and a call, and STOP": (V_LINES + EXEC + b".", "unsafe"),
    "a protocol-0 call after persistent ids, no STOP": (TSV[:2000].rsplit(b"\n", 1)[0] + b"\n" + b"cos\nsystem\n(S'id'\ntR", "unsafe"),
    "a BUILD on a persistent object, no STOP": (V_LINES + b"Pfoo\n}b", "suspicious"),
    "a call of a persistent object, no STOP": (V_LINES + b"Pfoo\n)R", "suspicious"),
    "a break the walk stops at, then code after it": (V_LINES + b"t" + EXEC, "suspicious"),
    "a BINSTRING the file holds, then code": (b"T\x03\x00\x00\x00abc" + EXEC, "unsafe"),
    "an unknown import after lines, no STOP": (V_LINES + b.glob("somepkg.mod", "Thing") + b")" + b"R", "suspicious"),
}


@pytest.mark.parametrize("case", sorted(STILL_FLAGGED))
def test_what_could_run_stays_flagged(tmp_path: Path, case: str) -> None:
    data, verdict = STILL_FLAGGED[case]
    for name, named in (("NOTES", False), ("model.pkl", True)):
        mf = _inspect(tmp_path, data, name, named=named)
        assert mf is not None and mf.verdict == verdict and mf.can_execute_code, (case, name, mf)


def test_data_only_text_with_a_break_in_it_is_not_a_model_file(tmp_path: Path) -> None:
    """Whatever a loader makes of the break, every opcode in the file only handles data: nothing can run."""
    assert _inspect(tmp_path, V_LINES + b"t" + V_LINES, "NOTES", named=False) is None
    # code inside an argument no loader can finish reading is never reached
    assert _inspect(tmp_path, b"T\x00\x00\x01\x00" + EXEC + b".", "NOTES", named=False) is None


def test_a_complete_pickle_of_text_lines_is_still_a_pickle(tmp_path: Path) -> None:
    mf = _inspect(tmp_path, V_LINES + b".", "model.pkl", named=True)
    assert mf is not None and (mf.format, mf.verdict, mf.can_execute_code) == ("pickle", "safe", True)


def test_inside_an_archive_a_broken_member_stays_fail_closed(tmp_path: Path) -> None:
    data = b.torch_zip(LICENSE)  # data.pkl that is text: torch.load would fail, but the member is not ours to drop
    mf = _inspect(tmp_path, data, "model.pt", named=True)
    assert mf is not None and mf.verdict in ("suspicious", "error") and mf.format == "pytorch-zip"
