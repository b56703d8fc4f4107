"""SHA-256 and BLAKE2b from the interpreter's own modules, without ``import hashlib``.

``import hashlib`` loads OpenSSL: about 11 M instructions, a tenth of what a one-file check
costs beyond its imports, for a few short digests. CPython's built-in ``_sha256`` (``_sha2``
from 3.12) and ``_blake2``, which hashlib itself falls back to, give the same digests. Each
is imported on first use: a run without findings or cache needs none.
"""
from __future__ import annotations

from typing import Any


def sha256(data: bytes = b"") -> Any:
    """A ``hashlib.sha256`` object."""
    try:
        from _sha256 import sha256 as made  # type: ignore[import-not-found,unused-ignore]
    except ImportError:  # pragma: no cover - Python 3.12+ (_sha2), or another interpreter
        try:
            from _sha2 import sha256 as made  # type: ignore[import-not-found,no-redef,unused-ignore]
        except ImportError:
            from hashlib import sha256 as made  # type: ignore[assignment,unused-ignore]
    return made(data)


def blake2b(data: bytes, *, digest_size: int) -> Any:
    """A ``hashlib.blake2b`` object."""
    try:
        from _blake2 import blake2b as made  # type: ignore[import-not-found,unused-ignore]
    except ImportError:  # pragma: no cover - an interpreter built without it
        from hashlib import blake2b as made  # type: ignore[assignment,unused-ignore]
    return made(data, digest_size=digest_size)
