"""The protocol glue: one ``ScenarioLanguageServer`` and a small handler per LSP message.

Handlers fetch the check of the version the editor holds and hand it to a
feature module (:mod:`scenario_lsp.features`), which turns core reports into
LSP types. When documents are checked is :mod:`~scenario_lsp.documents.scheduling`'s
business; what the server keeps of each is :mod:`~scenario_lsp.documents.checks`'
and the workspace index's.
"""
from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path
from typing import Any, Callable

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer

from scenario_core.project.trust import TrustStore
from scenario_core.coverage import StepCoverage
from scenario_core.source.positions import LineIndex

from . import __version__
from .documents.checks import CheckedDocument, DocumentChecks, path_of
from .documents.configs import ConfigCheck
from .documents.index import (
    SNAPSHOT_GLOB,
    WATCH_GLOBS,
    WorkspaceIndex,
    is_checked_file,
    is_library_file,
    is_scenario_file,
    workspace_files,
)
from .documents.reports import suite_report
from .documents.scheduling import Scheduling
from .documents.trust import ProjectTrust
from .documents.workspace_names import NamedFile, WorkspaceNames
from .documents.traces import calls_of
from .features import accepting, actions, completion, coverage, diagnostics, hints, hover, lenses, navigation, rename, runs, symbols, trace, usage
from .protocol.contract import (
    ACCEPT_SNAPSHOTS,
    COPY_HASH,
    FIX_ALL,
    RUN_COVERAGE,
    RUN_SCENARIO,
    RUN_SUITE,
    RUN_WORKSPACE,
    TESTS_REQUEST,
    TRACE_REQUEST,
    AcceptedSnapshots,
    CoverageReport,
    CoverageTarget,
    DocumentTarget,
    HashToCopy,
    RunSummary,
    ScenarioTarget,
    ScenarioTraceReport,
    SnapshotsToAccept,
    SuiteReport,
)
from .protocol.convert import PositionConverter, encoding_name
from .protocol.progress import WorkDoneProgress
from .protocol.settings import SECTION, ServerSettings
from .protocol.transport import ScenarioProtocol

logger = logging.getLogger(__name__)

#: A run of one file that takes longer than this shows progress.
SLOW_RUN_S = 0.5
#: How long a hover waits for the step traces it shows (made in the core's turn, Python calls in the
#: project's worker); those made later are kept, and the next hover shows them.
HOVER_TRACE_WAIT_S = 0.25
#: What Python missions come from: a change to one re-checks the open scenario files.
PYTHON_GLOBS = ("**/*.py", "**/pyproject.toml")


def is_python_source(uri: str) -> bool:
    return uri.endswith((".py", "/pyproject.toml"))


