"""scanner.ci.gitlab: aiscan findings -> GitLab Code Quality issues (suppressed ones left out)."""

from __future__ import annotations

import json
from pathlib import Path

from scanner.ci.gitlab import code_quality, main

from .reports import hf, scan_to_json, write_tree


def test_code_quality_from_a_real_report(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "p", {
        "a.py": hf("Qwen/Qwen2.5-7B-Instruct"),
        "b.py": 'from transformers import AutoModel\nm = AutoModel.from_pretrained("deepseek-ai/DeepSeek-V3")  # aiscan: ignore[AIS-ORIGIN-001] approved\n',
    })
    report = scan_to_json(root, tmp_path / "r.json")
    issues = code_quality(report, prefix="services/p")
    active = [f for f in report["findings"] if not f["suppressed_by"]]
    assert len(issues) == len(active) and any(f["suppressed_by"] for f in report["findings"])
    origin = [i for i in issues if i["check_name"] == "AIS-ORIGIN-001"]
    assert [i["location"] for i in origin] == [{"path": "services/p/a.py", "lines": {"begin": 2}}]
    assert origin[0]["severity"] == "critical" and origin[0]["fingerprint"] == next(f["fingerprint"] for f in active if f["rule_id"] == "AIS-ORIGIN-001")
    assert main([str(tmp_path / "r.json"), "-o", str(tmp_path / "cq.json")]) == 0
    assert len(json.loads((tmp_path / "cq.json").read_text(encoding="utf-8"))) == len(issues)


def test_bad_report_exits_2(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "x.json").write_text("{}", encoding="utf-8")
    assert main([str(tmp_path / "x.json"), "-o", str(tmp_path / "cq.json")]) == 2
    assert "not an aiscan JSON report" in capsys.readouterr().err and not (tmp_path / "cq.json").exists()
