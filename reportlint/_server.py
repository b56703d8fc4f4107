"""``reportlint server``: the Language Server Protocol over stdio, on pygls.

Diagnostics on open, change (debounced) and save of a Markdown document; code actions that
suppress a finding on its line or in the file, or apply a rule's fix; hovers with the rule's
summary and why it matters. The findings, edits and texts come from ``reportlint._lsp``; this
module only speaks the protocol. It is imported by the ``server`` command alone, so
``reportlint check`` never imports pygls.

Linting runs on the event loop's thread (the main thread), so each rule's time budget is
enforced with SIGALRM exactly as in ``check``. While a large document is linted, the changes
that arrive wait in the pipe; each change only records the text and re-arms the debounce
timer, so the next lint is of the latest text and the versions in between are never linted.
"""
from __future__ import annotations

import asyncio
import os
import re
import sys
from collections.abc import Sequence
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from reportlint import __version__
from reportlint._finding import Finding, Severity
from reportlint._positions import Position
from reportlint._lsp import Linted, Linter, config_error_line, from_units, hover_text, is_config, is_markdown, iso_rewrites, suppress_file_edit, suppress_line_edit, to_units
from reportlint._suppress import UNUSED

DEFAULT_DEBOUNCE = 0.1  # seconds between the last change and the lint; initializationOptions {"debounce": ms}
_SEVERITY = {Severity.ERROR: types.DiagnosticSeverity.Error, Severity.WARNING: types.DiagnosticSeverity.Warning, Severity.INFO: types.DiagnosticSeverity.Information}
_FAULT = re.compile(r"\S+ rule \S+")  # "RL005 rule TEAM001": one message per document and rule


