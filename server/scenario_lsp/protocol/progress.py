"""``window/workDoneProgress`` around a block of work: begin, reports, end."""
from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any, Callable

from lsprotocol import types
from pygls.lsp.server import LanguageServer

logger = logging.getLogger(__name__)


class WorkDoneProgress:
    """``window/workDoneProgress`` around a block of work, when the client supports it.

    With ``delay_s``, progress only appears if the work is still going after
    that long, so quick runs do not flash a progress bar.
    """

    def __init__(self, server: LanguageServer, title: str, enabled: bool, delay_s: float = 0.0) -> None:
        self._server = server
        self._title = title
        self._enabled = enabled
        self._delay_s = delay_s
        self._token: str | None = None
        self._starting: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Callable[[str, int], None]:
        if self._enabled:
            if self._delay_s:
                self._starting = asyncio.ensure_future(self._start(self._delay_s))
            else:
                await self._start(0)
        return self.report

    async def _start(self, delay_s: float) -> None:
        if delay_s:
            await asyncio.sleep(delay_s)
        token = str(uuid.uuid4())
        try:
            await self._server.work_done_progress.create_async(token)
        except Exception:
            logger.info("the client refused progress for %s", self._title)
            return
        self._server.work_done_progress.begin(
            token, types.WorkDoneProgressBegin(title=self._title, percentage=0, cancellable=False)
        )
        self._token = token

    def report(self, message: str, percentage: int) -> None:
        if self._token is not None:
            self._server.work_done_progress.report(
                self._token, types.WorkDoneProgressReport(message=message, percentage=percentage)
            )

    async def __aexit__(self, *exc: Any) -> None:
        if self._starting is not None and not self._starting.done():
            self._starting.cancel()
        if self._token is not None:
            self._server.work_done_progress.end(self._token, types.WorkDoneProgressEnd())
            # pygls keeps a future per token and never drops it (pygls issue 607).
            self._server.work_done_progress.tokens.pop(self._token, None)
