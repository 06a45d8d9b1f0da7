"""Attack cases: trust_remote_code switched on is flagged on its own, whatever the model id (which may be unknowable)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .coverage_helpers import QWEN, blocking, scan, write

HEAD = "import os, sys\nfrom transformers import AutoModel\n"
CASES = {
    "argv": HEAD + "m = AutoModel.from_pretrained(sys.argv[1], trust_remote_code=True)\n",
    "environ": HEAD + 'm = AutoModel.from_pretrained(os.environ.get("MODEL_ID"), trust_remote_code=True)\n',
    "parameter": HEAD + "def load(name):\n    return AutoModel.from_pretrained(name, trust_remote_code=True)\n",
    "sibling-constant": HEAD + "from settings import MODEL_ID\nm = AutoModel.from_pretrained(MODEL_ID, trust_remote_code=True)\n",
    "kwargs-literal": HEAD + 'm = AutoModel.from_pretrained(sys.argv[1], **{"trust_remote_code": True})\n',
    "kwargs-variable": HEAD + 'opts = {"trust_remote_code": True}\nm = AutoModel.from_pretrained(sys.argv[1], **opts)\n',
    "bound-to-true": HEAD + "TRUST = True\nm = AutoModel.from_pretrained(sys.argv[1], trust_remote_code=TRUST)\n",
    "unknown-callee": HEAD + "from mylib import load\nm = load(sys.argv[1], trust_remote_code=True)\n",
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_python_trust_remote_code_is_flagged_whatever_the_model_id(tmp_path: Path, case: str) -> None:
    root = write(tmp_path / "repo", {"app.py": CASES[case], "settings.py": "import os\nMODEL_ID = os.environ['M']\n"})
    report = scan(root, tmp_path)
    assert "AIS-CODE-001" in blocking(report), case
    (finding,) = [f for f in report.findings if f.rule_id == "AIS-CODE-001"]
    assert finding.locations[0].path == "app.py" and finding.locations[0].line == CASES[case].count("\n")


@pytest.mark.parametrize("value", ["False", "None", "0", "flag"])
def test_trust_remote_code_off_or_unknown_is_not_flagged(tmp_path: Path, value: str) -> None:
    root = write(tmp_path / "repo", {"app.py": HEAD + f"m = AutoModel.from_pretrained(sys.argv[1], trust_remote_code={value})\n"})
    assert "AIS-CODE-001" not in blocking(scan(root, tmp_path))


@pytest.mark.parametrize(("name", "text", "line"), [
    ("train.yaml", "base_model: ${MODEL}\nload_in_8bit: true\ntrust_remote_code: true\n", 3),
    ("serve.yaml", "engine:\n  model: " + QWEN + "\n  trust_remote_code: true\n", 2),
    ("args.json", '{\n  "model_name_or_path": "/models/x",\n  "trust_remote_code": true\n}\n', 3),
    ("conf.toml", 'model = "/srv/m"\ntrust_remote_code = true\n', 2),
])
def test_config_trust_remote_code_true_is_flagged(tmp_path: Path, name: str, text: str, line: int) -> None:
    root = write(tmp_path / "repo", {name: text})
    report = scan(root, tmp_path)
    (finding,) = [f for f in report.findings if f.rule_id == "AIS-CODE-001"]
    assert finding.locations[0].path == name and finding.locations[0].line == line


def test_config_trust_remote_code_false_is_not_flagged(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", {"c.json": json.dumps({"model": "x/y", "trust_remote_code": False})})
    assert "AIS-CODE-001" not in blocking(scan(root, tmp_path))