class ScenarioLanguageServer(LanguageServer):
    protocol: ScenarioProtocol

    def __init__(self) -> None:
        super().__init__("scenario-lsp", __version__, protocol_cls=ScenarioProtocol)
        self.settings = ServerSettings()
        self.trust = ProjectTrust(TrustStore(), self.ask, self.warn, lambda root: self.scheduling.recheck_project(root))
        self.checks = DocumentChecks(self.held_text, self.trust.allows)
        self.index = WorkspaceIndex(self.checks)
        self.scheduling = Scheduling(self.checks, self.index, self, self.held_text, lambda: self.workspace.text_documents)
        self.client_pulls = False
        self.indexed = asyncio.Event()
        self.shut_down = False  # exit status 0 only after a shutdown request, as the protocol says
        self.python_watch: asyncio.Task[None] | None = None  # looks for changed Python sources itself
        # The YAML part of the latest coverage run of the whole workspace, until a file changes (see features.usage).
        self.workspace_coverage: StepCoverage | None = None
        self._changes = 0  # files changed so far: a coverage run that saw one change is not the workspace's any more
        self._hints_sent: dict[str, list[types.Diagnostic]] = {}  # the usage hints last published, per URI

    # -- documents ----------------------------------------------------------
    def held_text(self, uri: str) -> tuple[int | None, str] | None:
        """The editor's ``(version, text)`` of an open document, else None."""
        document = self.workspace.text_documents.get(uri)
        return None if document is None else (document.version, document.source)

    def importable_libraries(self, uri: str) -> list[str]:
        """The workspace's mission libraries as an import in ``uri`` writes them (relative, with /)."""
        path = path_of(uri)
        if path is None:
            return []
        known = {p for u in (*self.index.files, *self.workspace.text_documents) if is_library_file(u) and (p := path_of(u))}
        return sorted(Path(os.path.relpath(p, path.parent)).as_posix() for p in known if p != path)

    async def workspace_names(self, exact: bool) -> WorkspaceNames:
        """Every checked file of the workspace, for references and rename.

        Open documents as the editor holds them: checked now when ``exact``
        (a rename's edits must fit the text they apply to), else their latest
        check; every other file as the index has it.
        """
        await self.indexed.wait()
        documents: dict[str, NamedFile] = dict(self.index.files)
        for uri in self.workspace.text_documents:
            if not is_checked_file(uri):
                continue
            checked = None if exact else self.checks.latest.get(uri)
            checked = checked or await self.checks.current(uri)
            if checked is not None:
                documents[uri] = checked
        return WorkspaceNames(documents)

    def workspace_uris(self, libraries: bool = False) -> list[str]:
        """Every scenario file known (with ``libraries``, every mission library too): indexed on disk or open in the editor."""
        wanted = is_checked_file if libraries else is_scenario_file
        return sorted(uri for uri in set(self.index.files) | set(self.workspace.text_documents) if wanted(uri))

    # -- publishing (the scheduling's Publisher) ------------------------------------------------
    def publish(self, checked: CheckedDocument) -> None:
        """Push ``checked``'s diagnostics, unless the client pulls them or holds a newer version.

        A scenario file's calls decide which library missions are unused: open libraries get their hints again.
        """
        if not self.client_pulls and (checked.version is None or self.checks.is_current(checked.uri, checked.version)):
            self.text_document_publish_diagnostics(diagnostics.publish_params(checked, self.usage_hints(checked)))
        if is_scenario_file(checked.uri):
            self.refresh_library_hints()

    def usage_hints(self, checked: CheckedDocument) -> list[types.Diagnostic]:
        """The faded hints of ``checked`` as they go to the client now (remembered, to publish again only on a change)."""
        found = self._usage_hints(checked)
        self._hints_sent[checked.uri] = found
        return found

    def _usage_hints(self, checked: CheckedDocument, names: WorkspaceNames | None = None) -> list[types.Diagnostic]:
        """The faded hints of ``checked``: missions no scenario calls, steps no call reaches (see :mod:`.features.usage`).

        ``names`` is the workspace as :meth:`known_names` gives it, when the caller has it already.
        """
        found: list[types.Diagnostic] = []
        if self.indexed.is_set() and is_library_file(checked.uri):
            found += usage.unused_missions(checked, names if names is not None else self.known_names())
        if self.workspace_coverage is not None:
            found += usage.unreached_steps(checked, self.workspace_coverage)
        return found

    def known_names(self) -> WorkspaceNames:
        """Every checked file as the server holds it now: open documents as last checked, the rest as indexed."""
        documents: dict[str, NamedFile] = dict(self.index.files)
        documents.update((uri, checked) for uri, checked in self.checks.latest.items() if uri in self.workspace.text_documents)
        return WorkspaceNames(documents)

    def refresh_library_hints(self) -> None:
        """Publish again the open libraries whose unused-mission hints changed."""
        self.republish_hints(is_library_file)

    def republish_hints(self, which: Callable[[str], bool] = is_checked_file) -> None:
        """The open documents (``which`` of them) whose hints changed, again: the workspace's coverage came or went,
        indexing ended, a scenario file's calls changed. A document whose hints are as sent is not published twice."""
        changed = []
        names = self.known_names()  # one for every document: what it resolves along the way serves the next
        for uri in list(self.workspace.text_documents):
            checked = self.checks.latest.get(uri)
            if checked is not None and which(uri) and self._usage_hints(checked, names) != self._hints_sent.get(uri, []):
                changed.append(checked)
        if changed and self.client_pulls:
            self.refresh()
            return
        for checked in changed:
            self.publish(checked)

    def files_changed(self) -> None:
        """A scenario file, library or Python file changed: the workspace's coverage no longer says what is reached."""
        self._changes += 1
        if self.workspace_coverage is not None:
            self.workspace_coverage = None
            self.republish_hints()

    def refresh(self) -> None:
        """Ask the client to fetch pulled diagnostics, code lenses and inlay hints again, where it supports that."""
        if self.client_pulls and self.supports("workspace.diagnostics.refresh_support"):
            self.workspace_diagnostic_refresh(None)
        self.refresh_code_lenses()

    def refresh_code_lenses(self) -> None:
        """Ask the client to re-request code lenses and inlay hints, where it supports that."""
        if self.supports("workspace.code_lens.refresh_support"):
            self.workspace_code_lens_refresh(None)
        if self.supports("workspace.inlay_hint.refresh_support"):
            self.workspace_inlay_hint_refresh(None)

    def publish_config(self, checked: ConfigCheck) -> None:
        """Push the findings of a project's ``pyproject.toml`` (every client: none pulls for a file that is not ours)."""
        self.text_document_publish_diagnostics(diagnostics.config_params(checked))

    def publish_all(self, reports: list[CheckedDocument]) -> None:
        for checked in reports:
            self.publish(checked)
        self.refresh()

    # -- runs ---------------------------------------------------------------
    async def run(self, uris: list[str], scope: str, scenario: str | None = None) -> RunSummary | None:
        """Re-check ``uris`` and show the outcome; None when the request was cancelled.

        ``scope`` is ``"workspace"``, ``"suite"`` or ``"scenario"``; it names the run in its progress and message.
        """
        request = self.protocol.msg_id
        cancelled = self.protocol.cancelled_requests
        # A run of several files always shows progress; a single file only when it is slow.
        async with self.work_progress(f"Running {scope}", 0.0 if len(uris) > 1 else SLOW_RUN_S) as report_progress:
            reports = await self.scheduling.recheck(uris, lambda: request in cancelled, report_progress)
        if reports is None:
            cancelled.discard(request)
            logger.info("%s run cancelled; its results are dropped", scope)
            return None
        self.publish_all(reports)
        summary = runs.run_summary([suite_report(c, scenario) for c in reports])
        what = runs.run_name(scope, scenario, reports)
        self.window_show_message(
            types.ShowMessageParams(type=runs.summary_severity(summary), message=runs.summary_message(summary, what))
        )
        return summary

    async def run_coverage(self, target: CoverageTarget | None) -> CoverageReport:
        """Run scenario files with coverage (every one of the workspace when ``target`` names none) and say what ran.

        A run of the whole workspace also says which steps no call reaches
        (hints on every open document), until a file changes.
        """
        await self.indexed.wait()
        chosen = target.uris if target is not None else None
        whole = chosen is None
        uris = self.workspace_uris() if chosen is None else chosen
        paths = [path for uri in uris if (path := path_of(uri)) is not None]
        libraries = [path for uri in self.workspace_uris(libraries=True) if is_library_file(uri) and (path := path_of(uri)) is not None]
        python = self.settings.python or (sys.executable,)
        changes = self._changes
        async with self.work_progress("Running with coverage") as report_progress:
            report_progress(f"{len(paths)} files", 0)
            steps, answer = await asyncio.get_running_loop().run_in_executor(
                None, coverage.run_with_coverage, paths, python, self.settings.python_missions, self.checks.files, libraries, whole, self.trust.allows
            )
        if whole and changes == self._changes:
            self.workspace_coverage = steps
            self.republish_hints()
        return answer

    async def accept(self, target: SnapshotsToAccept) -> AcceptedSnapshots:
        """Store the snapshots ``target`` names (all of the file when none), from the text the editor holds.

        The file is checked again afterwards, its diagnostics published and
        lenses and hints refreshed; a message says what was stored.
        """
        uri = target.uri
        checked = await self.scheduling.fresh(uri)
        answer = await asyncio.get_running_loop().run_in_executor(None, accepting.accept_snapshots, checked, uri, target.scenarios)
        if answer["refused"] is None:
            self.checks.invalidate(uri)  # the same text now checks against another snapshot file
            rechecked = await self.scheduling.fresh(uri)
            if rechecked is not None:
                self.publish_all([rechecked])
        message_type = types.MessageType.Warning if answer["refused"] is not None else types.MessageType.Info
        self.window_show_message(types.ShowMessageParams(type=message_type, message=accepting.accept_message(answer)))
        return answer

    # -- the client -------------------------------------------------------------------------
    async def ask(self, message: str, actions: list[str]) -> str | None:
        """``window/showMessageRequest``: the title of the action the user chose, None when they chose none."""
        params = types.ShowMessageRequestParams(
            type=types.MessageType.Warning, message=message, actions=[types.MessageActionItem(title=a) for a in actions]
        )
        answer = await self.window_show_message_request_async(params)
        return answer.title if answer is not None else None

    def warn(self, message: str) -> None:
        self.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=message))

    def supports(self, field: str) -> bool:
        """True when the client announced the capability at ``field`` (a dotted path, as pygls names them)."""
        return bool(get_capability(self.client_capabilities, field, None))

    def work_progress(self, title: str, delay_s: float = 0.0) -> WorkDoneProgress:
        """Progress for a block of work (shown only after ``delay_s``), if the client supports it.

        Not named ``progress``: pygls' ``LanguageServer.progress`` is its own request helper.
        """
        return WorkDoneProgress(self, title, self.supports("window.work_done_progress"), delay_s)

    async def index_workspace(self) -> None:
        """Check every scenario file and mission library under the workspace folders, with progress.

        Whatever happens, ``indexed`` is set at the end, so "Run workspace" and
        workspace symbols never wait forever.
        """
        folders = [f.uri for f in self.workspace.folders.values()] or (
            [self.workspace.root_uri] if self.workspace.root_uri else []
        )
        try:
            uris = await asyncio.get_running_loop().run_in_executor(None, workspace_files, folders)
            async with self.work_progress("Indexing scenario files", SLOW_RUN_S) as report_progress:
                for done, uri in enumerate(uris):
                    report_progress(f"{done}/{len(uris)} files", done * 100 // len(uris))
                    await self.index.refresh(uri)
                    self.scheduling.project_met(uri)
        except Exception:
            logger.exception("indexing the workspace failed; files are checked when they are run")
        finally:
            self.indexed.set()
            self.republish_hints()  # unused missions are known once every file is

    async def load_configuration(self) -> None:
        if not self.supports("workspace.configuration"):
            return
        try:
            answer = await self.workspace_configuration_async(
                types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])
            )
        except Exception:  # a client that fails the request keeps the settings it gave at start
            logger.exception("workspace/configuration failed")
            return
        if answer:
            self.apply_settings(self.settings.updated(answer[0]))

    def apply_settings(self, settings: ServerSettings) -> None:
        """Take ``settings``; a different interpreter, Python missions turned on or off, or who trusts what, re-checks what is open."""
        self.settings = settings
        self.checks.set_budget(settings.cache_budget_bytes)
        trust_changed = self.trust.configure(settings.workspace_trust, settings.trust_all_projects)
        if self.checks.configure_python(settings.python, settings.python_missions) or trust_changed:
            self.scheduling.recheck_open_documents()


