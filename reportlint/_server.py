"""``reportlint server``: the Language Server Protocol over stdio, on pygls.

Diagnostics on open, change (debounced) and save of a Markdown document; code actions that
suppress a finding on its line or in the file, or apply a rule's fix; hovers with the rule's
summary and why it matters. The findings, edits and texts come from ``reportlint._lsp``; this
module only speaks the protocol. It is imported by the ``server`` command alone, so
``reportlint check`` never imports pygls.

Two threads. The protocol (pygls's event loop) runs on a thread of its own; linting runs on
the main thread, one document at a time, so each rule's time budget is enforced with SIGALRM
exactly as in ``check`` (a signal interrupts only the main thread, even a runaway regular
expression). While a large document is linted the event loop goes on: changes are recorded and
re-arm the debounce timer, hovers and code actions are answered from the last lint. A lint whose
document changed meanwhile is dropped; the latest text is linted next, and only its
diagnostics are published.
"""
from __future__ import annotations

import asyncio
import functools
import os
import queue
import re
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from typing import Any, NamedTuple

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from reportlint import __version__
from reportlint._finding import Finding, Severity
from reportlint._positions import Position
from reportlint._lsp import Linted, Linter, config_error_line, from_units, hover_text, is_config, is_markdown, iso_rewrites, split_lines, suppress_file_edit, suppress_line_edit, to_units, unchanged
from reportlint._suppress import UNUSED

DEFAULT_DEBOUNCE = 0.1  # seconds between the last change and the lint; initializationOptions {"debounce": ms}
_SEVERITY = {Severity.ERROR: types.DiagnosticSeverity.Error, Severity.WARNING: types.DiagnosticSeverity.Warning, Severity.INFO: types.DiagnosticSeverity.Information}
_FAULT = re.compile(r"\S+ rule \S+")  # "RL005 rule TEAM001": one message per document and rule


class Standing(NamedTuple):
    """What a hover or a code action works from: the last lint, the document's current lines and
    version, and the findings of that lint that stand where they were in the current text."""

    linted: Linted
    lines: list[str]
    version: int | None
    findings: list[Finding]


