"""JSON copy of parsed YAML files (the bundled registry), reused while the files' stat signatures are unchanged."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .sha import sha256
from .yamllines import LineDict, LineList

FORMAT = "1"
RACY_NS = 2_000_000_000  # files modified this close to now are not cached (their mtime may not move on the next edit)


def signature(paths: Sequence[Path]) -> list[list[Any]] | None:
    """(path, size, mtime_ns, ctime_ns, inode) of every file, or None when one cannot be stat'ed."""
    out: list[list[Any]] = []
    for path in paths:
        try:
            st = path.stat()
        except OSError:
            return None
        out.append([str(path.resolve()), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino])
    return out


def cache_file(paths: Sequence[Path], cache_root: Path) -> Path:
    key = sha256("\0".join(str(p.resolve()) for p in paths).encode()).hexdigest()[:24]
    return cache_root / "parsed" / f"{key}.json"


def _survives_json(value: Any) -> bool:
    try:
        return bool(json.loads(json.dumps(value)) == value)
    except (TypeError, ValueError):
        return False


def load_yaml_files(paths: Sequence[Path], displays: Sequence[str], cache_root: Path | None,
                    shipped: Path | None = None) -> tuple[list[Any], bool]:
    """Parsed documents of ``paths`` and whether they came from a JSON copy (which has no line numbers).

    The copy is keyed by the files' stat signatures, the tool version and the Python version; any change re-parses
    the YAML. Unreadable, corrupt or foreign cache files are ignored; the cache never makes a load fail. Before
    parsing, a ``shipped`` copy (built with the package, see ``write_shipped``) is used when it holds exactly these
    files, by name and SHA-256 of their bytes: a first scan with an empty cache (every CI run) then parses no YAML.
    """
    if cache_root is None or os.environ.get("AISCAN_NO_CACHE"):
        return _parse_all(paths, displays), False
    sig = signature(paths)
    key = {"format": FORMAT, "tool": __version__, "files": sig}
    target = cache_file(paths, cache_root)
    if sig is not None:
        try:
            stored = json.loads(target.read_text(encoding="utf-8"))
            if isinstance(stored, dict) and stored.get("key") == key and isinstance(stored.get("documents"), list) \
                    and len(stored["documents"]) == len(paths):
                return list(stored["documents"]), True
        except (OSError, ValueError):
            pass
    copy = _shipped(paths, shipped) if shipped is not None else None
    from_copy = copy is not None
    documents = copy if copy is not None else _parse_all(paths, displays)
    now = time.time_ns()
    if sig is not None and sig == signature(paths) and all(now - f[2] > RACY_NS for f in sig) \
            and _survives_json(documents):
        _write(target, json.dumps({"key": key, "documents": documents}, separators=(",", ":")))
    return documents, from_copy


def _digests(paths: Sequence[Path]) -> list[list[str]]:
    return [[p.name, digest_file(p)] for p in paths]


def digest_file(path: Path) -> str:
    return sha256(path.read_bytes()).hexdigest()


def read_shipped(shipped: Path) -> dict[str, tuple[str, Any]]:
    """File name -> (SHA-256 of the bytes it was parsed from, document) of a shipped copy; {} when it is missing,
    unreadable or of another format."""
    try:
        stored = json.loads(shipped.read_text(encoding="utf-8"))
        if isinstance(stored, dict) and stored.get("format") == FORMAT and isinstance(stored.get("documents"), list):
            return {name: (digest, doc) for (name, digest), doc in zip(stored["files"], stored["documents"], strict=True)}
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return {}


def _shipped(paths: Sequence[Path], shipped: Path) -> list[Any] | None:
    """The documents of a shipped copy when it was built from files with these names and bytes, else None."""
    table = read_shipped(shipped)
    try:
        if list(table) != [p.name for p in paths] or any(table[p.name][0] != digest_file(p) for p in paths):
            return None
    except OSError:
        return None
    return [table[p.name][1] for p in paths]


def write_shipped(paths: Sequence[Path], displays: Sequence[str], target: Path) -> bool:
    """Write the shipped copy of ``paths`` (parsed now, with their names and digests); False when a document would
    not survive JSON exactly (then none is written and every first scan parses the YAML)."""
    documents = _parse_all(paths, displays)
    if not _survives_json(documents):
        return False
    text = json.dumps({"format": FORMAT, "files": _digests(paths), "documents": documents}, separators=(",", ":"),
                      sort_keys=False, ensure_ascii=False)
    target.write_text(text + "\n", encoding="utf-8")
    return True


