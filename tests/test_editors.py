"""``reportlint server`` in real editors, headless: Neovim's built-in LSP client and Emacs's eglot.

Each test starts the editor with the README's configuration for it (read from README.md, so
the snippet a writer copies is the one tested), opens a report, and through the editor's own
client: reads the diagnostics it shows (they must equal ``reportlint check --output-format
json`` for the same text), hovers the flagged span, and picks *Suppress ... on this line* from
the code-action menu, which the editor applies to the unsaved buffer; the diagnostics that
follow must equal ``check`` of the edited text. The drivers are tests/editors/drive.lua and
drive.el. A test skips, saying why, when its editor is not installed (``.ci/run`` installs
Debian's ``neovim``, ``emacs-nox``, ``elpa-eglot`` and ``elpa-markdown-mode``).

Helix, Zed and VS Code are not tested: none can be installed where the tests run (see README).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, run_cli
from test_server import CONFIG, REPORT  # the report of the protocol-level tests: an emoji before its flagged spans

DRIVERS = Path(__file__).resolve().parent / "editors"

CODE, ACTION = "RL401", "Suppress RL401 on this line"
_SEVERITY = {"error": 1, "warning": 2, "info": 3}


def readme_block(language: str, marker: str) -> str:
    """The README's ``language`` code block, in its editor section, that contains ``marker``."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## In your editor", 1)[1].split("\n## ", 1)[0]
    blocks = [b for b in re.findall(rf"```{language}\n(.*?)```", section, re.S) if marker in b]
    assert len(blocks) == 1, f"README: expected one {language} block with {marker!r} in 'In your editor', found {len(blocks)}"
    return blocks[0]


def _workspace(tmp_path: Path) -> Path:
    reports = tmp_path / "workspace" / "reports"
    reports.mkdir(parents=True)
    (reports / ".reportlint.toml").write_text(CONFIG, encoding="utf-8")
    (reports / "incident.md").write_text(REPORT, encoding="utf-8")
    return reports / "incident.md"


def _environment(tmp_path: Path) -> dict[str, str]:
    """A clean home (no user configuration, nothing written to the real one) and, first on PATH,
    the ``reportlint`` command that this Python's ``pip install`` made."""
    scripts = Path(sys.executable).parent
    assert (scripts / "reportlint").exists(), f"no reportlint command beside {sys.executable}: the package is not installed"
    home = tmp_path / "home"
    home.mkdir()
    env = {name: value for name, value in os.environ.items() if not name.startswith(("XDG_", "NVIM", "VIM", "EMACS"))}
    env.update(HOME=str(home), PATH=f"{scripts}{os.pathsep}{env.get('PATH', '')}", TERM="dumb")
    return env


def _drive(command: list[str], tmp_path: Path, config: Path, report: Path) -> dict[str, Any]:
    out = tmp_path / "out.json"
    env = _environment(tmp_path) | {"RL_CONFIG": str(config), "RL_REPORT": str(report), "RL_CODE": CODE, "RL_ACTION": ACTION, "RL_OUT": str(out)}
    result = subprocess.run(command, cwd=report.parent, env=env, capture_output=True, text=True, timeout=240, stdin=subprocess.DEVNULL)
    assert out.exists(), f"the editor wrote nothing (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
    found: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    assert "error" not in found, f"{found['error']}\n{result.stderr[-3000:]}"
    assert result.returncode == 0, result.stderr
    return found


def _check(report: Path, text: str) -> list[dict[str, Any]]:
    """``reportlint check --output-format json`` for ``text`` as ``report``, from the workspace."""
    root = report.parent.parent
    result = run_cli("check", "--output-format", "json", "--no-cache", "--stdin-filename", str(report.relative_to(root)), "-", cwd=root, input=text)
    assert result.returncode in (0, 1), result.stderr
    findings: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
    assert findings
    return findings


def _expected(findings: list[dict[str, Any]]) -> list[tuple]:
    """(code, severity, message, link, start, end): 0-based lines, 0-based code-point columns."""
    return sorted(
        (
            f["code"], _SEVERITY[f["severity"]], f["message"] if not f["detail"] else f"{f['message']}\n{f['detail']}", f["url"],
            (f["location"]["line"] - 1, f["location"]["column"] - 1), (f["end_location"]["line"] - 1, f["end_location"]["column"] - 1),
        )
        for f in findings
    )


def _why(code: str) -> str:
    page = (ROOT / "docs" / "rules" / f"{code}.md").read_text(encoding="utf-8")
    return " ".join(page.split("## Why is this bad?")[1].split("##")[0].split())


