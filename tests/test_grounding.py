"""Grounding (RL44x): the analysis's facts are checked against the report's own source material."""
from __future__ import annotations

import importlib.util
import json
import sys

import pytest

from conftest import CORPUS, ROOT, SEED, run_cli
from reportlint._builder import parse_document
from reportlint._source_material import SourceMarkers
from reportlint._analysis import Analyses
from reportlint.checks.grounding._facts import grounding, is_sentence_grounded, is_truncated
from reportlint.api import find_dates


def _report(source: str, analysis: str) -> str:
    return f"# Report\n\n## Source Text\n\n{source}\n\n## Summary\n\n{analysis}\n"


def _ungrounded(source: str, analysis: str) -> list[str]:
    found = Analyses(parse_document("r.md", _report(source, analysis))).get(grounding)
    assert found is not None
    return [fact.text for fact in found.facts if not fact.grounded]


@pytest.mark.parametrize(
    ("source", "analysis"),
    [
        ("Police arrested 20 suspects.", "Twenty suspects were arrested."),
        ("The firm lost 480,000 card numbers.", "480000 card numbers were lost."),
        ("Damage reached $1.2 million.", "Damage reached $1,200,000."),
        ("Arrests were made in the U.S. and Spain.", "Arrests were made in the United States and Spain."),
        ("Arrests were made in the United States of America.", "Police in the US made arrests."),
        ("The operation targeted child sexual abuse material.", "The operation targeted CSAM distributors."),
        ("Victims were found across Europe.", "Police said the victims were European nationals."),
        ("Researchers at Recorded Future's Insikt Group shared logs.", "Logs came from the Insikt Groups of Recorded Future."),
        ("The breach was disclosed on 14 April 2024.", "It was disclosed on 2024-04-14."),
        ("The breach was disclosed on April 14.", "It was disclosed on 14 April 2024 and in April 2024 more followed."),
        ("Three people were arrested.", "It said 3 people were arrested."),
        ("About 40 percent of requests failed.", "About 40% of requests failed."),
    ],
)
def test_matching_forgives_what_means_the_same(source: str, analysis: str) -> None:
    assert _ungrounded(source, analysis) == []


@pytest.mark.parametrize(
    ("source", "analysis", "expected"),
    [
        ("Police made 37 arrests.", "Police made 45 arrests.", ["45 arrests"]),
        ("Arrests were made in Spain.", "Arrests were made in Spain and Portugal.", ["Portugal"]),
        ("Europol coordinated the arrests.", "The arrests were coordinated by Interpol.", ["Interpol"]),
        ("The breach was disclosed on 14 April 2024.", "It was disclosed on 15 April 2024.", ["15 April 2024"]),
        ("The breach was disclosed in April 2024.", "It was disclosed on 14 April 2024.", ["14 April 2024"]),
        ("Data from 2019 leaked.", "Data from 2018 leaked.", ["2018"]),
        ("Losses reached $25.", "Losses reached 25%.", ["25%"]),
        ("The attackers used a loader.", "Canada followed a week later.", ["Canada"]),
    ],
)
def test_matching_is_strict_where_meaning_differs(source: str, analysis: str, expected: list[str]) -> None:
    assert _ungrounded(source, analysis) == expected


def test_headings_labels_code_and_urls_are_not_checked() -> None:
    analysis = "## Panama Office\n\n- **Mandiant Review:** none was done.\n\nRun `Kidflix 45` and see https://example.com/Europol/2019."
    assert _ungrounded("A short source.", analysis) == []


def test_dates_are_read_by_value() -> None:
    values = [v for match in find_dates("on 14 April 2024, April 14, 2024, 2024-04-14 and 14/04/2024") for v in match.calendar_dates]
    assert set(values) == {(2024, 4, 14)}
    assert [set(match.calendar_dates) for match in find_dates("on 03/04/2024")] == [{(2024, 4, 3), (2024, 3, 4)}]


def test_truncation() -> None:
    assert is_truncated("Police arrested 20 suspects. [...]")
    assert is_truncated("Police arrested 20 suspects in an operation that targeted the")
    assert not is_truncated("Police arrested 20 suspects in an operation that targeted the ring.")


@pytest.mark.skipif(not SEED.exists(), reason="../shared/examples is absent")
def test_seed_analysis_facts_are_info_because_the_excerpt_is_truncated() -> None:
    result = run_cli("check", "--select", "RL44", "--output-format", "json", "--exit-zero", str(SEED))
    findings = json.loads(result.stdout)["findings"]
    assert findings and all(f["severity"] == "info" and "truncated" in f["message"] for f in findings)
    assert not [f for f in findings if f["location"]["line"] <= 3]
    named = " ".join(f["message"] for f in findings)
    for name in ("Panama", "Kidflix", "Recorded Future"):
        assert f'"{name}"' in named
    doc = parse_document("seed.md", SEED.read_text(encoding="utf-8"))
    suspects = [fact for fact in Analyses(doc).get(grounding).facts if fact.text == "20 suspects"]
    assert suspects and all(fact.grounded for fact in suspects)


def test_sentence_whose_facts_are_all_grounded_counts_as_evidence() -> None:
    doc = parse_document("r.md", _report("Police in Spain made 37 arrests.", "Police in Spain made 37 arrests. Police in Spain made 45 arrests. Nothing else happened."))
    grounded, changed, factless = [s for s in doc.sentences if s.section is not None and s.section.title == "Summary" and s.block != "heading"]
    assert is_sentence_grounded(Analyses(doc), grounded)
    assert not is_sentence_grounded(Analyses(doc), changed)
    assert not is_sentence_grounded(Analyses(doc), factless)


