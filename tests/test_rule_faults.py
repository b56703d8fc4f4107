"""A faulty rule (it raises, runs past its time budget or reports outside the file) is one
exit-2 line naming the engine code, the rule and the file; every other rule and file runs."""
from __future__ import annotations

import io
import json
import re
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportlint._registry import load_registry, rule
from reportlint._run import run
from reportlint._settings import Settings
from reportlint._source import display_path
from reportlint.api import Document, Finding, Position, RuleContext, Span


@rule(code="ZZ901", name="always-fine", summary="reports line 1")
def always_fine(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """Reports the first line of every file."""
    yield ctx.finding(doc.line_span(1), "first line")


@rule(code="ZZ902", name="raises", summary="crashes on files named crash")
def raises(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """Yields one finding, then crashes."""
    yield ctx.finding(doc.line_span(1), "partial")
    if "crash" in doc.path:
        raise ValueError("boom\nwith a second line")


@rule(code="ZZ903", name="loops-forever", summary="never returns on files named loop")
def loops_forever(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """Busy-loops and swallows every Exception: only the time budget stops it."""
    while "loop" in doc.path:
        try:
            sum(range(1000))
        except Exception:  # noqa: BLE001, S110 - a hostile rule
            pass
    return iter(())


@rule(code="ZZ904", name="backtracks", summary="catastrophic regex on files named regex")
def backtracks(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """Runs a pattern that backtracks for ages (2**40 steps)."""
    if "regex" in doc.path:
        re.match(r"(a+)+$", "a" * 40 + "!")
    return iter(())


@rule(code="ZZ905", name="off-the-page", summary="reports past the end of files named outside")
def off_the_page(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """Reports line 999 or a column past the end of line 1."""
    if "outside" in doc.path:
        yield ctx.finding(Span(Position(999, 1), Position(999, 2)), "nowhere")
    if "column" in doc.path:
        yield ctx.finding(Span(Position(1, 50), Position(1, 51)), "past the line end")
    if "backwards" in doc.path:
        yield ctx.finding(Span(Position(1, 3), Position(1, 1)), "ends before it starts")


@rule(code="ZZ906", name="not-a-finding", summary="yields junk on files named junk")
def not_a_finding(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """Yields something that is not a Finding."""
    if "junk" in doc.path:
        yield "a string"  # type: ignore[misc]


@rule(code="ZZ907", name="sleeps", summary="sleeps on files named sleep")
def sleeps(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """Takes longer than the budget."""
    if "sleep" in doc.path:
        time.sleep(0.6)
    return iter(())


@rule(code="ZZ908", name="endless", summary="never stops reporting on files named endless")
def endless(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """Yields the same finding forever: memory, not time, is the danger."""
    while "endless" in doc.path:
        yield ctx.finding(doc.line_span(1), "again")


FAKE_RULES = (always_fine, raises, loops_forever, backtracks, off_the_page, not_a_finding, sleeps, endless)
NAMES = ["ok", "crash", "loop", "regex", "outside", "column", "backwards", "junk", "endless"]


@pytest.fixture
def fake_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    def with_fakes(extra=(), errors=None):  # noqa: ANN001, ANN202
        return load_registry([*extra, ("testplugin", FAKE_RULES)], errors)

    monkeypatch.setattr("reportlint._engine.load_registry", with_fakes)


@pytest.fixture
def reports(tmp_path: Path) -> dict[str, Path]:
    files = {}
    for name in NAMES + ["sleep"]:
        files[name] = tmp_path / f"{name}.md"
        files[name].write_text("# Title\n\nSome text.\n", encoding="utf-8")
    return files


def _lint(paths: list[Path], timeout: float = 0.5, verbose: bool = False) -> tuple[int, list[dict], list[str]]:
    out, err = io.StringIO(), io.StringIO()
    settings = Settings(paths=[str(p) for p in paths], select=["ZZ"], output_format="json", rule_timeout=timeout, verbose=verbose)
    code = run(settings, out, err)
    return code, json.loads(out.getvalue())["findings"], err.getvalue().splitlines()


def test_every_fault_is_one_line_and_the_rest_still_runs(fake_registry: None, reports: dict[str, Path]) -> None:
    code, findings, errors = _lint([reports[name] for name in NAMES])
    assert code == 2
    shown = {name: display_path(reports[name]) for name in NAMES}
    # the healthy rule reported every file, whatever happened to the others
    assert sorted(f["path"] for f in findings if f["code"] == "ZZ901") == sorted(shown.values())
    # the faulty rules' findings on the faulty files are dropped, not half-reported
    assert not [f for f in findings if f["code"] == "ZZ902" and f["path"] == shown["crash"]]
    assert [f["path"] for f in findings if f["code"] == "ZZ902"] == sorted(p for n, p in shown.items() if n != "crash")
    prefix = "reportlint: error: {}: {} rule {} ({}) (from plugin test_rule_faults) "
    suffix = "; its findings for this file are not reported"
    assert sorted(errors) == sorted([
        prefix.format(shown["crash"], "RL005", "ZZ902", "raises") + "raised ValueError: boom\\nwith a second line" + suffix,
        prefix.format(shown["loop"], "RL006", "ZZ903", "loops-forever") + "ran past its 0.5 s time budget (rule-timeout)" + suffix,
        prefix.format(shown["regex"], "RL006", "ZZ904", "backtracks") + "ran past its 0.5 s time budget (rule-timeout)" + suffix,
        prefix.format(shown["outside"], "RL007", "ZZ905", "off-the-page") + "returned a finding at 999:1, outside the file" + suffix,
        prefix.format(shown["column"], "RL007", "ZZ905", "off-the-page") + "returned a finding at 1:50, outside the file" + suffix,
        prefix.format(shown["backwards"], "RL007", "ZZ905", "off-the-page") + "returned a finding that ends (1:1) before it starts (1:3)" + suffix,
        prefix.format(shown["junk"], "RL007", "ZZ906", "not-a-finding") + "returned str, not a Finding" + suffix,
        prefix.format(shown["endless"], "RL007", "ZZ908", "endless") + "returned more than 1,020 findings, more than the file has characters" + suffix,
    ])


def test_timer_and_signal_handler_are_restored(fake_registry: None, reports: dict[str, Path]) -> None:
    if not hasattr(signal, "setitimer"):
        pytest.skip("no interval timers on this platform")
    before = signal.getsignal(signal.SIGALRM)
    _lint([reports["loop"], reports["ok"]])
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_budget_is_checked_after_the_rule_where_no_timer_can_be_used(fake_registry: None, reports: dict[str, Path]) -> None:
    """Outside the main thread SIGALRM cannot interrupt a rule: the elapsed time still counts."""
    outcome: list[tuple[int, list[dict], list[str]]] = []
    worker = threading.Thread(target=lambda: outcome.append(_lint([reports["sleep"], reports["ok"]], timeout=0.2)))
    worker.start()
    worker.join(30)
    code, findings, errors = outcome[0]
    assert code == 2
    assert len(errors) == 1
    assert re.fullmatch(r"reportlint: error: .*sleep\.md: RL006 rule ZZ907 \(sleeps\) .* took \d+\.\d s, past its 0\.2 s time budget .*", errors[0])
    assert len([f for f in findings if f["code"] == "ZZ901"]) == 2


def test_zero_turns_the_budget_off(fake_registry: None, reports: dict[str, Path]) -> None:
    code, findings, errors = _lint([reports["sleep"]], timeout=0)
    assert (code, errors) == (1, [])


def test_verbose_shows_the_rule_traceback(fake_registry: None, reports: dict[str, Path]) -> None:
    out, err = io.StringIO(), io.StringIO()
    run(Settings(paths=[str(reports["crash"])], select=["ZZ902"], verbose=True), out, err)
    assert "Traceback" in err.getvalue() and 'raise ValueError("boom' in err.getvalue()
    assert err.getvalue().rstrip().splitlines()[-1].startswith("reportlint: error: ")


def test_rule_timeout_flag(tmp_path: Path) -> None:
    from conftest import run_cli

    report = tmp_path / "r.md"
    report.write_text("# Title\n\nFine.\n", encoding="utf-8")
    assert run_cli("check", "--rule-timeout", "2.5", str(report)).returncode == 0
    bad = run_cli("check", "--rule-timeout", "-1", str(report))
    assert bad.returncode == 2 and "--rule-timeout" in bad.stderr


def test_budget_grows_with_the_size_of_the_file() -> None:
    from reportlint._builder import parse_document
    from reportlint._faults import rule_budget

    assert rule_budget(20, parse_document("small.md", "# T\n")) == 20
    assert rule_budget(20, parse_document("big.md", "x" * (3 * 1024 * 1024))) == 60
