"""reportlint.api.lint_text: what an embedder calls."""
from __future__ import annotations

from pathlib import Path

import pytest

from reportlint.api import Finding, lint_text

REPORT = "# Incident report\n\nRoot cause: N/A\n"


def test_lint_text_gives_the_findings_of_check() -> None:
    findings = lint_text(REPORT, path="r.md")
    assert findings and all(isinstance(f, Finding) for f in findings)
    assert any(f.code == "RL201" and f.path == "r.md" and f.span.start.line == 3 for f in findings)
    assert findings == sorted(findings, key=lambda f: f.sort_key)


def test_lint_text_reads_a_config_only_when_given_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / ".reportlint.toml"
    config.write_text('ignore = ["RL201"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert any(f.code == "RL201" for f in lint_text(REPORT))
    assert not any(f.code == "RL201" for f in lint_text(REPORT, config=str(config)))


def test_lint_text_profile_and_bad_settings() -> None:
    assert {f.code for f in lint_text(REPORT, profile="incident")} != {f.code for f in lint_text(REPORT)}
    with pytest.raises(ValueError, match="unknown profile"):
        lint_text(REPORT, profile="no-such-profile")
