"""Content-hash cache of findings, so a second run over unchanged files only reads and hashes them.

A run's files fall into contexts: everything besides a file's bytes and path that decides
its findings (the config that applies to it and the engine's fingerprint: the selected
rules with their resolved options and severities, the rules suppressions may name, the
profile, the reportlint, plugin, markdown-it-py and Python versions, and a stamp of the
rule code on disk so an edited rule never serves stale findings). Each context is a
folder ``v2/<hash of the context>/`` of up to 256 store files, each mapping the displayed
paths that hash to it to the hash of the bytes last linted there and their findings. A
store is read at most once per run and written once at its end, and a run over one file
reads one small store, not the findings of the whole repository. Writes merge with what
is on disk and replace it with an atomic rename, so parallel pre-commit batches can lose
each other's new entries (a later miss) but never corrupt a store; an unreadable or
foreign store is empty, an unwritable folder leaves the run uncached. Nothing else is
ever read from the folder.
"""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from typing import Any

from reportlint import __version__
from reportlint._atomic import write_atomic
from reportlint._gc import without_gc
from reportlint._hashes import blake2b, sha256
from reportlint._finding import Edit, Finding, Fix, Severity
from reportlint._positions import Position, Span

DEFAULT_CACHE_DIR = ".reportlint_cache"
_LAYOUT = "v2"  # bump when the store format changes
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This folder is a cache made by reportlint.\n"

Key = tuple[str, str, str]  # (store name, displayed path, hash of the file's bytes)


class Cache:
    """Findings by context, path and content hash under ``directory`` (created on the first save).

    ``lookup=False`` makes a worker process's cache: it only computes keys (the parent
    process has already looked every file up and stores what the workers found).
    """

    def __init__(self, directory: str, *, lookup: bool = True) -> None:
        self.root = directory
        self.directory = os.path.join(directory, _LAYOUT)
        self.lookup = lookup
        self._stores: dict[str, dict[str, Any]] = {}
        self._names: dict[str, str] = {}  # context -> store name (a context is long: hash it once)
        self._spans: dict[tuple[int, int, int, int], Span] = {}  # shared by the findings read
        self._new: dict[str, dict[str, Any]] = {}

    def key(self, context: str, path: str, data: bytes) -> Key:
        """The entry for ``data`` shown as ``path``; ``context`` is the rest that decides its findings."""
        name = self._names.get(context)
        if name is None:
            name = self._names[context] = sha256(context.encode("utf-8", "surrogateescape")).hexdigest()[:32]
        shard = blake2b(path.encode("utf-8", "surrogateescape"), digest_size=1).hexdigest()
        return f"{name}/{shard}", path, blake2b(data, digest_size=20).hexdigest()

    def get(self, key: Key) -> tuple[list[Finding], str | None, str | None] | None:
        """The cached findings, the profile the file's front matter picked and the stamp of that
        profile's engine (see :meth:`put`), or None. A damaged entry is None: a re-lint."""
        if not self.lookup:
            return None
        store, path, digest = key
        entries = self._stores.get(store)
        if entries is None:
            entries = self._stores[store] = self._read(store)
        entry = self._new.get(store, {}).get(path) or entries.get(path)
        if not isinstance(entry, list) or len(entry) != 5 or entry[0] != digest or not (entry[1] is None or isinstance(entry[1], str)) or not (entry[2] is None or isinstance(entry[2], str)):
            return None
        try:
            return without_gc(decode_findings, entry[3:], self._spans), entry[1], entry[2]
        except Exception:  # noqa: BLE001 - any damage costs a re-lint, never a wrong finding
            return None

    def put(self, key: Key, findings: Sequence[Finding], front_profile: str | None = None, front_stamp: str | None = None) -> None:
        """``front_stamp`` identifies the engine the front matter's profile gave (its packs' contents)."""
        if self.lookup:
            store, path, digest = key
            self._new.setdefault(store, {})[path] = [digest, front_profile, front_stamp, *encode_findings(findings)]

    def save(self) -> None:
        """Write the new entries, merged with what other runs may have stored meanwhile."""
        try:
            for store, entries in self._new.items():
                self._create(os.path.dirname(self._file(store)))
                merged = {**self._read(store), **entries}
                text = json.dumps({"layout": _LAYOUT, "store": store, "files": merged}, ensure_ascii=False, separators=(",", ":"))
                write_atomic(self._file(store), text, durable=False)
        except OSError:
            pass  # a read-only checkout: the run stays uncached
        self._new.clear()

    def _read(self, store: str) -> dict[str, Any]:
        try:
            with open(self._file(store), encoding="utf-8") as handle:
                data = without_gc(json.load, handle)  # many lists, no garbage: collector passes are pure cost
        except (OSError, ValueError, RecursionError):  # deeply nested JSON raises RecursionError: damage too
            return {}
        if not isinstance(data, dict) or data.get("layout") != _LAYOUT or data.get("store") != store or not isinstance(data.get("files"), dict):
            return {}
        return data["files"]

    def _file(self, store: str) -> str:
        return os.path.join(self.directory, store + ".json")

    def _create(self, folder: str) -> None:
        if os.path.isdir(folder):
            return
        if not os.path.isdir(self.root):
            os.makedirs(self.root, exist_ok=True)
            for name, text in (("CACHEDIR.TAG", _TAG), (".gitignore", "# made by reportlint\n*\n")):
                write_atomic(os.path.join(self.root, name), text, durable=False)
        os.makedirs(folder, exist_ok=True)