class MainThread(Executor):
    """Runs what is submitted, in order, on the thread that calls :meth:`run` (the main thread)."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[tuple[Future[Any], Callable[[], Any]] | None] = queue.SimpleQueue()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        self._jobs.put((future, functools.partial(fn, *args, **kwargs)))
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._jobs.put(None)

    def run(self) -> None:
        """Run the jobs until :meth:`shutdown`."""
        while (job := self._jobs.get()) is not None:
            future, call = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = call()
            except Exception as exc:  # noqa: BLE001 - handed to the waiting coroutine
                future.set_exception(exc)
            else:
                future.set_result(result)


class ReportServer(LanguageServer):
    """The language server and what it remembers of each open document."""

    def __init__(self) -> None:
        super().__init__("reportlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.linter = Linter()
        self.debounce = DEFAULT_DEBOUNCE
        self.results: dict[str, tuple[int | None, Linted]] = {}  # uri -> (version linted, result)
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.lints = MainThread()  # where linting runs; serve() runs it on the main thread
        self.running: dict[str, asyncio.Future[None]] = {}  # uri -> its lint under way
        self.again: set[str] = set()  # documents to lint again when their lint under way ends
        self.generation = 0  # counts config changes: a lint begun before one is not published
        self.shown: set[tuple[str, str]] = set()  # messages already shown, per document
        self.config_uris: set[str] = set()  # config files with a published diagnostic

    # -- linting

    def markdown_uri(self, uri: str) -> bool:
        document = self.workspace.text_documents.get(uri)
        return document is not None and is_markdown(to_fs_path(uri), document.language_id)

    def schedule(self, uri: str) -> None:
        """Lint ``uri`` once no change has come for the debounce time."""
        self.cancel(uri)
        self.timers[uri] = asyncio.get_running_loop().call_later(self.debounce, self.lint_soon, uri)

    def cancel(self, uri: str) -> None:
        timer = self.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()

    def lint_soon(self, uri: str) -> None:
        """Lint the latest text of ``uri`` now, or as soon as its lint under way ends."""
        self.cancel(uri)
        if uri in self.running:
            self.again.add(uri)
        else:
            self.running[uri] = asyncio.ensure_future(self.lint_latest(uri))

    async def lint_latest(self, uri: str) -> None:
        """Lint the document on the main thread and publish the result, unless the text
        changed meanwhile: then the result is dropped, and the newer text is linted once its
        debounce ends (or at once, if it already has)."""
        try:
            while True:
                self.again.discard(uri)
                document = self.workspace.text_documents.get(uri)
                if document is None:
                    return
                version, text, generation = document.version, document.source, self.generation
                linted = await asyncio.wrap_future(self.lints.submit(self.lint_text, uri, text))
                document = self.workspace.text_documents.get(uri)
                if document is None:
                    return  # closed meanwhile: its diagnostics are cleared
                if generation == self.generation and document.version == version and document.source == text:
                    self.results[uri] = (version, linted)
                    self.report(uri, linted)
                    self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=self.diagnostics(linted)))
                if uri not in self.again:
                    return
        finally:
            self.running.pop(uri, None)

    def lint_text(self, uri: str, text: str) -> Linted:
        """One lint (on the main thread)."""
        try:
            return self.linter.lint(to_fs_path(uri), text)
        except Exception as exc:  # noqa: BLE001 - a bug here must not stop the server (the engine's own errors are in Linted)
            return Linted(text, error=f"internal error: {type(exc).__name__}: {exc} (please report it)")

    async def latest(self, uri: str) -> tuple[int | None, Linted] | None:
        """The last lint of a Markdown document: of its current text, or of an older one while
        the current one waits for its debounce or is being linted (hovers and code actions do
        not wait for it). Waits only for the first lint of a document."""
        while self.markdown_uri(uri):
            known = self.results.get(uri)
            if known is not None:
                return known
            if uri not in self.running:
                self.lint_soon(uri)
            await asyncio.shield(self.running[uri])
        return None

    async def standing(self, uri: str) -> Standing | None:
        """The findings of the last lint that hold for the current text: all of them when it is
        the text linted; after a change not yet linted, those whose lines (and whose fix's lines)
        are unchanged, so a hover or an edit is never placed by a stale position."""
        known = await self.latest(uri)
        document = self.workspace.text_documents.get(uri)
        if known is None or document is None:
            return None
        version, linted = known
        if version == document.version and document.source == linted.text:
            return Standing(linted, linted.lines, version, linted.findings)
        before, now = linted.lines, split_lines(document.source)
        return Standing(linted, now, document.version, [f for f in linted.findings if unchanged(before, now, f)])

    def relint_all(self) -> None:
        """A config or pack changed on disk: forget every engine and lint every open report again."""
        self.generation += 1
        self.lints.submit(self.linter.reset)  # before the lints below: the jobs run in order
        self.shown = {key for key in self.shown if key[0] != "config"}
        for uri in sorted(self.config_uris):
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        self.config_uris.clear()
        for uri in list(self.workspace.text_documents):
            if self.markdown_uri(uri):
                self.lint_soon(uri)

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

    def date_rewrites(self, uri: str, version: int | None, lines: list[str], day_order: str, wanted: types.Range) -> list[types.CodeAction]:
        """With the day order stated, a numeric date under the cursor rewritten as ISO 8601."""
        if not day_order:
            return []
        actions = []
        for line0 in range(wanted.start.line, min(wanted.end.line, len(lines) - 1) + 1):
            for start, end, text, iso in iso_rewrites(lines[line0], day_order):
                where = types.Range(
                    types.Position(*to_units(lines, Position(line0 + 1, start + 1), self.encoding)),
                    types.Position(*to_units(lines, Position(line0 + 1, end + 1), self.encoding)),
                )
                if _overlaps(where, wanted):
                    actions.append(types.CodeAction(
                        title=f"Rewrite {text} as {iso} (ISO 8601, day-order {day_order})", kind=types.CodeActionKind.RefactorRewrite,
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
            ls.lint_soon(params.text_document.uri)

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
            ls.lint_soon(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ReportServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.cancel(uri)
        ls.again.discard(uri)
        if ls.results.pop(uri, None) is not None:
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        ls.shown = {key for key in ls.shown if key[0] != uri}

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: ReportServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any(is_config(to_fs_path(change.uri) or "") for change in params.changes):
            ls.relint_all()

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.RefactorRewrite]))
    async def code_action(ls: ReportServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        uri = params.text_document.uri
        standing = await ls.standing(uri)
        if standing is None:
            return None
        lines, version, encoding = standing.lines, standing.version, ls.encoding
        bom = bool(lines) and lines[0].startswith("\ufeff")
        actions: list[types.CodeAction] = ls.date_rewrites(uri, version, lines, standing.linted.day_order, params.range)
        fixes: list[types.CodeAction] = []
        seen: set[tuple[str, int]] = set()
        for finding in standing.findings:
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
    async def hover(ls: ReportServer, params: types.HoverParams) -> types.Hover | None:
        standing = await ls.standing(params.text_document.uri)
        if standing is None or not standing.findings:
            return None
        lines = standing.lines
        bom = bool(lines) and lines[0].startswith("\ufeff")
        at = from_units(lines, params.position.line, params.position.character, ls.encoding)
        if bom and at.line == 1:
            at = Position(1, at.column - 1)
        hits = [f for f in standing.findings if f.span.start <= at <= f.span.end and f.span.start != f.span.end]
        if not hits:
            return None
        text = "\n\n---\n\n".join(hover_text(f, standing.linted.rules.get(f.code)) for f in hits)
        first = hits[0]
        where = types.Range(types.Position(*to_units(lines, first.span.start, ls.encoding, bom)), types.Position(*to_units(lines, first.span.end, ls.encoding, bom)))
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text), range=where)

    return server


def serve(stdin: Any = None, stdout: Any = None) -> None:
    """Speak LSP on a thread of its own and lint on this one (the main thread) until exit."""
    sys.dont_write_bytecode = True  # a local plugin imported from the workspace leaves no __pycache__ there
    # While a lint holds the GIL, each step of answering a request (read, dispatch, reply) waits
    # for the switch interval: 1 ms instead of 5 makes a hover during a long lint about 5x faster.
    # It costs nothing while the protocol's threads wait for input.
    sys.setswitchinterval(0.001)
    server = make_server()

    def speak() -> None:
        try:
            server.start_io(stdin, stdout)
        finally:
            server.lints.shutdown()

    threading.Thread(target=speak, name="reportlint-lsp", daemon=True).start()
    server.lints.run()
