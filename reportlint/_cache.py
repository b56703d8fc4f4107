"""Content-hash cache of findings, so a second run over unchanged files only hashes and reads.

An entry is keyed on sha256 of: the file's bytes and displayed path, the config that
applies to it, and the engine's fingerprint (the selected rules with their resolved
options and severities, the rules suppressions may name, the profile, the reportlint,
plugin, markdown-it-py and Python versions, and a stamp of the rule code on disk so an
edited rule never serves stale findings). Entries are
JSON files written with an atomic rename, so parallel pre-commit batches writing the
same entry at once stay safe; an unreadable entry is a miss, an unwritable folder
turns the cache off for the run. Nothing else is ever read from the folder.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from reportlint import __version__
from reportlint._atomic import write_atomic
from reportlint._finding import Edit, Finding, Fix, Severity
from reportlint._positions import Position, Span

DEFAULT_CACHE_DIR = ".reportlint_cache"
_LAYOUT = "v1"  # bump when the entry format changes
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This folder is a cache made by reportlint.\n"


class Cache:
    """Findings by content hash under ``directory`` (created on the first write)."""

    def __init__(self, directory: str) -> None:
        self.root = directory
        self.directory = os.path.join(directory, _LAYOUT)
        self.enabled = True
        self._shards: set[str] = set()

    def key(self, context: str, path: str, data: bytes) -> str:
        """The entry name for ``data`` shown as ``path``; ``context`` is the rest that decides its findings."""
        digest = hashlib.sha256(context.encode("utf-8", "surrogateescape"))
        digest.update(b"\0" + path.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def get(self, key: str) -> list[Finding] | None:
        try:
            with open(self._entry(key), encoding="utf-8") as handle:
                return decode_findings(json.load(handle))
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            return None

    def put(self, key: str, findings: Sequence[Finding]) -> None:
        if not self.enabled:
            return
        try:
            self._prepare(key[:2])
            write_atomic(self._entry(key), json.dumps(encode_findings(findings), ensure_ascii=False), durable=False)
        except OSError:
            self.enabled = False  # a read-only checkout: lint on, uncached

    def _entry(self, key: str) -> str:
        return os.path.join(self.directory, key[:2], key[2:] + ".json")

    def _prepare(self, shard: str) -> None:
        if shard in self._shards:
            return
        if not os.path.isdir(self.root):
            os.makedirs(self.root, exist_ok=True)
            for name, text in (("CACHEDIR.TAG", _TAG), (".gitignore", "# made by reportlint\n*\n")):
                write_atomic(os.path.join(self.root, name), text, durable=False)
        os.makedirs(os.path.join(self.directory, shard), exist_ok=True)
        self._shards.add(shard)


def engine_fingerprint(engine: Any) -> str:
    """Everything about an engine that decides findings, as one string."""
    import markdown_it
    import mdit_py_plugins

    rules = []
    for rule_ in engine.rules:
        ctx = engine.context(rule_, "")
        rules.append([rule_.code, rule_.name, rule_.origin, _version_of(rule_.origin), dict(ctx.options), ctx.severity.value])
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
        for name in sorted(files):
            if name.endswith(".py"):
                info = os.stat(os.path.join(directory, name))
                stamp.append([os.path.relpath(os.path.join(directory, name), root), info.st_size, info.st_mtime_ns])
    return stamp


# ---------------------------------------------------------------- findings as plain lists

def _span(values: Sequence[int]) -> Span:
    return Span(Position(values[0], values[1]), Position(values[2], values[3]))


def _plain_span(span: Span) -> list[int]:
    return [span.start.line, span.start.column, span.end.line, span.end.column]


def encode_findings(findings: Sequence[Finding]) -> list[list[Any]]:
    """Findings as JSON-ready lists (also how worker processes hand them back)."""
    return [
        [f.code, f.name, f.severity.value, f.message, f.detail, f.path, _plain_span(f.span), f.url,
         None if f.fix is None else [f.fix.applicability, f.fix.message, [[*_plain_span(e.span), e.text] for e in f.fix.edits]],
         f.fingerprint]
        for f in findings
    ]


def decode_findings(rows: Sequence[Sequence[Any]]) -> list[Finding]:
    findings = []
    for code, name, severity, message, detail, path, span, url, fix, fingerprint in rows:
        if fix is not None:
            fix = Fix(fix[0], fix[1], tuple(Edit(_span(edit[:4]), edit[4]) for edit in fix[2]))
        findings.append(Finding(code, name, Severity(severity), message, detail, path, _span(span), url, fix, fingerprint))
    return findings
