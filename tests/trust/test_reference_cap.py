"""One file cannot flood a scan with references: repeats of a model past 128 places are dropped (nothing new), and a
file past 20,000 references is listed as not fully analysed (a reference-cap gap) instead of growing the report
without bound. A real catalogue of 1,238 models in one file is untouched."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from scanner.cli import main
from scanner.discover import refcap
from scanner.discover.refcap import ReferenceCap
from scanner.models import Location, Reference, RefKind

from ..discover.helpers import write


def _ref(ident: str, line: int = 1, *, remote: bool = False) -> Reference:
    return Reference(kind=RefKind.HF_MODEL, identifier=ident, location=Location(path="a.py", line=line), detector="t",
                     trust_remote_code=remote)


def test_repeats_past_the_limit_are_dropped_but_a_different_flag_is_kept() -> None:
    cap = ReferenceCap()
    kept = [cap.keep(_ref("Qwen/Qwen2-7B", i)) for i in range(200)]
    assert kept.count(True) == refcap.MAX_SAME and cap.repeats == 200 - refcap.MAX_SAME
    assert cap.keep(_ref("Qwen/Qwen2-7B", 201, remote=True))  # trust_remote_code differs: never lost
    assert cap.gap() is None  # repeats hide nothing the project depends on


def test_past_the_file_limit_references_are_counted_and_named_in_a_gap(monkeypatch: object) -> None:
    cap = ReferenceCap()
    for i in range(refcap.MAX_FILE + 5):
        cap.keep(_ref(f"org/m{i}"))
    assert cap.kept == refcap.MAX_FILE and cap.dropped == 5
    gap = cap.gap()
    assert gap is not None and gap[0] == "reference-cap" and "5 references" in gap[1]


def _scan(root: Path) -> dict[str, object]:
    result = CliRunner().invoke(main, ["scan", str(root), "--offline", "--format", "json", "--exit-zero"],
                                env={"AISCAN_NO_CACHE": "1"})
    assert result.exit_code == 0, result.output
    return json.loads(result.output[result.output.index("{"):])


def test_an_fstring_flood_is_bounded_and_the_real_model_is_still_found(tmp_path: Path) -> None:
    names = "\n".join(f'a{i} = "x" if c else "y"' for i in range(8))
    calls = "\n".join('AutoModel.from_pretrained(f"{a0}{a1}{a2}{a3}/{a4}{a5}{a6}{a7}")' for _ in range(400))
    source = f"from transformers import AutoModel\n{names}\n{calls}\nAutoModel.from_pretrained('deepseek-ai/DeepSeek-R1')\n"
    report = _scan(write(tmp_path, {"flood.py": source}))
    refs = [r for r in report["references"] if r["path"] == "flood.py"]  # type: ignore[index]
    ids = {r["id"] for r in refs}
    assert "deepseek-ai/DeepSeek-R1" in ids and len(ids) == 49  # the first 48 combinations + the real one
    assert len(refs) == 48 * refcap.MAX_SAME + 1  # not 400 * 48 = 19,200


def test_a_file_past_the_limit_is_not_fully_analysed(tmp_path: Path, monkeypatch: object) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setattr(refcap, "MAX_FILE", 50)
    lines = "\n".join(f'AutoModel.from_pretrained("org{i}/model-{i}")' for i in range(80))
    report = _scan(write(tmp_path, {"many.py": f"from transformers import AutoModel\n{lines}\n"}))
    refs = [r for r in report["references"] if r["path"] == "many.py"]  # type: ignore[index]
    assert len(refs) == 50
    gaps = [g for g in report["coverage"]["not_analysed"] if g["path"] == "many.py"]  # type: ignore[index]
    assert gaps and gaps[0]["reason"] == "reference-cap"
