"""What the server keeps is bounded by what is open (in process, no timing)."""
from __future__ import annotations

import asyncio
import json
from typing import Any

from scenario_lsp.server import ScenarioLanguageServer


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
