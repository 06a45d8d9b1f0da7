"""NumPy .npy: header literal parsed without eval, its descr walked by numpy's dtype grammar; object arrays are pickles.

``numpy.load(allow_pickle=True)`` unpickles the data of any array whose dtype holds an object anywhere: 'O', '|O8',
'object', ('O', (1,)), a structured field, a comma-separated format string. A descr the grammar does not know is
not guessed safe: the file fails closed. Huge headers fail closed too (with allow_pickle numpy ignores its cap)."""

from __future__ import annotations

import ast
import re
import struct
from typing import BinaryIO

from ..models import Severity
from .base import Scan

MAX_HEADER = 1 << 20
MAX_FIELDS = 10_000  # fields walked in a structured descr
# Type characters and names numpy.dtype accepts for plain (non-object) data; anything else is not understood.
PLAIN_CHARS = frozenset("?bBhHiIlLqQpPnNefdgFDGSaUVmMc")
PLAIN_NAMES = re.compile(
    r"(?:bool|bool8|bool_|byte|ubyte|short|ushort|intc|uintc|int_?|uint|longlong|ulonglong|intp|uintp|half|single|double|longdouble"
    r"|float_?|csingle|cdouble|clongdouble|complex_?|longfloat|clongfloat|str_?|bytes_?|unicode_?|string_?|void|datetime64|timedelta64"
    r"|(?:u?int|float|complex)(?:8|16|32|64|96|128|256)|[biufcmMSaUV]\d*)(?:\[[A-Za-z0-9_]+\])?"
)
OBJECT_NAMES = frozenset({"O", "object", "object_", "object0"})
SHAPE_PREFIX = re.compile(r"^\(\s*\d*(?:\s*,\s*\d+)*\s*,?\s*\)|^\d+")


def sniff(head: bytes, name: str) -> bool:
    return head[:6] == b"\x93NUMPY"


def scan(handle: BinaryIO, size: int, name: str, scan: Scan) -> None:
    if scan.format in ("unknown", "zip"):
        scan.format = "numpy"
    handle.seek(6)
    version = handle.read(2)
    if len(version) < 2 or version[0] not in (1, 2, 3):
        scan.issue("numpy-malformed", Severity.LOW, f"{name}: unsupported .npy version", repr(version), verdict="error")
        return
    width = 2 if version[0] == 1 else 4
    raw_len = handle.read(width)
    if len(raw_len) < width:
        scan.issue("numpy-malformed", Severity.LOW, f"{name}: truncated header", verdict="error")
        return
    header_len = struct.unpack("<H" if width == 2 else "<I", raw_len)[0]
    if 8 + width + header_len > size:
        scan.issue("numpy-malformed", Severity.LOW, f"{name}: header length {header_len} runs past the end of the file", verdict="error")
        return
    if header_len > MAX_HEADER:  # numpy.load(allow_pickle=True) reads any header size: the dtype may be an object
        scan.incomplete("numpy-header-too-large", f"{name}: .npy header of {header_len} bytes was not parsed (cap {MAX_HEADER})")
        return
    text = handle.read(header_len).decode("latin-1" if version[0] < 3 else "utf-8", "replace")
    try:
        header = ast.literal_eval(text.strip())  # literal_eval parses literals only: it never calls anything
    except (ValueError, SyntaxError, MemoryError, RecursionError) as exc:
        scan.issue("numpy-malformed", Severity.LOW, f"{name}: header is not a Python literal", str(exc)[:200], verdict="error")
        return
    if not isinstance(header, dict) or not {"descr", "fortran_order", "shape"} <= set(header):
        scan.issue("numpy-malformed", Severity.LOW, f"{name}: header lacks descr/fortran_order/shape", verdict="error")
        return
    scan.metadata.setdefault("numpy", {"descr": str(header["descr"])[:100], "shape": str(header["shape"])[:100]})
    kind = dtype_kind(header["descr"])
    if kind == "object":
        scan.issue("numpy-object-array", Severity.LOW, f"{name}: object array: loading it needs allow_pickle=True and runs a pickle")
        from .pickle_fmt import scan_stream  # here: the sniff (every text file's first bytes) needs none of the pickle walker

        scan_stream(handle, 8 + width + header_len, size, name, scan)
    elif kind == "unknown":
        scan.incomplete("numpy-descr-unknown", f"{name}: dtype descr {str(header['descr'])[:80]!r} is not understood (it may hold objects)")


def dtype_kind(descr: object, depth: int = 0) -> str:
    """'object' if numpy's dtype for ``descr`` holds a Python object anywhere, 'plain' if not, 'unknown' if unsure.

    Follows numpy.lib.format.descr_to_dtype: a string, a (base, shape) tuple, or a list of (name, descr[, shape])."""
    if depth > 32:
        return "unknown"
    if isinstance(descr, str):
        return _string_kind(descr)
    if isinstance(descr, tuple) and len(descr) == 2:
        return dtype_kind(descr[0], depth + 1)
    if isinstance(descr, list) and len(descr) <= MAX_FIELDS:
        kinds = set()
        for field in descr:
            if not (isinstance(field, (tuple, list)) and len(field) in (2, 3)):
                return "unknown"
            kinds.add(dtype_kind(field[1], depth + 1))
        return "object" if "object" in kinds else "unknown" if "unknown" in kinds else "plain"
    return "unknown"


def _string_kind(text: str) -> str:
    parts = [p.strip() for p in re.split(r",(?![^()]*\))", text[:10_000])]
    kinds = set()
    for part in parts:
        part = SHAPE_PREFIX.sub("", part).strip()  # '(2,3)i4' in comma-separated format strings
        base = part.lstrip("<>|=!")
        if base in OBJECT_NAMES or (base[:1] == "O" and base[1:].isdigit()):
            kinds.add("object")
        elif (len(base) >= 1 and base[0] in PLAIN_CHARS and (base[1:].isdigit() or base[1:] == "" or base[1:2] == "[")) or PLAIN_NAMES.fullmatch(base):
            kinds.add("plain")
        else:
            kinds.add("unknown")
    return "object" if "object" in kinds else "unknown" if "unknown" in kinds else "plain"
