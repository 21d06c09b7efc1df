"""Whether a project's Python code may run in this server, and asking the user, once per project.

A check that meets a project with Python missions asks :meth:`ProjectTrust.allows`
(on the check's thread). Who decides, in this order:

- ``workspaceTrust: "restricted"``: a client with trust of its own (VS Code in
  Restricted Mode) says the workspace is not trusted: nothing runs, nobody is asked;
- ``workspaceTrust: "trusted"``: that client's trust is the user's permission;
- ``trustAllProjects: true``: the user trusts every project, on purpose;
- the user's trust store (:mod:`scenario_core.project.trust`), which
  ``scenario trust`` and the answer ``Trust`` write.

Otherwise the project is not trusted: the check goes on at once without its
code (each call says so), and the user is asked with ``window/showMessageRequest``,
in the background, once per project for the life of this server. ``Trust``
records the project in the store and checks its files again; ``Not now`` (or
closing the question, or a client that cannot ask) leaves it untrusted until
the editor next starts the server.
"""
from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Awaitable, Callable

from scenario_core.project.config import ProjectConfig
from scenario_core.project.trust import TrustStore, TrustStoreError

from ..protocol.contract import WorkspaceTrust

__all__ = ["NOT_NOW", "TRUST", "ProjectTrust", "trust_question"]

logger = logging.getLogger(__name__)

#: The answers to the question, exactly as the client shows them.
TRUST = "Trust"
NOT_NOW = "Not now"


def trust_question(config: ProjectConfig) -> str:
    """What the user is asked about the project of ``config``: its folder, and the modules it would import.

    It ends without a full stop: Neovim shows it as the prompt of a choice, followed by ": ".
    """
    where = f"({', '.join(config.missions)})" if config.missions else "(from packages installed in its interpreter)"
    return (
        f"Scenario Harness: trust the project {config.root}? Checking its scenario files imports and runs "
        f"its Python missions {where}, which are its own code; until you trust it, nothing of it runs"
    )


class ProjectTrust:
    """The trust decisions of one server (see the module doc).

    ``ask(message, actions)`` shows the question and gives the title of the
    answer (None when the user closed it); ``warn(message)`` shows a warning;
    ``trusted_now(root)`` is called on the event loop once the project at
    ``root`` is trusted, to check its files again.
    """

    def __init__(
        self,
        store: TrustStore,
        ask: Callable[[str, list[str]], Awaitable[str | None]],
        warn: Callable[[str], None],
        trusted_now: Callable[[Path], None],
    ) -> None:
        self.store = store
        self.workspace_trust: WorkspaceTrust = "ask"
        self.trust_all = False
        self._ask = ask
        self._warn = warn
        self._trusted_now = trusted_now
        self._loop: asyncio.AbstractEventLoop | None = None
        self._asked: set[Path] = set()  # the projects asked about (or being asked) by this server
        self._trusted_here: set[Path] = set()  # answered Trust, but the store could not be written
        self._warned_store = False

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        """Ask questions on ``loop`` (the server's); until then nobody is asked."""
        self._loop = loop

    def configure(self, workspace_trust: WorkspaceTrust, trust_all: bool) -> bool:
        """Take the settings ``workspaceTrust`` and ``trustAllProjects``; True when they changed."""
        changed = (workspace_trust, trust_all) != (self.workspace_trust, self.trust_all)
        self.workspace_trust, self.trust_all = workspace_trust, trust_all
        return changed

    def allows(self, config: ProjectConfig) -> bool:
        """True when the project's code may run; else False at once, and the user is asked in the background.

        Called on the check's thread for every check of a file of a project with Python missions.
        """
        if self.workspace_trust == "restricted":
            return False
        if self.workspace_trust == "trusted" or self.trust_all or config.root in self._trusted_here:
            return True
        stored = self.store.read()
        if config.root in stored:
            return True
        if self._loop is not None and config.root not in self._asked:
            self._loop.call_soon_threadsafe(self._ask_once, config, stored.problem)
        return False

    def _ask_once(self, config: ProjectConfig, store_problem: str | None) -> None:
        if config.root in self._asked:
            return
        self._asked.add(config.root)
        if store_problem is not None and not self._warned_store:
            self._warned_store = True
            self._warn(f"Scenario Harness: {store_problem}")
        asyncio.ensure_future(self._question(config))

    async def _question(self, config: ProjectConfig) -> None:
        try:
            answer = await self._ask(trust_question(config), [TRUST, NOT_NOW])
        except Exception as error:  # a client that cannot ask: the project stays untrusted, its findings say how to trust it
            logger.info("could not ask whether to trust %s (%s); it stays untrusted", config.root, error)
            return
        if answer != TRUST:
            logger.info("the project %s is not trusted (%s); asked again when the server next starts", config.root, answer or "no answer")
            return
        try:
            self.store.trust(config.root)
        except TrustStoreError as error:
            self._trusted_here.add(config.root)
            self._warn(f"Scenario Harness: {error}; the project is trusted until the editor stops the server")
        logger.info("the project %s is trusted; checking its files again", config.root)
        self._trusted_now(config.root)
