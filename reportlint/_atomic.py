"""Writes that never leave a half-written file: a temporary file, then an atomic rename."""
from __future__ import annotations

import os
import tempfile


def write_atomic(path: str, text: str, *, durable: bool = True) -> None:
    """Replace ``path`` with ``text``; ``durable=False`` skips the fsync (for caches)."""
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".reportlint-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
