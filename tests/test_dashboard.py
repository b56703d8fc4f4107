"""The overview formats: the ``html`` dashboard and the ``markdown`` summary, through the real
command: what they show, that a hostile report stays text, the size limit of the summary,
and that other formats never import them."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from conftest import CORPUS, FIXTURES, TESTS, run_cli
from reportlint._finding import Finding, Severity
from reportlint._positions import Position, Span
from reportlint.formats import FileProfile, RunResult, get_format
from reportlint.formats.markdown import LIMIT

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'
HOSTILE_NAME = 'x"><img src=x onerror=alert(4)>.md'


class Page(HTMLParser):
    """The elements of a page, its text, and the attributes of each element."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A report whose name and flagged lines carry markup (findings on lines 1, 3 and 4)."""
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / HOSTILE_NAME).write_text(
        f"# TODO {SCRIPT}\n\n- **Root cause:** N/A\n- **Owner:** TODO {IMG}\n", encoding="utf-8")
    (tmp_path / "reports" / "good.md").write_text("# Incident\n\n- **Root cause:** N/A (no host was involved)\n", encoding="utf-8")
    return tmp_path


def _html(cwd: Path, *args: str) -> str:
    result = run_cli("check", "reports", "--output-format", "html", *args, cwd=cwd)
    assert result.returncode == 1, result.stderr
    return result.stdout


def test_html_shows_hostile_markup_as_text(hostile: Path):
    html = _html(hostile)
    page = Page(html)
    assert not page.all("img")
    scripts = page.all("script")
    assert scripts == [{}]  # the page's own script, inline: nothing from the report
    assert not [attrs for _, attrs in page.tags if any(name.startswith("on") for name in attrs)]
    text = "".join(page.text)
    assert SCRIPT in text and IMG in text and HOSTILE_NAME in text
    assert html.count("<script") == 1


def test_html_is_self_contained(hostile: Path):
    html = _html(hostile)
    page = Page(html)
    assert not [attrs for _, attrs in page.tags if "src" in attrs]
    assert not page.all("link") and "@import" not in html and "url(" not in html
    policy = next(attrs["content"] for attrs in page.all("meta") if attrs.get("http-equiv") == "Content-Security-Policy")
    assert policy is not None and policy.startswith("default-src 'none';") and "unsafe-inline" not in policy
    links = {attrs["href"] for attrs in page.all("a")}
    assert {link for link in links if link and not link.startswith("#")} == {
        "https://github.com/reportlint/reportlint/blob/main/docs/rules/RL201.md",
        "https://github.com/reportlint/reportlint/blob/main/docs/rules/RL202.md",
    }


def test_html_totals_table_chart_and_findings(hostile: Path):
    html = _html(hostile)
    page = Page(html)
    text = " ".join(" ".join(page.text).split())
    assert "Files checked 2 Reports with findings 1 Errors 0 Warnings 3 Info 0 Profiles base (2)" in text
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    rows = re.findall(r"<tr data-i=\"\d+\">(.*?)</tr>", body)
    assert len(rows) == 2
    good, bad = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in rows]  # in path order
    assert good[0] == "reports/good.md" and bad[0] == '<a href="#r1">reports/x&quot;&gt;&lt;img src=x onerror=alert(4)&gt;.md</a>'
    assert bad[1:7] == ["base", "", "3", "", "", "3"] and good[1:7] == ["base", "", "", "", "", "0"]
    passed, checks = map(int, re.search(r'title="(\d+) of (\d+) checks passed"', rows[1]).groups())
    assert passed == checks - 2 > 20  # RL201 and RL202 gave warnings
    assert bad[7] == f"{passed * 100 // checks}%" and good[7] == "100%"
    chart = html[html.index("<svg"):html.index("</svg>")]
    assert chart.count("<rect") == 2 and ">RL202 placeholder-text</text>" in chart and ">RL201 na-without-justification</text>" in chart
    findings = re.findall(r"<li>(.*?)</li>", html)
    assert [re.search(r"\d+:\d+", item).group() for item in findings] == ["1:3", "3:19", "4:14"]  # line order
    assert "<mark>N/A</mark>" in findings[1] and "<mark>TODO</mark> &quot;&gt;&lt;img" in findings[2]


def test_html_without_findings(tmp_path: Path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "good.md").write_text("# Incident\n\nAll fine.\n", encoding="utf-8")
    result = run_cli("check", "reports", "--output-format", "html", cwd=tmp_path)
    assert result.returncode == 0
    assert "No findings." in result.stdout and "No report has findings." in result.stdout