def _parse_all(paths: Sequence[Path], displays: Sequence[str]) -> list[Any]:
    from .yamlio import load_yaml_file  # PyYAML only when the YAML is parsed

    return [load_yaml_file(p, display=d) for p, d in zip(paths, displays, strict=True)]


def _write(target: Path, text: str) -> None:
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    except OSError:  # read-only or full cache dir: the next load parses the YAML again
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def load_with_lines(path: Path, parse: Callable[[], Any], cache_root: Path | None, shipped: Path | None = None) -> Any:
    """``parse()`` of one YAML file (a built-in policy pack), or its copy kept with every line number, so the
    document is the same LineDict/LineList tree either way. Keyed like load_yaml_files; a document the copy cannot
    hold exactly (bytes, sets, NaN ...) is parsed every time. Before parsing, a ``shipped`` copy (built with the
    package, ``write_shipped_lines``) is used when it holds this file's name with the SHA-256 of its bytes: a first
    scan with an empty cache (every CI run) then imports no PyYAML for the built-in packs."""
    if cache_root is None or os.environ.get("AISCAN_NO_CACHE"):
        return parse()
    sig = signature([path])
    key = {"format": FORMAT + "-lines", "tool": __version__, "files": sig}
    target = cache_file([path], cache_root)
    if sig is not None:
        try:
            stored = json.loads(target.read_text(encoding="utf-8"))
            if isinstance(stored, dict) and stored.get("key") == key and "document" in stored:
                return _decode(stored["document"])
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            pass
    copied = _shipped_lines(path, shipped) if shipped is not None else None
    document = copied if copied is not None else parse()
    now = time.time_ns()
    if sig is not None and sig == signature([path]) and all(now - f[2] > RACY_NS for f in sig):
        try:
            encoded = _encode(document)
            text = json.dumps({"key": key, "document": encoded}, separators=(",", ":"), allow_nan=False)
        except (TypeError, ValueError):
            return document
        if _encode(_decode(json.loads(text)["document"])) == encoded:
            _write(target, text)
    return document


def _shipped_lines(path: Path, shipped: Path) -> Any:
    """The document of ``path`` from a shipped copy with lines, when it was built from these exact bytes; else None."""
    try:
        stored = json.loads(shipped.read_text(encoding="utf-8"))
        if not isinstance(stored, dict) or stored.get("format") != FORMAT + "-lines":
            return None
        entry = stored["files"].get(path.name)
        if not isinstance(entry, list) or entry[0] != digest_file(path):
            return None
        return _decode(entry[1])
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None


def write_shipped_lines(paths: Sequence[Path], parse: Callable[[Path], Any], target: Path) -> bool:
    """Write the shipped copy (with lines) of ``paths`` parsed by ``parse``; False, and nothing written, when a
    document cannot be kept exactly."""
    files: dict[str, Any] = {}
    for path in paths:
        try:
            encoded = _encode(parse(path))
        except TypeError:
            return False
        if _encode(_decode(json.loads(json.dumps(encoded)))) != encoded:
            return False
        files[path.name] = [digest_file(path), encoded]
    text = json.dumps({"format": FORMAT + "-lines", "files": files}, separators=(",", ":"), ensure_ascii=False)
    target.write_text(text + "\n", encoding="utf-8")
    return True


def _encode(value: Any) -> Any:
    """LineDict -> {"m": [line, [[key, key line, value], ...]]}, LineList -> {"s": [line, item lines, items]}."""
    if isinstance(value, LineDict):
        return {"m": [value.line, [[k, value.key_lines.get(k), _encode(v)] for k, v in value.items()]]}
    if isinstance(value, LineList):
        return {"s": [value.line, list(value.item_lines), [_encode(v) for v in value]]}
    if value is None or isinstance(value, (str, bool, int, float)) and type(value) in (str, bool, int, float):
        return value
    raise TypeError(f"not kept in the copy: {type(value).__name__}")


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "m" in value:
            line, items = value["m"]
            out = LineDict({k: _decode(v) for k, _, v in items})
            out.line = line
            out.key_lines = {k: kl for k, kl, _ in items if kl is not None}
            return out
        line, item_lines, items = value["s"]
        seq = LineList(_decode(v) for v in items)
        seq.line, seq.item_lines = line, list(item_lines)
        return seq
    if isinstance(value, list):
        raise TypeError("a bare list in the copy")
    return value
