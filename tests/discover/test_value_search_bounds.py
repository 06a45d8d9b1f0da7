"""Value search stays polynomial on files that bind the same names and attributes many times.

A real test file (peft's tests/test_initialization.py, 282 KB) binds ``self.x``-style attributes hundreds of times;
following every binding to depth 10 without memory made one scan take minutes (then the per-file timeout) on every
run. Crafted files can do the same on purpose. The search is counted (calls of ``Program._values``), not timed."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.discover.python import values
from scanner.discover.python.values import Program

from .helpers import keys, scan


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = [0]
    plain = Program._values

    def counting(self: Program, *args: object) -> list[values.Val]:
        calls[0] += 1
        return plain(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Program, "_values", counting)
    return calls


def _attribute_chain(levels: int, per_level: int) -> str:
    """``self.a{i}`` bound ``per_level`` times to ``self.a{i-1}``: per_level ** levels paths to the string."""
    lines = ["from transformers import AutoModel", "class T:", "    def setup(self):",
             '        self.a0 = "Qwen/Qwen2.5-7B-Instruct"']
    for i in range(1, levels + 1):
        lines += [f"        self.a{i} = self.a{i - 1}"] * per_level
    lines.append(f"        AutoModel.from_pretrained(self.a{levels})")
    return "\n".join(lines) + "\n"


def _name_chain(levels: int, per_level: int) -> str:
    lines = ["from transformers import AutoModel", 'm0 = "deepseek-ai/DeepSeek-R1"']
    for i in range(1, levels + 1):
        lines += [f"m{i} = m{i - 1} if flag else m{i - 1}"] * per_level
    lines.append(f"AutoModel.from_pretrained(m{levels})")
    return "\n".join(lines) + "\n"


def _container_chain(levels: int, per_level: int) -> str:
    lines = ["from transformers import AutoModel", 'd0 = {"model": "THUDM/glm-4-9b-chat"}']
    for i in range(1, levels + 1):
        lines += [f"d{i} = d{i - 1}"] * per_level
    lines += [f"for name in d{levels}.values():", "    AutoModel.from_pretrained(name)",
              f'AutoModel.from_pretrained(d{levels}["model"])']
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("source", "model"), [
    (_attribute_chain(8, 8), "Qwen/Qwen2.5-7B-Instruct"),
    (_name_chain(4, 8), "deepseek-ai/DeepSeek-R1"),
    (_container_chain(8, 8), "THUDM/glm-4-9b-chat"),
])
def test_many_bindings_per_name_stay_polynomial_and_still_resolve(tmp_path: Path, counted: list[int], source: str,
                                                                  model: str) -> None:
    refs = scan(tmp_path, {"t.py": source})
    # 8 ** 8 paths without memory; with it, each (node, scope, depth) is searched once
    assert counted[0] < 20_000, counted[0]
    assert ("hf-model", model) in keys(refs) or model.split("/")[1] in {i for _, i in keys(refs)}


def test_depth_is_part_of_the_memo_key_so_results_match_the_unmemoised_search(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The same name reached at depth 3 and at depth 9 may give different answers (the depth cut): the memo must
    not hand the depth-9 answer to the depth-3 question. Compare with memory switched off."""
    chain = ["from transformers import AutoModel", 'n0 = "Qwen/Qwen2.5-0.5B"']
    chain += [f"n{i} = n{i - 1}" for i in range(1, 10)]
    chain += ["AutoModel.from_pretrained(n9)", "AutoModel.from_pretrained(n2)",
              "x = n9 if a else n2", "AutoModel.from_pretrained(x)"]
    source = "\n".join(chain) + "\n"
    with_memo = keys(scan(tmp_path / "a", {"t.py": source}))
    monkeypatch.setattr(values, "MAX_MEMO", 0)
    without = keys(scan(tmp_path / "b", {"t.py": source}))
    assert with_memo == without and ("hf-model", "Qwen/Qwen2.5-0.5B") in with_memo


def test_containers_are_listed_once_each_and_capped(tmp_path: Path) -> None:
    import ast

    from scanner.discover.python.bindings import Bindings  # noqa: F401  (Program builds on it)

    tree = ast.parse(_container_chain(6, 6))
    program = Program.build(tree)
    target = next(n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == "d6")
    found = program._containers(target, program.module, 0)
    assert len(found) == 1 and isinstance(found[0], ast.Dict)
    many = ast.parse("\n".join(f"d = [{i}]" for i in range(400)) + "\nuse(d)\n")
    program = Program.build(many)
    use = next(n for n in ast.walk(many) if isinstance(n, ast.Name) and n.id == "d" and isinstance(n.ctx, ast.Load))
    assert len(program._containers(use, program.module, 0)) == values.MAX_CONTAINERS
