"""Declarative packs (``rules/*.toml``): profiles of sections, fields, severities and options."""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlint._concepts import VOCABULARY_STEM
from reportlint._text import normalize_title
from reportlint._profile import Profile, SectionSpec
from reportlint._schema import checked
from reportlint._toml import read_toml

if TYPE_CHECKING:
    from reportlint._cache import Cache

class PackError(Exception):
    """A pack that cannot be read or is invalid; exit code 2."""


@lru_cache(maxsize=1)
def builtin_pack_dir() -> Path:
    """``reportlint/_packs`` in a wheel; the top-level ``rules/`` in a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "_packs"
    return packaged if packaged.is_dir() else here.parent / "rules"


def _builtin_pack_files() -> list[Path]:
    """The built-in packs: every ``*.toml`` there but the concept vocabulary, which is no pack."""
    return sorted(p for p in builtin_pack_dir().glob("*.toml") if p.stem != VOCABULARY_STEM)


def builtin_pack_ids() -> list[str]:
    return [p.stem for p in _builtin_pack_files()]


def read_pack(path: Path, *, validate: bool = False, memo: Cache | None = None) -> dict[str, Any]:
    """A pack's TOML; ``validate`` checks it against the pack schema (user packs), unless
    ``memo`` saw it pass."""
    data = read_toml(path, "pack", PackError)
    if validate:
        problem = pack_problem(data, memo) or _concept_problem(data)
        if problem is not None:
            raise PackError(f"{path}: {problem}")
    return data


def _concept_problem(data: dict[str, Any]) -> str | None:
    """``"<JSON pointer>: ..."`` for a section naming a concept the vocabulary lacks, or None."""
    sections = data.get("structure", {}).get("sections", [])
    if not any("concept" in entry for entry in sections):
        return None
    from reportlint._concepts import CONCEPTS

    for index, entry in enumerate(sections):
        if "concept" in entry and entry["concept"] not in CONCEPTS:
            return f"/structure/sections/{index}/concept: unknown concept {entry['concept']!r} (known: {', '.join(CONCEPTS)})"
    return None


def pack_schema() -> dict[str, Any]:
    import json

    text = (Path(__file__).resolve().parent / "schemas" / "pack.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def pack_problem(data: dict[str, Any], memo: Cache | None = None) -> str | None:
    """``"<JSON pointer>: <what was expected>"`` for the first schema violation, or None.

    jsonschema is imported here, not at start-up: only user packs are validated at run
    time (the built-in packs are checked by the test suite), and a pack that passed is
    remembered in ``memo``, the findings cache (see ``reportlint._schema.checked``).
    """
    found = checked(data, pack_schema(), lambda: [problem] if (problem := _first_problem(data)) else [], memo)
    return found[0] if found else None


def _first_problem(data: dict[str, Any]) -> str | None:
    import jsonschema
    from jsonschema.exceptions import best_match

    validator = jsonschema.Draft202012Validator(pack_schema())
    error = best_match(validator.iter_errors(data))
    if error is None:
        return None
    return _describe(error)


def _describe(error: Any) -> str:
    import json

    path = list(error.absolute_path)
    instance = error.instance
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        allowed = error.schema.get("properties", {})
        extra = next((key for key in instance if key not in allowed), None)
        if extra is not None:
            expected = ", ".join(allowed) if allowed else "no other keys"
            return f"{_pointer([*path, extra])}: unknown key (expected one of: {expected})"
    if error.validator == "required" and isinstance(instance, dict):
        missing = next((key for key in error.validator_value if key not in instance), "?")
        return f"{_pointer([*path, missing])}: missing required key"
    if error.validator == "enum":
        options = ", ".join(json.dumps(v) for v in error.validator_value)
        return f"{_pointer(path)}: expected one of {options}, got {json.dumps(instance)}"
    if error.validator == "type":
        return f"{_pointer(path)}: expected {error.validator_value}, got {json.dumps(instance)}"
    if error.validator == "pattern":
        return f"{_pointer(path)}: expected a string matching {error.validator_value}, got {json.dumps(instance)}"
    if error.validator == "const":
        return f"{_pointer(path)}: expected {json.dumps(error.validator_value)}, got {json.dumps(instance)}"
    return f"{_pointer(path)}: {error.message}"


def _pointer(parts: list[Any]) -> str:
    """An RFC 6901 JSON pointer such as ``/structure/sections/0/na``."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts) or "/"


@lru_cache(maxsize=None)
def builtin_pack(pack_id: str) -> dict[str, Any]:
    """A built-in pack's TOML, read once per process (rule defaults, configs and every engine
    use it); callers must not mutate it."""
    return read_pack(builtin_pack_dir() / f"{pack_id}.toml")