def test_markdown_escapes_report_text(hostile: Path):
    result = run_cli("check", "reports", "--output-format", "markdown", cwd=hostile)
    assert result.returncode == 1
    rendered = MarkdownIt("commonmark").enable("table").render(result.stdout)
    page = Page(rendered)
    assert not page.all("img") and not page.all("script")
    assert HOSTILE_NAME in "".join(page.text)
    assert len(page.all("tr")) == 2  # header and the one report with findings
    assert {attrs["href"] for attrs in page.all("a")} == {
        "https://github.com/reportlint/reportlint/blob/main/docs/rules/RL201.md",
        "https://github.com/reportlint/reportlint/blob/main/docs/rules/RL202.md",
    }


def _finding(path: str, line: int, message: str) -> Finding:
    return Finding("RL201", "na-without-justification", Severity.WARNING, message, None, path,
                   Span(Position(line, 1), Position(line, 4)), "https://example.test/RL201.md")


def test_markdown_escapes_markdown_and_mentions():
    message = "**bold** [x](javascript:alert(1)) | cell `code` <b>&amp; @octocat ~~gone~~ _it_"
    result = RunResult([_finding("a|b.md", 1, message)], ["a|b.md"], profiles={"a|b.md": FileProfile("incident", 20)})
    output = get_format("markdown")(result)
    page = Page(MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(output))
    assert len(page.all("strong")) == 3  # the totals' two and the report's name
    assert not page.all("em") and not page.all("s") and not page.all("code") and not page.all("b")
    assert [attrs["href"] for attrs in page.all("a")] == ["https://example.test/RL201.md"]
    assert len(page.all("td")) == 6  # the "|" of the path did not split a cell
    text = "".join(page.text)
    assert "**bold** [x](javascript:alert(1)) | cell `code` <b>&amp; @\u200boctocat ~~gone~~ _it_" in text
    assert "@octocat" not in output


def test_markdown_summary_of_a_large_run_is_cut_under_64_kb():
    paths = [f"reports/{i:04}-{'long-name-' * 8}.md" for i in range(600)]
    findings = [_finding(path, line, f"finding {line} of a report with a long message " * 3) for path in paths for line in range(1, 9)]
    result = RunResult(findings, paths, profiles={path: FileProfile("postmortem", 30) for path in paths})
    output = get_format("markdown")(result)
    assert len(output.encode("utf-8")) < 64 * 1024
    assert LIMIT < len(output.encode("utf-8"))
    cut = re.search(r"… and (\d+) more reports with (\d+) findings not listed here\.", output)
    assert cut, output[-500:]
    listed = output.count("**reports/")
    assert listed + int(cut.group(1)) == 600 and int(cut.group(2)) == 8 * int(cut.group(1))
    assert output.count("- … and 3 more") == listed  # five of each report's eight findings


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/real is absent")
def test_markdown_summary_of_the_real_corpus_is_under_64_kb():
    result = run_cli("check", str(CORPUS), "--output-format", "markdown", "--no-cache")
    assert result.returncode == 1, result.stderr
    assert 0 < len(result.stdout.encode("utf-8")) < 64 * 1024
    assert result.stdout.startswith("## reportlint\n\n**")


def test_markdown_of_fixtures_lists_each_report_with_findings_once():
    result = run_cli("check", str(FIXTURES / "RL201"), "--output-format", "markdown", "--no-cache")
    reports = {line.split(" | ")[0][2:] for line in result.stdout.splitlines() if line.startswith("| ") and "---" not in line and "Report" not in line}
    flagged = {line.split(":")[0] for line in run_cli("check", str(FIXTURES / "RL201"), "--no-cache", "-q").stdout.splitlines()}
    assert len(reports) == len(flagged) > 0


@pytest.mark.parametrize("output_format", ["concise", "json", "sarif"])
def test_other_formats_do_not_import_the_overview_formats(tmp_path: Path, output_format: str):
    (tmp_path / "r.md").write_text("# Incident\n\n- **Root cause:** N/A\n", encoding="utf-8")
    code = (
        "import io, sys; from reportlint._run import run; from reportlint._settings import Settings; "
        f"run(Settings(paths=['r.md'], output_format={output_format!r}), io.StringIO(), io.StringIO()); "
        "print(sorted(m for m in sys.modules if m.startswith(('reportlint.formats.html', 'reportlint.formats.markdown', 'reportlint.formats.overview'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stderr


def test_browser_tests_skip_with_the_reason_when_chromium_is_missing(tmp_path: Path):
    """Without Chromium on PATH the browser tests are reported as skipped, with why; none passes."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env["PATH"] = str(Path(sys.executable).parent)  # the venv only: no chromium, no chromedriver
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "-p", "no:randomly", str(TESTS / "test_dashboard_browser.py")],
        cwd=TESTS.parent, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout
    assert re.search(r"SKIPPED \[\d+\] .*headless Chromium is not installed", result.stdout), result.stdout
    assert " passed" not in result.stdout and re.search(r"\d+ skipped", result.stdout)
