"""``reportlint server`` end to end: a real LSP client (pytest-lsp) drives the server as a subprocess.

Each test starts its own server on a temporary workspace, so a test sees only its own files.
Speed is measured in bench/server_latency.py, never here.

Issue 17's "Done when", point by point:

- initialize: test_initialize_announces_the_features
- open a report, diagnostics equal ``reportlint check --output-format json``: test_open_gives_the_findings_of_check
- change the text, the diagnostics update: test_a_change_updates_the_diagnostics
- the suppression code action, then the finding is gone: test_suppression_code_actions_remove_the_finding_and_leave_the_reason_to_the_writer
- hover: test_hover_shows_the_rule_summary_and_why
- config change, then a re-lint: test_a_config_change_on_disk_lints_the_open_reports_again
- a crashing plugin, a message, the server stays up: test_a_crashing_plugin_is_one_message_and_the_server_goes_on
- shutdown and exit: test_close_clears_the_diagnostics_and_shutdown_exits_cleanly
- ``pip install .`` gives ``reportlint server``: test_pip_install_gives_the_server_command_with_no_extra_step
- a 200 KB lint blocks nothing, the latest text wins: test_a_long_lint_blocks_neither_hover_nor_code_actions_and_only_the_latest_text_is_published

The same through real editors' own clients (Neovim, Emacs eglot): tests/test_editors.py.
"""
from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from conftest import run_cli

REPORT = """\
---
reportlint-profile: incident
---
# Phishing incident \N{FISHING POLE AND FISH}

## Summary

On 03/04/2025 the \N{FISHING POLE AND FISH} attackers sent mail to 40 staff. It is highly likely that they reused the VPN password.

- **Root cause:** N/A
- **Owner:** TODO <!-- reportlint-disable-line RL202 -- owner assigned in the ticket -->

## Assessment

The group is highly likely to return.
"""
CONFIG = 'ignore = ["RL303"]\n\n[severity]\nRL201 = "error"\n'
CRASHING_PLUGIN = '''\
from reportlint.api import Severity, rule


@rule(code="TEAM001", name="always-crashes", summary="Crashes on every report", severity=Severity.WARNING)
def always_crashes(doc, ctx):
    """## What it does
    Nothing: it raises.
    """
    raise ValueError("boom in the plugin")
    yield


@rule(code="TEAM002", name="never-ends", summary="Runs forever", severity=Severity.WARNING)
def never_ends(doc, ctx):
    """## What it does
    Nothing: it never returns.
    """
    while True:
        pass
    yield


RULES = (always_crashes, never_ends)
'''

GATED_PLUGIN = '''\
import os
import time

from reportlint.api import Severity, rule


@rule(code="TEAM003", name="waits-at-the-gate", summary="Holds the lint of a text that says HOLD", severity=Severity.INFO)
def waits_at_the_gate(doc, ctx):
    """## What it does
    On a text with HOLD, says so in the file "linting" and waits until the file "gate" exists.
    """
    if "HOLD" in doc.text:
        open("linting", "w").close()
        for _ in range(12000):
            if os.path.exists("gate"):
                break
            time.sleep(0.01)
    return
    yield


RULES = (waits_at_the_gate,)
'''


# The server's environment without PYTHONDONTWRITEBYTECODE, so that a test sees whether the server
# itself keeps Python from writing byte code into the workspace.
_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "reportlint", "server"], server_env=_ENV))
async def client(lsp_client: LanguageClient):
    lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)(lambda params: None)  # the server registers its config watcher
    yield
    if lsp_client._server is not None and lsp_client._server.returncode is None:
        await lsp_client.shutdown_session()


def _workspace(tmp_path: Path, config: str = CONFIG) -> Path:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / ".reportlint.toml").write_text(config, encoding="utf-8")
    (tmp_path / "reports" / "incident.md").write_text(REPORT, encoding="utf-8")
    return tmp_path


async def _start(client: LanguageClient, root: Path, capabilities: types.ClientCapabilities | None = None) -> types.InitializeResult:
    return await client.initialize_session(types.InitializeParams(
        capabilities=capabilities or pytest_lsp.client_capabilities("visual-studio-code"),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="reports")],
        initialization_options={"debounce": 20},
    ))


async def _open(client: LanguageClient, path: Path, text: str | None = None) -> list[types.Diagnostic]:
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="markdown", version=1, text=path.read_text(encoding="utf-8") if text is None else text,
    )))
    while uri not in client.diagnostics:  # a broken config's diagnostic may come first
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return list(client.diagnostics[uri])


