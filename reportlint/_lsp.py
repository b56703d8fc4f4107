"""What the language server computes, without the protocol: lint an editor buffer as
``reportlint check`` would lint the file, and the edits and texts its code actions and hovers
offer. ``reportlint._server`` wraps this in pygls; nothing here imports pygls or lsprotocol, so
it is tested directly and ``reportlint check`` never pays for it.

Findings are the engine's own (``_engine.lint_file``): config discovery walking up from the
document, its front-matter profile, suppressions and severities are the same code paths as
``check``. Nothing here writes a file: the engine is built without a cache folder.
"""
from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlint._config import CONFIG_FILE, PYPROJECT, ConfigError
from reportlint._dates import Precision, find_dates
from reportlint._docs import docstring_section
from reportlint._engine import Engines, UsageError, build_engines, lint_file
from reportlint._finding import Finding
from reportlint._frontmatter import split_front_matter
from reportlint._gc import without_gc
from reportlint._packs import PackError
from reportlint._positions import Position, convert_column
from reportlint._registry import Rule, RuleError
from reportlint._settings import Settings
from reportlint._source import SourceFile, display_path
from reportlint._suppress import NO_REASON, UNKNOWN, UNUSED
from reportlint._validate import validate_configs

MARKDOWN_SUFFIXES = (".md", ".markdown")
_META = (UNUSED, UNKNOWN, NO_REASON)  # findings about suppression comments: not suppressed by another one


@dataclass
class Linted:
    """One lint of one version of a buffer: the findings, or why there are none."""

    text: str
    findings: list[Finding] = field(default_factory=list)
    rules: dict[str, Rule] = field(default_factory=dict)  # code -> rule, for hovers
    faults: list[str] = field(default_factory=list)  # rules that failed on this text (the rest still ran)
    error: str | None = None  # nothing was linted: a broken config, pack or profile, a file too large
    day_order: str = ""  # "dmy" or "mdy" when the profile or config states it for RL302
    config_error: tuple[Path, str] | None = None  # the config file the error is in, and the error

    @property
    def lines(self) -> list[str]:
        return split_lines(self.text)


class Linter:
    """The engine of the workspace, built on first use and again after a config changes.

    The working directory is the workspace root (the server changes into it), so
    ``fail-on``/``rule-timeout``-style run settings come from the root config, as for a
    ``reportlint check`` run from there.
    """

    def __init__(self) -> None:
        self._engines: Engines | None = None
        self.plugin_errors: list[str] = []
        self._validated: set[int] = set()

    def reset(self) -> None:
        """Forget every config, pack and engine (a config file changed on disk)."""
        self._engines = None
        self._validated = set()

    def engines(self) -> Engines:
        if self._engines is None:
            self.plugin_errors = []
            self._engines = build_engines(Settings(explicit=frozenset(), cache_dir=None), self.plugin_errors)
        return self._engines

    def lint(self, filesystem_path: str | None, text: str) -> Linted:
        """The findings ``reportlint check`` gives for ``filesystem_path`` if it held ``text``."""
        shown = display_path(filesystem_path) if filesystem_path else "untitled.md"
        try:
            engines = self.engines()
            config = engines.resolver.config_for(filesystem_path)
            if id(config) not in self._validated:
                validate_configs([config], engines.registry, None)
                self._validated.add(id(config))
        except (ConfigError, PackError, RuleError, UsageError) as exc:
            message = _one_line(str(exc))
            return Linted(text, error=message, config_error=config_file_of(filesystem_path, message))
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > engines.settings.max_file_size:
            return Linted(text, error=f"{shown}: file is {size:,} bytes, above the {engines.settings.max_file_size:,}-byte limit (max-file-size); not linted")
        if text.startswith("\ufeff"):
            text_to_lint = text[1:]  # as ``check`` reads it; positions on line 1 shift by one, see ``to_units``
        else:
            text_to_lint = text
        outcome = without_gc(lint_file, engines, SourceFile(shown, filesystem_path), text_to_lint)  # as check: few garbage cycles, collector passes are pure cost
        if outcome.error is not None:
            path, problem = outcome.error
            return Linted(text, error=f"{path}: {problem}" if path else problem)
        engine = engines.get(filesystem_path, outcome.front_profile)  # the engine that linted the text (cached)
        order = engine.settings.rule_options.get("RL302", {}).get("day-order") or engine.profile.options.get("RL302", {}).get("day-order") or ""
        return Linted(text, outcome.findings, engine.known.rules, [problem for _, problem in outcome.faults], day_order=str(order))


