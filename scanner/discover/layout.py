"""Why a folder is left out of the walk: only when its layout proves it is what its name says (never by name alone).

A folder named ``vendor``, ``build`` or ``env`` is project content until shown otherwise (``build/`` and ``dist/`` have
no layout that tells a build output from hand-written files, so they are always walked): an attacker who writes the
tree picks names too. Each proof below looks at a few entries on disk (bounded); a folder that passes is still
recorded with its reason, and the engine's second pass inspects the model files and ``trust_remote_code`` in it.
"""

from __future__ import annotations

import os
import stat

VCS_DIRS = frozenset({".git", ".hg", ".svn"})  # repository metadata: never project files, not even for the second pass
PYVENV_MAX = 64 * 1024
LIST_MAX = 2000  # entries looked at when a proof needs to see a folder's contents
CACHEDIR_SIGNATURE = b"Signature: 8a477f597d28d172789f06886806bc55"  # https://bford.info/cachedir/
ENV_MARKERS = ("pyvenv.cfg", "conda-meta")


def skip_reason(root: str, rel_dir: str, name: str) -> str | None:
    """Why ``rel_dir`` (a folder named ``name`` under ``root``) is left out, or None to walk it."""
    if name in VCS_DIRS:
        return "version-control metadata"
    path = f"{root}/{rel_dir}"
    proof = _BY_NAME.get(name)
    if proof is not None:
        reason = proof(path)
        if reason:
            return reason
    if name.endswith(".egg-info") and _is_file(f"{path}/PKG-INFO"):
        return "setuptools metadata (PKG-INFO)"
    return None


def environment_reason(root: str, rel_dir: str) -> str | None:
    """A Python environment by its real layout: pyvenv.cfg naming a home (or conda-meta/history), an interpreter and
    site-packages. An empty or lone pyvenv.cfg proves nothing."""
    path = f"{root}/{rel_dir}" if rel_dir else root
    venv = _pyvenv_home(f"{path}/pyvenv.cfg")
    conda = not venv and _is_file(f"{path}/conda-meta/history")
    if not (venv or conda):
        return None
    if not _interpreter(path) or not _site_packages(path):
        return None
    kind = "virtual environment" if venv else "conda environment"
    return f"Python {kind} (pyvenv.cfg, interpreter and site-packages)" if venv else \
        f"Python {kind} (conda-meta/history, interpreter and site-packages)"


def has_env_marker(root: str, rel_dir: str) -> bool:
    base = f"{root}/{rel_dir}/" if rel_dir else f"{root}/"
    return any(os.path.lexists(base + marker) for marker in ENV_MARKERS)


def _is_file(path: str) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _is_dir(path: str) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _names(path: str) -> list[str] | None:
    """Up to LIST_MAX entry names of a folder; None when unreadable or larger (a proof then fails: walk it)."""
    out: list[str] = []
    try:
        with os.scandir(path) as it:
            for entry in it:
                out.append(entry.name)
                if len(out) > LIST_MAX:
                    return None
    except OSError:
        return None
    return out


def _pyvenv_home(path: str) -> bool:
    if not _is_file(path):
        return False
    try:
        with open(path, "rb") as handle:
            text = handle.read(PYVENV_MAX)
    except OSError:
        return False
    return any(line.split(b"=", 1)[0].strip().lower() == b"home" for line in text.splitlines() if b"=" in line)


def _interpreter(path: str) -> bool:
    if os.path.lexists(f"{path}/Scripts/python.exe") or os.path.lexists(f"{path}/python.exe"):
        return True
    names = _names(f"{path}/bin") or []
    return any(n == "python" or n.startswith("python3") or n.startswith("python2") for n in names)


def _site_packages(path: str) -> bool:
    if _is_dir(f"{path}/Lib/site-packages"):
        return True
    for lib in ("lib", "lib64"):
        for name in _names(f"{path}/{lib}") or []:
            if name.startswith("python") and _is_dir(f"{path}/{lib}/{name}/site-packages"):
                return True
    return False


def _cachedir_tag(path: str) -> bool:
    try:
        with open(f"{path}/CACHEDIR.TAG", "rb") as handle:
            return handle.read(len(CACHEDIR_SIGNATURE)) == CACHEDIR_SIGNATURE
    except OSError:
        return False


def _cache(path: str) -> str | None:
    return "cache folder (CACHEDIR.TAG)" if _cachedir_tag(path) else None


def _node_modules(path: str) -> str | None:
    for marker in (".package-lock.json", ".modules.yaml", ".yarn-integrity", ".yarn-state.yml"):
        if _is_file(f"{path}/{marker}"):
            return f"installed JavaScript packages ({marker})"
    return None


def _installed_packages(path: str) -> str | None:
    names = _names(path)
    if names and any(n.endswith(".dist-info") for n in names):
        return "installed Python packages (*.dist-info)"
    return None


def _pycache(path: str) -> str | None:
    names = _names(path)
    if names and all(n.endswith((".pyc", ".pyo")) and _is_file(f"{path}/{n}") for n in names):
        return "Python bytecode cache (only .pyc files)"
    return None


def _checkpoints(path: str) -> str | None:
    names = _names(path)
    if names and all("-checkpoint." in n and _is_file(f"{path}/{n}") for n in names):
        return "Jupyter checkpoint copies"
    return None


def _target(path: str) -> str | None:
    if _cachedir_tag(path):
        return "Cargo build output (CACHEDIR.TAG)"
    parent = os.path.dirname(path)
    if _is_file(f"{parent}/pom.xml") and (_is_dir(f"{path}/classes") or _is_dir(f"{path}/maven-status")):
        return "Maven build output (pom.xml, classes/)"
    return None


def _vendor(path: str) -> str | None:
    if _is_file(f"{path}/modules.txt"):
        return "Go vendored modules (vendor/modules.txt)"
    if _is_file(f"{path}/autoload.php"):
        return "Composer dependencies (vendor/autoload.php)"
    return None


def _terraform(path: str) -> str | None:
    if _is_dir(f"{path}/providers") or _is_file(f"{path}/modules/modules.json"):
        return "Terraform provider and module cache"
    return None


_BY_NAME = {
    "node_modules": _node_modules,
    "site-packages": _installed_packages,
    "dist-packages": _installed_packages,
    "__pycache__": _pycache,
    ".ipynb_checkpoints": _checkpoints,
    ".mypy_cache": _cache,
    ".pytest_cache": _cache,
    ".ruff_cache": _cache,
    ".cache": _cache,
    "target": _target,
    "vendor": _vendor,
    ".terraform": _terraform,
}