server = ScenarioLanguageServer()


# -- lifecycle ----------------------------------------------------------------


@server.feature(types.INITIALIZE)
def initialize(ls: ScenarioLanguageServer, params: types.InitializeParams) -> None:
    ls.trust.start(asyncio.get_running_loop())
    ls.apply_settings(ServerSettings().updated(params.initialization_options))
    ls.checks.encoding = encoding_name(ls.workspace.position_encoding)
    ls.client_pulls = diagnostics.client_pulls(params.capabilities)
    if ls.client_pulls:
        ls.feature(
            types.TEXT_DOCUMENT_DIAGNOSTIC,
            types.DiagnosticOptions(identifier="scenario", inter_file_dependencies=False, workspace_diagnostics=False),
        )(pull_diagnostics)


@server.feature(types.INITIALIZED)
async def initialized(ls: ScenarioLanguageServer, params: types.InitializedParams) -> None:
    if ls.supports("workspace.did_change_watched_files.dynamic_registration"):
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in (*WATCH_GLOBS, SNAPSHOT_GLOB, *PYTHON_GLOBS)]
        )
        registration = types.Registration(
            id="scenario-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options
        )
        ls.client_register_capability(types.RegistrationParams(registrations=[registration]))
    else:  # nobody tells us when a mission's source changes: look ourselves
        ls.python_watch = asyncio.ensure_future(ls.scheduling.watch_python(lambda: not ls.shut_down))
    await ls.load_configuration()
    await ls.index_workspace()


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def configuration_changed(ls: ScenarioLanguageServer, params: types.DidChangeConfigurationParams) -> None:
    ls.apply_settings(ls.settings.updated(params.settings))
    await ls.load_configuration()
    ls.refresh_code_lenses()  # hashLength, inlayHints or debugLens may have changed


