"""JSON-Schema validation of configs, packs and rule options, with messages a person can act on.

jsonschema is imported only when something must be validated: importing it takes longer than
a whole one-file run. A check that passed may be remembered in the findings cache (``memo``),
which the caller passes in, so a config that did not change is not validated again.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportlint._cache import Cache


def suggestion(word: str, choices: Iterable[str]) -> str:
    """``; did you mean "x"?`` for a near miss, else an empty string."""
    import difflib

    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f'; did you mean "{close[0]}"?' if close else ""


def show(value: Any) -> str:
    """A config value as the user wrote it: strings quoted, the rest as JSON."""
    import json

    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else f'"{value}"'


def key_path(prefix: str, parts: Iterable[Any]) -> str:
    """``prefix`` and ``parts`` as a dotted key with ``[i]`` for list items."""
    shown = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)
    return (prefix + shown.lstrip(".")) if shown else prefix.rstrip(".") or "(top level)"


def checked(data: Any, schema: Mapping[str, Any], problems: Callable[[], list[str]], memo: Cache | None) -> list[str]:
    """``problems()`` of ``data`` against ``schema``, or none when ``memo`` saw this exact pair pass."""
    if memo is None:
        return problems()
    import hashlib
    import json

    from reportlint import __version__

    pair = json.dumps([schema, data], sort_keys=True, default=lambda value: [type(value).__name__, repr(value)]).encode("utf-8", "surrogateescape")
    name = hashlib.blake2b(pair, digest_size=16).hexdigest()  # one entry per checked pair
    key = memo.key(f"schema check passed\0{__version__}", name, pair)
    if memo.get(key) is not None:
        return []
    found = problems()
    if not found:
        memo.put(key, [])
        memo.save()  # rare (a config or pack seen for the first time): store it at once
    return found


def schema_errors(data: Any, schema: Mapping[str, Any], label: str, prefix: str, memo: Cache | None) -> list[str]:
    """One line per problem: file, key path, bad value, what is allowed, a near-miss hint."""
    return checked(data, schema, lambda: _schema_errors(data, schema, label, prefix), memo)


def _schema_errors(data: Any, schema: Mapping[str, Any], label: str, prefix: str) -> list[str]:
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    lines: list[str] = []
    for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        path = list(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = sorted(error.schema.get("properties", {}))
            for key in sorted(set(error.instance) - set(allowed)):
                where = key_path(prefix, [*path, key])
                hint = f"allowed: {', '.join(allowed)}" if allowed else "no keys allowed here"
                lines.append(f"{label}: {where}: unknown key {show(key)} ({hint}){suggestion(key, allowed)}")
            continue
        where = key_path(prefix, path)
        if error.validator == "enum":
            allowed = [str(v) for v in error.validator_value]
            lines.append(f"{label}: {where}: {show(error.instance)} is not allowed (allowed: {', '.join(allowed)}){suggestion(error.instance, allowed)}")
        elif error.validator == "pattern" and "description" in error.schema:
            lines.append(f"{label}: {where}: {show(error.instance)} is not allowed ({error.schema['description']})")
        elif error.validator == "type":
            lines.append(f"{label}: {where}: {show(error.instance)} is not allowed (expected {_type_name(error.validator_value)})")
        else:
            lines.append(f"{label}: {where}: {show(error.instance)} is not allowed ({error.message})")
    return lines


def _type_name(expected: Any) -> str:
    names = {"array": "a list", "object": "a table", "string": "a string", "integer": "an integer", "boolean": "true or false", "number": "a number"}
    kinds = expected if isinstance(expected, list) else [expected]
    return " or ".join(names.get(str(k), str(k)) for k in kinds)
