"""String constants imported from sibling modules of the project (``from .settings import EMBEDDER``), read via ``ast``."""

from __future__ import annotations

import ast
import os
from functools import lru_cache
from pathlib import Path, PurePosixPath
from stat import S_ISREG

from ..names import is_model_name

MAX_MODULES = 8  # sibling modules read per file
MAX_BYTES = 256 * 1024  # a settings module larger than this is not a constants module


def inline_imported_constants(tree: ast.Module, root: Path, relpath: str, depends_on: list[str] | None = None) -> int:
    """Bind, after each module-level ``from <sibling> import NAME``, the string constant NAME has there.

    Only names that do not name a model are bound: a model-named constant is reported in the module that defines it,
    so binding it here would report the same reference twice. The sink the value reaches decides whether it is a
    model, exactly as for a constant defined in the file. Returns how many names were bound. Every sibling module
    consulted is appended to ``depends_on`` (relative POSIX paths), bound names or not.
    """
    seen = depends_on if depends_on is not None else []
    bound = 0
    modules = 0
    body: list[ast.stmt] = []
    for stmt in tree.body:
        body.append(stmt)
        if not isinstance(stmt, ast.ImportFrom) or modules >= MAX_MODULES:
            continue
        for alias in stmt.names:  # `from . import config` / `from django.conf import settings`: a module used as `config.X`
            if alias.name == "*" or alias.name != alias.name.lower() or modules >= MAX_MODULES:  # modules are lower_case
                continue
            dotted = f"{stmt.module}.{alias.name}" if stmt.module else alias.name
            module = _django_settings(root) if dotted == "django.conf.settings" else _module_path(root, relpath, dotted, stmt.level)
            if module is not None:
                modules += 1
                _note(seen, root, module)
                table = {k: v for k, v in _constants(module, None).items() if not is_model_name(k)}
                if table:
                    body.append(_namespace(alias.asname or alias.name, table, stmt))
                    stmt.names = [a for a in stmt.names if a is not alias]  # the namespace is the binding now
                    bound += len(table)
        if not stmt.names:
            body.remove(stmt)
            continue
        wanted = {a.name: a.asname or a.name for a in stmt.names
                  if _constant_name(a.name) and not is_model_name(a.asname or a.name)}
        if not wanted:
            continue
        path = _module_path(root, relpath, stmt.module, stmt.level)
        if path is None:
            continue
        modules += 1
        _note(seen, root, path)
        for name, value in _constants(path, set(wanted)).items():
            assign = ast.Assign(targets=[ast.Name(id=wanted[name], ctx=ast.Store())], value=ast.Constant(value=value))
            body.append(ast.copy_location(assign, stmt))
            ast.fix_missing_locations(assign)
            bound += 1
    tree.body = body
    return bound


def _note(seen: list[str], root: Path, path: Path) -> None:
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        rel = path.as_posix()
    if rel not in seen:
        seen.append(rel)


def _namespace(name: str, table: dict[str, str], at: ast.stmt) -> ast.ClassDef:
    """A class standing for an imported module, so ``module.NAME`` reads like a class attribute."""
    assigns: list[ast.stmt] = [ast.Assign(targets=[ast.Name(id=k, ctx=ast.Store())], value=ast.Constant(value=v)) for k, v in table.items()]
    node = ast.ClassDef(name=name, bases=[], keywords=[], body=assigns, decorator_list=[])
    ast.copy_location(node, at)
    for child in ast.walk(node):
        ast.copy_location(child, at)
    return node


def _django_settings(root: Path) -> Path | None:
    """The project's Django settings module (``<project>/settings.py`` next to ``manage.py``), if there is exactly one."""
    found: list[Path] = []
    try:
        for candidate in (root / "settings.py", *root.glob("*/settings.py"), *root.glob("*/settings/base.py")):
            if candidate.is_file() and not candidate.is_symlink():
                found.append(candidate)
    except OSError:
        return None
    return found[0] if len(found) == 1 else None


def _module_path(root: Path, relpath: str, module: str | None, level: int) -> Path | None:
    """The project file a ``from`` import names: relative to the importing package, or absolute from any ancestor."""
    return _find_module(root, _folder(relpath), module or "", level)


