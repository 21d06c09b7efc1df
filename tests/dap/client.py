"""A DAP client for the tests: it starts ``scenario-dap`` and speaks to it over stdio, as an editor does.

A reader thread frames what the adapter writes (the adapter's own
:class:`~scenario_harness.dap.wire.FrameReader`) and queues every message.
:meth:`DapClient.request` sends a request and waits for its response,
keeping the events that come meanwhile for :meth:`DapClient.event`.
``log`` keeps every message in order, for a failure's report.
"""
from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

from scenario_harness.dap.wire import FrameReader, Message, Peer, encode

#: What a test waits for at most, scaled on a loaded machine (SCENARIO_TEST_TIME_SCALE).
TIME_SCALE = float(os.environ.get("SCENARIO_TEST_TIME_SCALE", "1"))
WAIT_S = 60.0 * TIME_SCALE


class AdapterGone(Exception):
    pass


class DapClient:
    """One adapter process and the conversation with it."""

    def __init__(self, command: list[str] | None = None, cwd: Path | None = None, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            command or [sys.executable, "-m", "scenario_harness.dap"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=env,
        )
        self.peer = Peer()
        self.inbox: "queue.Queue[Message | None]" = queue.Queue()
        self.events: list[Message] = []
        self.responses: dict[int, Message] = {}
        self.log: list[Message] = []
        self.stderr = ""
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        frames = FrameReader()
        while True:
            data = os.read(self.process.stdout.fileno(), 1 << 16)
            if not data:
                self.inbox.put(None)
                return
            for message in frames.feed(data):
                self.log.append(message)
                self.inbox.put(message)

    def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.stderr += line.decode("utf-8", "replace")

    def send(self, message: Message) -> None:
        assert self.process.stdin is not None
        self.log.append(message)
        self.process.stdin.write(encode(message))
        self.process.stdin.flush()

    def request(self, command: str, arguments: Any = None, timeout: float = WAIT_S) -> Message:
        """The response to ``command`` (successful or not)."""
        message = self.peer.request(command, arguments)
        self.send(message)
        deadline = time.monotonic() + timeout
        while message["seq"] not in self.responses:
            self._take(deadline, f"the response to {command}")
        answer = self.responses.pop(message["seq"])
        self.peer.settle(answer)
        return answer

    def ok(self, command: str, arguments: Any = None, timeout: float = WAIT_S) -> Any:
        """The body of a successful response to ``command`` (the test fails with the adapter's message otherwise)."""
        answer = self.request(command, arguments, timeout)
        assert answer["success"], f"{command} failed: {answer.get('message')}\n{self.stderr[-3000:]}"
        return answer.get("body")

    def event(self, name: str, where: Callable[[Message], bool] = lambda m: True, timeout: float = WAIT_S) -> Message:
        """The first event ``name`` not taken yet (waiting for it)."""
        deadline = time.monotonic() + timeout
        while True:
            for index, event in enumerate(self.events):
                if event["event"] == name and where(event):
                    return self.events.pop(index)
            self._take(deadline, f"the event {name}")

    def _take(self, deadline: float, what: str) -> None:
        try:
            message = self.inbox.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise TimeoutError(f"no {what}; the adapter's stderr:\n{self.stderr[-3000:]}") from None
        if message is None:
            raise AdapterGone(f"the adapter closed its output while waiting for {what}; stderr:\n{self.stderr[-3000:]}")
        if message["type"] == "response":
            self.responses[message["request_seq"]] = message
        elif message["type"] == "event":
            self.events.append(message)

    def close(self) -> int:
        """End the adapter (if it did not end itself); its exit status."""
        if self.process.poll() is None:
            try:
                self.request("disconnect", {}, timeout=10)
            except (AdapterGone, TimeoutError, BrokenPipeError, OSError):
                pass
        try:
            return self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()

    # -- a session as an editor runs it ---------------------------------------------------------
    def start(
        self,
        launch: dict[str, Any],
        breakpoints: dict[Path, list[dict[str, Any]]] | None = None,
        filters: list[str] | None = None,
    ) -> dict[str, Any]:
        """initialize, launch, the breakpoints, configurationDone (in VS Code's order); the capabilities."""
        capabilities = self.ok("initialize", {"clientID": "tests", "adapterID": "scenario", "linesStartAt1": True, "columnsStartAt1": True, "pathFormat": "path"})
        self.ok("launch", launch)
        self.event("initialized")
        self.breakpoints = {}
        for path, wanted in (breakpoints or {}).items():
            self.breakpoints[path] = self.ok("setBreakpoints", {"source": {"path": str(path)}, "breakpoints": wanted})["breakpoints"]
        self.ok("setExceptionBreakpoints", {"filters": filters if filters is not None else ["mission_error"]})
        self.ok("configurationDone")
        return dict(capabilities)

    def stopped(self, timeout: float = WAIT_S) -> dict[str, Any]:
        """The next stop's body."""
        return dict(self.event("stopped", timeout=timeout)["body"])

    def resume(self, command: str, timeout: float = WAIT_S) -> dict[str, Any]:
        """``command`` (continue, next, stepIn, stepOut, stepBack, reverseContinue), then the stop it leads to."""
        self.ok(command, {"threadId": 1})
        return self.stopped(timeout)

    def frames(self) -> list[dict[str, Any]]:
        return list(self.ok("stackTrace", {"threadId": 1})["stackFrames"])

    def top(self) -> tuple[str, int, str]:
        """(file name, line, frame name) of the top frame."""
        frame = self.frames()[0]
        return Path(frame["source"]["path"]).name, frame["line"], frame["name"]

    def scopes(self, frame_id: int) -> dict[str, int]:
        return {s["name"]: s["variablesReference"] for s in self.ok("scopes", {"frameId": frame_id})["scopes"]}

    def variables(self, reference: int) -> dict[str, dict[str, Any]]:
        return {v["name"]: v for v in self.ok("variables", {"variablesReference": reference})["variables"]}

    def value(self, reference: int) -> Any:
        """The whole value behind a reference, read variable by variable as a client would expand it."""
        found = self.variables(reference)
        items = {name: (self.value(v["variablesReference"]) if v["variablesReference"] else _parsed(v["value"])) for name, v in found.items()}
        if items and all(name.isdigit() for name in items) and self._is_list(found):
            return [items[str(i)] for i in range(len(items))]
        return items

    @staticmethod
    def _is_list(found: dict[str, dict[str, Any]]) -> bool:
        return sorted(int(n) for n in found) == list(range(len(found)))

    def scope_value(self, name: str, frame: int = 0) -> Any:
        frame_id = self.frames()[frame]["id"]
        return self.value(self.scopes(frame_id)[name])

    def evaluate(self, expression: str, frame: int | None = 0, context: str = "watch") -> Message:
        arguments: dict[str, Any] = {"expression": expression, "context": context}
        if frame is not None:
            arguments["frameId"] = self.frames()[frame]["id"]
        return self.request("evaluate", arguments)

    def finish(self, timeout: float = WAIT_S) -> dict[str, Any]:
        """Continue to the end; the final output event's body (the verdict and the hashes)."""
        self.ok("continue", {"threadId": 1})
        return self.end(timeout)

    def end(self, timeout: float = WAIT_S) -> dict[str, Any]:
        output = self.event("output", where=lambda m: "data" in m.get("body", {}), timeout=timeout)
        self.event("terminated", timeout=timeout)
        return dict(output["body"])


def _parsed(text: str) -> Any:
    import json

    return json.loads(text)
