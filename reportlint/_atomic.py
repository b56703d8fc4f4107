"""Writes that never leave a half-written file: a temporary file, then an atomic rename."""
from __future__ import annotations

import os
import stat
import tempfile


def write_atomic(path: str, text: str, *, overwrite: bool = True) -> None:
    """Write ``text`` to ``path`` whole or not at all.

    With ``overwrite=False`` an existing file is never replaced (``FileExistsError``): the
    complete temporary file is hard-linked into place, which fails if the name is taken.
    """
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".reportlint-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode_for(path))
        if overwrite:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)
            os.unlink(temporary)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _mode_for(path: str) -> int:
    """The permissions the file has, or those a plain ``open`` would give it (mkstemp's are 0600)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
