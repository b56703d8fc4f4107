"""Every output format: golden snapshots of one hand-made run, schema validation, escaping,
column units, ``-o FILE``, and SARIF/GitLab/JSON validity on the seed and the real corpus.

The golden run is built from hand-made findings, so it pins the formats, not any rule's
behaviour. ``pytest --update-golden`` rewrites ``tests/golden/formats/sample.*``.
"""
from __future__ import annotations

import io
import json
import os
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import CORPUS, SEED, TESTS, run_cli
from schemas import FINDING, FINDINGS, GITLAB, SARIF, errors
from reportlint import __version__
from reportlint._finding import Edit, Finding, Fix, Severity
from reportlint._fingerprint import with_fingerprints
from reportlint._positions import LineIndex, Position, Span, convert_column
from reportlint._registry import Rule, rule
from reportlint.formats import RunResult, format_names, get_format
from reportlint.formats.github import escape_data, escape_property
from reportlint.formats.text import statistics

GOLDEN = TESTS / "golden" / "formats"
SAMPLE_TEXT = (GOLDEN / "sample.md").read_text(encoding="utf-8")
SAMPLE_PATH = "reports/q1, 2024: review.md"  # commas and colons exercise escaping and URIs
OTHER_PATH = "reports/other.md"
SUFFIXES = {
    "concise": "concise", "full": "full", "grouped": "grouped", "pylint": "pylint", "json": "json",
    "json-lines": "jsonl", "github": "github", "gitlab": "gitlab", "sarif": "sarif", "junit": "junit",
    "rdjson": "rdjson", "html": "html", "markdown": "markdown",
}


# ------------------------------------------------------------ the golden run


def _fake_rule(code: str, name: str, severity: Severity, **extra: object) -> Rule:
    def check(doc, ctx):  # noqa: ANN001, ANN202 - never run
        return ()

    check.__doc__ = f"## What it does\nFlags {name.replace('-', ' ')}.\n\n## Why is this bad?\nReaders cannot tell.\n"
    made = rule(code=code, name=name, summary=f"No {name.replace('-', ' ')}", severity=severity, tags=(name.split("-")[0],), **extra)(check)
    return replace(made, origin="reportlint")  # built-in: gets a docs URL


RULES = (
    _fake_rule("RL103", "empty-section", Severity.INFO),
    _fake_rule("RL201", "na-without-justification", Severity.WARNING, options={"min-words": 3}),
    _fake_rule("RL202", "placeholder-text", Severity.ERROR, fix="sometimes"),
    _fake_rule("RL401", "speculative-claim", Severity.WARNING),
    _fake_rule("RL403", "absolute-claim", Severity.INFO),
)
_BY_CODE = {r.code: r for r in RULES}


def _span(lines: list[str], line: int, text: str, end_line: int | None = None, end_text: str | None = None) -> Span:
    """From ``text`` on ``line`` to the end of ``end_text`` on ``end_line`` (default: ``text`` itself)."""
    start = lines[line - 1].index(text) + 1
    if end_line is None:
        return Span(Position(line, start), Position(line, start + len(text)))
    end = lines[end_line - 1].index(end_text) + 1 + len(end_text)
    return Span(Position(line, start), Position(end_line, end))


def _finding(code: str, path: str, span: Span, message: str, **extra: object) -> Finding:
    made = _BY_CODE[code]
    return Finding(code, made.name, extra.pop("severity", made.severity), message, extra.pop("detail", None), path, span, made.url, **extra)


