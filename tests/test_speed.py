"""Parallel runs, the findings cache and plugin discovery: same results, less work.

Nothing here is timed (speed is measured by ``bench/run``); these tests pin what a user
would notice: ``--jobs N`` prints exactly what ``--jobs 1`` prints, and a cached run
never shows stale findings.
"""
from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import FIXTURES, SEED, run_cli
from reportlint._cache import Cache
from reportlint._batch import CachedLinter
from reportlint._engine import build_engines
from reportlint._run import run
from reportlint._settings import Settings
from reportlint._source import SourceFile

BAD_REPORT = "# Incident\n\n## Details\n\n- **Discovery Date:** Not explicitly stated\n- **Root Cause:** N/A\n\nThe attacker likely used stolen credentials.\n"
GOOD_REPORT = "# Incident\n\n## Details\n\n- **Discovery Date:** 2024-05-11\n- **Root Cause:** N/A (the host was reimaged before collection)\n\nThe attacker used stolen credentials.\n"


@pytest.fixture
def many_reports(tmp_path: Path) -> Path:
    """40 reports (enough for the worker pool) from the fixtures, plus one non-UTF-8 file."""
    folder = tmp_path / "reports"
    folder.mkdir()
    sources = sorted(FIXTURES.rglob("*.md")) + ([SEED] if SEED.exists() else [])
    for number in range(40):
        source = sources[number % len(sources)]
        (folder / f"{number:02d}-{source.name}").write_bytes(source.read_bytes())
    (folder / "15-latin1.md").write_bytes("# Caf\xe9\n".encode("latin-1"))
    (folder / "16-incident.md").write_text("---\nreportlint-profile: incident\n---\n" + BAD_REPORT, encoding="utf-8")
    return folder


@pytest.mark.parametrize("output_format", ["concise", "json", "sarif"])
def test_jobs_output_identical_to_one_job(many_reports: Path, output_format: str) -> None:
    args = ("check", "--no-cache", "--output-format", output_format, "--fail-on", "info", str(many_reports))
    one = run_cli(*args, "--jobs", "1")
    two = run_cli(*args, "--jobs", "2")
    assert one.returncode == two.returncode == 2  # the latin-1 file
    assert one.stdout == two.stdout
    assert one.stderr == two.stderr
    assert "15-latin1.md" in one.stderr and one.stdout.count("\n") > 20  # findings of many files, whichever fixtures come first


@pytest.mark.parametrize("output_format", ["full", "sarif"])
def test_second_run_uses_the_cache_and_prints_the_same(many_reports: Path, tmp_path: Path, output_format: str) -> None:
    """Also the rules a format lists: those of a profile a cached file's front matter picks."""
    cache = tmp_path / "cache"
    args = ("check", "--cache-dir", str(cache), "--output-format", output_format, str(many_reports))
    first = run_cli(*args)
    assert (cache / "CACHEDIR.TAG").exists() and list((cache / "v2").rglob("*.json"))
    second = run_cli(*args)
    assert (first.returncode, first.stdout, first.stderr) == (second.returncode, second.stdout, second.stderr)


def test_no_cache_writes_nothing(tmp_path: Path) -> None:
    report = tmp_path / "report.md"
    report.write_text(BAD_REPORT, encoding="utf-8")
    result = run_cli("check", "--no-cache", "report.md", cwd=tmp_path)
    assert result.returncode == 1
    assert not (tmp_path / ".reportlint_cache").exists()
    run_cli("check", "report.md", cwd=tmp_path)
    assert (tmp_path / ".reportlint_cache").is_dir()


