"""Finding report files and reading them into text, with one clear error per bad file."""
from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple
from pathlib import Path

MARKDOWN_SUFFIXES = (".md", ".markdown")
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # absent on Windows, where FIFOs are not files


_SIZE = re.compile(r"(?i)\A\s*(\d+)\s*(?:(k|m|g)i?)?b?\s*\Z")


def parse_size(value: str | int) -> int:
    """A size in bytes from ``10MB``, ``512k`` or ``1048576`` (K, M and G are multiples of 1024)."""
    if isinstance(value, int):
        return value
    match = _SIZE.match(value)
    if match is None:
        raise ValueError(f"{value!r} is not a size such as 10MB, 512KB or 1048576")
    return int(match.group(1)) * 1024 ** " kmg".index((match.group(2) or " ").lower())


class InputError(Exception):
    """A file that cannot be linted; the message names the problem (the path is added by the caller)."""


class SourceFile(NamedTuple):
    path: str  # as shown to the user: POSIX, relative to the working directory when inside it
    filesystem_path: str | None  # None for standard input


def display_path(path: str | os.PathLike[str]) -> str:
    """POSIX path relative to the working directory when it lies inside it.

    Bytes of a file name that are not UTF-8 are shown as ``\\xNN`` so that every output
    format can encode the path.
    """
    raw = os.fspath(path)
    shown = Path(raw).as_posix()
    try:
        relative = os.path.relpath(os.path.abspath(raw))
        if not relative.startswith(".."):
            shown = Path(relative).as_posix()
    except ValueError:  # another drive on Windows
        pass
    return shown.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def discover(paths: Iterable[str], errors: list[tuple[str, str]]) -> list[SourceFile]:
    """Files to lint: explicit files as given, directories searched for Markdown.

    Hidden directories are skipped and symlinked directories are not followed, so a
    symlink loop cannot hang the walk. Missing paths are recorded in ``errors``.
    """
    found: dict[str, SourceFile] = {}
    for raw in paths:
        if raw == "-":
            continue
        if os.path.isdir(raw):
            for file_path in _walk(raw, errors):
                shown = display_path(file_path)
                found.setdefault(shown, SourceFile(shown, file_path))
        elif os.path.lexists(raw):
            shown = display_path(raw)
            found.setdefault(shown, SourceFile(shown, raw))
        else:
            errors.append((display_path(raw), "no such file or directory"))
    return sorted(found.values(), key=lambda f: f.path)


def empty_folders(paths: Iterable[str], sources: Iterable[SourceFile]) -> list[str]:
    """The folders among ``paths`` in which discovery found no Markdown file (a wrong path in CI)."""
    folders = [raw for raw in paths if raw != "-" and os.path.isdir(raw)]
    if not folders:
        return []
    found = [s.filesystem_path for s in sources if s.filesystem_path]
    return [raw for raw in folders if not any(path.startswith(os.path.join(raw, "")) for path in found)]


def _walk(root: str, errors: list[tuple[str, str]]) -> Iterator[str]:
    def unlistable(exc: OSError) -> None:
        errors.append((display_path(exc.filename or root), f"cannot list directory: {exc.strerror or exc}"))

    for directory, subdirs, files in os.walk(root, onerror=unlistable):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in sorted(files):
            if name.lower().endswith(MARKDOWN_SUFFIXES) and not name.startswith("."):
                yield os.path.join(directory, name)


def is_one_of(path: str, sources: Iterable[SourceFile]) -> bool:
    """Whether ``path`` is (a link to) one of the files to lint, so that it must not be overwritten."""
    try:
        target = os.stat(path)
    except OSError:
        return False
    for source in sources:
        if source.filesystem_path is None:
            continue
        try:
            if os.path.samestat(target, os.stat(source.filesystem_path)):
                return True
        except OSError:
            continue
    return False


def read_file(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read and decode one report, refusing what is not a regular, readable text file."""
    return decode(read_bytes(path, max_bytes))


def read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The raw bytes of one report (what the cache is keyed on), refusing what is not a
    regular, readable file.

    The file is opened without blocking and checked through its descriptor, so a path
    swapped for a FIFO after discovery cannot hang the run.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | _NONBLOCK)
    except FileNotFoundError:
        raise InputError("no such file (it may have been removed during the run)") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    try:  # checked before fdopen, which refuses a folder with IsADirectoryError
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise InputError("is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise InputError("not a regular file (a FIFO, socket or device); skipped")
        if info.st_size > max_bytes:
            raise InputError(f"file is {info.st_size:,} bytes, above the {max_bytes:,}-byte limit (max-file-size); skipped")
    except BaseException:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "rb") as handle:
        try:
            data = _read_limited(handle.read, info.st_size, max_bytes)
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise InputError(f"file is above the {max_bytes:,}-byte limit (max-file-size); skipped")
    return data


_CHUNK = 1024 * 1024


def _read_limited(read: Callable[[int], bytes], expected: int, max_bytes: int, *, sized: bool = True) -> bytes:
    """At most ``max_bytes + 1`` bytes: first the ``expected`` size (+1, to see growth), then
    1 MiB at a time, so that a large limit (``--max-file-size 64GB``) is never allocated up front.

    ``sized``: ``expected`` is the file's size, so a first read no longer than it reached the end.
    """
    chunks = [read(min(expected, max_bytes) + 1)]
    total = len(chunks[0])
    while chunks[-1] and total <= max_bytes and (total > expected or not sized):
        chunks.append(read(min(_CHUNK, max_bytes + 1 - total)))
        total += len(chunks[-1])
    return b"".join(chunks)


def read_stdin(max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    data = _read_limited(sys.stdin.buffer.read, _CHUNK, max_bytes, sized=False)
    if len(data) > max_bytes:
        raise InputError(f"standard input is above the {max_bytes:,}-byte limit (max-file-size)")
    return decode(data)


def decode(data: bytes) -> str:
    """UTF-8 (BOM removed) or UTF-16 with a BOM; binaries and bad bytes are refused."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"invalid UTF-16 at byte {exc.start}") from None
    else:
        if b"\x00" in data[:8192]:
            raise InputError("binary file (contains NUL bytes); not a Markdown report")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            raise InputError(f"not valid UTF-8: byte 0x{data[exc.start]:02x} at line {line}, column {column} (save the file as UTF-8)") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise InputError("contains NUL characters; not a Markdown report")
    return text
