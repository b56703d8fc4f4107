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

from reportlint._schema import key_path, schema_errors, show, suggestion
from reportlint._settings import DEFAULT_RULE_TIMEOUT, MAX_RULE_TIMEOUT, Settings

if TYPE_CHECKING:
    from reportlint._cache import Cache

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


@dataclass(frozen=True, eq=False, repr=False)  # configs are told apart by identity (configs()); nothing prints one
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

def key_prefix(path: Path | None) -> str:
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
    if isinstance(document.get("tool"), dict) and "reportlint" in document["tool"]:
        raise ConfigError(f"{_display(path)}: tool.reportlint: in {path.name} the keys are top-level: remove the [tool.reportlint] header (and the \"tool.reportlint.\" of sub-tables such as [tool.reportlint.severity]); [tool.reportlint] belongs in pyproject.toml")
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


# ---------------------------------------------------------------- globs

# A glob is read into tokens: a literal character, "?" (one character but "/"), a class, "*" (any
# run without "/"), "**" (any run) and "**/" (no folder or any folders).
_GlobToken = tuple[str, str]
_REGEX_OF = {"any": "[^/]", "star": "[^/]*", "dstar": ".*", "dirs": "(?:.*/)?"}
_STARS = frozenset({"star", "dstar", "dirs"})


def _glob_tokens(pattern: str) -> list[_GlobToken]:
    tokens: list[_GlobToken] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            tokens.append(("dirs", ""))
            i += 3
        elif pattern.startswith("**", i):
            tokens.append(("dstar", ""))
            i += 2
        elif pattern[i] in "*?":
            tokens.append(("star" if pattern[i] == "*" else "any", ""))
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 1 :]:
            close = pattern.index("]", i + 1)
            body = pattern[i + 1 : close].replace("\\", "\\\\")
            tokens.append(("class", "[^" + body[1:] + "]" if body.startswith("!") else "[" + body + "]"))
            i = close + 1
        else:
            tokens.append(("lit", pattern[i]))
            i += 1
    return tokens


@lru_cache(maxsize=512)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """``**`` any depth, ``*`` and ``?`` within one path component, ``[...]`` a class."""
    out = [re.escape(arg) if kind == "lit" else arg if kind == "class" else _REGEX_OF[kind] for kind, arg in _glob_tokens(pattern)]
    return re.compile("".join(out) + r"\Z")


def glob_problems(data: Mapping[str, Any], label: str, prefix: str) -> list[str]:
    """A line per glob in ``exclude``, ``per-file-ignores`` or ``profiles`` that cannot match
    anything as written: a character class with a range backwards (``[z-a]``) or that is not a class."""
    globs = [(["exclude", i], g) for i, g in enumerate(data.get("exclude", ()))]
    globs += [([table, g], g) for table in ("per-file-ignores", "profiles") for g in data.get(table, {})]
    problems = []
    for parts, glob in globs:
        for body in re.findall(r"\[!?([^]]*)\]", glob):
            try:
                re.compile("[" + body.replace("\\", "\\\\") + "]")  # as _glob_regex escapes it
            except re.error as exc:
                problems.append(f"{label}: {key_path(prefix, parts)}: bad glob {show(glob)}: {exc.msg} in [{body}]")
                break
    return problems


def glob_match(pattern: str, relative: str) -> bool:
    """Does the file at ``relative`` (POSIX, from the config directory) match ``pattern``?

    A pattern with a slash is matched against the path and each of its parent folders
    (so ``archive`` and ``archive/**`` both cover everything below ``archive/``); one
    without a slash against any single component (``drafts``, ``*.draft.md``).
    """
    pattern = pattern.strip().removeprefix("./").rstrip("/")
    matches = _glob_matcher(pattern)
    parts = relative.split("/")
    if "/" not in pattern:
        return any(matches(part) for part in parts)
    return any(matches("/".join(parts[: n + 1])) for n in range(len(parts)))


# A regular expression backtracks on a glob with many stars ("*a*a*a*a*a*a*b" on a long name runs for
# minutes); such globs are matched by following every token position at once: O(name x glob).
_MAX_REGEX_STARS = 2


