"""The document model: sections, fields, tables, sentences and their exact positions."""
from __future__ import annotations

import pytest

from reportlint._analysis import Analyses
from reportlint._builder import parse_document, tokens
from reportlint._document import Comment, Document, Field, ListItem, RawHtml, Section, Sentence, SourceMaterial, Table, TableRow, TextRun
from reportlint._sentences import split_sentences
from reportlint._text import normalize_title
from reportlint._positions import Position, Span
from reportlint._source import decode
from reportlint._sourcefile import SourceFileLookup


def parse(text: str):
    return parse_document("r.md", text)


def source_at(doc, span: Span) -> str:
    """The source text a span covers (single-line spans)."""
    assert span.start.line == span.end.line
    return doc.lines[span.start.line - 1][span.start.column - 1 : span.end.column - 1]


def test_sections_form_a_tree_with_spans_and_bodies():
    doc = parse("# Title\n\nIntro.\n\n## A\n\nText a.\n\n### A.1\n\nDeep.\n\n## B\n")
    assert [(s.title, s.level) for s in doc.sections] == [("Title", 1), ("A", 2), ("A.1", 3), ("B", 2)]
    title, a, a1, b = doc.sections
    assert doc.title is title and doc.title_text == "Title"
    assert a.parent is title and a1.parent is a and b.parent is title
    assert [c.title for c in title.children] == ["A", "B"]
    assert a.title_span == Span(Position(5, 4), Position(5, 5))
    assert a.body_text == "Text a." and a1.body_text == "Deep."
    assert b.content_blocks == 0 and a.content_blocks == 1
    assert a.body_span.start.line == 6 and a.body_span.end.line == 12


def test_setext_title_and_text_before_the_title_is_kept():
    doc = parse("Full Report\nQuoted text.\n\nReport title\n============\n\nBody.\n")
    assert doc.title_text == "Report title"
    assert doc.sentences[0].text == "Full Report" and doc.sentences[0].section is None
    assert doc.title.span.start.line == 4


def test_front_matter_title_and_fields():
    doc = parse("---\ntitle: VPN outage\ndate: 2024-05-02\n---\n## Summary\n\nDown.\n")
    assert doc.title is None and doc.title_text == "VPN outage"
    assert doc.front_matter["date"] == "2024-05-02"
    date = next(f for f in doc.fields if f.name == "date")
    assert date.source == "front-matter"
    assert date.value_span == Span(Position(3, 7), Position(3, 17))
    assert not any(s.text.startswith("title") for s in doc.sentences)


def test_front_matter_lists_are_fields_with_their_items_joined():
    doc = parse("---\nauthors:\n  - J. Doe\n  - name: A. Smith\n    email: a@example.com\ntags: []\n---\n# T\n")
    authors = next(f for f in doc.fields if f.name == "authors")
    assert authors.value == "J. Doe, A. Smith a@example.com" and authors.name_span.start.line == 2
    assert not any(f.name == "tags" for f in doc.fields)  # an empty list states nothing
    assert "authors" not in doc.front_matter  # the mapping keeps scalars only
    toml = parse('```toml\n[advisory]\nid = "RUSTSEC-1"\naliases = ["CVE-2024-1", "GHSA-x"]\n```\n\n# T\n')
    assert next(f for f in toml.fields if f.name == "aliases").value == "CVE-2024-1, GHSA-x"


def test_field_lines_after_prose_or_pasted_output_are_not_fields():
    doc = parse("# T\n\n**Product:**Android\n\nSeverity: high\nOwner: ops\n\n"
                "commit 3f2a9c1d5e7b8a0c4d6e2f1a3b5c7d9e0f1a2b3c\nAuthor: J. Doe <j@example.com>\nDate:   Thu May 2 2024\n\n"
                "**Details**\nRegion: eu-west-1\n\nThe proxy parsed the header\nContent-Disposition: attachment and failed.\n")
    assert [(f.name, f.value, f.emphasized) for f in doc.fields] == [
        ("Product", "Android", True), ("Severity", "high", False), ("Owner", "ops", False), ("Region", "eu-west-1", False)]
    assert source_at(doc, doc.fields[0].name_span) == "Product" and source_at(doc, doc.fields[0].value_span) == "Android"


