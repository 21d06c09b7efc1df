"""pygls' protocol with what this server needs of it: cancelled requests remembered, finished handlers forgotten."""
from __future__ import annotations

from concurrent.futures import Future
from typing import Any, Callable

from pygls.protocol import LanguageServerProtocol

__all__ = ["ScenarioProtocol"]


class ScenarioProtocol(LanguageServerProtocol):
    """pygls' protocol, remembering which requests the client cancelled.

    pygls answers a cancelled request at once, but a run already under way
    keeps going on the worker thread; runs look here to drop their results.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cancelled_requests: set[Any] = set()

    def _handle_cancel_notification(self, msg_id: Any) -> None:
        if msg_id in self._request_futures:
            self.cancelled_requests.add(msg_id)
        super()._handle_cancel_notification(msg_id)

    def _execute_handler(
        self,
        msg_id: Any,
        handler: Callable[..., Any],
        callback: Callable[[Future[Any]], None],
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
    ) -> None:
        """pygls' handler execution, forgetting each handler's future once it is done.

        pygls (2.1) files the future of every async or generator handler
        under its message id, but removes it only when it answers a request:
        the futures of notifications (``didOpen``, ``didSave``, ...) and of
        the user handlers its built-in ones call were kept for ever, a few
        kilobytes per message, so a server that opened and closed documents
        for days grew without bound.
        """

        def forget_then_callback(future: Future[Any]) -> None:
            # A cancelled one is already forgotten, or is being cancelled by
            # pygls' shutdown while it walks the dictionary.
            if not future.cancelled() and self._request_futures.get(msg_id) is future:
                del self._request_futures[msg_id]
            callback(future)

        super()._execute_handler(msg_id, handler, forget_then_callback, args, kwargs)
