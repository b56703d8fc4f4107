"""docs/rules/ is generated from the rules and must not go stale; every finding links to its page."""
from __future__ import annotations

from pathlib import Path

from conftest import ROOT, run_cli
from reportlint._docs import builtin_rules, generate, rule_page, stale_files
from reportlint._registry import DOCS_BASE_URL, rule

DOCS = ROOT / "docs" / "rules"
REGENERATE = "regenerate with `reportlint docs` (or `python -m reportlint docs`) from the repository root, then commit docs/rules/"


def test_rule_docs_are_up_to_date():
    stale = stale_files(DOCS, generate(builtin_rules()))
    assert not stale, f"docs/rules/ is stale ({', '.join(stale)}): {REGENERATE}"


def test_every_rule_url_is_its_page():
    for built_in in builtin_rules():
        assert built_in.url == f"{DOCS_BASE_URL}{built_in.code}.md"
        assert built_in.url.endswith(f"docs/rules/{built_in.code}.md")
        assert (DOCS / f"{built_in.code}.md").is_file()


def test_page_shape():
    for built_in in builtin_rules():
        lines = rule_page(built_in).splitlines()
        assert lines[0] == f"# {built_in.code} — {built_in.name}"
        assert lines[2].startswith("Family: ") and f"Default severity: {built_in.severity.value}" in lines[2]
        assert f"Status: {built_in.status} since {built_in.since}" in lines[2]
        assert "## What it does" in lines and "## Why is this bad?" in lines and "## Example" in lines
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    assert all(f"[{r.code}]({r.code}.md)" in index for r in builtin_rules())


def test_options_table_from_the_schema_and_docstring():
    @rule(code="RL299", name="demo-rule", summary="Demo", options={"min-words": 3, "mode": "strict"},
          options_schema={"type": "object", "properties": {"min-words": {"type": "integer"}, "mode": {"enum": ["strict", "loose"], "description": "How strict"}}})
    def demo(doc, ctx):  # noqa: ANN001, ANN202
        """## What it does
        Demo.

        ## Options
        - `min-words`: words required after "N/A".
        """
        return ()

    page = rule_page(demo)
    assert "Family: N/A & placeholders · Tags: — · Default severity: warning · Fix: none · Status: stable since 0.1.0" in page
    assert '| `min-words` | integer | `3` | words required after "N/A". |' in page
    assert '| `mode` | enum | `"strict"` | How strict. One of: `strict`, `loose`. |' in page
    assert page.index("| Option |") < page.index("## What it does")


def test_docs_command_writes_then_checks(tmp_path: Path):
    target = tmp_path / "rules"
    assert run_cli("docs", "--check", "--output-dir", str(target)).returncode == 1
    written = run_cli("docs", "--output-dir", str(target))
    assert written.returncode == 0 and "RL201.md" in written.stdout
    (target / "RL999.md").write_text("# gone\n", encoding="utf-8")
    check = run_cli("docs", "--check", "--output-dir", str(target))
    assert check.returncode == 1 and "RL999.md" in check.stdout
    assert run_cli("docs", "--output-dir", str(target)).returncode == 0
    assert not (target / "RL999.md").exists()
    assert run_cli("docs", "--check", "--output-dir", str(target)).stdout == ""
