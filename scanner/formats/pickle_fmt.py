"""Pickle-based files (raw pickle, legacy torch.save, joblib): every pickle in the stream, imports classified."""

from __future__ import annotations

import io
import pickletools
from typing import BinaryIO

from ..models import Severity
from .base import HEAD_BYTES, Scan
from .pickle_policy import KNOWN, SAFE, UNSAFE, classify
from .pickle_sniff import probe, probe_bytes
from .pickle_vm import Call, Global, PickleScan, looks_like_pickle, scan_pickle

MAX_PICKLES = 64  # pickles looked for in one stream (legacy torch.save writes 5)
TORCH_MAGIC = 0x1950A86A20F9469CFC6C
JOBLIB_WRAPPERS = frozenset({"joblib.numpy_pickle.NumpyArrayWrapper", "sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper"})
JOBLIB_BUILDS = JOBLIB_WRAPPERS | {"numpy.dtype"}  # BUILDs the joblib hook reads (a dtype's state may set its itemsize)


LEGACY_PICKLES = 5  # torch.save's legacy format: magic number, protocol, sys_info, the object, storage keys


def sniff(head: bytes, name: str) -> bool:
    """Pickle streams are recognised by content, whatever the name: any first opcode that parses as a pickle prefix."""
    return looks_like_pickle(head) or probe_bytes(head, more_follows=len(head) >= HEAD_BYTES).pickle


def scan(handle: BinaryIO, size: int, name: str, scan: Scan) -> None:
    scan_stream(handle, 0, size, name, scan)


def scan_stream(handle: BinaryIO, start: int, end: int, name: str, scan: Scan) -> None:
    """Scan consecutive pickles in handle[start:end]; data after the last one (tensor bytes) is not read."""
    scan.can_execute_code = True
    scan.saw("pickle")
    handle.seek(start)
    legacy = False
    for index in range(MAX_PICKLES):
        pos = handle.tell()
        if pos >= end:
            if legacy and index < LEGACY_PICKLES:
                scan.incomplete("pickle-truncated", f"{name}: legacy torch.save stream ends after {index} of {LEGACY_PICKLES} pickles")
            break
        must = index == 0 or (legacy and index < LEGACY_PICKLES)  # a loader reads these whatever their first byte
        if not must and not probe(handle, pos, end).pickle:
            break
        result = scan_pickle(handle, end, on_build=_joblib_hook(handle, end, name, scan), build_for=JOBLIB_BUILDS)
        if index == 0 and start == 0 and scan.depth == 0 and scan.format == "pickle" and scan.formats == ["pickle"] \
                and (why := _never_loads(result, handle, end)) is not None:
            _not_a_pickle(scan, name, why)
            return
        if index == 0 and _is_torch_magic(result, handle, pos):
            legacy = True
            scan.format = "pytorch-legacy" if scan.format == "pickle" else scan.format
            scan.saw("pytorch-legacy")
        report(result, name, scan, index)
        if result.error is not None:
            if must or result.imports:
                where = f"{name} (pickle #{index + 1})" if index else name
                scan.incomplete("pickle-malformed", f"{where}: pickle could not be analysed to its end (a loader runs what comes before)", result.error)
            break
        handle.seek(result.end)
    else:
        scan.issue("pickle-too-many", Severity.MEDIUM, f"more than {MAX_PICKLES} pickles in {name}; the rest was not scanned")


# Opcodes that only push, store or arrange data: no import, no call, no BUILD, no extension code; PERSID hands a text
# line to the loader's own persistent_load (torch's takes storages), never to code the file names.
_DATA_OPS = frozenset({
    "INT", "BININT", "BININT1", "BININT2", "LONG", "LONG1", "LONG4", "STRING", "BINSTRING", "SHORT_BINSTRING",
    "BINBYTES", "SHORT_BINBYTES", "BINBYTES8", "BYTEARRAY8", "UNICODE", "SHORT_BINUNICODE", "BINUNICODE",
    "BINUNICODE8", "FLOAT", "BINFLOAT", "NONE", "NEWTRUE", "NEWFALSE", "EMPTY_LIST", "APPEND", "APPENDS", "LIST",
    "EMPTY_TUPLE", "TUPLE", "TUPLE1", "TUPLE2", "TUPLE3", "EMPTY_DICT", "DICT", "SETITEM", "SETITEMS", "EMPTY_SET",
    "ADDITEMS", "FROZENSET", "POP", "DUP", "MARK", "POP_MARK", "GET", "BINGET", "LONG_BINGET", "PUT", "BINPUT",
    "LONG_BINPUT", "MEMOIZE", "PROTO", "FRAME", "PERSID",
})
NEVER_LOADS_CAP = 4 << 20  # bytes re-read to prove a broken stream inert; longer ones stay fail-closed


def _never_loads(result: PickleScan, handle: BinaryIO, end: int) -> str | None:
    """Why no unpickler can run anything of this stream's choosing, or None. Read again with the stdlib opcode
    reader (parses, never runs): either its first opcode cannot complete (an argument running past the end of the
    file), or every opcode up to the end of the file only handles data and no STOP comes (text whose lines all read
    as protocol-0 ``P``/``V`` opcodes: a loader fails at the end having pushed data). Any other broken stream stays
    fail-closed: a loader runs what comes before the break, and the walk cannot vouch for what comes after it."""
    if result.error is None or result.budget is not None or end > NEVER_LOADS_CAP:
        return None
    handle.seek(0)
    ops = 0
    try:
        for opcode, _arg, _pos in pickletools.genops(io.BytesIO(handle.read(end))):
            if opcode.name not in _DATA_OPS:
                return None
            ops += 1
    except ValueError as exc:
        if not ops:
            return f"its first opcode cannot complete ({exc}): a loader fails before running anything"
        if "exhausted" in str(exc):
            return f"its {ops} opcodes only handle data and the file ends without STOP: a loader fails having run nothing"
    return None