def test_no_source_material_means_no_grounding() -> None:
    doc = parse_document("r.md", "# Report\n\n## Summary\n\nPolice in Spain made 37 arrests.\n")
    assert Analyses(doc).get(grounding) is None
    assert not is_sentence_grounded(Analyses(doc), doc.sentences[-1])


def test_source_markers_are_configurable() -> None:
    text = "Article text\nPolice in Spain made 37 arrests.\nOur analysis\n# Report\n\nPolice in Spain made 45 arrests.\n"
    assert parse_document("r.md", text).source_material == ()
    doc = parse_document("r.md", text, SourceMarkers.from_lists(open=["Article text"], close=["Our analysis"]))
    assert [m.text for m in doc.source_material] == ["Police in Spain made 37 arrests."]
    assert [fact.text for fact in Analyses(doc).get(grounding).facts if not fact.grounded] == ["45 arrests"]
    sectioned = parse_document("r.md", "# R\n\n## Press release\n\nSpain made 37 arrests.\n", SourceMarkers.from_lists(sections=["Press release"]))
    assert [m.origin for m in sectioned.source_material] == ["section"]


def test_front_matter_source_file_is_relative_to_the_report(tmp_path) -> None:
    (tmp_path / "reports" / "src").mkdir(parents=True)
    (tmp_path / "reports" / "src" / "article.txt").write_text("Police in Spain made 37 arrests.\n", encoding="utf-8")
    report = tmp_path / "reports" / "r.md"
    report.write_text("---\nsource-file: src/article.txt\n---\n# Report\n\nPolice in Spain made 45 arrests.\n", encoding="utf-8")
    result = run_cli("check", "--select", "RL44", str(report), cwd=tmp_path)
    assert result.returncode == 1
    assert 'RL440 "45 arrests" does not appear in the source material' in result.stdout


def test_source_option_names_the_source_of_one_report(tmp_path) -> None:
    (tmp_path / "article.md").write_text("Police in Spain made 37 arrests.\n", encoding="utf-8")
    (tmp_path / "r.md").write_text("# Report\n\nPolice in Spain and Italy made 37 arrests.\n", encoding="utf-8")
    (tmp_path / "other.md").write_text("# Other\n", encoding="utf-8")
    result = run_cli("check", "--select", "RL44", "--source", "article.md", "r.md", cwd=tmp_path)
    assert result.returncode == 1 and 'RL442 "Italy" does not appear' in result.stdout
    many = run_cli("check", "--source", "article.md", "r.md", "other.md", cwd=tmp_path)
    assert many.returncode == 2 and "--source" in many.stderr


def test_missing_source_file_is_one_error_line(tmp_path) -> None:
    (tmp_path / "r.md").write_text("---\nsource-file: gone.txt\n---\n# Report\n\nText.\n", encoding="utf-8")
    (tmp_path / "ok.md").write_text("# Fine\n\nText.\n", encoding="utf-8")
    result = run_cli("check", "r.md", "ok.md", cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "r.md" in lines[0] and "gone.txt" in lines[0] and "not found" in lines[0]


def test_labelled_set_accuracy_floor() -> None:
    spec = importlib.util.spec_from_file_location("grounding_eval", ROOT / "eval" / "grounding" / "evaluate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    score = module.evaluate()
    assert score.cases >= 30
    assert score.precision >= 0.9, score.false_positives
    assert score.recall >= 0.9, score.false_negatives


def test_corpus_reports_without_source_material_get_no_grounding_findings() -> None:
    if not CORPUS.is_dir():
        pytest.skip("shared corpus not available")
    for path in sorted(CORPUS.glob("*.md")):
        doc = parse_document(path.name, path.read_text(encoding="utf-8"))
        found = Analyses(doc).get(grounding)
        assert found is None or not [f for f in found.facts if not f.grounded], path.name


def test_three_planted_facts_in_a_complete_source_are_three_warnings() -> None:
    fixture = ROOT / "tests" / "fixtures" / "RL442" / "fail_three_planted_facts.md"
    result = run_cli("check", "--select", "RL44", "--output-format", "json", str(fixture))
    findings = json.loads(result.stdout)["findings"]
    assert sorted((f["code"], f["severity"]) for f in findings) == [("RL440", "warning"), ("RL442", "warning"), ("RL442", "warning")]
    assert {f["message"].split('"')[1] for f in findings} == {"250,000 patients", "Romania", "Mandiant"}


def test_source_markers_come_from_config(tmp_path):
    from conftest import run_cli

    (tmp_path / "r.md").write_text(
        "Original Text\nPolice arrested 12 people in Spain.\nOur Take\n# Arrests\n\n## Summary\n\nPolice arrested 12 people in Portugal.\n",
        encoding="utf-8",
    )
    (tmp_path / "pyproject.toml").write_text('[tool.reportlint]\nsource-material = {open = ["Original Text"], close = ["Our Take"]}\n', encoding="utf-8")
    configured = run_cli("check", "-q", "--select", "RL44", "r.md", cwd=tmp_path)
    assert configured.stdout == 'r.md:8:30: RL442 "Portugal" does not appear in the source material\n'
    assert run_cli("check", "-q", "--isolated", "--select", "RL44", "r.md", cwd=tmp_path).stdout == ""