class ReportServer(LanguageServer):
    """The language server and what it remembers of each open document."""

    def __init__(self) -> None:
        super().__init__("reportlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.linter = Linter()
        self.debounce = DEFAULT_DEBOUNCE
        self.results: dict[str, tuple[int | None, Linted]] = {}  # uri -> (version linted, result)
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.shown: set[tuple[str, str]] = set()  # messages already shown, per document
        self.config_uris: set[str] = set()  # config files with a published diagnostic

    # -- linting

    def markdown_uri(self, uri: str) -> bool:
        document = self.workspace.text_documents.get(uri)
        return document is not None and is_markdown(to_fs_path(uri), document.language_id)

    def schedule(self, uri: str) -> None:
        """Lint ``uri`` once no change has come for the debounce time."""
        self.cancel(uri)
        self.timers[uri] = asyncio.get_running_loop().call_later(self.debounce, self.lint_and_publish, uri)

    def cancel(self, uri: str) -> None:
        timer = self.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()

    def lint_and_publish(self, uri: str) -> None:
        self.timers.pop(uri, None)
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return
        version, text = document.version, document.source  # the latest text: nothing older is linted
        try:
            linted = self.linter.lint(to_fs_path(uri), text)
        except Exception as exc:  # noqa: BLE001 - a bug here must not stop the server (the engine's own errors are in Linted)
            linted = Linted(text, error=f"internal error: {type(exc).__name__}: {exc} (please report it)")
        self.results[uri] = (version, linted)
        self.report(uri, linted)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=self.diagnostics(linted)))

    def fresh(self, uri: str) -> Linted | None:
        """The result for the document's current text (linted now if a change is pending)."""
        document = self.workspace.text_documents.get(uri)
        if document is None or not self.markdown_uri(uri):
            return None
        known = self.results.get(uri)
        if known is None or known[0] != document.version or uri in self.timers:
            self.cancel(uri)
            self.lint_and_publish(uri)
            known = self.results[uri]
        return known[1]

    def relint_all(self) -> None:
        """A config or pack changed on disk: forget every engine and lint every open report again."""
        self.linter.reset()
        self.shown = {key for key in self.shown if key[0] != "config"}
        for uri in sorted(self.config_uris):
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        self.config_uris.clear()
        for uri in list(self.workspace.text_documents):
            if self.markdown_uri(uri):
                self.cancel(uri)
                self.lint_and_publish(uri)

    # -- what goes to the client

    @property
    def encoding(self) -> str:
        kind = self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        return str(getattr(kind, "value", kind))  # "utf-16", "utf-8" or "utf-32" (the enum's str() is its name)

    def diagnostics(self, linted: Linted) -> list[types.Diagnostic]:
        if linted.error is not None:
            return [types.Diagnostic(range=types.Range(types.Position(0, 0), types.Position(0, 0)), message=f"not linted: {linted.error}", severity=types.DiagnosticSeverity.Error, source="reportlint")]
        lines = linted.lines if linted.findings else []
        return [self.diagnostic(f, lines, linted.text.startswith("\ufeff")) for f in linted.findings]

    def diagnostic(self, finding: Finding, lines: Sequence[str], bom: bool) -> types.Diagnostic:
        start = to_units(lines, finding.span.start, self.encoding, bom)
        end = to_units(lines, finding.span.end, self.encoding, bom)
        return types.Diagnostic(
            range=types.Range(types.Position(*start), types.Position(*end)),
            message=finding.message if not finding.detail else f"{finding.message}\n{finding.detail}",
            severity=_SEVERITY[finding.severity],
            code=finding.code,
            code_description=types.CodeDescription(href=finding.url) if finding.url else None,
            source="reportlint",
            tags=[types.DiagnosticTag.Unnecessary] if finding.code == UNUSED else None,
            data={"fingerprint": finding.fingerprint},
        )

    def report(self, uri: str, linted: Linted) -> None:
        """Server-level messages: a rule that failed on this document (once per rule), a
        broken config (once, with a diagnostic on the config file), a plugin that failed."""
        name = os.path.basename(to_fs_path(uri) or uri)
        for fault in linted.faults:
            key = (uri, found.group() if (found := _FAULT.match(fault)) else fault)
            self.message(key, f"reportlint: {fault} ({name}); the server goes on", types.MessageType.Warning)
        for problem in self.linter.plugin_errors:
            self.message(("config", problem), f"reportlint: {problem}", types.MessageType.Error)
        if linted.config_error is not None:
            path, problem = linted.config_error
            config_uri = from_fs_path(str(path)) or str(path)
            try:
                line = config_error_line(path.read_text(encoding="utf-8"), problem)
            except (OSError, UnicodeDecodeError):
                line = 0
            self.config_uris.add(config_uri)
            where = types.Range(types.Position(line, 0), types.Position(line + 1, 0))
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=config_uri, diagnostics=[
                types.Diagnostic(range=where, message=problem, severity=types.DiagnosticSeverity.Error, source="reportlint"),
            ]))
        if linted.error is not None:
            self.message(("config", linted.error), f"reportlint: {linted.error}", types.MessageType.Error)

    def message(self, key: tuple[str, str], text: str, kind: types.MessageType) -> None:
        if key in self.shown:
            return
        self.shown.add(key)
        self.window_show_message(types.ShowMessageParams(type=kind, message=text))
        self.window_log_message(types.LogMessageParams(type=kind, message=text))

    def date_rewrites(self, uri: str, version: int | None, linted: Linted, wanted: types.Range) -> list[types.CodeAction]:
        """With the day order stated, a numeric date under the cursor rewritten as ISO 8601."""
        if not linted.day_order:
            return []
        lines, actions = linted.lines, []
        for line0 in range(wanted.start.line, min(wanted.end.line, len(lines) - 1) + 1):
            for start, end, text, iso in iso_rewrites(lines[line0], linted.day_order):
                where = types.Range(
                    types.Position(*to_units(lines, Position(line0 + 1, start + 1), self.encoding)),
                    types.Position(*to_units(lines, Position(line0 + 1, end + 1), self.encoding)),
                )
                if _overlaps(where, wanted):
                    actions.append(types.CodeAction(
                        title=f"Rewrite {text} as {iso} (ISO 8601, day-order {linted.day_order})", kind=types.CodeActionKind.RefactorRewrite,
                        edit=self.edit(uri, version, [types.TextEdit(range=where, new_text=iso)]),
                    ))
        return actions

    def edit(self, uri: str, version: int | None, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
        """A versioned edit where the client takes one (it refuses it for a changed buffer)."""
        capabilities = self.client_capabilities.workspace
        if capabilities and capabilities.workspace_edit and capabilities.workspace_edit.document_changes:
            identifier = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
            return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=identifier, edits=list(edits))])
        return types.WorkspaceEdit(changes={uri: list(edits)})


def _overlaps(diagnostic_range: types.Range, wanted: types.Range) -> bool:
    start, end = diagnostic_range.start, diagnostic_range.end
    return not ((end.line, end.character) < (wanted.start.line, wanted.start.character) or (start.line, start.character) > (wanted.end.line, wanted.end.character))


