"""Configuration: discovery per linted file, ``--config`` overrides, validation, merging.

Each linted file uses the nearest config walking up from its directory: in one directory
``.reportlint.toml`` (top-level keys) wins over ``pyproject.toml`` ``[tool.reportlint]``.
``--config FILE`` replaces discovery, ``--config KEY=VALUE`` overrides one key of every
config, ``--isolated`` ignores config files, and command-line flags beat everything.
jsonschema is imported only when there is something to validate, so a run without any
config file (the pre-commit fast path) never pays for it.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlint import _toml as toml
from reportlint._toml import read_toml

if TYPE_CHECKING:
    from reportlint._cache import Cache
    from reportlint._registry import Registry
    from reportlint._run import Settings

CONFIG_FILE = ".reportlint.toml"
PYPROJECT = "pyproject.toml"
PROFILE_KEY = "reportlint-profile"  # front-matter key that picks one report's profile

# config key -> Settings field, for the keys a file can set per linted file or per run
_FIELD_OF_KEY = {
    "profile": "profile", "packs": "packs", "select": "select", "extend-select": "extend_select",
    "ignore": "ignore", "severity": "severity", "rules": "rule_options", "fail-on": "fail_on",
    "output-format": "output_format", "max-file-size": "max_file_size", "preview": "preview",
    "force-exclude": "force_exclude", "source-material": "source_markers", "rule-timeout": "rule_timeout",
}
_ADDITIVE = ("extend_select", "ignore")  # command-line values add to the config's
_MERGED = ("severity", "rule_options")  # command-line entries override the config's per key


class ConfigError(Exception):
    """An unreadable or invalid config; one line, exit code 2."""


@dataclass(frozen=True)
class ConfigFile:
    """One config's keys (``--config KEY=VALUE`` overrides applied) and where they came from."""

    path: Path | None  # None: no config file applies
    data: Mapping[str, Any] = field(default_factory=dict)
    root: Path = field(default_factory=Path.cwd)  # relative paths and globs start here
    override_keys: frozenset[str] = frozenset()

    @property
    def label(self) -> str:
        if self.path is None:
            return "(no config file)"
        return _display(self.path)

    def source_of(self, key: str) -> str:
        if key in self.override_keys:
            return "--config"
        return self.label if key in self.data else "default"

    def relative(self, path: str | os.PathLike[str]) -> str:
        """``path`` relative to this config's directory, POSIX style, for glob matching."""
        return Path(os.path.relpath(os.path.abspath(path), self.root)).as_posix()


# ---------------------------------------------------------------- reading

def _key_prefix(path: Path | None) -> str:
    return "tool.reportlint." if path is not None and path.name == PYPROJECT else ""


def read_config(path: Path) -> dict[str, Any] | None:
    """The reportlint table of a config file, or None for a pyproject.toml without one."""
    document = read_toml(path, "config", ConfigError)
    if path.name == PYPROJECT:
        table = document.get("tool", {}).get("reportlint")
        if table is None:
            return None
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: tool.reportlint: must be a table")
        return table
    return document


def parse_override(text: str) -> dict[str, Any]:
    """``--config KEY=VALUE``: VALUE is TOML (``select=["RL2"]``) or else a plain string."""
    try:
        return toml.loads(text)
    except toml.TOMLDecodeError:
        key, _, value = text.partition("=")
        parts = [p.strip() for p in key.strip().split(".")]
        if not all(parts):
            raise ConfigError(f"--config: {text!r} is neither a config file nor KEY=VALUE") from None
        nested: dict[str, Any] = {parts[-1]: value.strip()}
        for part in reversed(parts[:-1]):
            nested = {part: nested}
        return nested