def _not_a_pickle(scan: Scan, name: str, why: str) -> None:
    """Content the pickle sniff took that no loader can run: not a model file format (listed only when named as one)."""
    scan.format = "unknown"
    scan.can_execute_code = False
    scan.formats.remove("pickle")
    scan.issue("format-unknown", Severity.INFO, f"{name}: no known model format matches its content (raw data?)",
               f"not a loadable pickle: {why}", verdict="not-inspected")


def scan_bytes(data: bytes, name: str, scan: Scan) -> None:
    scan_stream(io.BytesIO(data), 0, len(data), name, scan)


def _is_torch_magic(result: PickleScan, handle: BinaryIO, start: int) -> bool:
    """The first pickle of a legacy torch.save is one integer, the magic number (written with any protocol)."""
    if result.ops > 4 or result.imports or result.error is not None or result.end - start > 40:
        return False
    handle.seek(start)
    data = handle.read(result.end - start)
    handle.seek(result.end)
    try:
        values = [arg for op, arg, _ in pickletools.genops(data) if op.name not in ("PROTO", "FRAME", "STOP")]
    except ValueError:
        return False
    return values == [TORCH_MAGIC]


def report(result: PickleScan, name: str, scan: Scan, index: int = 0) -> None:
    """Turn one pickle's imports and tricks into issues; nested pickles are scanned as well."""
    where = f"{name} (pickle #{index + 1})" if index else name
    for dotted in sorted(result.imports):
        how = ",".join(sorted(result.imports[dotted]))
        kind = classify(dotted)
        if kind == UNSAFE:
            scan.issue("pickle-dangerous-import", Severity.CRITICAL, f"{where} imports {dotted}: code runs when it is loaded", f"{dotted} ({how})")
        elif kind == KNOWN:
            scan.issue("pickle-framework-import", Severity.INFO, f"{where} constructs {dotted} (framework class)", f"{dotted} ({how})")
        elif kind != SAFE:
            scan.issue("pickle-unknown-import", Severity.MEDIUM, f"{where} imports {dotted}, which is not on the allowlist", f"{dotted} ({how})")
    for trick in result.dynamic[:20]:
        scan.issue("pickle-dynamic-call", Severity.MEDIUM, f"{where}: callable cannot be resolved statically", trick)
    for change in result.mutations[:20]:
        scan.issue("pickle-global-mutation", Severity.MEDIUM,
                   f"{where}: sets attributes or items of an imported class or function (changes code of the loading process)", change)
    for blob in result.nested[:16]:
        if scan.depth >= 4:
            scan.issue("pickle-nesting-too-deep", Severity.MEDIUM, f"{where}: nested pickle not scanned (depth limit)")
            break
        scan.depth += 1
        scan.issue("pickle-nested", Severity.MEDIUM, f"{where} carries an embedded pickle ({len(blob)} bytes)", "bytes argument starting with pickle opcodes")
        scan_bytes(blob, f"{name}#nested", scan)
        scan.depth -= 1


def _joblib_hook(handle: BinaryIO, end: int, name: str, scan: Scan):  # type: ignore[no-untyped-def]
    """joblib writes each numpy array's bytes right after its NumpyArrayWrapper BUILD: skip exactly them, or scan them."""
    from .pickle_joblib import DtypeStates, span

    dtypes = DtypeStates()

    def hook(obj: object, state: object, result: PickleScan) -> None:
        if isinstance(obj, Call) and isinstance(obj.func, Global) and obj.func.dotted == "numpy.dtype":
            dtypes.note(obj, state)
            return
        if not (isinstance(obj, Call) and isinstance(obj.func, Global) and obj.func.dotted in JOBLIB_WRAPPERS and isinstance(state, dict)):
            return
        scan.saw("joblib")
        if scan.format == "pickle":
            scan.format = "joblib"
        dtype = _dtype_code(state.get("dtype"))
        if dtype is None or dtype.lstrip("<>|=").startswith("O"):
            sub = scan_pickle(handle, end)  # object arrays are a whole pickle of their own
            report(sub, f"{name}#array", scan)
            if sub.error is None:
                handle.seek(sub.end)
            else:
                scan.incomplete("pickle-malformed", f"{name}: object array pickle could not be analysed to its end", sub.error)
            return
        if state.get("allow_mmap"):
            pad = handle.read(1)
            if pad:
                handle.seek(pad[0], 1)
        array = span(dtype, state.get("shape"), dtypes.elsize(state.get("dtype")))
        if array.length is None:
            scan.incomplete("joblib-array-unsized", f"{name}: a joblib array's raw bytes cannot be skipped exactly ({array.problem}); "
                            "what the stream runs after them is unknown")
            handle.seek(end)  # nothing after this point is read as opcodes
            return
        handle.seek(array.length, 1)

    return hook


def _dtype_code(value: object) -> str | None:
    """numpy.dtype('<f4', ...) in a pickle is Call(Global(numpy.dtype), ('f4', False, True)) plus a BUILD state."""
    if isinstance(value, Call) and isinstance(value.args, tuple) and value.args and isinstance(value.args[0], str):
        return value.args[0]
    return None
