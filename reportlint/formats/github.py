"""``github``: GitHub Actions workflow commands, shown as annotations on the pull request."""
from __future__ import annotations

from reportlint._finding import Finding, Severity
from reportlint.formats import RunResult

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


# Other control characters (terminal escapes) are shown as escapes: the log is a terminal.
_CONTROLS = {code: repr(chr(code))[1:-1] for code in [*range(0x20), *range(0x7F, 0xA0)] if chr(code) not in "\r\n"}


def escape_data(text: str) -> str:
    """Escape a command's message as ``@actions/core`` does, control characters made visible."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").translate(_CONTROLS)


def escape_property(text: str) -> str:
    """Escape a property value: the message escapes plus ``:`` and ``,``, which delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(finding: Finding, result: RunResult) -> str:
    # Columns in UTF-16 code units, as the web UI's JavaScript and SARIF count them. GitHub
    # accepts columns only on a single-line annotation.
    region = result.region(finding, "utf-16")
    properties = [("file", finding.path), ("line", str(region.line))]
    if region.line == region.end_line:
        properties.append(("col", str(region.column)))
    properties.append(("endLine", str(region.end_line)))
    if region.line == region.end_line:
        properties.append(("endColumn", str(region.end_column)))
    properties.append(("title", f"reportlint {finding.code}"))
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{_COMMANDS[finding.severity]} {rendered}::{escape_data(finding.message)}\n"


def workflow_commands(result: RunResult) -> str:
    return "".join(_command(f, result) for f in result.findings)