def make_server() -> ReportServer:
    server = ReportServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: ReportServer, params: types.InitializeParams) -> None:
        root = None
        if params.workspace_folders:
            root = to_fs_path(params.workspace_folders[0].uri)
        elif params.root_uri:
            root = to_fs_path(params.root_uri)
        elif params.root_path:
            root = params.root_path
        if root and os.path.isdir(root):
            os.chdir(root)  # paths, run settings and the nearest config as for `reportlint check` run there
        options = params.initialization_options
        if isinstance(options, dict) and isinstance(options.get("debounce"), (int, float)):
            ls.debounce = max(float(options["debounce"]), 0.0) / 1000

    @server.feature(types.INITIALIZED)
    def initialized(ls: ReportServer, params: types.InitializedParams) -> None:
        watched = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
        if watched and watched.dynamic_registration:
            options = types.DidChangeWatchedFilesRegistrationOptions(watchers=[types.FileSystemWatcher(glob_pattern="**/*.toml")])
            ls.client_register_capability(types.RegistrationParams(registrations=[
                types.Registration(id="reportlint-configs", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options),
            ]))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ReportServer, params: types.DidOpenTextDocumentParams) -> None:
        if ls.markdown_uri(params.text_document.uri):
            ls.lint_and_publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ReportServer, params: types.DidChangeTextDocumentParams) -> None:
        if ls.markdown_uri(params.text_document.uri):
            ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ReportServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if is_config(to_fs_path(uri) or ""):
            ls.relint_all()
        elif ls.markdown_uri(uri):
            ls.cancel(uri)
            ls.lint_and_publish(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ReportServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.cancel(uri)
        if ls.results.pop(uri, None) is not None:
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        ls.shown = {key for key in ls.shown if key[0] != uri}

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: ReportServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any(is_config(to_fs_path(change.uri) or "") for change in params.changes):
            ls.relint_all()

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.RefactorRewrite]))
    def code_action(ls: ReportServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        uri = params.text_document.uri
        linted = ls.fresh(uri)
        if linted is None:
            return None
        version = ls.workspace.get_text_document(uri).version
        lines, bom, encoding = linted.lines, linted.text.startswith("\ufeff"), ls.encoding
        actions: list[types.CodeAction] = ls.date_rewrites(uri, version, linted, params.range)
        fixes: list[types.CodeAction] = []
        seen: set[tuple[str, int]] = set()
        for finding in linted.findings:
            diagnostic = ls.diagnostic(finding, lines, bom)
            if not _overlaps(diagnostic.range, params.range):
                continue
            if finding.fix is not None and finding.fix.applicability != "display-only":
                edits = [
                    types.TextEdit(range=types.Range(types.Position(*to_units(lines, e.span.start, encoding, bom)), types.Position(*to_units(lines, e.span.end, encoding, bom))), new_text=e.text)
                    for e in finding.fix.edits
                ]
                fixes.append(types.CodeAction(title=f"{finding.code}: {finding.fix.message}", kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic], edit=ls.edit(uri, version, edits), is_preferred=finding.fix.applicability == "safe"))
            for title, made in (("on this line", suppress_line_edit(lines, finding)), ("in this file", suppress_file_edit(lines, finding))):
                key = (f"{finding.code} {title}", made.line if made is not None and title == "on this line" else -1)
                if made is None or key in seen:
                    continue
                seen.add(key)
                character = to_units(lines, Position(made.line + 1, made.column + 1), encoding)[1]
                at = types.Position(made.line, character)
                actions.append(types.CodeAction(
                    title=f"Suppress {finding.code} {title} (write the reason after --)", kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic], edit=ls.edit(uri, version, [types.TextEdit(range=types.Range(at, at), new_text=made.text)]),
                ))
        return fixes + actions or None

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: ReportServer, params: types.HoverParams) -> types.Hover | None:
        linted = ls.fresh(params.text_document.uri)
        if linted is None or not linted.findings:
            return None
        lines, bom = linted.lines, linted.text.startswith("\ufeff")
        at = from_units(lines, params.position.line, params.position.character, ls.encoding)
        if bom and at.line == 1:
            at = Position(1, at.column - 1)
        hits = [f for f in linted.findings if f.span.start <= at <= f.span.end and f.span.start != f.span.end]
        if not hits:
            return None
        text = "\n\n---\n\n".join(hover_text(f, linted.rules.get(f.code)) for f in hits)
        first = hits[0]
        where = types.Range(types.Position(*to_units(lines, first.span.start, ls.encoding, bom)), types.Position(*to_units(lines, first.span.end, ls.encoding, bom)))
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text), range=where)

    return server


def serve(stdin: Any = None, stdout: Any = None) -> None:
    sys.dont_write_bytecode = True  # a local plugin imported from the workspace leaves no __pycache__ there
    make_server().start_io(stdin, stdout)