def test_toml_front_matter_and_leading_toml_fence():
    plus = parse('+++\ndate = "2024-01-02"\n+++\n# T\n')
    fence = parse('```toml\n[advisory]\nid = "RUSTSEC-1"\ndate = "2024-12-09"\n```\n\n# T\n')
    assert plus.front_matter["date"] == "2024-01-02"
    assert fence.front_matter["date"] == "2024-12-09"
    date = next(f for f in fence.fields if f.name == "date")
    assert source_at(fence, date.value_span) == "2024-12-09"
    assert fence.title_text == "T" and fence.sections[0].span.start.line == 7


def test_invalid_front_matter_is_reported_not_raised():
    doc = parse("---\ndate: [2024\n---\n# T\n")
    assert doc.front_matter == {}
    assert "invalid YAML front matter" in doc.front_matter_error[0]


def test_field_forms_and_their_spans():
    text = (
        "# T\n\n"
        "- **Discovery Date:** Not stated\n"
        "- **Severity**: High\n"
        "- Owner — the platform team\n\n"
        "Status: Resolved\n"
    )
    doc = parse(text)
    fields = {f.name: f for f in doc.fields}
    assert set(fields) == {"Discovery Date", "Severity", "Owner", "Status"}
    assert source_at(doc, fields["Discovery Date"].name_span) == "Discovery Date"
    assert source_at(doc, fields["Discovery Date"].value_span) == "Not stated"
    assert source_at(doc, fields["Severity"].value_span) == "High"
    assert source_at(doc, fields["Owner"].value_span) == "the platform team"
    assert source_at(doc, fields["Status"].value_span) == "Resolved"
    assert fields["Discovery Date"].emphasized and not fields["Status"].emphasized


def test_prose_with_a_colon_is_not_a_field():
    doc = parse("# T\n\nWe learned the following about the attacker's tooling and habits: a lot.\n\nAt 12:06 it failed.\n")
    assert doc.fields == ()


def test_two_column_table_rows_are_fields_and_cells_have_positions():
    doc = parse("# T\n\n| Field | Value |\n|---|---|\n| Severity | High |\n| Root cause | *N/A* |\n")
    table = doc.tables[0]
    assert [c.text for c in table.header.cells] == ["Field", "Value"]
    assert [[c.text for c in row.cells] for row in table.rows] == [["Severity", "High"], ["Root cause", "N/A"]]
    root = next(f for f in doc.fields if f.name == "Root cause")
    assert root.source == "table" and source_at(doc, root.value_span) == "N/A"
    assert root.value_span.start == Position(6, 17)


def test_timeline_tables_with_dates_in_the_first_column_are_not_fields():
    doc = parse("# T\n\n| Time | Event | Owner |\n|---|---|---|\n| 2021-03-31 12:06 | Certificates expire | ops |\n")
    assert doc.fields == ()
    assert doc.tables[0].rows[0].cells[1].span().start == Position(5, 22)


def test_positions_survive_emphasis_links_and_code():
    doc = parse("# T\n\nThe **attacker** [likely](https://x.test/a) used `mimikatz` and *probably* more.\n")
    sentence = next(s for s in doc.sentences if s.block == "paragraph")
    assert sentence.text == "The attacker likely used mimikatz and probably more."
    start = sentence.text.index("probably")
    assert source_at(doc, sentence.span_of(start, start + 8)) == "probably"
    start = sentence.text.index("used")
    assert source_at(doc, sentence.span_of(start, start + 4)) == "used"
    assert sentence.links == ("https://x.test/a",)
    assert "mimikatz" not in sentence.prose and len(sentence.prose) == len(sentence.text)


def test_positions_with_crlf_bom_tabs_and_non_ascii():
    raw = "\ufeff# Título\r\n\r\n-\t**Fecha:** ça été 2024‑05‑02 — N/A\r\n".encode("utf-8")
    doc = parse(decode(raw))
    found = doc.fields[0]
    assert found.name == "Fecha"
    assert found.value.startswith("ça été")
    assert found.value_span.start == Position(3, 14)
    assert source_at(doc, found.value_span) == found.value
    assert doc.sections[0].title_span == Span(Position(1, 3), Position(1, 9))


def test_lists_blockquotes_and_code_blocks():
    text = "# T\n\n- one\n  - nested **two**\n\n> Quoted likely claim.\n\n```\nlikely in code\n<!-- not a directive -->\n```\n\n<!-- a directive -->\n"
    doc = parse(text)
    assert [(i.text, i.depth) for i in doc.list_items] == [("one", 1), ("nested two", 2)]
    quoted = next(s for s in doc.sentences if s.block == "blockquote")
    assert quoted.quoted and quoted.span.start == Position(6, 3)
    assert not any("in code" in s.text for s in doc.sentences)
    assert [c.text for c in doc.comments] == ["<!-- a directive -->"]
    assert doc.comments[0].span.start == Position(13, 1)