@server.feature(types.SHUTDOWN)
def shutdown(ls: ScenarioLanguageServer, params: None) -> None:
    ls.shut_down = True
    ls.checks.shutdown()


@server.feature(types.EXIT)
def exit_now(ls: ScenarioLanguageServer, params: None) -> None:
    """End the process at once, as the protocol asks, even while a check still runs.

    A normal interpreter exit would first wait for the worker thread to finish
    a check it cannot abandon; every message is already flushed.
    """
    logging.shutdown()
    os._exit(0 if ls.shut_down else 1)


# -- document sync and diagnostics --------------------------------------------


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
async def did_open(ls: ScenarioLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
    # A library opened with text of its own (unsaved in an earlier session) is what its importers see now.
    await ls.scheduling.edited(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: ScenarioLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.checks.note_change(uri)
    if is_checked_file(uri):
        ls.files_changed()
    if ls.settings.run_on_change:
        ls.checks.debounce(uri, ls.settings.debounce_ms / 1000, ls.scheduling.edited)
    else:
        ls.checks.cancel_pending(uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
async def did_save(ls: ScenarioLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.checks.cancel_pending(params.text_document.uri)
    await ls.scheduling.edited(params.text_document.uri, saved=True)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: ScenarioLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.checks.forget(uri)
    if not ls.client_pulls:
        ls.text_document_publish_diagnostics(diagnostics.cleared(uri))
    if is_library_file(uri):  # its importers read it from disk again, unsaved changes dropped
        ls.scheduling.library_changed(uri)


async def pull_diagnostics(
    ls: ScenarioLanguageServer, params: types.DocumentDiagnosticParams
) -> types.DocumentDiagnosticReport:
    """``textDocument/diagnostic``, registered at initialize for clients that pull.

    Pulls come with every change, so they wait for the same quiet period as
    pushed diagnostics; a client cancels a pull that a newer change made moot.
    A report carries a ``result_id``; diagnostics the client already holds are
    answered ``unchanged``.
    """
    uri = params.text_document.uri
    await ls.checks.quiet(uri, ls.settings.debounce_ms / 1000)
    checked = await ls.scheduling.checked(uri)
    return diagnostics.pull_report(checked, params.previous_result_id, ls.usage_hints(checked) if checked is not None else ())


# -- lenses, actions, commands ------------------------------------------------


@server.feature(types.TEXT_DOCUMENT_CODE_LENS)
async def code_lens(ls: ScenarioLanguageServer, params: types.CodeLensParams) -> list[types.CodeLens]:
    checked = await ls.checks.known(params.text_document.uri)
    return lenses.code_lenses(checked, ls.settings.hash_length, ls.settings.debug_lens) if checked else []


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]),
)
async def code_action(ls: ScenarioLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction | types.Command]:
    checked = await ls.checks.known(params.text_document.uri)
    return actions.code_actions(checked, params) if checked else []


@server.command(RUN_SCENARIO)
async def run_scenario(ls: ScenarioLanguageServer, target: ScenarioTarget) -> RunSummary | None:
    return await ls.run([target.uri], "scenario", scenario=target.scenario)


@server.command(RUN_SUITE)
async def run_suite(ls: ScenarioLanguageServer, target: DocumentTarget) -> RunSummary | None:
    return await ls.run([target.uri], "suite")


@server.command(RUN_WORKSPACE)
async def run_workspace(ls: ScenarioLanguageServer) -> RunSummary | None:
    await ls.indexed.wait()
    return await ls.run(ls.workspace_uris(), "workspace")


@server.command(RUN_COVERAGE)
async def run_coverage(ls: ScenarioLanguageServer, *arguments: Any) -> CoverageReport:
    """``scenario.runCoverage``: with no arguments (or ``{"uris": null}``) every scenario file of the workspace."""
    uris = arguments[0].get("uris") if arguments and isinstance(arguments[0], dict) else None
    return await ls.run_coverage(CoverageTarget(uris=uris))


@server.command(ACCEPT_SNAPSHOTS)
async def accept_snapshots(ls: ScenarioLanguageServer, target: SnapshotsToAccept) -> AcceptedSnapshots:
    return await ls.accept(target)


@server.feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions(resolve_provider=False))
async def inlay_hint(ls: ScenarioLanguageServer, params: types.InlayHintParams) -> list[types.InlayHint]:
    """Actual values (setting ``inlayHints``); and the verdict, for a client without code lenses."""
    checked = await ls.checks.known(params.text_document.uri)
    if checked is None:
        return []
    verdict = not ls.supports("text_document.code_lens")
    return hints.inlay_hints(checked, params.range, values=ls.settings.inlay_hints, verdict=verdict, hash_length=ls.settings.hash_length)