def is_markdown(path: str | None, language_id: str | None) -> bool:
    return language_id == "markdown" or (path or "").lower().endswith(MARKDOWN_SUFFIXES)


def is_config(path: str) -> bool:
    """A file whose change may change findings: a config, or a pack (any TOML file)."""
    return path.endswith(".toml")


# ---------------------------------------------------------------- positions

def split_lines(text: str) -> list[str]:
    """The lines of an editor's text, split at each of LSP's line ends."""
    return re.split(r"\r\n|\r|\n", text)


def unchanged(before: Sequence[str], now: Sequence[str], finding: Finding) -> bool:
    """Whether every line ``finding`` (and its fix) touches reads the same, at the same number,
    in ``now`` as in ``before``: then its positions, and edits made from them, still hold."""
    spans = [finding.span, *(edit.span for edit in (finding.fix.edits if finding.fix is not None else ()))]
    for span in spans:
        for line0 in range(span.start.line - 1, span.end.line):
            if line0 >= len(before) or line0 >= len(now) or before[line0] != now[line0]:
                return False
    return True


def to_units(lines: Sequence[str], position: Position, encoding: str, bom: bool = False) -> tuple[int, int]:
    """A 1-based code-point ``position`` as the 0-based (line, character) of ``encoding``
    ("utf-16", LSP's default, "utf-8" or "utf-32")."""
    line0 = position.line - 1
    column = position.column + (1 if bom and line0 == 0 else 0)
    text = lines[line0] if line0 < len(lines) else ""
    if encoding == "utf-32" or text.isascii():
        return line0, column - 1
    return line0, convert_column(text, column, "utf-16" if encoding != "utf-8" else "utf-8") - 1


def from_units(lines: Sequence[str], line0: int, character: int, encoding: str) -> Position:
    """The 1-based code-point position of an LSP (line, character) in ``encoding``."""
    text = lines[line0] if 0 <= line0 < len(lines) else ""
    if encoding == "utf-32" or text.isascii():
        return Position(line0 + 1, character + 1)
    unit = "utf-16-le" if encoding != "utf-8" else "utf-8"
    width = 2 if encoding != "utf-8" else 1
    count = 0
    for index, char in enumerate(text):
        if count >= character:
            return Position(line0 + 1, index + 1)
        count += len(char.encode(unit, "surrogatepass")) // width
    return Position(line0 + 1, len(text) + 1 + max(character - count, 0))


# ---------------------------------------------------------------- code actions

@dataclass(frozen=True)
class TextEdit:
    """Insert ``text`` at 0-based ``line`` and code-point ``column`` (converted by the caller)."""

    line: int
    column: int
    text: str


def is_document_level(finding: Finding) -> bool:
    """A finding about the whole document (a missing section or field): at 1:1, no text."""
    return finding.span.start == finding.span.end == (1, 1)


def front_matter_end(lines: Sequence[str]) -> int:
    """The 0-based line after the front matter (0 without one)."""
    found = split_front_matter(lines)
    return found.end_line if found is not None else 0


def suppress_line_edit(lines: Sequence[str], finding: Finding) -> TextEdit | None:
    """A ``reportlint-disable-line`` comment on the finding's first line, its reason left empty
    after ``--`` for the writer to fill in. None where a line comment cannot go: a finding about
    the whole document, or one in the front matter.

    The comment goes before trailing blanks (a hard line break stays one) and, in a table row,
    inside its last cell (after the closing pipe it would be a cell of its own).
    """
    if finding.code in _META or is_document_level(finding):
        return None
    line0 = finding.span.start.line - 1
    if line0 >= len(lines) or line0 < front_matter_end(lines):
        return None
    comment = f"<!-- reportlint-disable-line {finding.code} -- -->"
    line = lines[line0]
    body = line.rstrip()
    if body.endswith("|") and not body.endswith("\\|") and body.lstrip().startswith("|"):
        cell_end = len(body) - 1
        pad = "" if line[:cell_end].endswith(" ") else " "
        return TextEdit(line0, cell_end, f"{pad}{comment} ")
    return TextEdit(line0, len(body), f" {comment}")