def test_inline_comments_are_recorded_with_positions():
    doc = parse("# T\n\nRoot cause: N/A <!-- reportlint-disable-line RL201 -->\n")
    assert doc.comments[0].inline and doc.comments[0].span.start == Position(3, 17)
    assert doc.fields[0].value == "N/A"


def test_footnotes_links_and_definitions():
    doc = parse("# T\n\nThe loader was signed.[^1] See <https://example.org/x>.\n\n[^1]: Vendor advisory, 2024.\n")
    sentence = next(s for s in doc.sentences if "signed" in s.text)
    assert sentence.footnotes == ("1",)
    assert "https://example.org/x" in doc.links
    assert doc.footnote_definitions["1"].text == "Vendor advisory, 2024."
    assert not any("Vendor advisory" in s.text for s in doc.sentences)


def test_bare_urls_are_links_and_blanked_in_prose():
    doc = parse("# T\n\nDetails at https://example.org/report.html today.\n")
    sentence = doc.sentences[-1]
    assert sentence.links == ("https://example.org/report.html",)
    assert "example" not in sentence.prose


def test_sentence_splitting_respects_abbreviations():
    text = "The U.S. team, e.g. Dr. Smith, arrived. It was 3 p.m. Then J. Doe left. Done!"
    pieces = [text[a:b] for a, b in split_sentences(text)]
    assert pieces == ["The U.S. team, e.g. Dr. Smith, arrived.", "It was 3 p.m. Then J. Doe left.", "Done!"]


def test_embedded_source_material_is_quoted():
    doc = parse("Full Report\nPolice arrested 20 people. [...]\nAnalysis Summary\n# Report\n\nBody text.\n")
    assert doc.source_material[0].text == "Police arrested 20 people. [...]"
    assert [s.quoted for s in doc.sentences if s.block != "heading"] == [True, True, True, False]


def test_heading_titles_normalise_for_matching():
    assert normalize_title("3. Impact:") == normalize_title("**impact**") == "impact"
    assert normalize_title("IV) Lessons Learned") == "lessons learned"


def test_spans_made_on_first_use_point_at_the_source():
    doc = parse("---\ntitle: T\n---\n# T\n\n- **Owner:** Ana Diaz\n- Status - open\n\n| Field | Value |\n| --- | --- |\n| Region | eu-west |\n\nSee *this* [link](https://x.test/(a)). Then `code` here.\n")
    texts = {source_at(doc, s.span) for s in doc.sentences if s.span.start.line == s.span.end.line}
    assert "See *this* [link](https://x.test/(a))." in texts and "Then `code` here." in texts
    fields = {f.name: f for f in doc.fields}
    owner, region, title = fields["Owner"], fields["Region"], fields["title"]
    assert source_at(doc, owner.name_span) == "Owner" and source_at(doc, owner.value_span) == "Ana Diaz"
    assert source_at(doc, owner.span) == "Owner:** Ana Diaz"
    assert source_at(doc, region.name_span) == "Region" and source_at(doc, region.value_span) == "eu-west"
    assert region.span == region.row.span
    assert source_at(doc, title.name_span) == "title" and source_at(doc, title.value_span) == "T"
    assert owner.span is owner.span  # computed once


def test_tokens_are_still_available_on_request():
    found = Analyses(parse("---\ntitle: T\n---\n# Heading\n\nText.\n")).get(tokens)
    assert [t.type for t in found][:3] == ["heading_open", "inline", "heading_close"]
    assert found[0].map == [3, 4]  # lines of the file, front matter included


def test_lines_with_every_line_ending():
    doc = parse("# A\r\n\r\nOne.\rTwo.\n\nThree.")
    assert doc.lines == ("# A", "", "One.", "Two.", "", "Three.")


def test_list_item_spans_made_on_first_use_cover_their_lines():
    doc = parse_document("r.md", "# T\n\n- one\n  more\n  - nested\n\n- two\r\n")
    spans = [item.span for item in doc.list_items]
    assert spans == [Span(Position(3, 1), Position(6, 1)), Span(Position(5, 1), Position(6, 1)), Span(Position(7, 1), Position(7, 6))]  # a loose item keeps its blank line
    assert Position(3, 1) < Position(3, 2) < Position(4, 1) and hash(Position(1, 2)) == hash(Position(1, 2))
    assert repr(spans[2]) == "Span(start=Position(line=7, column=1), end=Position(line=7, column=6))"