@server.command(COPY_HASH)
def copy_hash(ls: ScenarioLanguageServer, target: HashToCopy) -> str:
    ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Info, message=f"{target.label} {target.hash}"))
    return target.hash


@server.feature(TESTS_REQUEST)
def tests(ls: ScenarioLanguageServer, params: Any) -> SuiteReport | None:
    """The SuiteReport of the latest check of a document; runs nothing new.

    ``params`` is a TestsParams (``{"uri": URI}``); pygls hands the params of
    a custom request over as a named tuple.
    """
    uri = params.uri
    checked = ls.checks.latest.get(uri)
    if checked is not None:
        return suite_report(checked)
    indexed = ls.index.files.get(uri)
    return indexed.suite if indexed is not None else None


@server.feature(TRACE_REQUEST)
async def trace_calls(ls: ScenarioLanguageServer, params: Any) -> ScenarioTraceReport | None:
    """What each step of some calls of a scenario did (``params`` a TraceTarget); None without such a document or scenario.

    The calls are those of the check of the text the editor holds (of the file on disk when it is not open), each run again.
    """
    target = trace.trace_target(params)
    checked = await ls.scheduling.checked(target.uri)
    calls = calls_of(checked.report, target.scenario, target.mission, target.call) if checked is not None else None
    if checked is None or calls is None:
        return None
    traces = await ls.checks.traces(checked, calls, states=target.states)
    return trace.trace_report(checked, target.scenario, calls, traces, target.states)