def sample_result(quiet: bool = False) -> RunResult:
    lines = SAMPLE_TEXT.splitlines()
    tbd = _span(lines, 4, "TBD 😀")
    findings = [
        _finding("RL201", SAMPLE_PATH, _span(lines, 3, "N/A"), '"Owner" is "N/A" with no reason given',
                 detail="Expected: a reason after N/A; Actual: none"),
        _finding("RL202", SAMPLE_PATH, tbd, 'placeholder "TBD" instead of a date',
                 fix=Fix("display-only", "Replace with the date", (Edit(tbd, "2024-05-02"),))),
        _finding("RL401", SAMPLE_PATH, _span(lines, 5, "likely"), 'speculative claim ("likely") with no evidence'),
        _finding("RL403", SAMPLE_PATH, _span(lines, 5, "100% sure"), 'absolute claim "100% sure", 50% of them unchecked'),
        _finding("RL401", SAMPLE_PATH, _span(lines, 7, "likely", 9, "probably"), "speculative claim spans three lines"),
        _finding("RL103", SAMPLE_PATH, Span(Position(12, 1), Position(13, 1)), 'section "Impact" is empty'),
        _finding("RL201", OTHER_PATH, _span(lines, 3, "N/A"), '"Owner" is "N/A" with no reason given'),
    ]
    stamped = [*with_fingerprints(findings[:-1], LineIndex(SAMPLE_TEXT)), *with_fingerprints(findings[-1:], LineIndex(SAMPLE_TEXT))]
    stamped.sort(key=lambda f: f.sort_key)
    files = ["reports/clean.md", OTHER_PATH, SAMPLE_PATH]
    return RunResult(stamped, files, {SAMPLE_PATH: lines, OTHER_PATH: lines}, RULES, __version__, quiet=quiet)


def _render(name: str, result: RunResult | None = None) -> str:
    return get_format(name)(result or sample_result()).replace(f'"{__version__}"', '"<version>"')


def _check_golden(path: Path, text: str, update: bool) -> None:
    if update:
        path.write_text(text, encoding="utf-8", newline="")
    assert path.exists(), f"missing {path.name}: run pytest --update-golden"
    assert text == path.read_text(encoding="utf-8"), f"{path.name} changed: review, then run pytest --update-golden"


def test_every_format_has_a_golden_file():
    assert sorted(format_names()) == sorted(SUFFIXES)


@pytest.mark.parametrize("name", sorted(SUFFIXES))
def test_golden(name: str, update_golden: bool):
    _check_golden(GOLDEN / f"sample.{SUFFIXES[name]}", _render(name), update_golden)


def test_golden_statistics(update_golden: bool):
    _check_golden(GOLDEN / "sample.statistics", statistics(sample_result()), update_golden)


# --------------------------------------------------------------- per format


def test_sarif_golden_is_valid_and_points_at_the_right_rules():
    log = json.loads(_render("sarif"))
    assert errors(SARIF, log) == []
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in RULES]  # every rule that ran, findings or not
    assert all(r["helpUri"].endswith(f"docs/rules/{r['id']}.md") and r["help"]["markdown"] for r in rules)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert len(result["partialFingerprints"]["reportlintFingerprint/v1"]) == 32
    assert {r["level"] for r in run["results"]} == {"error", "warning", "note"}
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "reports/other.md"
    assert run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "reports/q1%2C%202024%3A%20review.md"


def test_sarif_columns_are_utf16_and_rdjson_columns_utf8():
    """On "- **Due:**<TAB>TBD 😀 soon" the span "TBD 😀" ends after a 2-unit / 4-byte emoji."""
    sarif = json.loads(_render("sarif"))["runs"][0]["results"]
    rdjson = json.loads(_render("rdjson"))["diagnostics"]
    placeholder = next(r for r in sarif if r["ruleId"] == "RL202")["locations"][0]["physicalLocation"]["region"]
    assert (placeholder["startColumn"], placeholder["endColumn"]) == (12, 18)  # code points: 12..17
    diagnostic = next(d for d in rdjson if d["code"]["value"] == "RL202")
    assert (diagnostic["location"]["range"]["start"]["column"], diagnostic["location"]["range"]["end"]["column"]) == (12, 20)
    assert diagnostic["suggestions"] == [{"range": diagnostic["location"]["range"], "text": "2024-05-02"}]
    # "東京 likely": CJK is one UTF-16 unit but three UTF-8 bytes per character
    claim = next(r for r in sarif if r["ruleId"] == "RL401")["locations"][0]["physicalLocation"]["region"]
    assert claim["startColumn"] == 18
    assert next(d for d in rdjson if d["code"]["value"] == "RL401")["location"]["range"]["start"]["column"] == 22


def test_convert_column_counts_past_the_end_of_a_line():
    assert convert_column("a😀", 3, "utf-16") == 4
    assert convert_column("a😀", 4, "utf-16") == 5
    assert convert_column("é", 2, "utf-8") == 3