async def _replace(client: LanguageClient, path: Path, text: str, version: int) -> list[types.Diagnostic]:
    """Replace the whole (unsaved) buffer and wait for the diagnostics of the new text."""
    uri = path.as_uri()
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
    ))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return list(client.diagnostics[uri])


async def _opened(client: LanguageClient, tmp_path: Path) -> tuple[Path, Path, list[types.Diagnostic]]:
    """A started server on the standard workspace, its report open: (root, report, diagnostics)."""
    root = _workspace(tmp_path)
    await _start(client, root)
    report = root / "reports" / "incident.md"
    return root, report, await _open(client, report)


async def _actions(client: LanguageClient, report: Path, where: types.Range, diagnostics: list[types.Diagnostic]) -> list[types.CodeAction]:
    found = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=report.as_uri()), range=where, context=types.CodeActionContext(diagnostics=diagnostics),
    ))
    return [a for a in found or () if isinstance(a, types.CodeAction)]


def _utf16(line: str, column: int) -> int:
    """A 1-based code-point column as LSP's 0-based UTF-16 character (computed independently)."""
    return len(line[: column - 1].encode("utf-16-le")) // 2


def _expected(root: Path, relative: str, text: str) -> list[tuple]:
    """What ``reportlint check --output-format json`` says for ``text`` at ``relative``, in LSP terms."""
    result = run_cli("check", "--output-format", "json", "--no-cache", "--stdin-filename", relative, "-", cwd=root, input=text)
    assert result.returncode in (0, 1), result.stderr
    lines = text.split("\n")
    severity = {"error": 1, "warning": 2, "info": 3}
    return [
        (
            f["code"], severity[f["severity"]], f["message"] if not f["detail"] else f"{f['message']}\n{f['detail']}", f["url"],
            (f["location"]["line"] - 1, _utf16(lines[f["location"]["line"] - 1], f["location"]["column"])),
            (f["end_location"]["line"] - 1, _utf16(lines[f["end_location"]["line"] - 1], f["end_location"]["column"])),
        )
        for f in json.loads(result.stdout)["findings"]
    ]


def _got(diagnostics: list[types.Diagnostic]) -> list[tuple]:
    return [
        (d.code, d.severity, d.message, d.code_description.href if d.code_description else "",
         (d.range.start.line, d.range.start.character), (d.range.end.line, d.range.end.character))
        for d in diagnostics
    ]


def _apply(text: str, edit: types.WorkspaceEdit) -> str:
    """Apply a code action's edit as an editor would (insertions only, as the server sends)."""
    edits = [e for change in edit.document_changes or () for e in change.edits] if edit.document_changes else [e for es in (edit.changes or {}).values() for e in es]
    lines = text.split("\n")
    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        assert e.range.start == e.range.end
        line = lines[e.range.start.line]
        units = line.encode("utf-16-le")
        at = len(units[: 2 * e.range.start.character].decode("utf-16-le"))
        lines[e.range.start.line] = line[:at] + e.new_text + line[at:]
    return "\n".join(lines)


@pytest.mark.asyncio
async def test_initialize_announces_the_features(client: LanguageClient, tmp_path: Path):
    result = await _start(client, _workspace(tmp_path))
    assert result.server_info is not None and result.server_info.name == "reportlint"
    capabilities = result.capabilities
    assert capabilities.hover_provider and capabilities.code_action_provider
    assert capabilities.text_document_sync is not None


@pytest.mark.asyncio
async def test_open_gives_the_findings_of_check(client: LanguageClient, tmp_path: Path):
    root, report, diagnostics = await _opened(client, tmp_path)
    expected = _expected(root, "reports/incident.md", REPORT)
    # the config's ignore and severity, the front-matter profile, the suppression comment and
    # the UTF-16 columns after the emoji are all those of `reportlint check`
    assert _got(diagnostics) == expected
    codes = [d.code for d in diagnostics]
    assert "RL201" in codes and "RL202" not in codes and "RL101" not in codes
    assert next(d for d in diagnostics if d.code == "RL201").severity == types.DiagnosticSeverity.Error
    assert all(d.source == "reportlint" and d.code_description.href.endswith(f"docs/rules/{d.code}.md") for d in diagnostics)


@pytest.mark.asyncio
async def test_a_change_updates_the_diagnostics(client: LanguageClient, tmp_path: Path):
    root, report, diagnostics = await _opened(client, tmp_path)
    assert "RL201" in [d.code for d in diagnostics]
    changed = REPORT.replace("- **Root cause:** N/A\n", "- **Root cause:** a reused VPN password\n")
    updated = await _replace(client, report, changed, 2)  # unsaved: the file on disk still has the bare N/A
    assert "RL201" not in [d.code for d in updated]
    assert _got(updated) == _expected(root, "reports/incident.md", changed)