def test_changed_content_is_linted_again(tmp_path: Path) -> None:
    report = tmp_path / "report.md"
    report.write_text(BAD_REPORT, encoding="utf-8")
    assert run_cli("check", "report.md", cwd=tmp_path).returncode == 1
    report.write_text(GOOD_REPORT, encoding="utf-8")
    fixed = run_cli("check", "report.md", cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stdout
    report.write_text(BAD_REPORT, encoding="utf-8")
    assert "RL201" in run_cli("check", "report.md", cwd=tmp_path).stdout


def test_changed_settings_are_not_served_from_the_cache(tmp_path: Path) -> None:
    (tmp_path / "report.md").write_text(BAD_REPORT, encoding="utf-8")
    everything = run_cli("check", "report.md", cwd=tmp_path).stdout
    only_dates = run_cli("check", "--select", "RL3", "report.md", cwd=tmp_path).stdout
    assert "RL201" in everything and "RL301" in everything
    assert "RL301" in only_dates and "RL201" not in only_dates
    as_errors = _run_in_process(tmp_path, severity={"RL301": "error"})
    assert "1 error," in as_errors


def test_settings_path_and_bytes_are_part_of_the_key(tmp_path: Path) -> None:
    plain = build_engines(Settings(), [])
    stricter = build_engines(Settings(severity={"RL401": "error"}), [])
    cache = Cache(str(tmp_path / "cache"))
    assert CachedLinter(plain, cache).context("a.md") != CachedLinter(stricter, cache).context("a.md")
    context = CachedLinter(plain, cache).context("a.md")
    assert cache.key(context, "a.md", b"x") != cache.key(context, "b.md", b"x")
    assert cache.key(context, "a.md", b"x") != cache.key(context, "a.md", b"y")


def test_unchanged_file_is_not_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = tmp_path / "report.md"
    report.write_text(BAD_REPORT, encoding="utf-8")
    engines = build_engines(Settings(), [])
    cache, source = Cache(str(tmp_path / "cache")), SourceFile("report.md", str(report))
    first, _ = CachedLinter(engines, cache).lint(source)

    def broken(*_args: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr("reportlint._engine.parse_document", broken)
    second, _ = CachedLinter(engines, cache).lint(source)
    assert second.error is None and second.findings == first.findings and tuple(second.lines) == first.lines


def test_runs_saving_at_once_keep_each_others_entries(tmp_path: Path) -> None:
    """Two pre-commit batches over different files: each store write merges, none is lost."""
    engines = build_engines(Settings(), [])
    first, second = Cache(str(tmp_path / "cache")), Cache(str(tmp_path / "cache"))
    sources = []
    for name, cache in (("a.md", first), ("b.md", second)):
        (tmp_path / name).write_text(BAD_REPORT, encoding="utf-8")
        sources.append(SourceFile(name, str(tmp_path / name)))
        assert CachedLinter(engines, cache).lint(sources[-1])[1] is not None
    first.save()
    second.save()
    later = Cache(str(tmp_path / "cache"))
    for source in sources:
        assert CachedLinter(engines, later).cached(source) is not None


def test_corrupt_or_unwritable_cache_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "report.md").write_text(BAD_REPORT, encoding="utf-8")
    expected = run_cli("check", "--no-cache", "report.md", cwd=tmp_path)
    run_cli("check", "report.md", cwd=tmp_path)
    for entry in (tmp_path / ".reportlint_cache").rglob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    assert run_cli("check", "report.md", cwd=tmp_path).stdout == expected.stdout
    (tmp_path / "blocked").write_text("a file where the cache folder would go", encoding="utf-8")
    blocked = run_cli("check", "--cache-dir", "blocked/cache", "report.md", cwd=tmp_path)
    assert (blocked.returncode, blocked.stdout, blocked.stderr) == (expected.returncode, expected.stdout, expected.stderr)


def _run_in_process(folder: Path, **overrides: object) -> str:
    out = io.StringIO()
    previous = os.getcwd()
    os.chdir(folder)
    try:
        run(Settings(paths=("report.md",), cache_dir=".reportlint_cache", **overrides), out, io.StringIO())  # type: ignore[arg-type]
    finally:
        os.chdir(previous)
    return out.getvalue()


def test_plugins_installed_as_dist_info_are_found(tmp_path: Path) -> None:
    """A plugin installed as a ``.dist-info`` folder on the path is found through its entry point."""
    (tmp_path / "acme_rules.py").write_text(textwrap.dedent('''
        from reportlint.api import rule

        @rule(code="ACME001", name="acme-check", summary="An example plugin rule")
        def acme_check(doc, ctx):
            """## What it does
            Nothing.
            """
            return []

        RULES = (acme_check,)
    '''), encoding="utf-8")
    info = tmp_path / "acme_rules-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-rules\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[console_scripts]\nacme = acme_rules:main\n\n[reportlint.rules]\nACME = acme_rules\n", encoding="utf-8")
    listed = run_cli("rules", env={"PYTHONPATH": str(tmp_path)})
    assert "ACME001" in listed.stdout and "RL201" in listed.stdout


def test_changed_config_file_is_not_served_from_the_cache(tmp_path: Path) -> None:
    (tmp_path / "report.md").write_text(BAD_REPORT, encoding="utf-8")
    assert "RL201" in run_cli("check", "report.md", cwd=tmp_path).stdout
    (tmp_path / ".reportlint.toml").write_text('[per-file-ignores]\n"*.md" = ["RL2"]\n', encoding="utf-8")
    assert "RL201" not in run_cli("check", "report.md", cwd=tmp_path).stdout


def test_cache_key_is_the_same_in_every_process(tmp_path: Path) -> None:
    """Set order changes with the hash seed; the key must not, or nothing is ever reused."""
    (tmp_path / "report.md").write_text(BAD_REPORT, encoding="utf-8")
    for seed in ("1", "2"):
        run_cli("check", "report.md", cwd=tmp_path, env={"PYTHONHASHSEED": seed})
    assert len(list((tmp_path / ".reportlint_cache").rglob("*.json"))) == 1