def suppress_file_edit(lines: Sequence[str], finding: Finding) -> TextEdit | None:
    """A ``reportlint-disable-file`` comment on a line of its own, after any front matter."""
    if finding.code in _META:
        return None
    return TextEdit(front_matter_end(lines), 0, f"<!-- reportlint-disable-file {finding.code} -- -->\n")


def iso_rewrites(line: str, day_order: str) -> list[tuple[int, int, str, str]]:
    """``(start, end, text, iso)`` for each numeric date on ``line`` that is ambiguous on its own
    (RL302's shape, "03/04/2025") but certain under the stated ``day_order`` ("dmy"/"mdy"). RL302
    reports nothing once the day order is stated; this rewrite makes the date plain to every
    reader. Dates with a time, a range or no year are left alone."""
    if day_order not in ("dmy", "mdy"):
        return []
    ambiguous = {(m.start, m.end) for m in find_dates(line) if m.readings is not None and m.end_value is None}
    if not ambiguous:
        return []
    rewrites = []
    for match in find_dates(line, day_first=day_order == "dmy"):
        value = match.value
        if (match.start, match.end) in ambiguous and value is not None and value.precision == Precision.DAY and value.year is not None and not value.year_inferred:
            rewrites.append((match.start, match.end, match.text, value.iso()))
    return rewrites


# ---------------------------------------------------------------- hover

def hover_text(finding: Finding, rule: Rule | None) -> str:
    """Markdown for a flagged span: the finding, the rule's summary and why it matters (the
    docstring section ``docs/rules/`` shows), and the link to the rule's page."""
    parts = [f"**{finding.code}** `{finding.name}` ({finding.severity.value}): {finding.message}"]
    if finding.detail:
        parts.append(finding.detail)
    if rule is not None:
        parts.append(rule.summary if rule.summary.endswith(".") else f"{rule.summary}.")
        why = docstring_section(rule.doc, "Why is this bad?").strip()
        if why:
            parts.append(f"*Why is this bad?* {' '.join(why.split())}")
    if finding.url:
        parts.append(f"[{finding.code} documentation]({finding.url})")
    return "\n\n".join(parts)


# ---------------------------------------------------------------- broken configs

_KEY = re.compile(r"^(?:tool\.reportlint\.)?(?P<key>[A-Za-z0-9_-]+)")
_TOML_LINE = re.compile(r"\(at line (?P<line>\d+)")


def _one_line(message: str) -> str:
    return "; ".join(part.removeprefix("reportlint: error: ") for part in message.splitlines())


def config_file_of(filesystem_path: str | None, message: str) -> tuple[Path, str] | None:
    """The config file walking up from the document that ``message`` names, if any."""
    start = Path(os.path.abspath(filesystem_path)).parent if filesystem_path else Path.cwd()
    for directory in (start, *start.parents):
        for name in (CONFIG_FILE, PYPROJECT):
            candidate = directory / name
            if candidate.is_file() and (message.startswith(f"{display_path(candidate)}:") or message.startswith(f"{candidate}:")):
                return candidate, message
    return None


def config_error_line(config_text: str, message: str) -> int:
    """The 0-based line of the key (or TOML syntax error) ``message`` names; 0 when unknown."""
    toml_line = _TOML_LINE.search(message)
    if toml_line:
        return max(int(toml_line.group("line")) - 1, 0)
    _, _, rest = message.partition(": ")
    found = _KEY.match(rest)
    if found is None:
        return 0
    key = found.group("key")
    prefixed = rest.startswith("tool.reportlint.")
    lines = split_lines(config_text)
    in_tool = not prefixed
    for number, line in enumerate(lines):
        stripped = line.strip()
        if prefixed and stripped.startswith("["):
            in_tool = stripped.startswith("[tool.reportlint")
            if stripped.startswith(f"[tool.reportlint.{key}"):
                return number
            continue
        if in_tool and (re.match(rf"{re.escape(key)}\s*=", stripped) or re.match(rf"\[{re.escape(key)}[\].]", stripped)):
            return number
    return 0
