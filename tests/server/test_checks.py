"""DocumentChecks: one worker, one cache, the newest version wins (no LSP transport needed)."""
from __future__ import annotations

import asyncio

from scenario_lsp.documents.checks import DocumentChecks

URI = "file:///suite.scenario.yaml"


def suite_of(count: int) -> str:
    return "suite: s\nscenarios:\n" + "".join(
        f"  - name: s{i}\n    initial_state: {{counter: {i}}}\n    missions: [daily_loop]\n" for i in range(count)
    )


SUITE = suite_of(5)


class Editor:
    """What the editor holds: one document and its version."""

    def __init__(self, text: str) -> None:
        self.version, self.text = 1, text

    def edit(self, text: str) -> None:
        self.version, self.text = self.version + 1, text

    def held(self, uri: str):
        return (self.version, self.text) if uri == URI else None


async def test_a_recheck_after_an_edit_reuses_the_unchanged_scenarios():
    editor = Editor(SUITE)
    checks = DocumentChecks(editor.held)
    first = await checks.current(URI)
    editor.edit(SUITE.replace("{counter: 3}", "{counter: 30}"))
    second = await checks.current(URI)
    assert (first.report.cache_hits, second.report.cache_hits) == (0, 4)
    assert second.version == 2


async def test_concurrent_requests_for_one_version_share_one_check():
    editor = Editor(SUITE)
    checks = DocumentChecks(editor.held)
    first, second = await asyncio.gather(checks.current(URI), checks.current(URI))
    assert first.report is second.report


async def test_a_check_of_a_version_the_editor_no_longer_holds_is_not_kept():
    editor = Editor(SUITE)
    checks = DocumentChecks(editor.held)
    pending = asyncio.ensure_future(checks.current(URI))
    await asyncio.sleep(0)
    editor.edit("suite: s\nscenarios: []\n")
    stale = await pending
    assert stale.version == 1
    assert not checks.is_current(URI, 1)
    assert URI not in checks.latest


async def test_a_newer_version_drops_the_check_of_an_older_one_that_has_not_started():
    editor = Editor(SUITE)
    checks = DocumentChecks(editor.held)
    busy = asyncio.ensure_future(checks.run_text(URI, suite_of(2000)))  # keeps the worker busy
    older = asyncio.ensure_future(checks.current(URI))
    await asyncio.sleep(0)
    editor.edit("suite: s\nscenarios: []\n")
    newer = await checks.current(URI)
    assert newer.version == 2
    assert older.cancelled()
    await busy