@lru_cache(maxsize=8192)
def _folder(relpath: str) -> str:
    return str(PurePosixPath(relpath).parent)


@lru_cache(maxsize=4096)
def _find_module(root: Path, folder: str, module: str, level: int) -> Path | None:
    parts = [p for p in module.split(".") if p]
    if not parts:
        return None
    here = [] if folder == "." else folder.split("/")
    if folder.startswith("/") or any(c in ("", ".", "..") for c in here):
        return _find_module_paths(root, folder, parts, level)  # not a plain relative folder: the general (slower) walk
    bases = [here[:i] for i in range(len(here), -1, -1)]  # the folder, then each parent up to the project root
    if level:
        if level - 1 > len(here):
            return None  # above the project root
        bases = [here[: len(here) - (level - 1)]]
    top = str(root)
    for base in bases:
        for candidate in ("/".join([*base, *parts[:-1], parts[-1] + ".py"]), "/".join([*base, *parts, "__init__.py"])):
            if _small_regular_file(os.path.join(top, candidate)):
                return root / candidate  # a symlink could point outside the project: never followed
    return None


def _find_module_paths(root: Path, folder: str, parts: list[str], level: int) -> Path | None:
    """``_find_module`` with pathlib, for a folder that is not a plain relative one (same candidates, same order)."""
    here = PurePosixPath(f"{folder}/x.py").parent
    bases = [here, *here.parents]
    if level:
        base = here
        for _ in range(level - 1):
            if base == PurePosixPath("."):
                return None  # above the project root
            base = base.parent
        bases = [base]
    for base in bases:
        stem = base.joinpath(*parts)
        for candidate in (stem.with_name(stem.name + ".py"), stem / "__init__.py"):
            if ".." in candidate.parts:
                continue
            path = root / candidate
            if _small_regular_file(str(path)):
                return path
    return None


def _small_regular_file(path: str) -> bool:
    """``is_file() and stat().st_size <= MAX_BYTES and not is_symlink()`` in one ``lstat`` (a symlink is refused
    whatever it points to, so the link's own stat decides everything else); False when it cannot be stat'ed."""
    try:
        st = os.lstat(path)
    except (OSError, ValueError):
        return False
    return S_ISREG(st.st_mode) and st.st_size <= MAX_BYTES


def _constant_name(name: str) -> bool:
    """Module constants by convention: ``UPPER_CASE`` (classes and functions are never followed)."""
    return name.isupper() and name != "TYPE_CHECKING"


def _constants(path: Path, names: set[str] | None) -> dict[str, str]:
    """Module-level ``NAME = "text"`` / ``NAME: str = "text"`` / ``NAME = os.getenv("X", "text")`` bindings of ``names``."""
    try:
        stat = path.stat()
    except OSError:
        return {}
    table = _module_constants(str(path), stat.st_mtime_ns, stat.st_size)
    return dict(table) if names is None else {name: table[name] for name in names if name in table}


@lru_cache(maxsize=256)
def _module_constants(path: str, mtime_ns: int, size: int) -> dict[str, str]:
    """Every readable module-level string constant of one file (cached per process while the file is unchanged)."""
    del mtime_ns, size  # cache key only
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            return {}
        tree = ast.parse(data, filename=path)
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return {}
    found: dict[str, str] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target, value = stmt.targets[0], stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            target, value = stmt.target, stmt.value
        else:
            continue
        if not isinstance(target, ast.Name) or not _constant_name(target.id):
            continue
        text = _text(value)
        if text is not None:
            found[target.id] = text
        else:
            found.pop(target.id, None)  # rebound to something unreadable: the last binding wins
    return found


def _text(value: ast.expr) -> str | None:
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return value.value
    if isinstance(value, ast.Call) and len(value.args) == 2 and isinstance(value.func, ast.Attribute) \
            and value.func.attr in ("getenv", "get") and isinstance(value.args[1], ast.Constant) and isinstance(value.args[1].value, str):
        return value.args[1].value  # os.getenv("X", "default") / os.environ.get("X", "default")
    return None
