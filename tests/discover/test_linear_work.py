"""Work grows linearly with input size on shapes that were once quadratic: counted in executed lines of aiscan's own
code (sys.settrace), which does not depend on the machine's speed or load, at two sizes (n and 4n): at most 5x the work for 4x the input.

- a module of helper functions each passing a value to the next (``_callers`` looked at every pending parameter for
  every call: 3,000 helpers took 10.8 s instead of 3.6 s);
- a minified one-line JSON of model ids (each value was searched from the start of the line);
- a self.attribute bound many times (value search without memory was exponential);
- many classes each reading its own ``self.name`` (each use filtered every class's bindings);
- a JSON file with comments (JSONC) and a notebook of shell magics continued with backslashes (session 4);
- helpers that hand a parameter to each other, each also passing it to many model-keyword calls (session 5: the
  pending sinks were re-sent every round, a list multiplied by the call sites: 9 s for an 18 KB API server);
- a shell script of many ``for`` loops, each line checked against every loop variable so far (libtool's ltmain.sh)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from .helpers import scan

SCANNER = str(Path(__file__).resolve().parents[2] / "scanner")


def _lines_executed(run: Callable[[], object]) -> int:
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def outer(frame: FrameType, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename.startswith(SCANNER) else None

    sys.settrace(outer)
    try:
        run()
    finally:
        sys.settrace(None)
    return count


def _helpers(n: int) -> str:
    out = ["from transformers import AutoModel", "def f0(x):", "    return AutoModel.from_pretrained(x)"]
    for i in range(1, n):
        out += [f"def f{i}(x):", f"    return f{i - 1}(x)"]
    out += [f"f{i}('Qwen/Qwen2-{i}B')" for i in range(n)]
    return "\n".join(out) + "\n"


def _minified(n: int) -> str:
    return json.dumps({"models": [{"model_name_or_path": f"org{i}/Model-{i}-7B"} for i in range(n)]})


def _attributes(n: int) -> str:
    body = ["        self.m = 'deepseek-ai/DeepSeek-R1'"] + ["        self.m = self.m"] * n
    return "\n".join(["from transformers import AutoModel", "class T:", "    def setup(self):", *body,
                      "        AutoModel.from_pretrained(self.m)"]) + "\n"


def _classes(n: int) -> str:
    return "from transformers import AutoModel\n" + "".join(
        f"class C{i}:\n    name = 'org{i}/m{i}'\n    def load(self):\n        return AutoModel.from_pretrained(self.name)\n"
        for i in range(n))


def _jsonc(n: int) -> str:
    """A JSONC settings file (comments, trailing commas): stripped in one pass, then located forward."""
    body = ",\n".join(f'  // entry {i}\n  "embedding_model_{i}": "org{i}/embed-{i}" /* why */' for i in range(n))
    return "{\n" + body + ",\n}\n"


def _continued_magics(n: int) -> str:
    """A notebook cell of ``!cmd \\`` magics, each continued over three lines."""
    cell = "".join(f"!python run.py \\\n  --model_name_or_path org{i}/m-{i} \\\n  --trust_remote_code\n" for i in range(n))
    return json.dumps({"cells": [{"cell_type": "code", "source": cell}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def _fanned_helpers(n: int) -> str:
    """A chain of helpers handing ``model_id`` on, each calling the next at n places (branches of an API server),
    the innermost also passing it to n model-keyword calls (response objects)."""
    out = ["def a(model_id):", *(f"    r{i} = Response(model=model_id, index={i})" for i in range(n))]
    for name, inner in (("b", "a"), ("c", "b")):
        out += [f"def {name}(model_id, mode):", *(f"    if mode == {i}:\n        {inner}(model_id)" for i in range(n))]
    return "\n".join([*out, "c('org/chained-model-7b', 0)"]) + "\n"


def _loops(n: int) -> str:
    """n ``for`` loops with distinct variables, then n command lines using none of them."""
    return "".join(f"for v{i} in a b; do echo $v{i}; done\n" for i in range(n)) + \
        "".join(f"python run.py --model_name_or_path org{i}/m-{i}\n" for i in range(n))


@pytest.mark.parametrize(("name", "make", "n"), [
    ("helpers.py", _helpers, 60),
    ("config.json", _minified, 400),
    ("attrs.py", _attributes, 40),
    ("classes.py", _classes, 60),
    ("settings.json", _jsonc, 200),
    ("tour.ipynb", _continued_magics, 60),
    ("api_server.py", _fanned_helpers, 12),
    ("ltmain.sh", _loops, 150),
])
def test_four_times_the_input_is_at_most_five_times_the_work(tmp_path: Path, name: str, make: Callable[[int], str],
                                                             n: int) -> None:
    small = _lines_executed(lambda: scan(tmp_path / "s", {name: make(n)}))
    large = _lines_executed(lambda: scan(tmp_path / "l", {name: make(4 * n)}))
    assert small > 1000 and large / small < 5, (small, large, large / small)