def _deep_merge(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in top.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


# ---------------------------------------------------------------- validation

@lru_cache(maxsize=1)
def config_schema() -> dict[str, Any]:
    import json

    return json.loads((Path(__file__).parent / "schemas" / "config.schema.json").read_text(encoding="utf-8"))


def suggestion(word: str, choices: Iterable[str]) -> str:
    """``; did you mean "x"?`` for a near miss, else an empty string."""
    import difflib

    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f'; did you mean "{close[0]}"?' if close else ""


def _show(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else f'"{value}"'


def _key_path(prefix: str, parts: Iterable[Any]) -> str:
    shown = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)
    return (prefix + shown.lstrip(".")) if shown else prefix.rstrip(".") or "(top level)"


_passed: Cache | None = None  # where schema checks that passed are remembered; None: nowhere


def remember_passed_checks(cache_dir: str | None) -> None:
    """Remember in the findings cache which configs, rule options and packs passed their schema.

    Importing jsonschema takes longer than a whole one-file run, and a config rarely
    changes from one run to the next. With the cache off (None) every check runs.
    """
    global _passed
    _passed = None
    if cache_dir:
        from reportlint._cache import Cache

        _passed = Cache(cache_dir)


def checked(data: Any, schema: Mapping[str, Any], problems: Callable[[], list[str]]) -> list[str]:
    """``problems()`` of ``data`` against ``schema``, or none when this exact pair passed before."""
    if _passed is None:
        return problems()
    import hashlib
    import json

    from reportlint import __version__

    pair = json.dumps([schema, data], sort_keys=True, default=lambda value: [type(value).__name__, repr(value)]).encode("utf-8", "surrogateescape")
    name = hashlib.blake2b(pair, digest_size=16).hexdigest()  # one entry per checked pair
    key = _passed.key(f"schema check passed\0{__version__}", name, pair)
    if _passed.get(key) is not None:
        return []
    found = problems()
    if not found:
        _passed.put(key, [])
        _passed.save()  # rare (a config or pack seen for the first time): store it at once
    return found


def schema_errors(data: Any, schema: Mapping[str, Any], label: str, prefix: str) -> list[str]:
    """One line per problem: file, key path, bad value, what is allowed, a near-miss hint."""
    return checked(data, schema, lambda: _schema_errors(data, schema, label, prefix))


def _schema_errors(data: Any, schema: Mapping[str, Any], label: str, prefix: str) -> list[str]:
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    lines: list[str] = []
    for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        path = list(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = sorted(error.schema.get("properties", {}))
            for key in sorted(set(error.instance) - set(allowed)):
                where = _key_path(prefix, [*path, key])
                hint = f"allowed: {', '.join(allowed)}" if allowed else "no keys allowed here"
                lines.append(f"{label}: {where}: unknown key {_show(key)} ({hint}){suggestion(key, allowed)}")
            continue
        where = _key_path(prefix, path)
        if error.validator == "enum":
            allowed = [str(v) for v in error.validator_value]
            lines.append(f"{label}: {where}: {_show(error.instance)} is not allowed (allowed: {', '.join(allowed)}){suggestion(error.instance, allowed)}")
        elif error.validator == "type":
            lines.append(f"{label}: {where}: {_show(error.instance)} is not allowed (expected {_type_name(error.validator_value)})")
        else:
            lines.append(f"{label}: {where}: {_show(error.instance)} is not allowed ({error.message})")
    return lines


def _type_name(expected: Any) -> str:
    names = {"array": "a list", "object": "a table", "string": "a string", "integer": "an integer", "boolean": "true or false", "number": "a number"}
    kinds = expected if isinstance(expected, list) else [expected]
    return " or ".join(names.get(k, k) for k in kinds)


def validate_against_registry(config: ConfigFile, registry: Registry, extra_codes: Iterable[str] = ()) -> list[str]:
    """Problems only the rules can reveal: unknown codes and selectors, bad rule options."""
    codes = sorted({*registry.rules, *extra_codes})
    vocabulary = [*codes, *registry.by_name]
    prefix = _key_prefix(config.path)
    label = config.source_of
    data = config.data
    problems: list[str] = []

    def known(selector: str) -> bool:
        upper = selector.upper()
        return registry.is_known_selector(selector) or any(c.startswith(upper) for c in codes)

    def check_selectors(values: Sequence[str], parts: list[Any]) -> None:
        for i, selector in enumerate(values):
            if not known(selector):
                problems.append(f"{label(parts[0])}: {_key_path(prefix, [*parts, i])}: unknown rule {_show(selector)} (use a code such as RL201, a prefix such as RL2, or a rule name){suggestion(selector, vocabulary)}")

    for key in ("select", "extend-select", "ignore"):
        check_selectors(data.get(key, ()), [key])
    for glob, values in data.get("per-file-ignores", {}).items():
        check_selectors(values, ["per-file-ignores", glob])
    for selector in data.get("severity", {}):
        if not known(selector):
            problems.append(f"{label('severity')}: {_key_path(prefix, ['severity', selector])}: unknown rule code or prefix {_show(selector)}{suggestion(selector, codes)}")
    for code, options in data.get("rules", {}).items():
        found = registry.rules.get(code)
        if found is None:
            named = registry.by_name.get(code)
            hint = f'; rules are keyed by code: use "{named.code}"' if named else suggestion(code, codes)
            if code not in extra_codes:
                problems.append(f"{label('rules')}: {_key_path(prefix, ['rules', code])}: unknown rule code {_show(code)}{hint}")
            continue
        problems.extend(schema_errors(options, found.options_schema, label("rules"), f"{prefix}rules.{code}."))
    return problems


# ---------------------------------------------------------------- globs

@lru_cache(maxsize=512)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """``**`` any depth, ``*`` and ``?`` within one path component, ``[...]`` a class."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 1 :]:
            close = pattern.index("]", i + 1)
            body = pattern[i + 1 : close].replace("\\", "\\\\")
            out.append("[^" + body[1:] + "]" if body.startswith("!") else "[" + body + "]")
            i = close + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def glob_match(pattern: str, relative: str) -> bool:
    """Does the file at ``relative`` (POSIX, from the config directory) match ``pattern``?

    A pattern with a slash is matched against the path and each of its parent folders
    (so ``archive`` and ``archive/**`` both cover everything below ``archive/``); one
    without a slash against any single component (``drafts``, ``*.draft.md``).
    """
    pattern = pattern.strip().removeprefix("./").rstrip("/")
    regex = _glob_regex(pattern)
    parts = relative.split("/")
    if "/" not in pattern:
        return any(regex.match(part) for part in parts)
    return any(regex.match("/".join(parts[: n + 1])) for n in range(len(parts)))


# ---------------------------------------------------------------- resolution

def explicit_fields(settings: Settings) -> frozenset[str]:
    """Settings fields given on the command line (or, programmatically, set off their default)."""
    if settings.explicit is not None:
        return settings.explicit
    from reportlint._run import Settings as _Settings

    defaults = _Settings()
    return frozenset(f.name for f in fields(settings) if getattr(settings, f.name) != getattr(defaults, f.name))


class ConfigResolver:
    """Finds, reads and validates the config of each linted file, and merges it with the flags."""

    def __init__(self, settings: Settings, cwd: Path | None = None) -> None:
        self.settings = settings
        self.cwd = cwd or Path.cwd()
        self.explicit = explicit_fields(settings)
        self.overrides: dict[str, Any] = {}
        fixed: list[Path] = []
        for value in settings.config:
            if os.path.isfile(value):
                fixed.append(Path(value))
            elif "=" in value:
                self.overrides = _deep_merge(self.overrides, parse_override(value))
            else:
                raise ConfigError(f"--config {value}: no such config file (or use KEY=VALUE)")
        if len(fixed) > 1:
            raise ConfigError("--config: give at most one config file")
        if self.overrides:
            _raise(schema_errors(self.overrides, config_schema(), "--config", ""))
        self._fixed = self._load(fixed[0].resolve()) if fixed else None
        if self._fixed is not None and self._fixed.path is None:
            raise ConfigError(f"{fixed[0]}: no [tool.reportlint] table")
        self._by_dir: dict[Path, ConfigFile] = {}
        self._empty = ConfigFile(None, dict(self.overrides), self.cwd, frozenset(self.overrides))

    def _load(self, path: Path) -> ConfigFile:
        data = read_config(path)
        if data is None:
            return ConfigFile(None)
        _raise(schema_errors(data, config_schema(), str(_display(path)), _key_prefix(path)))
        return ConfigFile(path, _deep_merge(data, self.overrides), path.parent, frozenset(self.overrides))

    def config_for(self, file_path: str | None) -> ConfigFile:
        """The config that governs ``file_path`` (None: the working directory)."""
        if self._fixed is not None:
            return self._fixed
        if self.settings.isolated:
            return self._empty
        start = Path(os.path.abspath(file_path)).parent if file_path else self.cwd
        return self._find(start)

    def _find(self, directory: Path) -> ConfigFile:
        cached = self._by_dir.get(directory)
        if cached is not None:
            return cached
        found = None
        for name in (CONFIG_FILE, PYPROJECT):
            candidate = directory / name
            if candidate.is_file():
                loaded = self._load(candidate)
                if loaded.path is not None:
                    found = loaded
                    break
        if found is None:
            found = self._empty if directory.parent == directory else self._find(directory.parent)
        self._by_dir[directory] = found
        return found

    def configs(self) -> list[ConfigFile]:
        """Every distinct config met so far (for plugin loading and registry checks)."""
        used = [self._fixed] if self._fixed is not None else [*self._by_dir.values(), *([self._empty] if self.settings.isolated else [])]
        return list({id(c): c for c in used}.values())

    # -- settings

    def run_settings(self) -> Settings:
        """Run-wide keys (fail-on, output format, size limit, ...) from the working directory's config."""
        return self._apply(self.settings, self.config_for(None), ("fail-on", "output-format", "max-file-size", "rule-timeout", "force-exclude", "source-material"))

    def file_settings(self, base: Settings, config: ConfigFile, path: str, front_profile: str | None) -> tuple[tuple[Any, ...], Settings]:
        """A cache key and the Settings for one file (its profile, ignores, options)."""
        keys = ("profile", "packs", "select", "extend-select", "ignore", "severity", "rules", "preview")
        merged = self._apply(base, config, keys)
        relative = config.relative(path)
        extra_ignores = tuple(s for glob, selectors in config.data.get("per-file-ignores", {}).items() if glob_match(glob, relative) for s in selectors)
        profile = merged.profile
        if "profile" not in self.explicit:
            profile = front_profile or next((p for glob, p in config.data.get("profiles", {}).items() if glob_match(glob, relative)), None) or profile
            if profile != merged.profile:
                profile = self._profile_path(config, profile)
        merged = replace(merged, profile=profile, ignore=(*merged.ignore, *extra_ignores))
        return (config.path, profile, extra_ignores), merged

    def _profile_path(self, config: ConfigFile, profile: str) -> str:
        """A profile naming a pack file is relative to the config that names it."""
        if profile.endswith(".toml") and config.path is not None:
            return str(config.root / profile)
        return profile

    def _apply(self, base: Settings, config: ConfigFile, keys: Iterable[str]) -> Settings:
        from reportlint._source_material import SourceMarkers
        from reportlint._finding import Severity

        changes: dict[str, Any] = {}
        for key in keys:
            if key not in config.data:
                continue
            name = _FIELD_OF_KEY[key]
            value = config.data[key]
            current = getattr(base, name)
            if key == "packs":
                value = tuple(str(config.root / p) for p in value)
            elif key == "profile":
                value = self._profile_path(config, value)
            elif key == "fail-on":
                value = Severity(value)
            elif key == "source-material":
                value = SourceMarkers.from_lists(value.get("open"), value.get("close"), value.get("sections"))
            elif key in ("select", "extend-select", "ignore"):
                value = list(value)
            if name in self.explicit:
                if name in _ADDITIVE:
                    value = [*value, *current]
                elif name in _MERGED:
                    value = _deep_merge(value, current)
                else:
                    continue
            changes[name] = value
        return replace(base, **changes) if changes else base

    def excluded(self, path: str | None, explicit: bool, force: bool) -> bool:
        """Is ``path`` excluded by its config (explicit paths only with --force-exclude)?"""
        config = self.config_for(path)
        patterns = config.data.get("exclude", ())
        if not patterns or path is None or (explicit and not force):
            return False
        return any(glob_match(p, config.relative(path)) for p in patterns)


def _display(path: Path) -> str:
    from reportlint._source import display_path

    return display_path(path)


def _raise(problems: Sequence[str]) -> None:
    if problems:
        raise ConfigError("\n".join(f"reportlint: error: {p}" if i else p for i, p in enumerate(problems)))


def front_matter_profile(front_matter: Mapping[str, str]) -> str | None:
    value = front_matter.get(PROFILE_KEY)
    return value.strip() or None if isinstance(value, str) else None


def validate_configs(configs: Iterable[ConfigFile], registry: Registry) -> None:
    """Check what needs the rules and packs: profiles, codes, selectors, rule options, format."""
    problems: dict[str, None] = {}  # ordered, without the repeats --config overrides cause
    for config in configs:
        if config.path is not None or config.data:
            problems.update(dict.fromkeys(_config_problems(config, registry)))
    _raise(list(problems))


def _config_problems(config: ConfigFile, registry: Registry) -> list[str]:
    from reportlint._packs import PackError, builtin_pack_ids, load_profile
    from reportlint.formats import format_names

    prefix, data, problems = _key_prefix(config.path), config.data, []
    packs = [str(config.root / p) for p in data.get("packs", ())]
    named = [(["profile"], data["profile"])] if "profile" in data else []
    named += [(["profiles", glob], value) for glob, value in data.get("profiles", {}).items()]
    pattern_codes: list[str] = []
    for parts, name in named or [([], "base")]:
        try:
            profile = load_profile(name if not name.endswith(".toml") else str(config.root / name), packs)
            if profile.patterns:
                from reportlint._patterns import pattern_rules

                pattern_codes.extend(r.code for r in pattern_rules(profile.patterns))
        except PackError as exc:
            if str(exc).startswith("unknown profile"):
                known = builtin_pack_ids()
                problems.append(f"{config.source_of(parts[0]) if parts else config.label}: {_key_path(prefix, parts)}: unknown profile {_show(name)} (known: {', '.join(known)}, or a pack file){suggestion(name, known)}")
            else:
                problems.append(str(exc))
    fmt = data.get("output-format")
    if fmt is not None and fmt not in format_names():
        problems.append(f"{config.source_of('output-format')}: {_key_path(prefix, ['output-format'])}: unknown output format {_show(fmt)} (allowed: {', '.join(format_names())}){suggestion(fmt, format_names())}")
    return problems + validate_against_registry(config, registry, pattern_codes)


# ---------------------------------------------------------------- `reportlint config` and `init`

def _defaults() -> dict[str, Any]:
    from reportlint._registry import DEFAULT_RULE_TIMEOUT
    from reportlint._source import DEFAULT_MAX_BYTES

    return {
        "profile": "base", "profiles": {}, "packs": [], "select": ["ALL"], "extend-select": [], "ignore": [],
        "per-file-ignores": {}, "severity": {}, "fail-on": "warning", "exclude": [], "force-exclude": False,
        "output-format": "concise", "max-file-size": DEFAULT_MAX_BYTES, "rule-timeout": DEFAULT_RULE_TIMEOUT, "preview": False,
        "local-plugins": [], "local-plugin-paths": [], "rules": {},
    }


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _toml_lines(key: str, value: Any) -> Iterator[tuple[str, Any]]:
    """``key = value`` pairs, tables flattened into dotted keys."""
    import json

    if isinstance(value, Mapping) and value:
        for sub, inner in value.items():
            part = sub if _BARE_KEY.fullmatch(sub) else json.dumps(sub)
            yield from _toml_lines(f"{key}.{part}", inner)
    else:
        yield key, "{}" if isinstance(value, Mapping) else json.dumps(value, ensure_ascii=False)


def describe(settings: Settings, path: str | None = None) -> str:
    """The settings that apply to ``path`` (a file or folder), one ``key = value  # source`` line each."""
    resolver = ConfigResolver(settings)
    probe = os.path.join(path, "x.md") if path and os.path.isdir(path) else path
    config = resolver.config_for(probe)
    table = " [tool.reportlint]" if config.path is not None and config.path.name == PYPROJECT else ""
    lines = [f"# config: {config.label}{table}"]
    if config.override_keys:
        lines.append(f"# overridden with --config: {', '.join(sorted(config.override_keys))}")
    rows = [(line, config.source_of(key)) for key, default in _defaults().items() for line in _toml_lines(key, config.data.get(key, default))]
    width = max(len(f"{k} = {v}") for (k, v), _ in rows)
    lines.extend(f"{f'{k} = {v}':<{width}}  # {source}" for (k, v), source in rows)
    if probe and not os.path.isdir(path or ""):
        _, file_settings = resolver.file_settings(settings, config, probe, None)
        lines.append(f"# profile for {path}: {file_settings.profile} (front matter `{PROFILE_KEY}: NAME` beats it)")
    return "\n".join(lines) + "\n"


STARTER = '''# reportlint configuration. Every key is optional; `reportlint config` shows what applies
# to a file and which config file each value came from. Documentation: README, "Configuration".

# Report template to check against: base, incident, postmortem, threat-intel, or a pack file.
profile = "{profile}"

# Extra packs (TOML: sections, fields, [[patterns]] rules), relative to this file.
# packs = ["./.reportlint/acme.toml"]

# Rules to run: codes (RL201), prefixes (RL2) or names. Default: every stable rule.
# select = ["RL"]
# extend-select = ["RL003"]   # require a reason in suppression comments
# ignore = ["RL303"]

# Lowest severity that makes `reportlint check` exit 1: error, warning or info.
fail-on = "warning"

# Never lint these (globs relative to this file); pre-commit passes paths, so use --force-exclude.
# exclude = ["templates/**", "archive/**"]

# A profile per folder (first matching glob wins); front matter `reportlint-profile: NAME` beats it.
# [profiles]
# "postmortems/**" = "postmortem"

# [per-file-ignores]
# "drafts/**" = ["RL2", "RL4"]

# [severity]        # the most specific code or prefix wins
# RL4 = "warning"

# [rules.RL201]     # rule options, keyed by code; `reportlint rule RL201` documents them
# min-words = 4
'''


def write_starter(profile: str, directory: Path | None = None) -> str:
    """Create ``.reportlint.toml`` in ``directory``; refuse when a config already exists there."""
    from reportlint._atomic import create_atomic
    from reportlint._packs import builtin_pack_ids

    directory = directory or Path.cwd()
    known = builtin_pack_ids()
    if profile not in known and not (profile.endswith(".toml") and (directory / profile).is_file()):
        raise ConfigError(f"--profile: unknown profile {_show(profile)} (known: {', '.join(known)}, or a pack file){suggestion(profile, known)}")
    pyproject = directory / PYPROJECT
    if pyproject.is_file() and read_config(pyproject) is not None:
        raise ConfigError(f"{_display(pyproject)} already has a [tool.reportlint] table; not writing {CONFIG_FILE}")
    target = directory / CONFIG_FILE
    try:
        create_atomic(str(target), STARTER.format(profile=profile))
    except FileExistsError:
        raise ConfigError(f"{_display(target)} already exists; not overwriting it") from None
    except OSError as exc:
        raise ConfigError(f"{_display(target)}: cannot write: {exc.strerror or exc}") from None
    return _display(target)
