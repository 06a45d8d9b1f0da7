"""`aiscan merge`: many repositories' reports -> one dependence dashboard (JSON and self-contained, escaped HTML)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from scanner.cli import main
from scanner.merge import build_org_view

from .reports import hf, scan_to_json, write_tree

QWEN, DEEPSEEK, LLAMA = "Qwen/Qwen2.5-7B-Instruct", "deepseek-ai/DeepSeek-V3", "meta-llama/Llama-3.2-1B-Instruct"


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def three_repos(tmp_path: Path) -> list[Path]:
    specs = {
        "payments": {"svc/gen.py": hf(QWEN), "svc/chat.py": hf(LLAMA)},
        "search": {"app/rank.py": hf(QWEN), "app/llm.py": hf(DEEPSEEK), "requirements.txt": "openai>=1\n"},
        "docs-site": {"build.py": "print('static site, no models')\n"},
    }
    paths = []
    for name, files in specs.items():
        root = write_tree(tmp_path / "repos" / name, files)
        out = tmp_path / "reports" / name / "aiscan.json"
        out.parent.mkdir(parents=True)
        scan_to_json(root, out)
        paths.append(out)
    return paths


def test_merge_json_answers_who_depends_on_what(tmp_path: Path) -> None:
    reports = three_repos(tmp_path)
    out = tmp_path / "org.json"
    result = run("merge", *map(str, reports), "-o", str(out))
    assert result.exit_code == 0 and "Merged 3 report(s)" in result.stdout
    org = json.loads(out.read_text(encoding="utf-8"))
    models = {m["id"]: m for m in org["models"]}
    assert models[QWEN]["repos"] == ["payments", "search"] and models[QWEN]["country"] == "CN" and models[QWEN]["of_concern"]
    assert models[DEEPSEEK]["repos"] == ["search"] and models[LLAMA]["repos"] == ["payments"] and not models[LLAMA]["of_concern"]
    assert org["models"][0]["id"] == QWEN  # most used first
    countries = {c["country"]: c for c in org["countries"]}
    assert countries["CN"]["repos"] == ["payments", "search"] and set(countries["CN"]["models"]) == {QWEN, DEEPSEEK}
    assert countries["CN"]["of_concern"] and not countries["US"]["of_concern"]
    repos = {r["name"]: r for r in org["repos"]}
    assert [r["name"] for r in org["repos"]] == ["docs-site", "payments", "search"]
    assert repos["search"]["findings"]["high"] == 2 and repos["search"]["verdict"] == "fail" and repos["search"]["models_of_concern"] == 2
    assert repos["docs-site"]["verdict"] == "pass" and repos["docs-site"]["models"] == 0
    totals = org["totals"]
    assert totals["repos"] == 3 and totals["failing_repos"] == 2 and totals["models"] == 3 and totals["models_of_concern"] == 2
    assert totals["repos_depending_on_concern"] == 2 and totals["findings"]["high"] == 3
    assert {p["name"]: p["repos"] for p in org["packages"]}["openai"] == ["search"]
    # Deterministic: the same inputs in another order give the same bytes.
    out2 = tmp_path / "org2.json"
    run("merge", *map(str, reversed(reports)), "-o", str(out2))
    assert out2.read_bytes() == out.read_bytes()


def test_merge_html_is_self_contained_and_escapes_everything(tmp_path: Path) -> None:
    reports = three_repos(tmp_path)
    evil = json.loads(reports[0].read_text(encoding="utf-8"))
    evil["root"] = "<script>alert(1)</script>"
    evil["models"][0]["origin"]["developer"] = '"><img src=x onerror=alert(2)>'
    evil_path = tmp_path / "evil.json"
    evil_path.write_text(json.dumps(evil), encoding="utf-8")
    out = tmp_path / "org.html"
    assert run("merge", str(evil_path), *map(str, reports[1:]), "-o", str(out), "-o", str(tmp_path / "org.json")).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # no external resource: works from an artifact
    assert QWEN in html and "of concern" in html and "search" in html
    assert html.count("<tr") >= 3 + 3 + 3


def test_same_directory_name_is_disambiguated(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "a" / "app", {"m.py": hf(QWEN)})
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    scan_to_json(root, one)
    scan_to_json(root, two)
    view = build_org_view([("one.json", json.loads(one.read_text())), ("two.json", json.loads(two.read_text()))])
    assert [r.name for r in view.repos] == ["app (one.json)", "app (two.json)"]
    assert view.models[0].repos == ("app (one.json)", "app (two.json)")


def test_bad_input_and_bad_output_exit_2(tmp_path: Path) -> None:
    reports = three_repos(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}', encoding="utf-8")
    result = run("merge", str(reports[0]), str(bad), str(tmp_path / "absent.json"), "-o", str(tmp_path / "org.html"))
    assert result.exit_code == 2 and "bad.json" in result.stderr and "absent.json" in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "org.html").exists()
    assert run("merge", str(reports[0]), "-o", str(tmp_path / "org.pdf")).exit_code == 2


def test_model_files_are_scoped_to_their_repository(tmp_path: Path) -> None:
    reports = three_repos(tmp_path)
    loaded = []
    for path in reports[:2]:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["models"].append(dict(data["models"][0], id="models/classifier.pkl", kind="model-file"))
        loaded.append((path.name, data))
    view = build_org_view(loaded)
    files = [m for m in view.models if m.kind == "model-file"]
    assert [(m.id, m.repos) for m in files] == [("models/classifier.pkl", ("payments",)), ("models/classifier.pkl", ("search",))]
    assert [(m.id, m.repos) for m in view.models if m.id == QWEN] == [(QWEN, ("payments", "search"))]
