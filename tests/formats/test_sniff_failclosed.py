"""Content sniffing by the opcode reader, fail-closed verdicts, the numpy dtype grammar and template folding."""

from __future__ import annotations

import io
import pickle
from pathlib import Path

import pytest
import yaml

from scanner.formats import inspect_path, loadable_content, pickle_vm, timed_out
from scanner.formats.chat_template import analyse
from scanner.formats.numpy_fmt import dtype_kind
from scanner.formats.pickle_sniff import probe, probe_bytes
from tests.formats import builders as b
from tests.formats.real_templates import REAL_TEMPLATES

TEXTS = [
    b"import os\nprint(os.getcwd())\n",
    b"# comment\nx = 1\n",
    b'{"a": 1, "b": [1, 2]}\n',
    b"Name,Age\nBob,3\n",
    b"Lorem ipsum dolor sit amet\n",
    b"hello world\n",
    b"def f():\n    return 1\n",
    b"(a) first item\n(b) second\n",
    b"Version: 1.0\nLicense: MIT\n",
    b"cat file | grep x\n",
]


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_every_protocol_is_a_pickle(protocol: int) -> None:
    data = pickle.dumps({"a": [1, 2.5, "x", None, (True, b"\x00")]}, protocol=protocol)
    found = probe_bytes(data)
    assert found.pickle and found.stopped
    assert probe(io.BytesIO(b"junk" + data), 4).pickle  # probing from an offset (the next pickle of a stream)


@pytest.mark.parametrize("text", TEXTS)
def test_text_is_not_a_strong_pickle(text: bytes) -> None:
    assert not probe_bytes(text).strong
    assert not loadable_content(text, "x.txt")


def test_prefix_checks_follow_the_unpickler() -> None:
    assert not probe_bytes(b"h\x00.").pickle  # memo read before any store
    assert not probe_bytes(b"a.").pickle  # APPEND on an empty stack
    assert not probe_bytes(b"\x80\x09N.").pickle  # protocol 9 does not exist
    assert probe_bytes(b"NN.").pickle  # leftover stack items are fine for a loader
    assert probe_bytes(b"B" + (9000).to_bytes(4, "little") + b"\x00" * 4000, more_follows=True).pickle  # argument past the window
    assert not probe_bytes(b"B" + (9000).to_bytes(4, "little") + b"\x00" * 100).pickle  # ... but not past the end of the file


def test_budget_exhaustion_fails_closed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pickle the walker stops on a budget (PickleScan.budget / error) is suspicious, not error or safe."""
    from scanner.formats import pickle_fmt

    real = pickle_vm.scan_pickle
    monkeypatch.setattr(pickle_fmt, "scan_pickle", lambda handle, limit, on_build=None, **kw: real(handle, limit, on_build, max_ops=1000, **kw))
    path = tmp_path / "dense.pkl"
    path.write_bytes(pickle.dumps(list(range(400_000)), protocol=0))  # > 1 MiB: the budget is checked at refills
    result = inspect_path(path, "dense.pkl", path.stat().st_size)
    assert result is not None and result.verdict == "suspicious"
    assert any(i.code in ("pickle-malformed", "fail-closed") for i in result.issues)
    assert result.metadata["incomplete"]


def test_timeouts_fail_closed_only_for_code_carrying_formats(tmp_path: Path) -> None:
    (tmp_path / "a.pt").write_bytes(b.call("collections", "OrderedDict"))
    (tmp_path / "a.safetensors").write_bytes(b.safetensors({"w": ("F32", [1], (0, 4))}, b"\x00" * 4))
    assert timed_out(tmp_path / "a.pt", "a.pt", 10, 30).verdict == "suspicious"
    assert timed_out(tmp_path / "a.safetensors", "a.safetensors", 10, 30).verdict == "error"


def test_default_policy_rates_suspicious_files_high() -> None:
    rules = yaml.safe_load((Path(__file__).resolve().parents[2] / "rules" / "default.yaml").read_text())["rules"]
    by_verdict = {r["when"].get("value"): r["severity"] for r in rules if r.get("subject") == "file" and r["when"].get("field") == "verdict"}
    assert by_verdict["suspicious"] == "high" and by_verdict["unsafe"] == "critical"


@pytest.mark.parametrize(
    ("descr", "kind"),
    [
        ("O", "object"), ("|O", "object"), ("<O8", "object"), ("object", "object"), (("O", (1,)), "object"),
        ([("a", "<f4"), ("b", "|O")], "object"), ([("a", [("c", "O", (2,))])], "object"), ("i4,O", "object"), ("(2)O", "object"),
        ("<f4", "plain"), ("|u1", "plain"), ("<M8[ns]", "plain"), ("<U5", "plain"), ("float32", "plain"), ("(2,3)i4, f8", "plain"),
        ([("x", "<f4", (2,))], "plain"), ("x9", "unknown"), ({"names": ["a"]}, "unknown"), (7, "unknown"),
    ],
)  # fmt: skip
def test_numpy_dtype_grammar(descr: object, kind: str) -> None:
    assert dtype_kind(descr) == kind


@pytest.mark.parametrize("name", sorted(REAL_TEMPLATES))
def test_published_chat_templates_are_clean(name: str) -> None:
    assert analyse(REAL_TEMPLATES[name]) == []


@pytest.mark.parametrize(
    ("template", "code"),
    [
        ("{{ x|attr('%c%cclass%c%c'|format(95,95,95,95)) }}", "template-ssti"),
        ("{{ x[('__in' ~ 'it__')] }}", "template-ssti"),
        ("{{ x|attr(['_','_','class','_','_']|join) }}", "template-ssti"),
        ("{% set a = '__glo' + 'bals__' %}{{ x[a] }}", "template-ssti"),
        ("{{ x['__tini__'[::-1]] }}", "template-ssti"),
        ("{{ x[y ~ z] }}", "template-runtime-name"),
        ("{{ x|attr(y) }}", "template-runtime-name"),
        (
            "{% set ns = namespace(k='') %}{% for c in ['_', '_', 'class', '_', '_'] %}{% set ns.k = ns.k + c %}{% endfor %}{{ x[ns.k] }}",
            "template-runtime-name",
        ),
        ("{{ x.mro() }}", "template-private-access"),
        ("{{ x.gi_frame }}", "template-private-access"),
        ("{{ messages.append(1) }}", "template-mutation"),
        ("{{ x.__class__ }", "template-not-analysed"),
        ("x" * 10 + "{{ lipsum.__globals__.os.popen('id') }}", "template-exec-call"),
    ],
)
def test_template_tricks_are_named(template: str, code: str) -> None:
    assert code in [i.code for i in analyse(template)]
