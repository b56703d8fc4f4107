"""JSON Schema validators for reportlint's machine formats (shared by the format and CI tests).

SARIF uses the official OASIS schema vendored in ``tests/data`` (see SARIF_SCHEMA_NOTICE.md);
GitLab a schema written from GitLab's documented Code Quality fields; JSON reportlint's own.
"""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema

_TESTS = Path(__file__).resolve().parent


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


_FINDINGS_SCHEMA = _load(_TESTS.parent / "reportlint" / "schemas" / "findings.schema.json")
SARIF = jsonschema.Draft4Validator(_load(_TESTS / "data" / "sarif-schema-2.1.0.json"))
GITLAB = jsonschema.Draft202012Validator(_load(_TESTS / "data" / "gitlab-code-quality.schema.json"))
FINDINGS = jsonschema.Draft202012Validator(_FINDINGS_SCHEMA)
FINDING = jsonschema.Draft202012Validator({"$defs": _FINDINGS_SCHEMA["$defs"], "$ref": "#/$defs/finding"})  # one json-lines object


def errors(validator: jsonschema.protocols.Validator, instance: object) -> list[str]:
    """Every violation as ``json/pointer: message``; empty when valid."""
    return [f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]