@pytest.mark.asyncio
async def test_columns_follow_the_position_encoding_the_client_prefers(client: LanguageClient, tmp_path: Path):
    root = _workspace(tmp_path)
    result = await _start(client, root, types.ClientCapabilities(general=types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind.Utf8])))
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    diagnostics = await _open(client, root / "reports" / "incident.md")
    claim = next(d for d in diagnostics if d.code == "RL401")
    line = REPORT.split("\n")[claim.range.start.line]
    assert line.encode("utf-8")[claim.range.start.character:].decode("utf-8").startswith("likely that")  # bytes, past the 4-byte emoji


@pytest.mark.asyncio
async def test_suppression_code_actions_remove_the_finding_and_leave_the_reason_to_the_writer(client: LanguageClient, tmp_path: Path):
    root, report, diagnostics = await _opened(client, tmp_path)
    target = next(d for d in diagnostics if d.code == "RL401")
    actions = await _actions(client, report, target.range, [target])
    titles = [a.title for a in actions]
    assert "Suppress RL401 on this line (write the reason after --)" in titles and "Suppress RL401 in this file (write the reason after --)" in titles
    on_line = next(a for a in actions if a.title.startswith("Suppress RL401 on this line"))
    assert on_line.edit is not None
    text = _apply(REPORT, on_line.edit)
    assert "<!-- reportlint-disable-line RL401 -- -->" in text.split("\n")[target.range.start.line]
    assert report.read_text(encoding="utf-8") == REPORT  # the server never writes the file itself
    after = await _replace(client, report, text, 2)
    assert "RL401" not in [d.code for d in after]
    assert sorted(d.code for d in after) == sorted(c for c in (d.code for d in diagnostics) if c != "RL401")

    in_file = await _actions(client, report, next(d for d in after if d.code == "RL302").range, [])
    whole = next(a for a in in_file if a.title.startswith("Suppress RL302 in this file"))
    assert whole.edit is not None
    text = _apply(text, whole.edit)
    assert text.split("\n")[3] == "<!-- reportlint-disable-file RL302 -- -->"  # after the front matter
    final = await _replace(client, report, text, 3)
    assert "RL302" not in [d.code for d in final]


@pytest.mark.asyncio
async def test_a_certain_fix_is_offered_as_a_quick_fix(client: LanguageClient, tmp_path: Path):
    _, report, diagnostics = await _opened(client, tmp_path)
    term = next(d for d in diagnostics if d.code == "RL406")
    fix = next(a for a in await _actions(client, report, term.range, [term]) if a.title.startswith("RL406"))
    assert fix.kind == types.CodeActionKind.QuickFix and fix.edit is not None
    edits = [e for change in fix.edit.document_changes or () for e in change.edits]
    assert [e.new_text for e in edits] == ["very likely"]
    assert report.read_text(encoding="utf-8") == REPORT  # offered, never applied by the server


@pytest.mark.asyncio
async def test_with_the_day_order_stated_a_numeric_date_can_be_rewritten_as_iso(client: LanguageClient, tmp_path: Path):
    root = _workspace(tmp_path, CONFIG + '\n[rules.RL302]\nday-order = "dmy"\n')
    await _start(client, root)
    report = root / "reports" / "incident.md"
    diagnostics = await _open(client, report)
    assert "RL302" not in [d.code for d in diagnostics]  # the day order makes the date certain: no finding
    at = types.Position(line=7, character=5)  # inside "03/04/2025"
    rewrite = next(a for a in await _actions(client, report, types.Range(at, at), []) if a.title.startswith("Rewrite 03/04/2025"))
    assert rewrite.kind == types.CodeActionKind.RefactorRewrite and rewrite.edit is not None
    edits = [e for change in rewrite.edit.document_changes or () for e in change.edits]
    assert [(e.range.start.character, e.range.end.character, e.new_text) for e in edits] == [(3, 13, "2025-04-03")]


@pytest.mark.asyncio
async def test_hover_shows_the_rule_summary_and_why(client: LanguageClient, tmp_path: Path):
    _, report, diagnostics = await _opened(client, tmp_path)
    flagged = next(d for d in diagnostics if d.code == "RL201")
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=report.as_uri()), position=flagged.range.start,
    ))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    page = (Path(__file__).resolve().parents[1] / "docs" / "rules" / "RL201.md").read_text(encoding="utf-8")
    why = page.split("## Why is this bad?")[1].split("##")[0]
    assert " ".join(why.split()) in hover.contents.value
    assert "RL201" in hover.contents.value and "docs/rules/RL201.md" in hover.contents.value
    nothing = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=report.as_uri()), position=types.Position(line=5, character=0),
    ))
    assert nothing is None