def _assert_as_check(found: dict[str, Any], report: Path, shown: list[tuple]) -> None:
    """The editor showed what ``check`` finds, before and after the code action it applied."""
    assert shown[0] == _expected(_check(report, REPORT))  # the config, profile, suppression and the columns past the emoji
    assert any(code == CODE for code, *_ in shown[0])
    assert ACTION + " (write the reason after --)" in found["actions"]
    line = next(start[0] for code, *_, start, _end in shown[0] if code == CODE)
    edited = found["text"]
    assert edited.split("\n")[line].endswith(f"<!-- reportlint-disable-line {CODE} -- -->")
    assert found["modified"] is True and report.read_text(encoding="utf-8") == REPORT  # the buffer, unsaved: the file is untouched
    assert shown[1] == _expected(_check(report, edited))
    assert CODE not in [code for code, *_ in shown[1]]
    assert _why(CODE) in " ".join(found["hover"].split())


# ---------------------------------------------------------------- Neovim

def _nvim_version() -> tuple[int, ...] | None:
    if shutil.which("nvim") is None:
        return None
    first = subprocess.run(["nvim", "--version"], capture_output=True, text=True, timeout=60).stdout.split("\n")[0]
    found = re.search(r"v(\d+)\.(\d+)", first)
    return tuple(int(n) for n in found.groups()) if found else None


def _nvim_columns(diagnostics: list[dict[str, Any]], text: str) -> list[tuple]:
    """Neovim's diagnostics in check's terms: its columns are bytes of the buffer's line."""
    lines = text.split("\n")

    def column(line: int, byte: int) -> int:
        return len(lines[line].encode("utf-8")[:byte].decode("utf-8"))

    return sorted(
        (d["code"], d["severity"], d["message"], d["href"], (d["lnum"], column(d["lnum"], d["col"])), (d["end_lnum"], column(d["end_lnum"], d["end_col"])))
        for d in diagnostics
    )


def test_neovim_shows_the_findings_hovers_and_applies_a_suppression(tmp_path: Path):
    version = _nvim_version()
    if version is None:
        pytest.skip("Neovim (nvim) is not installed; .ci/run installs Debian's neovim package")
    if version < (0, 7):
        pytest.skip(f"Neovim {version} is older than 0.7, which the README's configuration needs")
    report = _workspace(tmp_path)
    config = tmp_path / "init.lua"
    config.write_text(readme_block("lua", "vim.lsp.start_client"), encoding="utf-8")
    found = _drive(["nvim", "--headless", "-u", str(DRIVERS / "drive.lua")], tmp_path, config, report)
    assert found["filetype"] == "markdown" and found["clients"] == ["reportlint"]
    _assert_as_check(found, report, [_nvim_columns(found["diagnostics"], REPORT), _nvim_columns(found["after"], found["text"])])


# ---------------------------------------------------------------- Emacs (eglot)

def _has_eglot() -> bool:
    if shutil.which("emacs") is None:
        return False
    probe = subprocess.run(
        ["emacs", "--batch", "--eval", "(progn (package-initialize) (require 'eglot) (require 'markdown-mode))"],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL, env=os.environ | {"HOME": "/nonexistent"},
    )
    return probe.returncode == 0


def _emacs_columns(diagnostics: list[dict[str, Any]]) -> list[tuple]:
    """eglot's (flymake's) diagnostics in check's terms: buffer positions, in characters. An
    empty range (a finding about the whole document) eglot widens to the line to show it; that
    one is compared as the server sent it."""
    shown = []
    for d in diagnostics:
        start, end = d["lsp_range"]["start"], d["lsp_range"]["end"]
        if start == end:
            where = ((start["line"], start["character"]), (end["line"], end["character"]))
        else:
            where = ((d["line"] - 1, d["column"]), (d["end_line"] - 1, d["end_column"]))
        shown.append((d["code"], d["severity"], d["message"], d["href"], *where))
    return sorted(shown)


def test_emacs_eglot_shows_the_findings_hovers_and_applies_a_suppression(tmp_path: Path):
    if not _has_eglot():
        pytest.skip("Emacs with eglot and markdown-mode is not installed; .ci/run installs Debian's emacs-nox, elpa-eglot and elpa-markdown-mode")
    report = _workspace(tmp_path)
    config = tmp_path / "init.el"
    config.write_text(readme_block("elisp", "eglot-server-programs"), encoding="utf-8")
    found = _drive(["emacs", "--batch", "-l", str(DRIVERS / "drive.el")], tmp_path, config, report)
    assert found["mode"] == "markdown-mode"
    _assert_as_check(found, report, [_emacs_columns(found["diagnostics"]), _emacs_columns(found["after"])])
