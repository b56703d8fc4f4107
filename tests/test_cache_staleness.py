"""The findings cache never serves a wrong finding (issue 20): a damaged store costs a re-lint,
today's date is part of the key when a rule reads it, and a pack named in front matter is
checked for changes."""
from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from conftest import run_cli

FUTURE_EVENT = "# Incident\n\n## Timeline\n\n- 2027-03-01 10:00 UTC: attacker logged in\n"


def test_a_damaged_store_costs_only_a_re_lint(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "a.md").write_text("# T\n\nStatus: N/A\n", encoding="utf-8")
    expected = run_cli("check", "--isolated", "--no-cache", "reports", cwd=tmp_path)
    assert expected.returncode == 1 and "RL201" in expected.stdout
    run_cli("check", "--isolated", "reports", cwd=tmp_path)
    stores = list((tmp_path / ".reportlint_cache").rglob("*.json"))
    assert stores
    for store in stores:  # nested too deeply for the JSON reader
        store.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    for _ in range(2):
        again = run_cli("check", "--isolated", "reports", cwd=tmp_path)
        assert (again.returncode, again.stdout, again.stderr) == (expected.returncode, expected.stdout, expected.stderr)


@pytest.mark.parametrize("damage", [
    lambda row: row.__setitem__(3, 10_000),  # a line past the end of the file
    lambda row: row.__setitem__(4, "1"),  # a column that is not a number
    lambda row: row.__setitem__(5, 0),  # a line 0
    lambda row: row.__setitem__(1, None),  # no message
])
def test_cached_positions_are_validated(tmp_path: Path, damage) -> None:
    (tmp_path / "a.md").write_text("# T\n\nStatus: N/A\n", encoding="utf-8")
    expected = run_cli("check", "--isolated", "a.md", cwd=tmp_path)
    [store] = list((tmp_path / ".reportlint_cache").rglob("*.json"))
    data = json.loads(store.read_text(encoding="utf-8"))
    [entry] = data["files"].values()
    damage(entry[-1][0])  # the first finding's row: kind, message, detail, line, column, end line, end column, ...
    store.write_text(json.dumps(data), encoding="utf-8")
    again = run_cli("check", "--isolated", "a.md", cwd=tmp_path)
    assert (again.returncode, again.stdout, again.stderr) == (expected.returncode, expected.stdout, expected.stderr)


def test_today_is_part_of_the_key_of_date_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Yesterday's "in the future" is not served today."""
    import io

    from reportlint._run import run
    from reportlint._settings import Settings
    from reportlint.checks.dates import rl308_date_in_future

    (tmp_path / "r.md").write_text(FUTURE_EVENT, encoding="utf-8")
    settings = Settings(paths=(str(tmp_path / "r.md"),), isolated=True, cache_dir=str(tmp_path / "cache"))

    def lint(today: datetime.date) -> str:
        class Today(datetime.date):
            @classmethod
            def today(cls) -> Today:
                return cls(today.year, today.month, today.day)

        monkeypatch.setattr(rl308_date_in_future, "date", Today)
        monkeypatch.setattr("reportlint._cache.date", Today, raising=False)
        out = io.StringIO()
        run(settings, out, io.StringIO())
        return out.getvalue()

    assert "RL308" in lint(datetime.date(2026, 1, 1))
    assert "RL308" not in lint(datetime.date(2028, 1, 1))
    assert "RL308" in lint(datetime.date(2026, 1, 1))


def test_editing_a_pack_named_in_front_matter_invalidates_the_cache(tmp_path: Path) -> None:
    pack = tmp_path / "acme.toml"
    pack.write_text(
        '[pack]\nid = "acme"\nschema-version = 1\nextends = ["base"]\n\n[[patterns]]\ncode = "ACME001"\nname = "unresolved"\n'
        "kind = \"existence\"\nscope = \"text\"\npattern = '\\bTBC\\b'\nmessage = '\"{match}\" must be resolved'\n",
        encoding="utf-8",
    )
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "r.md").write_text("---\nreportlint-profile: acme.toml\n---\n# Report\n\nThe owner is TBC and FOO.\n", encoding="utf-8")
    assert '"TBC" must be resolved' in run_cli("check", "reports", cwd=tmp_path).stdout
    pack.write_text(pack.read_text(encoding="utf-8").replace("TBC", "FOO"), encoding="utf-8")
    cached = run_cli("check", "reports", cwd=tmp_path)
    assert '"FOO" must be resolved' in cached.stdout and "TBC" not in cached.stdout
    pack.unlink()
    gone = run_cli("check", "reports", cwd=tmp_path)
    assert gone.returncode == 2 and "acme.toml" in gone.stderr