def engine_fingerprint(engine: Any) -> str:
    """Everything about an engine that decides findings, as one string."""
    import markdown_it
    import mdit_py_plugins

    rules = []
    dated = False  # a rule compares with today's date (RL308 without its `today` option)
    for rule_ in engine.rules:
        ctx = engine.context(rule_, "")
        rules.append([rule_.code, rule_.name, rule_.origin, _version_of(rule_.origin), dict(ctx.options), ctx.severity.value])
        dated = dated or ("today" in ctx.options and not ctx.options["today"])
    known = sorted(engine.known.rules.values(), key=lambda r: r.code) or engine.rules
    origins = sorted({"reportlint", *(r.origin for r in known)})
    parts = {
        "reportlint": __version__,
        "python": list(sys.version_info[:2]),
        "markdown-it-py": markdown_it.__version__,
        "mdit-py-plugins": mdit_py_plugins.__version__,
        "rules": rules,
        "known": [r.code for r in known],  # suppression comments may name any of them
        "profile": engine.profile,
        "code": [_code_stamp(origin) for origin in origins],
    }
    if dated:
        parts["today"] = date.today().isoformat()
    return canonical(parts)


def canonical(value: Any) -> str:
    """``value`` as JSON that is the same in every process (sets sorted, dataclasses as dicts).

    ``repr`` is not: the order of a frozenset of strings changes with the hash seed.
    """
    return json.dumps(value, sort_keys=True, default=_plain)


def _plain(value: Any) -> Any:
    import dataclasses
    from collections.abc import Mapping

    if isinstance(value, (set, frozenset)):
        return sorted(value, key=canonical)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"__type__": type(value).__name__, **{f.name: getattr(value, f.name) for f in dataclasses.fields(value)}}
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return list(value)
    return repr(value)


def _version_of(package: str) -> str:
    return str(getattr(sys.modules.get(package), "__version__", ""))


def _code_stamp(package: str) -> list[Any]:
    """Size and modification time of every Python file of an imported package."""
    module = sys.modules.get(package)
    location = getattr(module, "__file__", None)
    if not location:
        return [package]
    if os.path.basename(location) != "__init__.py":
        info = os.stat(location)
        return [package, info.st_size, info.st_mtime_ns]
    stamp: list[Any] = [package]
    root = os.path.dirname(location)
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d != "__pycache__")
        folder = directory[len(root) + 1:] + os.sep if directory != root else ""  # os.path.relpath, without its cost per file
        for name in sorted(files):
            if name.endswith(".py"):
                info = os.stat(os.path.join(directory, name))
                stamp.append([folder + name, info.st_size, info.st_mtime_ns])
    return stamp


# ---------------------------------------------------------------- findings as plain lists

def encode_findings(findings: Sequence[Finding]) -> list[list[Any]]:
    """Findings as JSON-ready ``[kinds, rows]`` (also how worker processes hand them back).

    What a rule repeats in each of its findings in a file (code, name, severity, url,
    path) is stored once in ``kinds``; a row holds the rest.
    """
    kinds: dict[tuple[str, str, str, str, str], int] = {}
    rows = []
    for f in findings:
        kind = kinds.setdefault((f.code, f.name, f.severity.value, f.url, f.path), len(kinds))
        start, end = f.span.start, f.span.end
        fix = None if f.fix is None else [f.fix.applicability, f.fix.message, [[*_plain_span(e.span), e.text] for e in f.fix.edits]]
        rows.append([kind, f.message, f.detail, start.line, start.column, end.line, end.column, fix, f.fingerprint])
    return [[list(kind) for kind in kinds], rows]


def decode_findings(encoded: Sequence[Any], spans: dict[tuple[int, int, int, int], Span] | None = None) -> list[Finding]:
    """Findings from :func:`encode_findings`; ``spans`` may be shared by many calls.

    Anything but what :func:`encode_findings` makes raises (a damaged store is a re-lint, never a
    wrong finding): checked once per kind, and per finding without a generator, since a second
    run decodes every finding of every file.
    """
    kinds = []
    for code, name, severity, url, path in encoded[0]:
        if not (isinstance(code, str) and isinstance(name, str) and isinstance(url, str) and isinstance(path, str)):
            raise TypeError("not a cached finding")
        kinds.append((code, name, _SEVERITIES[severity], url, path))
    spans = {} if spans is None else spans  # immutable, so findings may share them
    findings = []
    for kind, message, detail, line, column, end_line, end_column, fix, fingerprint in encoded[1]:
        code, name, severity, url, path = kinds[kind]
        if not (isinstance(message, str) and isinstance(fingerprint, str) and (detail is None or isinstance(detail, str))):
            raise TypeError("not a cached finding")
        if fix is not None:
            fix = Fix(fix[0], fix[1], tuple(Edit(_span(edit[:4]), edit[4]) for edit in fix[2]))
        where = (line, column, end_line, end_column)
        span = spans.get(where) or spans.setdefault(where, _span(where))
        findings.append(Finding(code, name, severity, message, detail, path, span, url, fix, fingerprint))
    return findings


_SEVERITIES = {s.value: s for s in Severity}


def _span(values: Sequence[int]) -> Span:
    if len(values) != 4:
        raise ValueError(f"not a cached position: {values!r}")
    line, column, end_line, end_column = values
    if not (type(line) is int and type(column) is int and type(end_line) is int and type(end_column) is int) or min(line, column, end_line, end_column) < 1 or (line, column) > (end_line, end_column):
        raise ValueError(f"not a cached position: {values!r}")
    return Span(Position(line, column), Position(end_line, end_column))


def _plain_span(span: Span) -> list[int]:
    return [span.start.line, span.start.column, span.end.line, span.end.column]