def test_a_span_to_the_start_of_the_next_line_ends_on_its_own_line():
    region = sample_result().region(next(f for f in sample_result().findings if f.code == "RL103"))
    assert (region.line, region.column, region.end_line, region.end_column) == (12, 1, 12, 10)


def test_json_and_json_lines_follow_the_findings_schema():
    document = json.loads(_render("json").replace('"<version>"', '"0.1.0"'))
    assert errors(FINDINGS, document) == []
    lines = _render("json-lines").splitlines()
    assert len(lines) == len(document["findings"])
    for line, finding in zip(lines, document["findings"]):
        assert json.loads(line) == finding
        assert errors(FINDING, json.loads(line)) == []


def test_gitlab_follows_the_code_quality_schema_with_unique_fingerprints():
    issues = json.loads(_render("gitlab"))
    assert errors(GITLAB, issues) == []
    assert len({i["fingerprint"] for i in issues}) == len(issues)  # GitLab merges equal fingerprints
    assert {i["severity"] for i in issues} == {"major", "minor", "info"}


def test_github_escapes_as_the_actions_toolkit():
    assert escape_data("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b"
    assert escape_property("q1, 2024: review.md") == "q1%2C 2024%3A review.md"
    lines = _render("github").splitlines()
    assert lines[1] == (
        "::warning file=reports/q1%2C 2024%3A review.md,line=3,col=14,endLine=3,endColumn=17,"
        "title=reportlint RL201::\"Owner\" is \"N/A\" with no reason given"
    )
    assert any(line.startswith("::notice ") and "50%25 of them" in line for line in lines)
    multi_line = next(line for line in lines if "three lines" in line)
    assert "col=" not in multi_line and "endColumn=" not in multi_line  # GitHub rejects columns across lines


def test_junit_has_one_suite_per_file_and_a_passing_case_for_clean_files():
    root = ET.fromstring(_render("junit"))
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"reports/clean.md", OTHER_PATH, SAMPLE_PATH}
    clean = suites["reports/clean.md"].findall("testcase")
    assert len(clean) == 1 and clean[0].find("failure") is None
    assert root.get("failures") == "7" and root.get("tests") == "8"
    failure = suites[SAMPLE_PATH].find("testcase/failure")
    assert failure.text.startswith("line 3, col 14, ")


def test_junit_of_an_empty_run_has_one_passing_testcase():
    root = ET.fromstring(get_format("junit")(RunResult([], [])))
    assert len(list(root.iter("testcase"))) == 1 and root.get("failures") == "0"


def test_junit_replaces_characters_xml_cannot_carry():
    finding = replace(sample_result().findings[0], message="bell \x07 here")
    ET.fromstring(get_format("junit")(RunResult([finding], [finding.path])))  # parses


def test_full_carets_under_tabs_wide_characters_and_multi_line_spans():
    full = _render("full")
    blocks = {b.splitlines()[0]: b.splitlines() for b in full.split("\n\n")}
    tbd = blocks['RL202 [*] [error] placeholder "TBD" instead of a date']
    # the tab expands to the next 4-column stop, the emoji takes two cells: 6 carets
    assert tbd[3:5] == ["4 | - **Due:**  TBD 😀 soon", "  |             ^^^^^^"]
    likely = blocks['RL401 [warning] speculative claim ("likely") with no evidence']
    assert likely[3:5] == ["5 | - **Region:** 東京 likely affected, 100% sure", "  |                    ^^^^^^"]
    spans = blocks["RL401 [warning] speculative claim spans three lines"]
    assert spans[2:9] == [
        "  |",
        "7 | The attackers likely",
        "  |               ^^^^^^",
        "8 | moved laterally and",
        "  | ^^^^^^^^^^^^^^^^^^^",
        "9 | probably exfiltrated data",
        "  | ^^^^^^^^",
    ]


def test_human_summary_line_and_quiet():
    expected = "Found 7 findings (1 error, 4 warnings, 2 info) in 2 files."
    for name in ("concise", "full", "grouped"):
        assert _render(name).splitlines()[-1] == expected
        assert expected not in get_format(name)(sample_result(quiet=True))
    for name in ("pylint", "github", "json-lines"):
        assert "Found 7" not in _render(name)


