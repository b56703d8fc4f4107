"""Prose inside raw HTML blocks: text runs, sentences and headings mapped back to the source."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from click.testing import CliRunner

from reportlint._builder import parse_document
from reportlint.cli import main


def parse(text: str):
    return parse_document("r.md", text)


def source_of(doc, span) -> str:
    start = doc.index.line_start(span.start.line - 1) + span.start.column - 1
    end = doc.index.line_start(span.end.line - 1) + span.end.column - 1
    return doc.text[start:end]


def test_paragraph_text_is_a_run_with_exact_positions():
    doc = parse('# T\n\n<p class="lead">The loader was <b>probably</b> reused,\n   see <a href="https://ex.example/a">the advisory</a>.</p>\n')
    run = doc.runs[-1]
    assert run.kind == "paragraph" and run.text == "The loader was probably reused,\nsee the advisory."
    assert run.links == ((36, 48, "https://ex.example/a"),)
    assert run.strong == ((15, 23),)
    assert source_of(doc, run.span(15, 23)) == "probably"
    assert source_of(doc, run.span(36, 48)) == "the advisory"
    sentence = doc.sentences[-1]
    assert sentence.section is doc.title and sentence.links == ("https://ex.example/a",)


def test_every_character_maps_back_with_crlf_entities_and_non_ascii():
    text = "# T\r\n\r\n<div>\r\n\tHéllo &amp; wörld &#8212; it\r\n  was <i>likely</i> fine.\r\n</div>\r\n"
    doc = parse(text)
    run = doc.runs[-1]
    assert run.text == "Héllo & wörld — it\nwas likely fine."
    for offset, char in enumerate(run.text):
        if char == "\n":
            continue
        found = source_of(doc, run.span(offset, offset + 1))
        assert found == char or found == "&", (offset, char, found)
    assert source_of(doc, run.span(run.text.index("likely"), run.text.index("likely") + 6)) == "likely"


def test_what_is_not_prose_stays_out():
    doc = parse(
        "# T\n\n<div>\n<img alt=\"the actor probably did it\" src=\"x.png\">\n<script>var maybe = 1;</script>\n"
        "<style>p { color: red }</style>\n<pre>it might be code</pre>\n<!-- reportlint-disable-next-line RL401 -->\n"
        "<p>Run <code>likely()</code> now.</p>\n</div>\n"
    )
    texts = [run.text for run in doc.runs if run.kind != "heading"]
    assert texts == ["Run likely() now."]
    assert doc.runs[-1].prose == "Run          now."
    assert [c.text for c in doc.comments] == ["<!-- reportlint-disable-next-line RL401 -->"]
    assert all("disable" not in s.text and "probably" not in s.text for s in doc.sentences)


def test_html_headings_open_sections_and_count_for_structure():
    doc = parse("<h1 align=\"center\">\n  Phishing wave\n</h1>\n\n<h2>Summary</h2>\n<p>Text.</p>\n\n<h2>Links</h2>\n\n- [a](https://a.example)\n")
    assert [(s.level, s.title) for s in doc.sections] == [(1, "Phishing wave"), (2, "Summary"), (2, "Links")]
    title, summary, links = doc.sections
    assert doc.title is title and summary.parent is title
    assert summary.content_blocks == 1 and summary.body_text == "Text."
    assert source_of(doc, title.title_span) == "Phishing wave"
    assert links.content_blocks == 1


def test_cells_list_items_and_blockquotes_keep_their_kind():
    doc = parse(
        "# T\n\n<ul><li>First</li><li>Owner: Dana</li></ul>\n\n<table><tr><td>Cell text</td></tr></table>\n\n"
        "<blockquote><p>Someone else's words.</p></blockquote>\n"
    )
    kinds = [(run.kind, run.text, run.quoted) for run in doc.runs if run.kind != "heading"]
    assert kinds == [("list_item", "First", False), ("list_item", "Owner: Dana", False), ("table_cell", "Cell text", False), ("blockquote", "Someone else's words.", True)]
    assert [(f.name, f.value) for f in doc.fields] == [("Owner", "Dana")]


def test_prose_rules_read_html_text(tmp_path):
    report = tmp_path / "r.md"
    report.write_text("# Breach report\n\n<h2>Timeline</h2>\n<p>Work resumed yesterday. Owner: TBD</p>\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-cache", "--isolated", "--select", "RL202,RL309", "--output-format", "json", str(report)])
    found = {(f["code"], f["location"]["line"], f["location"]["column"]) for f in json.loads(result.output)["findings"]}
    assert found == {("RL309", 4, 17), ("RL202", 4, 35)}


def test_html_heading_stands_for_a_profile_section(tmp_path):
    body = "# APT99\n\n## Overview\n\nAPT99 targets ports.\n\n{sources}\n\n- [Vendor blog](https://vendor.example/apt99)\n"
    html, missing = tmp_path / "html.md", tmp_path / "missing.md"
    html.write_text(body.format(sources="<h2>Links</h2>"), encoding="utf-8")
    missing.write_text(body.format(sources="<p>Links</p>"), encoding="utf-8")
    runner = CliRunner()
    args = ["check", "--no-cache", "--isolated", "--profile", "threat-intel", "--select", "RL101", "--output-format", "json"]
    with_heading = json.loads(runner.invoke(main, [*args, str(html)]).output)["findings"]
    without = json.loads(runner.invoke(main, [*args, str(missing)]).output)["findings"]
    assert not any("Sources" in f["message"] or "source" in f["message"].lower() for f in with_heading)
    assert any("source" in f["message"].lower() for f in without)


def test_html_parser_is_imported_only_for_html_with_text(tmp_path):
    plain, html = tmp_path / "plain.md", tmp_path / "html.md"
    plain.write_text("# T\n\n<img src=\"x.png\">\n\nText.\n", encoding="utf-8")
    html.write_text("# T\n\n<p>Text.</p>\n", encoding="utf-8")
    code = "import sys; from reportlint._builder import parse_document; parse_document('r.md', open(sys.argv[1]).read()); print('html.parser' in sys.modules, 'reportlint._html' in sys.modules)"
    seen = [subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True).stdout.strip() for path in (plain, html)]
    assert seen == ["False False", "True True"]


def test_html_tables_are_tables_with_rows_header_and_fields():
    doc = parse(
        "# T\n\n## Timeline\n\n<table>\n<thead><tr><th>Time</th><th>Event</th></tr></thead>\n"
        "<tr><td>2022-10-31 10:02</td><td>Alert <p>fired</p></td></tr>\n<tr><td>2022-10-31 11:00</td><td></td></tr>\n</table>\n\n"
        "<table><tr><td>Severity</td><td>High</td></tr></table>\n"
    )
    timeline, fields = doc.tables
    assert [c.text for c in timeline.header.cells] == ["Time", "Event"]
    assert [[c.text for c in row.cells] for row in timeline.rows] == [["2022-10-31 10:02", "Alert \nfired"], ["2022-10-31 11:00", ""]]
    assert timeline.section.title == "Timeline" and timeline.span.start.line == 5 and timeline.span.end.line == 9
    assert timeline.rows[1].span.start.line == 8
    assert [(f.name, f.value, f.source) for f in doc.fields] == [("Severity", "High", "table")]


# The same report written in Markdown and in HTML: every rule must read both alike.
_MARKDOWN = """# APT99 summary