@pytest.mark.asyncio
async def test_a_config_change_on_disk_lints_the_open_reports_again(client: LanguageClient, tmp_path: Path):
    root, report, diagnostics = await _opened(client, tmp_path)
    assert "RL201" in [d.code for d in diagnostics]
    config = root / "reports" / ".reportlint.toml"
    config.write_text('ignore = ["RL303", "RL201"]\n', encoding="utf-8")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert "RL201" not in [d.code for d in client.diagnostics[report.as_uri()]]

    config.write_text('ignor = ["RL201"]\n', encoding="utf-8")  # broken: a diagnostic on the config file and a message naming the key
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]))
    # two notifications may arrive together: wait for what they say, not for their count
    while config.as_uri() not in client.diagnostics or not any(d.message.startswith("not linted") for d in client.diagnostics[report.as_uri()]):
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    on_config = client.diagnostics[config.as_uri()]
    assert len(on_config) == 1 and 'unknown key "ignor"' in on_config[0].message and on_config[0].range.start.line == 0
    assert any("ignor" in m.message for m in client.messages)
    assert [d.message for d in client.diagnostics[report.as_uri()]] == [f"not linted: {on_config[0].message}"]


@pytest.mark.asyncio
async def test_a_crashing_plugin_is_one_message_and_the_server_goes_on(client: LanguageClient, tmp_path: Path):
    root = _workspace(tmp_path)
    # local plugins come from the workspace root's config, as for `reportlint check` run there
    (root / ".reportlint.toml").write_text('local-plugins = ["crashing_rules"]\nlocal-plugin-paths = ["."]\nrule-timeout = 0.3\n', encoding="utf-8")
    (root / "crashing_rules.py").write_text(CRASHING_PLUGIN, encoding="utf-8")
    await _start(client, root)
    report = root / "reports" / "incident.md"
    diagnostics = await _open(client, report)
    assert "RL201" in [d.code for d in diagnostics]  # the other rules still ran
    assert not (root / "__pycache__").exists()  # importing the plugin wrote nothing into the workspace
    crashed = [m for m in client.messages if "TEAM001" in m.message]
    assert len(crashed) == 1 and "boom in the plugin" in crashed[0].message and crashed[0].type == types.MessageType.Warning
    timed_out = [m for m in client.messages if "TEAM002" in m.message]
    assert len(timed_out) == 1 and "time budget" in timed_out[0].message  # interrupted: the server did not hang
    again = await _replace(client, report, REPORT + "\nMore text.\n", 2)
    assert "RL201" in [d.code for d in again]
    assert len([m for m in client.messages if "TEAM001" in m.message]) == 1  # once per document, not per keystroke
    assert await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=report.as_uri()), position=types.Position(line=0, character=0),
    )) is None  # still answering


@pytest.mark.asyncio
async def test_a_long_lint_blocks_neither_hover_nor_code_actions_and_only_the_latest_text_is_published(client: LanguageClient, tmp_path: Path):
    root = _workspace(tmp_path)
    (root / ".reportlint.toml").write_text('local-plugins = ["gated_rules"]\nlocal-plugin-paths = ["."]\nrule-timeout = 300\n', encoding="utf-8")
    (root / "gated_rules.py").write_text(GATED_PLUGIN, encoding="utf-8")
    features = client.protocol.fm.features
    show = features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]
    published: list[int | None] = []
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = lambda params: (published.append(params.version), show(params))[1]
    await _start(client, root)
    report = root / "reports" / "incident.md"
    uri = report.as_uri()
    first = await _open(client, report)
    claim = next(d for d in first if d.code == "RL401")
    term = next(d for d in first if d.code == "RL406" and d.range.start.line == 14)

    # version 2 changes the last line; its lint waits at the gate, on the server's main thread
    held = REPORT.replace("The group is highly likely to return.", "The group is highly likely to return. HOLD")
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2), content_changes=[types.TextDocumentContentChangeWholeDocument(text=held)],
    ))
    for _ in range(6000):
        if (root / "linting").exists():
            break
        await asyncio.sleep(0.01)
    assert (root / "linting").exists(), "the lint of version 2 never started"

    # while it runs, hovers and code actions are answered from the lint of version 1, for the lines
    # that did not change; their edits are for version 2, the text the editor has
    hover = await client.text_document_hover_async(types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=claim.range.start))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent) and "RL401" in hover.contents.value
    assert await client.text_document_hover_async(types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=term.range.start)) is None  # its line changed
    actions = await _actions(client, report, claim.range, [claim])
    on_line = next(a for a in actions if a.title.startswith("Suppress RL401 on this line"))
    assert on_line.edit is not None and [c.text_document.version for c in on_line.edit.document_changes or ()] == [2]
    assert "RL406" not in " ".join(a.title for a in await _actions(client, report, term.range, [term]))

    # version 3 arrives while version 2 is still being linted; then the gate opens
    latest = REPORT.replace("- **Root cause:** N/A\n", "- **Root cause:** a reused VPN password\n")
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3), content_changes=[types.TextDocumentContentChangeWholeDocument(text=latest)],
    ))
    (root / "gate").touch()
    while 3 not in published:
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert published == [1, 3]  # the lint of version 2 was dropped: its text was no longer the editor's
    assert _got(list(client.diagnostics[uri])) == _expected(root, "reports/incident.md", latest)


