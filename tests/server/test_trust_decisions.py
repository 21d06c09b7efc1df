"""ProjectTrust in process: who decides, in which order, and the question asked once from any thread."""
from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from scenario_core.project.config import ProjectConfig
from scenario_core.project.trust import STORE_NAME, TrustStore
from scenario_lsp.documents.trust import NOT_NOW, TRUST, ProjectTrust, trust_question


class User:
    """Answers every question with ``answer``; remembers the questions, the warnings and the projects trusted now."""

    def __init__(self, answer: str | None) -> None:
        self.answer = answer
        self.questions: list[tuple[str, list[str]]] = []
        self.warnings: list[str] = []
        self.trusted_now: list[Path] = []

    async def ask(self, message: str, actions: list[str]) -> str | None:
        self.questions.append((message, actions))
        return self.answer

    def trust(self, store: TrustStore) -> ProjectTrust:
        return ProjectTrust(store, self.ask, self.warnings.append, self.trusted_now.append)


def shop(tmp_path: Path) -> ProjectConfig:
    return ProjectConfig(root=(tmp_path / "shop").resolve(), missions=("shop.missions", "shop.operations"))


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_the_question_names_the_root_and_every_module(tmp_path):
    config = shop(tmp_path)
    assert trust_question(config) == (
        f"Scenario Harness: trust the project {config.root}? Checking its scenario files imports and runs "
        "its Python missions (shop.missions, shop.operations), which are its own code; until you trust it, nothing of it runs"
    )
    entry_points_only = ProjectConfig(root=config.root)
    assert "(from packages installed in its interpreter)" in trust_question(entry_points_only)


async def test_many_checks_on_another_thread_ask_once_and_trust_is_stored_and_announced(tmp_path):
    user = User(TRUST)
    store = TrustStore(tmp_path / STORE_NAME)
    trust = user.trust(store)
    trust.start(asyncio.get_running_loop())
    config = shop(tmp_path)
    answers: list[bool] = []
    threads = [threading.Thread(target=lambda: answers.append(trust.allows(config))) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    await settle()
    assert answers == [False] * 20  # the checks went on without waiting for the answer
    assert user.questions == [(trust_question(config), [TRUST, NOT_NOW])]
    assert user.trusted_now == [config.root]
    assert store.is_trusted(config.root)
    assert trust.allows(config) is True


async def test_not_now_is_remembered_for_the_life_of_the_server_and_a_new_one_asks_again(tmp_path):
    user = User(NOT_NOW)
    store = TrustStore(tmp_path / STORE_NAME)
    first = user.trust(store)
    first.start(asyncio.get_running_loop())
    config = shop(tmp_path)
    assert first.allows(config) is False
    await settle()
    assert first.allows(config) is False
    await settle()
    assert len(user.questions) == 1
    second = user.trust(store)
    second.start(asyncio.get_running_loop())
    second.allows(config)
    await settle()
    assert len(user.questions) == 2
    assert user.trusted_now == [] and store.read().roots == ()


async def test_trust_that_cannot_be_stored_holds_until_the_server_stops_and_says_why(tmp_path):
    (tmp_path / "data").write_text("a file where the store's folder should be")
    user = User(TRUST)
    trust = user.trust(TrustStore(tmp_path / "data" / STORE_NAME))
    trust.start(asyncio.get_running_loop())
    config = shop(tmp_path)
    assert trust.allows(config) is False
    await settle()
    assert trust.allows(config) is True
    assert user.trusted_now == [config.root]
    store_path = tmp_path / "data" / STORE_NAME
    assert user.warnings == [
        f"Scenario Harness: the trust store {store_path} cannot be read (Not a directory); no project counts as trusted until it is written again",
        f"Scenario Harness: cannot write the trust store {store_path}: File exists; the project is trusted until the editor stops the server",
    ]


async def test_restricted_wins_over_the_store_and_trust_all_and_asks_nothing(tmp_path):
    user = User(TRUST)
    store = TrustStore(tmp_path / STORE_NAME)
    config = shop(tmp_path)
    store.trust(config.root)
    trust = user.trust(store)
    trust.start(asyncio.get_running_loop())
    assert trust.configure("restricted", True) is True
    assert trust.allows(config) is False
    await settle()
    assert user.questions == []
    assert trust.configure("restricted", True) is False
    trust.configure("trusted", False)
    assert trust.allows(ProjectConfig(root=(tmp_path / "other").resolve(), missions=("m",))) is True
    trust.configure("ask", True)
    assert trust.allows(ProjectConfig(root=(tmp_path / "other").resolve(), missions=("m",))) is True
    await settle()
    assert user.questions == []


async def test_a_client_that_cannot_ask_leaves_the_project_untrusted_and_is_not_asked_again(tmp_path):
    asked = 0

    async def cannot(message: str, actions: list[str]) -> str | None:
        nonlocal asked
        asked += 1
        raise RuntimeError("method not found: window/showMessageRequest")

    trust = ProjectTrust(TrustStore(tmp_path / STORE_NAME), cannot, lambda message: None, lambda root: None)
    trust.start(asyncio.get_running_loop())
    config = shop(tmp_path)
    for _ in range(3):
        assert trust.allows(config) is False
        await settle()
    assert asked == 1