def test_statistics_by_rule_then_by_file():
    lines = statistics(sample_result()).splitlines()
    assert lines[:4] == [
        "2  RL201  na-without-justification",
        "2  RL401  speculative-claim",
        "1  RL103  empty-section",
        "1  RL202  placeholder-text",
    ]
    assert lines[6:8] == ["6  reports/q1, 2024: review.md", "1  reports/other.md"]
    assert lines[-1].startswith("Found 7 findings")


# ----------------------------------------------------------- the real CLI


def _run_in(cwd: Path, *paths: str, **settings: object) -> tuple[int, str, str]:
    """One in-process run from ``cwd`` (the formats, not process start-up, are under test)."""
    from reportlint._run import run
    from reportlint._settings import Settings

    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        code = run(Settings(paths=paths, **settings), out, err)
    finally:
        os.chdir(previous)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", sorted(SUFFIXES))
def test_output_file_matches_stdout_and_has_no_bom(reports_checkout: Path, name: str):
    shown = _run_in(reports_checkout, "reports", output_format=name)
    written = _run_in(reports_checkout, "reports", output_format=name, output_file="out.txt")
    assert shown[0] == written[0] == 1, shown[2]
    assert written[1] == ""
    data = (reports_checkout / "out.txt").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8") == shown[1]
    assert "reports/bad.md" in shown[1]


def test_output_file_from_the_command_line(reports_checkout: Path):
    result = run_cli("check", "reports", "--output-format", "sarif", "-o", "reportlint.sarif", cwd=reports_checkout)
    assert result.returncode == 1 and result.stdout == ""
    assert errors(SARIF, json.loads((reports_checkout / "reportlint.sarif").read_bytes().decode("utf-8"))) == []
    assert not list(reports_checkout.glob(".reportlint-*"))  # the temporary file was renamed into place
    assert (reports_checkout / "reportlint.sarif").stat().st_mode & 0o777 == 0o666 & ~_umask()  # not mkstemp's 0600


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def test_unknown_format_exits_2(reports_checkout: Path):
    result = run_cli("check", "reports", "--output-format", "xml", cwd=reports_checkout)
    assert result.returncode == 2
    assert "unknown output format 'xml'" in result.stderr


def test_statistics_from_the_command_line(reports_checkout: Path):
    (reports_checkout / "reports" / "worse.md").write_text("# Outage\n\n- **Cause:** N/A\n- **Impact:** n/a\n", encoding="utf-8")
    result = run_cli("check", "--statistics", "reports", cwd=reports_checkout)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "3  RL201  na-without-justification",
        "",
        "2  reports/worse.md",
        "1  reports/bad.md",
        "",
        "Found 3 findings (0 errors, 3 warnings, 0 info) in 2 files.",
    ]


def _validate_real(cwd: Path, paths: list[str]) -> None:
    for name, validator in (("sarif", SARIF), ("gitlab", GITLAB), ("json", FINDINGS)):
        code, out, err = _run_in(cwd, *paths, output_format=name, exit_zero=True)
        assert code == 0, err
        assert errors(validator, json.loads(out)) == [], name
    for line in _run_in(cwd, *paths, output_format="json-lines")[1].splitlines():
        assert errors(FINDING, json.loads(line)) == []


@pytest.mark.skipif(not SEED.exists(), reason="../shared/examples is absent")
def test_seed_outputs_validate():
    _validate_real(SEED.parent, [SEED.name])


def test_every_sarif_document_on_the_real_corpus_validates():
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus/real is absent")
    files = sorted(p.name for p in CORPUS.glob("*.md"))
    _validate_real(CORPUS, files)
    # one document per file too, with every rule, so no file hides behind another
    for path in files:
        code, out, err = _run_in(CORPUS, path, select=["ALL"], output_format="sarif", exit_zero=True)
        assert code == 0, err
        assert errors(SARIF, json.loads(out)) == [], path


def test_sarif_of_a_clean_run_lists_the_rules(reports_checkout: Path):
    result = run_cli("check", "--output-format", "sarif", "reports/good.md", cwd=reports_checkout)
    log = json.loads(result.stdout)
    assert errors(SARIF, log) == []
    assert log["runs"][0]["results"] == []
    assert {r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]} >= {"RL201"}
