"""Human formats: ``concise`` (flake8 style, one line a finding) and ``full`` (with carets)."""
from __future__ import annotations

from reportlint._finding import Finding, Severity
from reportlint.formats import RunResult

_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"


def safe(text: str) -> str:
    """Report text with control characters (terminal escapes included) made visible."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _code(finding: Finding, result: RunResult) -> str:
    marker = " [*]" if finding.fix is not None else ""
    if result.color:
        return f"{_BOLD}{_COLORS[finding.severity]}{finding.code}{_RESET}{marker}"
    return finding.code + marker


def _location(finding: Finding, result: RunResult) -> str:
    start = finding.span.start
    path = safe(finding.path)
    if result.color:
        path = f"{_BOLD}{path}{_RESET}"
    return f"{path}:{start.line}:{start.column}"


def summary(result: RunResult) -> str:
    """``Found N findings (E errors, W warnings, I info) in F files.``"""
    counts = result.counts()
    total = len(result.findings)
    files = len({f.path for f in result.findings})
    noun = "finding" if total == 1 else "findings"
    file_noun = "file" if files == 1 else "files"
    if not total:
        checked = len(result.files)
        return f"All checks passed ({checked} {'file' if checked == 1 else 'files'} checked)."
    return (
        f"Found {total} {noun} ({counts[Severity.ERROR]} errors, {counts[Severity.WARNING]} warnings, "
        f"{counts[Severity.INFO]} info) in {files} {file_noun}."
    )


def concise(result: RunResult) -> str:
    lines = [f"{_location(f, result)}: {_code(f, result)} {safe(f.message)}" for f in result.findings]
    if not result.quiet:
        lines.append(summary(result))
    return "\n".join(lines) + ("\n" if lines else "")


def full(result: RunResult) -> str:
    blocks: list[str] = []
    for finding in result.findings:
        start, end = finding.span.start, finding.span.end
        block = [
            f"{_code(finding, result)} [{finding.severity}] {safe(finding.message)}",
            f"  --> {_location(finding, result)}",
        ]
        source_lines = result.lines.get(finding.path, ())
        if 0 < start.line <= len(source_lines):
            line_text = source_lines[start.line - 1]
            gutter = str(start.line)
            pad = " " * len(gutter)
            flagged = line_text[start.column - 1 : end.column - 1] if end.line == start.line else line_text[start.column - 1 :]
            width = len(safe(flagged))  # carets line up with the escaped line shown above them
            prefix = " " * len(safe(line_text[: start.column - 1]))
            block += [f"{pad} |", f"{gutter} | {safe(line_text)}", f"{pad} | {prefix}{'^' * max(width, 1)}"]
        if finding.detail:
            block.append(f"  = detail: {safe(finding.detail)}")
        if finding.url:
            block.append(f"  = docs: {finding.url}")
        blocks.append("\n".join(block))
    text = "\n\n".join(blocks)
    if not result.quiet:
        text = f"{text}\n\n{summary(result)}" if text else summary(result)
    return text + "\n" if text else ""
