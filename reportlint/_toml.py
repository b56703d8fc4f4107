"""TOML for configs, packs and front matter: one import fallback, one file reader."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

TOMLDecodeError = tomllib.TOMLDecodeError
loads = tomllib.loads


def read_toml(path: Path, what: str, error: type[Exception]) -> dict[str, Any]:
    """``path`` parsed; an unreadable or invalid file raises ``error`` naming it and the problem.

    It is read as a report is (``read_file``): a FIFO, device or file above the size limit is
    refused without blocking or reading it.
    """
    from reportlint._source import InputError, read_file

    try:
        return tomllib.loads(read_file(str(path)))
    except InputError as exc:
        raise error(f"{path}: cannot read {what}: {str(exc).removesuffix('; skipped')}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise error(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:
        raise error(f"{path}: invalid TOML: nested too deeply") from None
