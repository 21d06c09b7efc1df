"""What the server keeps is bounded by what is open (in process, no timing)."""
from __future__ import annotations

import asyncio
import gc
import json
from collections import Counter
from typing import Any

from scenario_lsp.documents.checks import DocumentChecks
from scenario_lsp.protocol.settings import ServerSettings
from scenario_lsp.server import ScenarioLanguageServer
from scenario_lsp.documents.index import WorkspaceIndex

URI = "file:///suite.scenario.yaml"
OTHER = "file:///other.scenario.yaml"
SUITE = """\
suite: s
scenarios:
  - name: first
    initial_state: {counter: 1}
    missions: [daily_loop]
  - name: second
    missions: [echo]
"""


class Discard:
    """A writer for a server driven in process: the messages it sends are not read."""

    def write(self, data: bytes) -> None:
        pass

    def close(self) -> None:
        pass


def receive(ls: ScenarioLanguageServer, message: dict[str, Any]) -> None:
    ls.protocol.handle_message(json.loads(json.dumps(message), object_hook=ls.protocol.structure_message))


async def test_a_handled_notification_leaves_nothing_behind_in_the_protocol():
    ls = ScenarioLanguageServer()
    ls.protocol.set_writer(Discard())
    handled = []

    @ls.feature("scenario/testNotification")
    async def notification(ls: ScenarioLanguageServer, params: Any) -> None:
        await asyncio.sleep(0)
        handled.append(params)

    for n in range(3):
        receive(ls, {"jsonrpc": "2.0", "method": "scenario/testNotification", "params": {"n": n}})
    while len(handled) < 3:
        await asyncio.sleep(0.01)
    await asyncio.sleep(0)
    assert ls.protocol._request_futures == {}


async def test_closing_a_document_drops_everything_kept_for_it():
    held = {URI: (1, SUITE)}
    checks = DocumentChecks(held.get)
    await checks.current(URI)
    checks.note_change(URI)
    checks.debounce(URI, 60.0, lambda uri: asyncio.sleep(0))
    del held[URI]
    checks.forget(URI)
    kept = [name for name, value in vars(checks).items() if isinstance(value, dict) and URI in value]
    assert kept == []


async def test_documents_share_results_within_the_budget_and_keep_their_own():
    held = {URI: (1, SUITE), OTHER: (1, SUITE)}
    checks = DocumentChecks(held.get)
    checks.results.budget_bytes = 0
    await checks.current(URI)
    other = await checks.current(OTHER)
    assert (other.report.cache_hits, len(checks.results)) == (0, 0)
    held[OTHER] = (2, "\n" + SUITE)  # a new line: the file is parsed again, its results come from its own cache
    assert (await checks.current(OTHER)).report.cache_hits == 2


def test_the_cache_budget_setting_is_the_budget_of_the_shared_results_and_libraries():
    ls = ScenarioLanguageServer()
    ls.apply_settings(ServerSettings().updated({"scenario": {"cacheBudgetMb": 5}}))
    assert ls.checks.results.budget_bytes == ls.checks.libraries.budget_bytes == 5 * 1024 * 1024


def reachable(roots: list[Any]) -> Counter[str]:
    """The types of every object reachable from ``roots``, by name."""
    seen: set[int] = set()
    found: Counter[str] = Counter()
    stack = list(roots)
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, type):
            continue
        seen.add(id(obj))
        found[type(obj).__name__] += 1
        stack.extend(gc.get_referents(obj))
    return found


async def test_the_workspace_index_keeps_no_check_of_a_file_on_disk(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "p"\nversion = "0"\n')
    (tmp_path / "shipping.missions.yaml").write_text("missions:\n  ship_order:\n    steps: [{id: mark, kind: runtime}]\n")
    path = tmp_path / "suite.scenario.yaml"
    path.write_text(SUITE.replace("suite: s\n", "suite: s\nimports: [shipping.missions.yaml]\n") + "  - {name: third, missions: [ship_order]}\n")
    index = WorkspaceIndex(DocumentChecks(lambda uri: None))
    checked = await index.refresh(path.as_uri())
    assert checked is not None and checked.report.scenarios  # the check itself is returned to the caller
    kept = reachable([index.files, index.libraries])
    assert [kind for kind in ("CheckReport", "ScenarioDocument", "YNode", "ScenarioResult", "LineIndex") if kind in kept] == []