def test_pip_install_gives_the_server_command_with_no_extra_step(tmp_path: Path):
    """The wheel that ``pip install .`` builds requires pygls and lsprotocol (not as an extra), and
    its ``reportlint`` command, installed alone, answers ``initialize`` of ``reportlint server``."""
    root = Path(__file__).resolve().parents[1]
    source = tmp_path / "src"
    shutil.copytree(root, source, ignore=shutil.ignore_patterns(".git", ".venv", ".ci-venv", "*.egg-info", "__pycache__", "dist", "build", ".pytest_cache", ".hypothesis"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path / "dist"), str(source)], capture_output=True, text=True, timeout=600)
    if built.returncode != 0 and "hatchling" in built.stderr and ("connection" in built.stderr.lower() or "No matching distribution" in built.stderr):
        pytest.skip("the build backend (hatchling) cannot be installed here")
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "dist").glob("reportlint-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        metadata = next(archive.read(n).decode() for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        entry_points = next(archive.read(n).decode() for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt"))
    required = [line.split(":", 1)[1].strip() for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    for name in ("pygls", "lsprotocol"):
        assert any(r.startswith(name) and "extra ==" not in r for r in required), required
    assert "reportlint = reportlint.cli:main" in entry_points

    site = tmp_path / "site"
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(site), str(wheel)], capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, installed.stderr
    env = _ENV | {"PYTHONPATH": str(site)}
    assert subprocess.run([sys.executable, "-c", "import reportlint; print(reportlint.__file__)"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60).stdout.startswith(str(site))
    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None},
        {"jsonrpc": "2.0", "method": "exit", "params": None},
    ]
    stdin = b"".join(b"Content-Length: %d\r\n\r\n%s" % (len(body), body) for body in (json.dumps(m).encode() for m in messages))
    served = subprocess.run([str(site / "bin" / "reportlint"), "server"], input=stdin, capture_output=True, env=env, cwd=tmp_path, timeout=120)
    assert served.returncode == 0, served.stderr.decode()
    replies, rest = [], served.stdout
    while (header := re.match(rb"Content-Length: (\d+)\r\n(?:[^\r\n]+\r\n)*\r\n", rest)) is not None:
        size = int(header.group(1))
        replies.append(json.loads(rest[header.end():header.end() + size]))
        rest = rest[header.end() + size:]
    assert rest == b""
    assert replies[0]["id"] == 1 and replies[0]["result"]["serverInfo"]["name"] == "reportlint"
    assert replies[-1] == {"jsonrpc": "2.0", "id": 2, "result": None}


def test_without_pygls_the_server_command_says_what_to_install():
    code = "import sys; sys.modules['pygls'] = None; from reportlint.cli import main; main(['server'])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert result.stderr.startswith("reportlint: error: the language server needs pygls") and "pip install" in result.stderr


@pytest.mark.asyncio
async def test_close_clears_the_diagnostics_and_shutdown_exits_cleanly(client: LanguageClient, tmp_path: Path):
    root, report, diagnostics = await _opened(client, tmp_path)
    assert diagnostics
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=report.as_uri())))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(client.diagnostics[report.as_uri()]) == []
    await client.shutdown_session()
    assert client._server is not None and client._server.returncode == 0
    assert sorted(p.name for p in (root / "reports").iterdir()) == [".reportlint.toml", "incident.md"]  # nothing written