def test_the_model_is_frozen_once_built():
    doc = parse("Full Report\nQuoted. [...]\nAnalysis\n# T\n\n- **Owner:** Ana\n\n| A | B |\n|---|---|\n| x | y |\n\n> Said.[^1]\n\n<b>x</b> <!-- c -->\n\n[^1]: Note.\n")
    section, sentence, field, run = doc.sections[0], doc.sentences[0], doc.fields[0], doc.runs[0]
    objects = [doc, section, sentence, field, run, doc.tables[0], doc.tables[0].rows[0], doc.list_items[0], doc.comments[0], doc.html[0], doc.source_material[0]]
    for model, name in [(sentence, "quoted"), (doc, "source_material"), (section, "children"), (section, "title"), (run, "section"), (field, "value"), (doc.list_items[0], "runs")]:
        with pytest.raises(AttributeError, match="read-only"):
            setattr(model, name, None)
        with pytest.raises(AttributeError, match="read-only"):
            delattr(model, name)
    sealed = (Document, Section, Sentence, Field, TextRun, Table, TableRow, ListItem, Comment, RawHtml, SourceMaterial)
    assert [type(o) for o in objects] == list(sealed)  # the public types, not the builder's drafts
    assert isinstance(section.children, tuple) and isinstance(section.sentences, tuple)
    with pytest.raises(TypeError):
        doc.front_matter["title"] = "changed"  # type: ignore[index]
    assert sentence.span is sentence.span and doc.list_items[0].span is doc.list_items[0].span


def test_sections_under_a_source_section_are_source_material_too():
    doc = parse("# Report\n\nOur words.\n\n## Source Text\n\nTheir words.\n\n### Part two\n\nMore of theirs.\n\n## Analysis\n\nOurs again.\n")
    assert [(s.text, s.quoted) for s in doc.sentences] == [
        ("Report", False), ("Our words.", False), ("Source Text", True), ("Their words.", True),
        ("Part two", True), ("More of theirs.", True), ("Analysis", False), ("Ours again.", False),
    ]
    assert [(m.origin, m.section.title) for m in doc.source_material] == [("section", "Source Text")]


def test_a_source_file_is_read_into_the_document_as_it_is_built(tmp_path):
    (tmp_path / "article.md").write_text("Police made 37 arrests.\n", encoding="utf-8")
    report = tmp_path / "r.md"
    text = "---\nsource-file: article.md\n---\n# T\n\nBody.\n"
    doc = parse_document("r.md", text, source_file=SourceFileLookup(str(report)))
    (material,) = doc.source_material
    assert (material.origin, material.path, material.text) == ("file", "article.md", "Police made 37 arrests.\n")
    assert material.span == Span(Position(2, 14), Position(2, 24))
    assert parse_document("r.md", text).source_material == ()


def test_bold_labels_of_any_length_and_questions_are_fields():
    text = (
        "# T\n\n"
        "**Which tools did the team try before the rollback (and in what order)?** Two\n\n"
        "**How the fault might have been caught _(tests, canaries,\n"
        "review)_:**\n\n"
        "Canary checks.\n\n"
        "**Affected hosts:**\n\n"
        "**Owner:**\n\n"
        "## Next\n\n"
        "**Steps taken**:\n"
        "rolled back the deploy\n\n"
        "**Last label:**\n"
    )
    doc = parse(text)
    fields = {f.name: f for f in doc.fields}
    question = fields["Which tools did the team try before the rollback (and in what order)?"]
    assert question.question and question.value == "Two" and not question.alone
    assert source_at(doc, question.value_span) == "Two"
    long = fields["How the fault might have been caught (tests, canaries, review)"]
    assert long.alone and long.heading_like and long.value == "" and not long.question
    assert long.name_span.start == Position(5, 3) and long.name_span.end.line == 6
    assert fields["Affected hosts"].alone and not fields["Affected hosts"].heading_like  # another label follows
    assert fields["Owner"].alone and not fields["Owner"].heading_like  # a heading follows
    assert fields["Steps taken"].value == "rolled back the deploy" and not fields["Steps taken"].alone
    assert fields["Last label"].alone and not fields["Last label"].heading_like  # the end of the document
    assert "review)_" not in " ".join(fields)  # the label's second line is not a label of its own