# -- editing help -------------------------------------------------------------


@server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[" ", ".", "-"]))
def complete(ls: ScenarioLanguageServer, params: types.CompletionParams) -> types.CompletionList:
    uri = params.text_document.uri
    held = ls.held_text(uri)
    if held is None:
        return types.CompletionList(is_incomplete=False, items=[])
    lines = LineIndex(held[1])
    latest = ls.checks.latest.get(uri)
    known = ls.checks.last_run.get(uri) or (latest.report if latest is not None else None)
    converter = PositionConverter(lines, ls.checks.encoding)
    items = completion.completions(lines, known, converter, params.position, is_library_file(uri), ls.importable_libraries(uri))
    return types.CompletionList(is_incomplete=False, items=items)


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def show_hover(ls: ScenarioLanguageServer, params: types.HoverParams) -> types.Hover | None:
    checked = await ls.checks.known(params.text_document.uri)
    if checked is None:
        return None
    formats = get_capability(ls.client_capabilities, "text_document.hover.content_format", [])
    markdown = types.MarkupKind.Markdown in formats
    wanted = hover.traces_wanted(checked, params.position)
    traces = await ls.checks.traces(checked, wanted, wait_s=HOVER_TRACE_WAIT_S) if wanted else {}
    return hover.hover(checked, params.position, markdown, traces)


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
async def definition(ls: ScenarioLanguageServer, params: types.DefinitionParams) -> types.Location | None:
    checked = await ls.checks.known(params.text_document.uri)
    return navigation.definition(checked, params.position) if checked else None


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
async def references(ls: ScenarioLanguageServer, params: types.ReferenceParams) -> list[types.Location]:
    checked = await ls.checks.known(params.text_document.uri)
    if checked is None:
        return []
    names = await ls.workspace_names(exact=False)
    return navigation.references(checked, params.position, params.context.include_declaration, names)


