"""A small stand-in for the GitHub Actions runner: runs action.yml's shell steps with the env GitHub would build.

Supports what action.yml uses: ``${{ inputs.X }}`` and ``${{ steps.ID.outputs.X }}`` in ``env:`` and ``with:``,
GITHUB_ENV / GITHUB_OUTPUT files (``name=value`` and heredoc forms), and bash run as GitHub runs it
(``bash --noprofile --norc -eo pipefail SCRIPT``). ``uses:`` steps are recorded, not run.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


@dataclass
class StepResult:
    name: str
    returncode: int | None
    stdout: str = ""
    stderr: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    with_: dict[str, str] = field(default_factory=dict)


def parse_file_commands(text: str) -> dict[str, str]:
    """Parse GITHUB_OUTPUT / GITHUB_ENV content the way the runner does."""
    values: dict[str, str] = {}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            body = []
            i += 1
            while lines[i] != delimiter:
                body.append(lines[i])
                i += 1
            values[name] = "\n".join(body)
        elif "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
        i += 1
    return values


class ActionRunner:
    def __init__(self, action_path: Path, workspace: Path, tmp: Path, base_env: dict[str, str]):
        self.action_path = action_path
        self.action = yaml.safe_load((action_path / "action.yml").read_text(encoding="utf-8"))
        self.workspace = workspace
        self.tmp = tmp
        self.env = dict(base_env)
        self.env.update(GITHUB_ACTION_PATH=str(action_path), GITHUB_WORKSPACE=str(workspace), RUNNER_TEMP=str(tmp / "runner-temp"))
        (tmp / "runner-temp").mkdir(parents=True, exist_ok=True)
        self.summary = tmp / "step-summary.md"
        self.summary.write_text("", encoding="utf-8")
        self.step_outputs: dict[str, dict[str, str]] = {}

    def inputs_with_defaults(self, inputs: dict[str, str]) -> dict[str, str]:
        unknown = set(inputs) - set(self.action["inputs"])
        assert not unknown, f"not inputs of action.yml: {unknown}"
        return {name: str(inputs.get(name, spec.get("default", ""))) for name, spec in self.action["inputs"].items()}

    def expand(self, text: Any, inputs: dict[str, str]) -> str:
        def value(match: re.Match[str]) -> str:
            expr = match.group(1)
            if expr.startswith("inputs."):
                return inputs[expr[len("inputs."):]]
            m = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expr)
            if m:
                return self.step_outputs.get(m.group(1), {}).get(m.group(2), "")
            if expr == "github.action_path":
                return str(self.action_path)
            raise AssertionError(f"expression the test runner does not know: {expr}")

        return EXPR.sub(value, str(text))

    def run(self, inputs: dict[str, str], *, skip: tuple[str, ...] = ()) -> list[StepResult]:
        inputs = self.inputs_with_defaults(inputs)
        results = []
        for index, step in enumerate(self.action["runs"]["steps"]):
            name = step.get("name", f"step {index}")
            if name in skip or not self.condition(step.get("if"), inputs):
                continue
            if "uses" in step:
                results.append(StepResult(name=name, returncode=None, with_={k: self.expand(v, inputs) for k, v in step.get("with", {}).items()}))
                continue
            assert step.get("shell") == "bash", f"{name}: only bash steps are expected"
            assert "${{" not in step["run"], f"{name}: run script interpolates an expression"
            results.append(self.run_shell(step, name, inputs))
        return results

    def condition(self, expr: Any, inputs: dict[str, str]) -> bool:
        """Evaluate the ``if:`` forms action.yml uses: always(), ``a == 'b'``, ``a != ''``, joined by ``&&``."""
        if expr is None:
            return True
        text = str(expr).strip()
        if text.startswith("${{") and text.endswith("}}"):
            text = text[3:-2].strip()
        result = True
        for term in (t.strip() for t in text.split("&&")):
            if term == "always()":
                continue
            m = re.fullmatch(r"(\S+)\s*(==|!=)\s*(\S+)", term)
            if m:
                left, right = self.operand(m.group(1), inputs), self.operand(m.group(3), inputs)
                result &= (left == right) if m.group(2) == "==" else (left != right)
            else:
                result &= bool(self.operand(term, inputs))
        return result

    def operand(self, token: str, inputs: dict[str, str]) -> str:
        if token.startswith("'") and token.endswith("'"):
            return token[1:-1]
        return self.expand("${{ " + token + " }}", inputs)

    def run_shell(self, step: dict[str, Any], name: str, inputs: dict[str, str]) -> StepResult:
        out_file = self.tmp / f"output-{len(self.step_outputs)}-{abs(hash(name))}"
        env_file = self.tmp / "github-env"
        out_file.write_text("", encoding="utf-8")
        env_file.write_text("", encoding="utf-8")
        script = self.tmp / "step.sh"
        script.write_text(step["run"], encoding="utf-8")
        env = dict(self.env)
        env.update({k: self.expand(v, inputs) for k, v in step.get("env", {}).items()})
        env.update(GITHUB_OUTPUT=str(out_file), GITHUB_ENV=str(env_file), GITHUB_STEP_SUMMARY=str(self.summary))
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.workspace, env=env, capture_output=True, text=True, timeout=600, check=False,
        )
        self.env.update(parse_file_commands(env_file.read_text(encoding="utf-8")))
        outputs = parse_file_commands(out_file.read_text(encoding="utf-8"))
        if "id" in step:
            self.step_outputs[step["id"]] = outputs
        return StepResult(name=name, returncode=proc.returncode, stdout=proc.stdout, stderr=proc.stderr, outputs=outputs)

    def action_outputs(self) -> dict[str, str]:
        return {name: self.expand(spec["value"], {}) for name, spec in self.action["outputs"].items()}
