"""Generate scanner/formats/pickle_allow_generated.yaml: the exact globals real checkpoints contain.

    /path/to/venv-with-numpy-sklearn/bin/python bench/gen_pickle_allowlist.py [--transformers-src DIR] > scanner/formats/pickle_allow_generated.yaml

Run in a throwaway virtualenv with numpy and scikit-learn installed (and transformers unpacked, only read as
source). It fits every scikit-learn estimator that builds with default arguments on a small dataset, pickles it
(protocols 2 and 4), pickles numpy arrays, dtypes, scalars, masked arrays and random generators, and records the
globals those pickles import, read with pickletools (opcodes, never loading). Transformers' configuration classes
are read from its source tree with ``ast`` (``class XConfig(PretrainedConfig)`` in ``configuration_*.py``), never
imported. Output is sorted YAML: the ``framework`` list (constructed classes, reported as info) and ``allow``.
"""

from __future__ import annotations

import argparse
import ast
import io
import pickle
import pickletools
import sys
import warnings
from pathlib import Path


def globals_of(data: bytes) -> set[str]:
    """module.name of every GLOBAL/STACK_GLOBAL in a pickle (strings for STACK_GLOBAL come from the two pushes/GETs before)."""
    found: set[str] = set()
    memo: dict[int, object] = {}
    recent: list[object] = []
    for op, arg, _ in pickletools.genops(io.BytesIO(data)):
        if op.name in ("GLOBAL", "INST"):
            module, name = str(arg).split(" ", 1)
            found.add(f"{module}.{name}")
        elif op.name in ("SHORT_BINUNICODE", "BINUNICODE", "BINUNICODE8", "UNICODE"):
            recent.append(arg)
        elif op.name == "MEMOIZE" and recent:
            memo[len(memo)] = recent[-1]
        elif op.name in ("BINPUT", "LONG_BINPUT", "PUT") and recent:
            memo[int(arg)] = recent[-1]  # type: ignore[arg-type]
        elif op.name in ("BINGET", "LONG_BINGET", "GET"):
            recent.append(memo.get(int(arg)))  # type: ignore[arg-type]
        elif op.name == "STACK_GLOBAL" and len(recent) >= 2:
            found.add(f"{recent[-2]}.{recent[-1]}")
        else:
            recent.append(None)
        if len(recent) > 8:
            del recent[:-8]
    return found


def sklearn_globals() -> tuple[set[str], set[str]]:
    import numpy as np
    from sklearn.utils import all_estimators

    rng = np.random.default_rng(0)
    X = rng.random((60, 4))
    y_class = (X[:, 0] > 0.5).astype(int)
    y_reg = X[:, 1] * 3.0
    classes, seen = set(), set()
    for name, cls in all_estimators():
        classes.add(f"{cls.__module__}.{cls.__qualname__}")
        try:
            est = cls()
        except Exception:  # noqa: BLE001, S112 - needs required arguments (meta-estimators)
            continue
        for y in (y_class, y_reg, None):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    est.fit(X, y) if y is not None else est.fit(X)
                break
            except Exception:  # noqa: BLE001, S112 - wrong task for this estimator
                continue
        for protocol in (2, 4):
            try:
                seen |= globals_of(pickle.dumps(est, protocol=protocol))
            except Exception:  # noqa: BLE001, S112 - unpicklable estimator
                print(f"# could not pickle {name}", file=sys.stderr)
    return classes, seen


def numpy_globals() -> set[str]:
    import numpy as np

    values: list[object] = [
        np.zeros(10, dtype=dt) for dt in ("f2", "f4", "f8", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "b1", "c8", "c16")
    ]
    values += [np.float32(1), np.int64(2), np.bool_(True), np.dtype("f4"), np.dtype([("a", "f4"), ("b", "i8")]), np.ma.masked_array([1, 2], mask=[0, 1])]
    values += [np.random.default_rng(0), np.random.RandomState(0), np.array(["a", "bc"]), np.datetime64("2024-01-01"), np.timedelta64(1, "D")]
    values += [np.array(["2024-01-01"], dtype="datetime64[D]")]
    seen: set[str] = set()
    for value in values:
        for protocol in (2, 3, 4, 5):
            seen |= globals_of(pickle.dumps(value, protocol=protocol))
    return seen


def transformers_configs(src: Path) -> set[str]:
    """``transformers.models.x.configuration_x.XConfig`` for each PretrainedConfig subclass in the source tree."""
    out: set[str] = set()
    base = src / "transformers"
    for path in sorted(base.rglob("configuration_*.py")):
        module = ".".join(path.relative_to(src).with_suffix("").parts)
        try:
            tree = ast.parse(path.read_bytes())
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and node.name.endswith("Config"):
                bases = {b.id if isinstance(b, ast.Name) else b.attr if isinstance(b, ast.Attribute) else "" for b in node.bases}
                if bases & {"PretrainedConfig", "PreTrainedConfig"} or any(b.endswith("Config") for b in bases):
                    out.add(f"{module}.{node.name}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transformers-src", type=Path, help="the folder holding the transformers package source")
    args = parser.parse_args()
    classes, sk_seen = sklearn_globals()
    np_seen = numpy_globals()
    configs = transformers_configs(args.transformers_src) if args.transformers_src else set()
    import numpy
    import sklearn

    framework = sorted((classes | configs | {g for g in sk_seen if g.startswith("sklearn.")}) - np_seen)
    allow = sorted(np_seen | {g for g in sk_seen if not g.startswith("sklearn.")})
    print("# Generated by bench/gen_pickle_allowlist.py: do not edit by hand (add hand-reviewed names to pickle_imports.yaml).")
    print(f"# numpy {numpy.__version__}, scikit-learn {sklearn.__version__}, transformers source: {'yes' if configs else 'no'}.")
    print("# allow: globals numpy/sklearn pickles import besides the estimators (rebuilding arrays, dtypes, random states).")
    print("# framework: classes constructed from checkpoints (estimators, their trees/losses, transformers configs): info.")
    print("allow:")
    for name in allow:
        print(f"  - {name}")
    print("framework:")
    for name in framework:
        print(f"  - {name}")


if __name__ == "__main__":
    main()