@server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
async def prepare_rename(ls: ScenarioLanguageServer, params: types.PrepareRenameParams) -> types.PrepareRenameResult | None:
    checked = await ls.checks.known(params.text_document.uri)
    if checked is None:
        return None
    try:
        # The file alone says whether the name at the cursor can be renamed; clashes are checked on rename.
        return rename.prepare_rename(WorkspaceNames({checked.uri: checked}), checked, params.position)
    except rename.RenameRefused as refused:
        raise JsonRpcException(str(refused), code=types.LSPErrorCodes.RequestFailed) from None


@server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
async def rename_symbol(ls: ScenarioLanguageServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
    checked = await ls.checks.current(params.text_document.uri)
    if checked is None:
        return None
    names = await ls.workspace_names(exact=True)
    versioned = ls.supports("workspace.workspace_edit.document_changes")
    try:
        current = names.documents.get(checked.uri)
        if isinstance(current, CheckedDocument):  # checked again just now, if it changed
            checked = current
        return rename.rename(names, checked, params.position, params.new_name, versioned)
    except rename.RenameRefused as refused:
        raise JsonRpcException(str(refused), code=types.LSPErrorCodes.RequestFailed) from None


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
async def document_symbols(ls: ScenarioLanguageServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
    checked = await ls.checks.known(params.text_document.uri)
    return symbols.document_symbols(checked) if checked else []


@server.feature(types.WORKSPACE_SYMBOL)
async def find_workspace_symbols(ls: ScenarioLanguageServer, params: types.WorkspaceSymbolParams) -> list[types.WorkspaceSymbol]:
    await ls.indexed.wait()
    found: list[types.WorkspaceSymbol] = []
    for uri in ls.workspace_uris(libraries=True):
        checked = await ls.checks.known(uri)
        if checked is not None:
            found += symbols.workspace_symbols(checked, params.query)
        elif (indexed := ls.index.files.get(uri)) is not None:
            found += indexed.symbols.matching(params.query)
    return found


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
async def watched_files_changed(ls: ScenarioLanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
    if any(is_checked_file(change.uri) or is_python_source(change.uri) for change in params.changes):
        ls.files_changed()
    if any(is_python_source(change.uri) for change in params.changes):
        ls.scheduling.recheck_open_documents()
    for change in params.changes:
        if change.uri.endswith("/pyproject.toml") and (pyproject := path_of(change.uri)) is not None:
            ls.scheduling.configs_changed(pyproject)
    ls.scheduling.snapshots_changed([change.uri for change in params.changes])
    for change in params.changes:
        # An open library is read from the editor, whatever the disk says.
        if is_library_file(change.uri) and ls.held_text(change.uri) is None:
            ls.scheduling.library_changed(change.uri, on_disk=True)
    await ls.index.apply(params.changes)
    if not ls.client_pulls:
        for change in params.changes:
            # A deleted file that is not open keeps no diagnostics from an earlier run.
            if change.type == types.FileChangeType.Deleted and ls.held_text(change.uri) is None:
                ls.text_document_publish_diagnostics(diagnostics.cleared(change.uri))
