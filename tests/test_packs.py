"""Packs: the built-in profiles, user packs and their validation, and the packs in the wheel."""
from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run_cli
from reportlint._text import normalize_title
from reportlint._finding import Severity
from reportlint._packs import PackError, builtin_pack_dir, builtin_pack_ids, load_profile, pack_problem, read_pack
from reportlint._run import run
from reportlint._settings import Settings

BUILTIN = ("base", "incident", "postmortem", "threat-intel")


def lint(path: Path, profile: str = "base", select: tuple[str, ...] | None = None, packs: tuple[str, ...] = ()) -> list[dict]:
    out, err = io.StringIO(), io.StringIO()
    code = run(Settings(paths=(str(path),), profile=profile, packs=packs, select=select, fail_on=Severity.INFO, output_format="json", quiet=True), out, err)
    assert code in (0, 1), err.getvalue()
    return json.loads(out.getvalue())["findings"]


def test_builtin_packs_are_the_four_profiles() -> None:
    assert set(BUILTIN) <= set(builtin_pack_ids())


@pytest.mark.parametrize("pack_id", BUILTIN)
def test_builtin_pack_is_valid(pack_id: str) -> None:
    data = read_pack(builtin_pack_dir() / f"{pack_id}.toml")
    assert pack_problem(data) is None
    profile = load_profile(pack_id)
    assert all(spec.kind in ("factual", "analysis", "action", "reference", "source") for spec in profile.sections)
    assert all("kind" in entry for entry in data.get("structure", {}).get("sections", []))
    names = [normalize_title(n) for spec in profile.sections for n in spec.names()]
    assert len(names) == len(set(names)), "a heading name must stand for one section"


def test_base_requires_nothing() -> None:
    profile = load_profile("base")
    assert not any(spec.required for spec in profile.sections) and not profile.fields


@pytest.mark.parametrize(
    ("profile", "heading", "kind"),
    [
        ("incident", "Executive Summary", "factual"),
        ("incident", "2. Impact:", "factual"),
        ("incident", "Lessons Learned", "action"),
        ("incident", "References", "reference"),
        ("postmortem", "Root Cause", "factual"),
        ("postmortem", "Follow-ups", "action"),
        ("threat-intel", "Key Judgments", "analysis"),
        ("threat-intel", "Sources", "reference"),
        ("base", "Assessment", "analysis"),
        ("base", "Hypotheses", "analysis"),
        ("base", "Recommendations", "action"),
    ],
)
def test_section_kinds(profile: str, heading: str, kind: str) -> None:
    spec = load_profile(profile).spec_for(heading)
    assert spec is not None and spec.kind == kind


def test_a_pack_replaces_the_inherited_section_with_the_same_name() -> None:
    profile = load_profile("incident")
    assert profile.spec_for("Summary").id == "executive-summary"
    assert "summary" not in {spec.id for spec in profile.sections}


# ------------------------------------------------------------ user packs

def write_pack(tmp_path: Path, text: str, name: str = "team.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "pointer", "expected"),
    [
        ('[pack]\nid = "team"\n[structure]\nsections = [{ id = "a", title = "A", na = "sometimes", kind = "factual" }]\n', "/structure/sections/0/na", 'expected one of "allowed", "justify", "forbidden"'),
        ('[pack]\nid = "team"\n[structure]\nsections = [{ id = "a", title = "A", colour = "red" }]\n', "/structure/sections/0/colour", "unknown key"),
        ('[pack]\nid = "team"\n[structure]\nsections = [{ id = "a" }]\n', "/structure/sections/0/title", "missing required key"),
        ('[pack]\nid = "team"\n[severity]\nRL201 = "fatal"\n', "/severity/RL201", 'expected one of "error", "warning", "info"'),
        ('[pack]\nid = "team"\n[[patterns]]\ncode = "ACME101"\nname = "no-foo"\nkind = "existence"\n', "/patterns/0/message", "missing required key"),
        ('[pack]\nid = "team"\n[[patterns]]\ncode = "ACME101"\nname = "no-foo"\nkind = "existence"\npattern = "foo"\nmessage = "foo"\nregex = "x"\n', "/patterns/0/regex", "unknown key"),
        ('[pack]\nid = "team"\n[structure]\nfields = [{ name = "Owner", aliases = "Lead" }]\n', "/structure/fields/0", ""),
        ('[pack]\nid = "team"\n[[patterns]]\ncode = "ACME101"\nname = "few-foo"\nkind = "occurrence"\npattern = "foo"\nmax = "two"\nmessage = "foo"\n', "/patterns/0/max", "expected integer"),
    ],
)
def test_broken_user_pack_is_exit_2_with_file_pointer_and_expectation(tmp_path: Path, body: str, pointer: str, expected: str) -> None:
    pack = write_pack(tmp_path, body)
    report = write_pack(tmp_path, "# Report\n\nText.\n", "report.md")
    result = run_cli("check", "--pack", str(pack), "--profile", "team", str(report))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(pack) in lines[0] and f": {pointer}" in lines[0] and expected in lines[0]


