"""Reading the files a config names (baseline, policies, the config itself): regular files only, capped, confined."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .errors import ConfigError, Problem

MAX_CONFIG_BYTES = 4 * 1024 * 1024  # a config, policy or baseline file larger than this is refused (exit 2)

_KINDS = (
    (stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _fail(display: str, what: str, message: str) -> ConfigError:
    return ConfigError([Problem(display, None, what, message)])


def inside(path: Path, root: Path) -> bool:
    """Whether ``path`` (symlinks resolved) lies inside ``root`` (resolved)."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def check_confined(path: Path, root: Path, *, what: str, display: str | None = None) -> None:
    """Raise ConfigError unless ``path``, after following every symlink, is inside ``root``."""
    if not inside(path, root):
        shown = display or str(path)
        target = ""
        try:
            resolved = path.resolve()
            if str(resolved) != str(path):
                target = f" (resolves to {resolved})"
        except (OSError, RuntimeError):
            pass
        raise _fail(shown, what, f"a {what} named by a config in the scanned tree must be a file inside the scanned root{target}")


def read_bytes(path: Path, *, what: str, root: Path | None = None, cap: int = MAX_CONFIG_BYTES, display: str | None = None) -> bytes:
    """The content of a regular file, at most ``cap`` bytes; anything else raises ConfigError (exit 2) naming it.

    ``root``: the file comes from the scanned tree and must resolve inside it (no symlink out). The file is opened
    non-blocking (a FIFO cannot hang the scan) and checked with fstat on the open descriptor (no race between a stat
    and the open): devices (/dev/zero), FIFOs, sockets and directories are refused before a byte is read.
    """
    shown = display or str(path)
    if root is not None:
        check_confined(path, root, what=what, display=shown)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise _fail(shown, what, f"{what} not found") from None
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a FIFO without a writer, a socket
            raise _fail(shown, what, f"{what} is not a regular file (a FIFO or socket)") from None
        raise _fail(shown, what, f"cannot open {what}: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _fail(shown, what, f"{what} is {_kind(info.st_mode)}, not a regular file")
        if info.st_size > cap:
            raise _fail(shown, what, f"{what} is {info.st_size} bytes, over the {cap}-byte limit")
        chunks: list[bytes] = []
        total = 0
        while total <= cap:
            chunk = os.read(fd, min(1 << 20, cap + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > cap:  # grew while we read it
            raise _fail(shown, what, f"{what} is over the {cap}-byte limit")
        return b"".join(chunks)
    except OSError as exc:
        raise _fail(shown, what, f"cannot read {what}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def read_text(path: Path, *, what: str, root: Path | None = None, cap: int = MAX_CONFIG_BYTES, display: str | None = None) -> str:
    """``read_bytes`` decoded as UTF-8 (a decode error is a ConfigError naming the file)."""
    data = read_bytes(path, what=what, root=root, cap=cap, display=display)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _fail(display or str(path), what, f"{what} is not UTF-8 text (byte {exc.start})") from None
