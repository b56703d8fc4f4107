"""Writes that never leave a half-written file: a temporary file, then an atomic rename."""
from __future__ import annotations

import os
import tempfile


def _temporary_copy(path: str, text: str, durable: bool = True) -> str:
    """``text`` written and flushed to a temporary file beside ``path``; returns its name."""
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".reportlint-", suffix=".tmp", dir=directory)
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
