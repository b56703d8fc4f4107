"""Writes that never leave a half-written file: a temporary file, then an atomic rename."""
from __future__ import annotations

import errno
import os
import stat
import tempfile
from typing import IO


# A temporary file is named ``.reportlint-partial-PID-XXXXXXXX.tmp``: whatever finds one whose
# process is gone (killed during a write) may delete it, and ``write_output`` does.
_PARTIAL = ".reportlint-partial-"


def _temporary_copy(path: str, text: str, durable: bool = True) -> str:
    """``text`` written and flushed to a temporary file beside ``path``; returns its name."""
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=f"{_PARTIAL}{os.getpid()}-", suffix=".tmp", dir=directory)
    try:
        os.chmod(temporary, _mode_for(path))  # mkstemp makes 0600; a report is an ordinary file
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
    except BaseException:
        os.unlink(temporary)
        raise
    return temporary


def write_atomic(path: str, text: str, *, durable: bool = True) -> None:
    """Replace ``path`` with ``text``; ``durable=False`` skips the fsync (for caches)."""
    temporary = _temporary_copy(path, text, durable)
    try:
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def create_atomic(path: str, text: str) -> None:
    """Write a new file in one step; ``FileExistsError`` if ``path`` exists (never overwrites)."""
    temporary = _temporary_copy(path, text)
    try:
        os.link(temporary, path)  # fails if path exists, unlike os.replace
    finally:
        os.unlink(temporary)


def _mode_for(path: str) -> int:
    """The existing file's permissions, else what ``open()`` would give under the umask."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_output(path: str, text: str) -> None:
    """Write a report or baseline the user named (``-o``, ``--write-baseline``) without ever
    replacing anything but a regular file.

    A symlink is followed: the file it points to is replaced atomically and the link stays.
    A FIFO or character device (``/dev/stdout``, ``/dev/null``, a terminal) is written into;
    a FIFO with no reader is an error, not a wait. Anything else (a folder, a socket, a block
    device) raises ``OSError``. Temporary files left beside ``path`` by a killed run are removed.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    if info is not None and _own_stream(info) is not None:
        _write_to(_own_stream(info), text)
        return
    if info is None or stat.S_ISREG(info.st_mode):
        target = os.path.realpath(path)  # a dangling link: create the file it names
        _remove_stale_partials(os.path.dirname(target))
        write_atomic(target, text)
        return
    if not (stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode)):
        raise OSError(errno.EISDIR if stat.S_ISDIR(info.st_mode) else errno.EINVAL, "is a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file, FIFO or character device; not replacing it")
    try:
        descriptor = os.open(path, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OSError(errno.ENXIO, "a FIFO that no process is reading") from None
        raise
    if hasattr(os, "set_blocking"):
        os.set_blocking(descriptor, True)  # O_NONBLOCK only so that opening a FIFO without a reader cannot hang
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as stream:
        stream.write(text)


def _own_stream(info: os.stat_result) -> int | None:
    """1 or 2 when ``info`` is this process's standard output or error (``-o /dev/stdout``)."""
    for descriptor in (1, 2):
        try:
            if os.path.samestat(info, os.fstat(descriptor)):
                return descriptor
        except OSError:
            continue
    return None


def _write_to(descriptor: int | None, text: str) -> None:
    """Write into an open descriptor, after whatever Python still buffers for it."""
    import sys

    for stream in (sys.__stdout__, sys.__stderr__):
        if stream is not None:
            stream.flush()
    data = memoryview(text.encode("utf-8"))
    while data:
        data = data[os.write(descriptor or 1, data):]


def _remove_stale_partials(directory: str) -> None:
    """Delete ``.reportlint-partial-PID-*.tmp`` files whose process no longer runs (best effort)."""
    try:
        names = [n for n in os.listdir(directory or ".") if n.startswith(_PARTIAL) and n.endswith(".tmp")]
    except OSError:
        return
    for name in names:
        pid = name[len(_PARTIAL):].split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid() or _running(int(pid)):
            continue
        try:
            os.unlink(os.path.join(directory, name))
        except OSError:
            pass


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, ValueError, OverflowError):  # another user's process, or no way to tell: keep its file
        return True
    return True


def discard(stream: IO[str]) -> None:
    """Point ``stream``'s descriptor at the null device: what it still buffers is dropped quietly."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)
    except (OSError, ValueError):  # not a real file (a test's StringIO)
        pass


def null_stream() -> IO[str]:
    """A text stream that writes nowhere (for a process started without standard error)."""
    return open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the whole process
