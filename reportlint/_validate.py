"""Config checks that need the rules and packs: codes, selectors, rule options, profiles, formats.

Reading a config (``reportlint._config``) needs none of this; these checks run once the
registry is loaded, so they sit above it.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from reportlint._config import ConfigFile, key_prefix, raise_problems
from reportlint._packs import PackError, builtin_pack_ids, load_profile
from reportlint._registry import Registry
from reportlint._schema import key_path, schema_errors, show, suggestion

if TYPE_CHECKING:
    from reportlint._cache import Cache


def validate_against_registry(config: ConfigFile, registry: Registry, extra_codes: Iterable[str] = (), memo: Cache | None = None) -> list[str]:
    """Problems only the rules can reveal: unknown codes and selectors, bad rule options."""
    codes = sorted({*registry.rules, *extra_codes})
    vocabulary = [*codes, *registry.by_name]
    prefix = key_prefix(config.path)
    label = config.source_of
    data = config.data
    problems: list[str] = []

    def known(selector: str) -> bool:
        upper = selector.upper()
        return registry.is_known_selector(selector) or any(c.startswith(upper) for c in codes)

    def check_selectors(values: Sequence[str], parts: list[Any]) -> None:
        for i, selector in enumerate(values):
            if not known(selector):
                problems.append(f"{label(parts[0])}: {key_path(prefix, [*parts, i])}: unknown rule {show(selector)} (use a code such as RL201, a prefix such as RL2, or a rule name){suggestion(selector, vocabulary)}")

    for key in ("select", "extend-select", "ignore"):
        check_selectors(data.get(key, ()), [key])
    for glob, values in data.get("per-file-ignores", {}).items():
        check_selectors(values, ["per-file-ignores", glob])
    for selector in data.get("severity", {}):
        if not known(selector):
            problems.append(f"{label('severity')}: {key_path(prefix, ['severity', selector])}: unknown rule code or prefix {show(selector)}{suggestion(selector, codes)}")
    for code, options in data.get("rules", {}).items():
        found = registry.rules.get(code)
        if found is None:
            named = registry.by_name.get(code)
            hint = f'; rules are keyed by code: use "{named.code}"' if named else suggestion(code, codes)
            if code not in extra_codes:
                problems.append(f"{label('rules')}: {key_path(prefix, ['rules', code])}: unknown rule code {show(code)}{hint}")
            continue
        problems.extend(schema_errors(options, found.options_schema, label("rules"), f"{prefix}rules.{code}.", memo))
    return problems


def validate_configs(configs: Iterable[ConfigFile], registry: Registry, formats: Sequence[str] | None, memo: Cache | None = None) -> None:
    """Check what needs the rules and packs: profiles, codes, selectors, rule options, and the
    output format (one of ``formats``, which the caller passes: formats stand above the rules;
    None when nothing is formatted, as in ``reportlint.api.lint_text``)."""
    problems: dict[str, None] = {}  # ordered, without the repeats --config overrides cause
    for config in configs:
        if config.path is not None or config.data:
            problems.update(dict.fromkeys(_config_problems(config, registry, formats, memo)))
    raise_problems(list(problems))


def _config_problems(config: ConfigFile, registry: Registry, formats: Sequence[str] | None, memo: Cache | None) -> list[str]:
    prefix, data, problems = key_prefix(config.path), config.data, []
    packs = [str(config.root / p) for p in data.get("packs", ())]
    named = [(["profile"], data["profile"])] if "profile" in data else []
    named += [(["profiles", glob], value) for glob, value in data.get("profiles", {}).items()]
    pattern_codes: list[str] = []
    for parts, name in named or [([], "base")]:
        try:
            profile = load_profile(name if not name.endswith(".toml") else str(config.root / name), packs, memo)
            if profile.patterns:
                from reportlint._patterns import pattern_rules  # imported only for packs with patterns

                pattern_codes.extend(r.code for r in pattern_rules(profile.patterns))
        except PackError as exc:
            if str(exc).startswith("unknown profile"):
                known = builtin_pack_ids()
                problems.append(f"{config.source_of(parts[0]) if parts else config.label}: {key_path(prefix, parts)}: unknown profile {show(name)} (known: {', '.join(known)}, or a pack file){suggestion(name, known)}")
            else:
                problems.append(str(exc))
    fmt = data.get("output-format")
    if fmt is not None and formats is not None and fmt not in formats:
        problems.append(f"{config.source_of('output-format')}: {key_path(prefix, ['output-format'])}: unknown output format {show(fmt)} (allowed: {', '.join(formats)}){suggestion(fmt, formats)}")
    return problems + validate_against_registry(config, registry, pattern_codes, memo)
