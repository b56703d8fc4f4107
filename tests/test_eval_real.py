"""eval/real/score.py, the accuracy harness, runs: on a tiny corpus with labels here, and on ../shared.

It is a benchmark, not a timed test: these only check that it runs and joins findings to labels.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from conftest import CORPUS, ROOT


def load_score() -> ModuleType:
    name = "reportlint_eval_real_score"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "eval" / "real" / "score.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


HEADER = "file\tline\tcode\tseverity\tlabel\tpattern\truns\tmessage\tnote\n"


@pytest.fixture
def tiny(tmp_path: Path) -> tuple[Path, Path]:
    corpus, labels = tmp_path / "real", tmp_path / "labels"
    corpus.mkdir()
    labels.mkdir()
    (corpus / "acme__one.md").write_text("# Outage\n\n- **Root cause:** N/A\n- **Owner:** N/A\n\nThe cache probably failed.\n", encoding="utf-8")
    (corpus / "dfds__two.md").write_text("# Disk full\n\nNothing else.\n", encoding="utf-8")
    (labels / "findings.tsv").write_text(
        HEADER
        + 'acme__one.md\t3\tRL201\twarning\tTP\t\tboth\t"""Root cause"" is ""N/A"" with no reason given"\t\n'
        + 'acme__one.md\t4\tRL201\twarning\tFP\t\tboth\t"""Owner"" is ""N/A"" with no reason given"\t\n',
        encoding="utf-8",
    )
    (labels / "misses.tsv").write_text("file\tline\tfamily\tclarity\ttext\nacme__one.md\t6\tRL4\tclear\tprobably\ndfds__two.md\t3\tRL2\tclear\tx\n", encoding="utf-8")
    return corpus, labels


def test_harness_scores_a_tiny_corpus(tiny, tmp_path, capsys):
    corpus, labels = tiny
    score = load_score()
    unjudged, accuracy = tmp_path / "new.tsv", tmp_path / "accuracy.toml"
    code = score.main(["--corpus", str(corpus), "--labels", str(labels), "--unjudged-tsv", str(unjudged),
                       "--write-accuracy", "--accuracy-file", str(accuracy)])
    out = capsys.readouterr().out
    assert code == 0
    assert "## real reports [base]" in out and "## real reports [profile]" in out
    assert "| RL201 | 1 | 1 | 0 | 0 | 0 | 0.50 (1/2) |" in out
    assert "FP        acme__one.md:4: RL201" in out
    assert "MISSED    dfds__two.md:3: RL2" in out
    rows = score.read_tsv(unjudged)
    assert rows and all(row["label"] == "" for row in rows) and {"RL201"}.isdisjoint(row["code"] for row in rows)
    from reportlint._toml import loads

    measured = loads(accuracy.read_text(encoding="utf-8"))
    assert measured["rules"]["RL201"]["precision"] == 0.5 and measured["rules"]["RL201"]["judged"] == 2
    assert measured["rules"]["RL202"]["labelled_set"] == "tests/fixtures/RL202"


def test_harness_without_a_corpus_says_so(tmp_path, capsys):
    assert load_score().main(["--corpus", str(tmp_path / "absent")]) == 2
    assert "no real reports" in capsys.readouterr().err


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/real is absent: the real reports are not checked out next to this repository")
def test_harness_runs_on_the_real_reports(capsys):
    assert load_score().main(["--setting", "base"]) == 0
    assert "real reports [base]: precision" in capsys.readouterr().out


def test_learned_profiles_per_source_are_measured_and_judged(tmp_path, capsys):
    """eval/real/learned.py learns a profile per source (file-name prefix) and lists each RL1
    warning of it on the same reports with its judgment; a source of too few reports is refused."""
    spec = importlib.util.spec_from_file_location("reportlint_eval_real_learned", ROOT / "eval" / "real" / "learned.py")
    assert spec is not None and spec.loader is not None
    learned = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(learned)
    corpus = tmp_path / "real"
    corpus.mkdir()
    for number in range(1, 7):
        cause = "## Root Cause\n\nA push.\n\n" if number != 6 else ""
        (corpus / f"team__r{number}.md").write_text(f"# Stall {number}\n\n## Summary\n\nThe queue stopped.\n\n{cause}## Timeline\n\n- 10:00 UTC stopped.\n", encoding="utf-8")
    (corpus / "other__a.md").write_text("# Note\n\nText.\n", encoding="utf-8")
    labels = tmp_path / "learned.tsv"
    labels.write_text("file\tline\tcode\tmessage\tlabel\tnote\n"
                      'team__r6.md\t1\tRL101\tMissing required section "Root Cause" (root-causes: "Root Cause", ...)\tREAL\tno cause given\n', encoding="utf-8")
    assert learned.main(["--corpus", str(corpus), "--labels", str(labels)]) == 0
    out = capsys.readouterr().out
    assert "refused: 1 report found" in out
    assert 'REAL      team__r6.md:1: RL101 Missing required section "Root Cause"' in out
    assert "learned sources: 1 RL1 warnings on 6 reports (0.17/report): REAL 1, DEBATABLE 0, FP 0" in out