class _Packs(dict):
    """Pack id -> (path, data); a built-in pack is only read when a profile's chain needs it."""

    def __init__(self) -> None:
        super().__init__()
        self.builtin = {path.stem: path for path in _builtin_pack_files()}
        self.update(dict.fromkeys(self.builtin))

    def __getitem__(self, pack_id: str) -> tuple[Path, dict[str, Any]]:
        entry = super().__getitem__(pack_id)
        if entry is None:
            path = self.builtin[pack_id]
            entry = self[pack_id] = (path, builtin_pack(pack_id))
        return entry


def load_profile(name: str, extra_packs: Iterable[str | Path] = (), memo: Cache | None = None) -> Profile:
    """The profile ``name`` (a built-in pack id or a pack file), with its ``extends`` chain;
    ``memo`` remembers user packs that passed their schema check."""
    packs = _Packs()
    for extra in extra_packs:
        path = Path(extra)
        data = read_pack(path, validate=True, memo=memo)
        packs[str(data.get("pack", {}).get("id", path.stem))] = (path, data)
    if name not in packs:
        path = Path(name)
        if path.suffix == ".toml" and path.is_file():
            data = read_pack(path, validate=True, memo=memo)
            name = str(data.get("pack", {}).get("id", path.stem))
            packs[name] = (path, data)
        else:
            known = ", ".join(sorted(packs)) or "none"
            from reportlint._schema import suggestion

            raise PackError(f"unknown profile {name!r} (known: {known}){suggestion(name, packs)}")
    chain = _extends_chain(name, packs)
    return _merge([packs[pack_id] for pack_id in chain])


def _extends_chain(name: str, packs: dict[str, tuple[Path, dict[str, Any]]]) -> list[str]:
    """Pack ids from the most basic to ``name``; cycles and unknown parents are errors."""
    order: list[str] = []
    visiting: set[str] = set()

    def visit(pack_id: str, child: str | None) -> None:
        if pack_id in order:
            return
        if pack_id in visiting:
            raise PackError(f"{packs[pack_id][0]}: 'extends' forms a cycle through {pack_id!r}")
        if pack_id not in packs:
            raise PackError(f"{packs[child][0] if child else pack_id}: extends unknown pack {pack_id!r}")
        visiting.add(pack_id)
        for parent in packs[pack_id][1].get("pack", {}).get("extends", []):
            visit(parent, pack_id)
        visiting.discard(pack_id)
        order.append(pack_id)

    visit(name, None)
    return order


def _merge(chain: list[tuple[Path, dict[str, Any]]]) -> Profile:
    sections: dict[str, SectionSpec] = {}
    fields: list[str] = []
    field_aliases: dict[str, tuple[str, ...]] = {}
    severity: dict[str, str] = {}
    options: dict[str, dict[str, Any]] = {}
    enable: list[str] = []
    disable: list[str] = []
    patterns: list[dict[str, Any]] = []
    for _path, data in chain:
        structure = data.get("structure", {})
        for entry in structure.get("sections", []):
            spec = SectionSpec(
                id=entry["id"],
                title=entry["title"],
                aliases=tuple(entry.get("aliases", ())),
                required=bool(entry.get("required", False)),
                order=entry.get("order"),
                na=entry.get("na", "justify"),
                kind=entry.get("kind", "factual"),
                alternatives=tuple(entry.get("alternatives", ())),
                concept=entry.get("concept"),
            )
            _replace_inherited(sections, spec)
        for entry in structure.get("fields", []):
            name = entry if isinstance(entry, str) else entry["name"]
            if name not in fields:
                fields.append(name)
            if not isinstance(entry, str):
                field_aliases[name] = tuple(entry.get("aliases", ()))
        severity.update(data.get("severity", {}))
        for code, values in data.get("options", {}).items():
            options.setdefault(code, {}).update(values)
        rules_table = data.get("rules", {})
        enable.extend(rules_table.get("enable", []))
        disable.extend(rules_table.get("disable", []))
        patterns.extend({**entry, "_source": str(_path)} for entry in data.get("patterns", []))  # where each pattern came from
    last_path, last = chain[-1]
    return Profile(
        id=str(last.get("pack", {}).get("id", last_path.stem)),
        description=str(last.get("pack", {}).get("description", "")),
        sections=tuple(sections.values()),
        fields=tuple(fields),
        field_aliases=field_aliases,
        severity=severity,
        options=options,
        enable=tuple(enable),
        disable=tuple(d for d in disable if d not in enable),
        patterns=tuple(patterns),
        sources=tuple(str(p) for p, _ in chain),
    )


def _replace_inherited(sections: dict[str, SectionSpec], spec: SectionSpec) -> None:
    """Add ``spec``; it replaces an inherited section with the same id or a shared name."""
    names = {normalize_title(n) for n in spec.names()}
    for old_id in [i for i, old in sections.items() if names & {normalize_title(n) for n in old.names()}]:
        del sections[old_id]
    sections[spec.id] = spec