@lru_cache(maxsize=512)
def _glob_matcher(pattern: str) -> Callable[[str], bool]:
    tokens = _glob_tokens(pattern)
    if sum(kind in _STARS for kind, _ in tokens) <= _MAX_REGEX_STARS:
        regex = _glob_regex(pattern)
        return lambda text: regex.match(text) is not None
    classes = {i: re.compile(arg) for i, (kind, arg) in enumerate(tokens) if kind == "class"}
    end = len(tokens)

    def closure(states: set[int]) -> set[int]:
        """``states`` and every later position a star (which may match nothing) lets through."""
        todo = list(states)
        while todo:
            at = todo.pop()
            if at < end and tokens[at][0] in _STARS and at + 1 not in states:
                states.add(at + 1)
                todo.append(at + 1)
        return states

    def matches(text: str) -> bool:
        states = closure({0})
        inside: set[int] = set()  # "**/" tokens part-way through their folders
        for char in text:
            following: set[int] = set()
            for at in inside:
                following.add(-1 - at)
                if char == "/":
                    following.add(at + 1)
            for at in states:
                if at == end:
                    continue
                kind, arg = tokens[at]
                if kind == "star" and char != "/" or kind == "dstar":
                    following.add(at)
                elif kind == "dirs":
                    following.add(-1 - at)
                    if char == "/":
                        following.add(at + 1)
                elif kind == "lit" and char == arg or kind == "any" and char != "/" or kind == "class" and classes[at].fullmatch(char):
                    following.add(at + 1)
            inside = {-1 - at for at in following if at < 0}
            states = closure({at for at in following if at >= 0})
            if not states and not inside:
                return False
        return end in states

    return matches


# ---------------------------------------------------------------- resolution

def explicit_fields(settings: Settings) -> frozenset[str]:
    """Settings fields given on the command line (or, programmatically, set off their default)."""
    if settings.explicit is not None:
        return settings.explicit
    defaults = Settings()
    return frozenset(f.name for f in fields(settings) if getattr(settings, f.name) != getattr(defaults, f.name))


class ConfigResolver:
    """Finds, reads and validates the config of each linted file, and merges it with the flags."""

    def __init__(self, settings: Settings, cwd: Path | None = None, memo: Cache | None = None) -> None:
        self.settings = settings
        self.memo = memo  # where schema checks that passed are remembered
        self.cwd = cwd or Path.cwd()
        self.explicit = explicit_fields(settings)
        self.overrides: dict[str, Any] = {}
        fixed: list[Path] = []
        for value in settings.config:
            if os.path.isfile(value):
                fixed.append(Path(value))
            elif "=" in value:
                self.overrides = _deep_merge(self.overrides, parse_override(value))
            elif os.path.exists(value):
                raise ConfigError(f"--config {value}: not a regular file (a FIFO, socket or device)")
            else:
                raise ConfigError(f"--config {value}: no such config file (or use KEY=VALUE)")
        if len(fixed) > 1:
            raise ConfigError("--config: give at most one config file")
        if self.overrides:
            raise_problems(schema_errors(self.overrides, config_schema(), "--config", "", self.memo))
            raise_problems(glob_problems(self.overrides, "--config", ""))
        self._fixed = self._load(fixed[0].resolve()) if fixed else None
        if self._fixed is not None and self._fixed.path is None:
            raise ConfigError(f"{fixed[0]}: no [tool.reportlint] table")
        self._by_dir: dict[Path, ConfigFile] = {}
        self._empty = ConfigFile(None, dict(self.overrides), self.cwd, frozenset(self.overrides))

    def _load(self, path: Path) -> ConfigFile:
        data = read_config(path)
        if data is None:
            return ConfigFile(None)
        raise_problems(schema_errors(data, config_schema(), str(_display(path)), key_prefix(path), self.memo))
        raise_problems(glob_problems(data, str(_display(path)), key_prefix(path)))
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
        config = self.config_for(None)
        settings = self._apply(self.settings, config, ("fail-on", "output-format", "max-file-size", "rule-timeout", "force-exclude", "source-material"))
        timeout = settings.rule_timeout
        if not (isinstance(timeout, (int, float)) and 0 <= timeout <= MAX_RULE_TIMEOUT):  # also NaN, which compares false
            source = "--rule-timeout" if "rule_timeout" in self.explicit or "rule-timeout" not in config.data else f"{config.source_of('rule-timeout')}: rule-timeout"
            raise ConfigError(f"{source}: {timeout!r} is not a number of seconds from 0 (no limit) to {MAX_RULE_TIMEOUT:g}")
        return settings

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
            elif key == "max-file-size":
                from reportlint._source import parse_size

                value = parse_size(value)
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


def raise_problems(problems: Sequence[str]) -> None:
    """Raise every problem as one ConfigError, one "reportlint: error:" line each."""
    if problems:
        raise ConfigError("\n".join(f"reportlint: error: {p}" if i else p for i, p in enumerate(problems)))


def front_matter_profile(front_matter: Mapping[str, str]) -> str | None:
    value = front_matter.get(PROFILE_KEY)
    return value.strip() or None if isinstance(value, str) else None


# ---------------------------------------------------------------- `reportlint config` and `init`

def _defaults() -> dict[str, Any]:
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
        raise ConfigError(f"--profile: unknown profile {show(profile)} (known: {', '.join(known)}, or a pack file){suggestion(profile, known)}")
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