def test_valid_pattern_entries_are_accepted(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, '''
[pack]
id = "team"
schema-version = 1
extends = ["threat-intel"]

[[patterns]]
code = "ACME101"
name = "attribution-without-confidence"
kind = "conditional"
scope = "paragraph"
first = '(?i)\\battributed to\\b'
second = '(?i)\\b(low|moderate|high) confidence\\b'
message = "Attribution stated without a confidence level"
severity = "warning"
section = ["Assessment"]

[[patterns]]
code = "ACME102"
name = "say-use"
kind = "substitution"
swap = { utilize = "use" }
message = "Use '%s' instead of '%s'"

[[patterns]]
code = "ACME103"
name = "too-many-hedges"
kind = "occurrence"
scope = "sentence"
pattern = '\\bmay\\b'
max = 2
message = "Too many hedges"
''')
    profile = load_profile("team", [pack])
    assert len(profile.patterns) == 3 and profile.spec_for("Key Judgments") is not None


def test_user_pack_as_profile_path_is_validated(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, '[pack]\nid = "team"\nextends = "incident"\n')
    with pytest.raises(PackError, match=r"team\.toml: /pack/extends: expected array"):
        load_profile(str(pack))


def test_user_pack_sections_and_na_policies(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, '''
[pack]
id = "team"
extends = ["base"]
[structure]
sections = [
  { id = "impact", title = "Impact", required = true, na = "allowed", kind = "factual" },
  { id = "owner", title = "Ownership", na = "forbidden", kind = "action" },
]
fields = [{ name = "Owner", aliases = ["Lead"] }]
''')
    report = write_pack(tmp_path, "# Report\n\n- **Lead:** J. Doe\n\n## Impact\n\n- **Money:** N/A\n\n## Ownership\n\n- **Team:** N/A (the team was disbanded)\n", "report.md")
    found = [(f["code"], f["location"]["line"]) for f in lint(report, "team", packs=(str(pack),))]
    assert found == [("RL201", 11)]


def test_jsonschema_is_not_imported_without_user_packs() -> None:
    code = (
        "import io, sys\n"
        "from reportlint._run import run\nfrom reportlint._settings import Settings\n"
        f"run(Settings(paths=[{str(FIXTURES / 'profiles' / 'incident_complete.md')!r}], profile='incident'), io.StringIO(), io.StringIO())\n"
        "assert 'jsonschema' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# ------------------------------------------------------------ the wheel

def test_built_wheel_contains_the_packs(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".ci-venv", "*.egg-info", "__pycache__", "dist", "build"))
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path / "dist"), str(source)],
        capture_output=True, text=True, timeout=600,
    )
    if result.returncode != 0 and "hatchling" in result.stderr and ("connection" in result.stderr.lower() or "No matching distribution" in result.stderr):
        pytest.skip("the build backend (hatchling) cannot be installed here")
    assert result.returncode == 0, result.stderr
    wheel = next((tmp_path / "dist").glob("reportlint-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for pack_id in BUILTIN:
        assert f"reportlint/_packs/{pack_id}.toml" in names
    assert "reportlint/schemas/pack.schema.json" in names