## Overview

#### APT99 is probably a state-sponsored group, according to Mandiant.

The group reportedly targets over 300 organisations. It seems the loader was compiled yesterday.

## Timeline

| Time | Event |
| --- | --- |
| 2022-10-31 10:02 | Alert fired; we re-assess tomorrow |
| 2022-10-31 11:00 | N/A |
| 2022-10-31 11:30 | Owner: TBD |
"""
_HTML = """# APT99 summary

<h2>Overview</h2>

<h4>APT99 is probably a state-sponsored group, according to Mandiant.</h4>

<p>The group reportedly targets over 300 organisations. It seems the loader was compiled yesterday.</p>

<h2>Timeline</h2>

<table>
<thead><tr><th>Time</th><th>Event</th></tr></thead>
<tr><td>2022-10-31 10:02</td><td>Alert fired; we re-assess tomorrow</td></tr>
<tr><td>2022-10-31 11:00</td><td>N/A</td></tr>
<tr><td>2022-10-31 11:30</td><td>Owner: TBD</td></tr>
</table>
"""


_STRUCTURE_HTML = """<h1>Queue outage</h1>

<h2>Summary</h2>
<p>Jobs waited.</p>

<h2>Root cause</h2>
<p>A bad config.</p>

<h2>Impact</h2>
<p>Exports late.</p>

<h2>Action items</h2>
<ul><li>Fix config.</li></ul>

