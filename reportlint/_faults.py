"""Running one rule on one document within its time budget: a rule that raises, hangs or
returns a finding outside the file becomes a fault (exit 2) and the other rules still run."""
from __future__ import annotations

import signal
import threading
import time
from typing import Any, NamedTuple

from reportlint._document import Document
from reportlint._finding import Finding, Severity
from reportlint._positions import Position, Span
from reportlint._registry import Rule, RuleContext
from reportlint._settings import DEFAULT_RULE_TIMEOUT

_BUDGET_UNIT = 1024 * 1024  # characters: a larger file gets a proportionally larger budget

_SPARE_FINDINGS = 1000  # findings a rule may return beyond one per character (bounds memory)

# Engine codes: a faulty rule is an exit-2 error naming the rule and the file, never a finding.
RULE_CRASHED, RULE_TIMED_OUT, RULE_BAD_FINDING = "RL005", "RL006", "RL007"


class RuleFault(NamedTuple):
    """A rule that raised, ran past its time budget or returned a finding outside the file."""

    code: str
    rule: Rule
    path: str
    problem: str
    error: BaseException | None = None

    def __str__(self) -> str:
        where = f" (from plugin {self.rule.origin})" if self.rule.origin != "reportlint" else ""
        return f"{self.code} rule {self.rule.code} ({self.rule.name}){where} {self.problem}; its findings for this file are not reported"


class _Timeout(BaseException):
    """Raised by SIGALRM inside a rule; a BaseException so that ``except Exception`` in a rule cannot swallow it."""


def _expire(signum: int, frame: Any) -> None:
    raise _Timeout


class RuleAlarm:
    """SIGALRM as the time limit of each rule, where the platform and thread allow it.

    The handler is installed once for a batch of rules (one document) and only the timer
    is armed per rule: installing a handler costs several times more than arming the
    timer, and it was done for every rule of every file. The regular-expression engine
    checks for signals, so even catastrophic backtracking is interrupted. Elsewhere
    (Windows, worker threads, a timer already running) the caller's elapsed-time check
    after the rule returns is the only limit.
    """

    def __init__(self) -> None:
        self.usable = False
        self._previous: Any = None

    def __enter__(self) -> RuleAlarm:
        self.usable = (
            hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_REAL)[0] == 0
        )
        if self.usable:
            self._previous = signal.signal(signal.SIGALRM, _expire)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.usable:
            try:
                signal.setitimer(signal.ITIMER_REAL, 0)
            finally:
                signal.signal(signal.SIGALRM, self._previous)
                self.usable = False

    def arm(self, seconds: float) -> None:
        """Interrupt the running rule after ``seconds`` (0: never)."""
        if self.usable and seconds > 0:
            signal.setitimer(signal.ITIMER_REAL, seconds)

    def disarm(self) -> None:
        if self.usable:
            signal.setitimer(signal.ITIMER_REAL, 0)


def rule_budget(timeout: float, doc: Document) -> float:
    """Seconds one rule may take on ``doc``: ``timeout``, scaled up per MiB past the first."""
    return timeout * max(1.0, len(doc.text) / _BUDGET_UNIT)


def run_rule(rule_: Rule, doc: Document, ctx: RuleContext, timeout: float = DEFAULT_RULE_TIMEOUT, alarm: RuleAlarm | None = None) -> tuple[list[Finding], RuleFault | None]:
    """Run one check within its time budget; a fault drops that rule's findings for this file.

    ``alarm``: an entered :class:`RuleAlarm` shared by the rules of one document (else one
    is set up for this rule alone).
    """
    if alarm is None:
        with RuleAlarm() as own:
            return run_rule(rule_, doc, ctx, timeout, own)
    timeout = rule_budget(timeout, doc)
    started = time.perf_counter()
    most = len(doc.text) + _SPARE_FINDINGS
    findings: list[Finding] = []
    try:
        alarm.arm(timeout)
        try:
            for found in rule_.func(doc, ctx):
                findings.append(found)
                if len(findings) > most:
                    return [], RuleFault(RULE_BAD_FINDING, rule_, doc.path, f"returned more than {most:,} findings, more than the file has characters")
        finally:
            alarm.disarm()
    except _Timeout:
        return [], RuleFault(RULE_TIMED_OUT, rule_, doc.path, f"ran past its {timeout:.3g} s time budget (rule-timeout)")
    except RecursionError as exc:
        return [], RuleFault(RULE_CRASHED, rule_, doc.path, "failed: input nested too deeply", exc)
    except (Exception, SystemExit, GeneratorExit) as exc:  # noqa: BLE001 - one broken rule must not stop the others (nor end the run: sys.exit in a plugin)
        return [], RuleFault(RULE_CRASHED, rule_, doc.path, f"raised {type(exc).__name__}: {exc}", exc)
    elapsed = time.perf_counter() - started
    if timeout > 0 and elapsed > timeout:
        return [], RuleFault(RULE_TIMED_OUT, rule_, doc.path, f"took {elapsed:.1f} s, past its {timeout:.3g} s time budget (rule-timeout)")
    for found in findings:
        problem = bad_finding(doc, found) or not_its_own(rule_, doc, found)
        if problem:
            return [], RuleFault(RULE_BAD_FINDING, rule_, doc.path, problem)
    return findings, None


def bad_finding(doc: Document, found: object) -> str | None:
    """Why ``found`` cannot be reported for ``doc`` (not a Finding, or a span outside the file)."""
    if not isinstance(found, Finding):
        return f"returned {type(found).__name__}, not a Finding"
    if not isinstance(found.severity, Severity):
        return f"returned a finding with severity {found.severity!r}, not a Severity (error, warning or info)"
    span = found.span
    if not (isinstance(span, Span) and isinstance(span.start, Position) and isinstance(span.end, Position)):
        return f"returned a finding whose span is {type(span).__name__}, not a Span of two Positions"
    for position in (span.start, span.end):
        if not _inside(doc, position):
            return f"returned a finding at {position.line}:{position.column}, outside the file"
    if span.end < span.start:
        return f"returned a finding that ends ({span.end.line}:{span.end.column}) before it starts ({span.start.line}:{span.start.column})"
    return None


def _inside(doc: Document, position: Position) -> bool:
    """A line of the file and a column from 1 to just past the line's last character."""
    starts = doc.index.starts
    if not (isinstance(position.line, int) and isinstance(position.column, int)):
        return False
    if not 1 <= position.line <= len(starts) or position.column < 1:
        return False
    limit = starts[position.line] if position.line < len(starts) else len(doc.text) + 1
    return starts[position.line - 1] + position.column - 1 < limit


def not_its_own(rule_: Rule, doc: Document, found: Finding) -> str | None:
    """Why ``found`` is not a finding ``rule_`` may report: another file's path, or a code
    outside the rule's own prefix (a plugin's ``ACME`` rule cannot report ``RL201``)."""
    if found.path != doc.path:
        return f"returned a finding for another file ({found.path!r})"
    prefix = rule_.code.rstrip("0123456789")
    if not (isinstance(found.code, str) and found.code.startswith(prefix) and found.code[len(prefix):].isdigit()):
        return f"returned a finding with code {found.code!r}, outside its own prefix {prefix}"
    return None
