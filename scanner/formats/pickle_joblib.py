"""joblib arrays inside a pickle stream: how many raw bytes follow a NumpyArrayWrapper's BUILD (numpy's itemsize).

joblib reads ``prod(shape) * dtype.itemsize`` bytes right after the wrapper's BUILD, then unpickling goes on: the walk
must skip exactly as many, or it reads array bytes as opcodes (a benign-looking STOP there hid the real rest of the
stream). A dtype code or shape this module cannot size exactly is reported, never guessed."""

from __future__ import annotations

import math
import re

from ..records import record

# numpy dtype strings as pickled: byte order, a type character, a size (bytes; characters for 'U'), a datetime unit
_CODE = re.compile(r"^[<>|=]?([a-zA-Z?])(\d*)(?:\[(\w+)\])?$")
CHAR_SIZES = {"?": 1, "b": 1, "B": 1, "h": 2, "H": 2, "i": 4, "I": 4, "l": 8, "L": 8, "q": 8, "Q": 8, "p": 8, "P": 8, "e": 2,
              "f": 4, "d": 8, "g": 16, "F": 8, "D": 16, "G": 32, "M": 8, "m": 8}
SIZED_KINDS = frozenset("biufcSaUVMm")  # kinds written with their size in bytes (characters for 'U')
FLEXIBLE = frozenset("SaUV")  # kinds whose BUILD state may set the itemsize (numpy's __setstate__ takes its elsize)
MAX_TRACKED = 1 << 16  # dtype BUILD states remembered per stream


@record(frozen=True, slots=True)
class ArraySpan:
    """The raw bytes joblib reads after a wrapper, or why they cannot be sized."""

    length: int | None
    problem: str = ""


def itemsize(code: str, elsize: object = None) -> int | None:
    """numpy's itemsize for a pickled dtype code (with the elsize its BUILD state set, if any); None when unsure."""
    match = _CODE.match(code)
    if match is None:
        return None
    kind, digits, unit = match.groups()
    if unit and kind not in "Mm":
        return None
    if digits:
        if kind not in SIZED_KINDS:
            return None
        size = int(digits) * (4 if kind == "U" else 1)
    elif kind in CHAR_SIZES:
        size = CHAR_SIZES[kind]
    else:
        return None
    if kind in FLEXIBLE and isinstance(elsize, int) and not isinstance(elsize, bool) and elsize != size:
        return None  # the state and the code disagree: which one numpy keeps is not something to guess
    return size


def span(code: str, shape: object, elsize: object = None) -> ArraySpan:
    """The array's byte length for ``dtype`` code and ``shape`` (a tuple of non-negative ints)."""
    size = itemsize(code, elsize)
    if size is None:
        return ArraySpan(None, f"dtype {code[:40]!r} (state itemsize {elsize!r}) cannot be sized exactly")
    if not (isinstance(shape, tuple) and len(shape) <= 64 and all(type(d) is int and d >= 0 for d in shape)):
        return ArraySpan(None, f"shape {str(shape)[:60]} is not a tuple of sizes")
    return ArraySpan(math.prod(shape) * size)


class DtypeStates:
    """The elsize each numpy.dtype call's BUILD state set (the call objects are kept so their ids stay theirs)."""

    def __init__(self) -> None:
        self._seen: dict[int, tuple[object, object]] = {}

    def note(self, dtype_call: object, state: object) -> None:
        if isinstance(state, tuple) and len(state) >= 6 and len(self._seen) < MAX_TRACKED:
            self._seen[id(dtype_call)] = (dtype_call, state[5])

    def elsize(self, dtype_call: object) -> object:
        kept = self._seen.get(id(dtype_call))
        return kept[1] if kept is not None and kept[0] is dtype_call else None