<h2>Impact</h2>
<p>More.</p>
"""
_STRUCTURE_MARKDOWN = re.sub(r"<h(\d)>(.*)</h\d>", lambda m: "#" * int(m.group(1)) + " " + m.group(2), _STRUCTURE_HTML)


@pytest.mark.parametrize(
    ("markdown", "html", "profile", "expected"),
    [
        (_MARKDOWN, _HTML, "threat-intel", {"RL107", "RL201", "RL202", "RL401", "RL402", "RL404"}),
        (_STRUCTURE_MARKDOWN, _STRUCTURE_HTML, "postmortem", {"RL101", "RL102", "RL104"}),
    ],
)
def test_html_and_markdown_versions_of_a_report_get_the_same_findings(tmp_path, markdown, html, profile, expected):
    found = {}
    for name, text in (("md", markdown), ("html", html)):
        path = tmp_path / f"{name}.md"
        path.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(main, ["check", "--no-cache", "--isolated", "--profile", profile, "--select", "RL", "--output-format", "json", str(path)])
        found[name] = sorted((f["code"], f["location"]["line"], f["message"]) for f in json.loads(result.output)["findings"])
    assert found["md"] == found["html"]
    assert {code for code, _, _ in found["html"]} >= expected


def test_a_label_alone_before_an_html_heading_is_empty_and_before_html_text_is_not(tmp_path):
    report = tmp_path / "r.md"
    report.write_text("# T\n\n## Details\n\n**Exploit flow:**\n\n<h3>Next part</h3>\n\n<p>Text.</p>\n\n**Owner:**\n\n<p>Dana</p>\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-cache", "--isolated", "--select", "RL203", "--output-format", "json", str(report)])
    assert [(f["code"], f["location"]["line"]) for f in json.loads(result.output)["findings"]] == [("RL203", 5)]


def test_suppression_comments_inside_an_html_block_apply_to_its_text(tmp_path):
    report = tmp_path / "r.md"
    report.write_text(
        "# T\n\n<div>\n<p>Owner: TBD</p> <!-- reportlint-disable-line RL202 -->\n<!-- reportlint-disable-next-line RL202 -->\n"
        "<p>Status: TBD</p>\n<p>Team: TBD</p>\n</div>\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["check", "--no-cache", "--isolated", "--output-format", "json", str(report)])
    assert [(f["code"], f["location"]["line"]) for f in json.loads(result.output)["findings"]] == [("RL202", 7)]


def test_markup_ranges_reaching_into_trimmed_white_space_stay_inside_the_text():
    doc = parse('# T\n\n<p>Run <code>x </code> <a href="https://a.example/">link </a> <b>bold </b>\n</p>\n')
    run = doc.runs[-1]
    assert run.text == "Run x  link  bold"
    assert len(run.prose) == len(run.text)
    assert run.links == ((7, 12, "https://a.example/"),) and run.strong == ((13, 17),)


_FRAGMENTS = (
    "<p>", "</p>", "<div>", "</div>", "<h2>", "</h2>", "<table>", "</table>", "<tr>", "<td>", "</td>", "<th>", "<thead>",
    "<li>", "</li>", "<blockquote>", "<b>", "</b>", '<a href="u">', "</a>", "<code>", "</code>", "<pre>", "</pre>",
    "<script>", "<br>", "<hr/>", "<!-- c -->", "<!--", "-->", "&amp;", "&#8212;", "&bogus;", "&", "<", ">", '<a href="x',
    "</td", "<p", "Probably so. ", "N/A ", "TBD ", "2024-01-02 ", "yesterday ", "**Owner:**", "\n", "\n\n", "\r\n", "\t", "é ",
)


def test_malformed_html_never_breaks_the_build_and_every_position_is_in_the_file():
    import random

    from reportlint.api import lint_text

    chance = random.Random(20261208)
    for _ in range(300):
        body = "".join(chance.choice(_FRAGMENTS) for _ in range(chance.randint(1, 40)))
        text = chance.choice(("", "# T\n\n", "- item\n\n  ", "> ", "**Label:**\n\n")) + "<div>" + body
        doc = parse(text)
        for run in doc.runs:
            assert len(run.prose) == len(run.text)
            for offset in range(len(run.text)):
                assert 1 <= run.span(offset, offset + 1).start.line <= len(doc.lines)
        lint_text(text)


def test_a_lone_or_unfinished_tag_opener_is_text_and_the_rest_still_parses():
    from reportlint._html import _STRAY, _neutralized

    hostile = '<a b="' * 3 + "<p>x</p> <!-- open"
    neutral = _neutralized(hostile)
    assert len(neutral) == len(hostile)
    assert neutral.count(_STRAY) == 4 and neutral.endswith("<p>x</p> " + _STRAY + "!-- open")
    doc = parse("# T\n\n<div>1 < 2 and <b>bold</b> x <a b=\"\n</div>\n")
    run = doc.runs[-1]
    assert run.text == '1 < 2 and bold x <a b="'
    assert source_of(doc, run.span(0, len(run.text))) == '1 < 2 and <b>bold</b> x <a b="'
