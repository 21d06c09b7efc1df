"""Starting the server: console script, ``python -m``, ``--version``; stdout is for the protocol alone."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from helpers import WAIT_S
from scenario_core import __version__

SCRIPT = Path(sys.executable).with_name("scenario-lsp")


def test_version_is_printed_by_the_console_script_and_by_python_m():
    for command in ([str(SCRIPT), "--version"], [sys.executable, "-m", "scenario_lsp", "--version"]):
        done = subprocess.run(command, capture_output=True, text=True, timeout=WAIT_S)
        assert (done.returncode, done.stdout.strip()) == (0, f"scenario-lsp {__version__}")


def message(payload: dict) -> bytes:
    body = json.dumps(payload).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def test_stdout_carries_only_protocol_messages_and_exit_after_shutdown_is_status_0():
    requests = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ]
    done = subprocess.run(
        [sys.executable, "-m", "scenario_lsp", "--log-level", "DEBUG"],
        input=b"".join(message(r) for r in requests),
        capture_output=True,
        timeout=WAIT_S,
    )
    out = done.stdout
    answers = []
    while out:
        header, _, rest = out.partition(b"\r\n\r\n")
        fields = dict(line.split(b": ", 1) for line in header.split(b"\r\n"))
        length = int(fields[b"Content-Length"])
        answers.append(json.loads(rest[:length]))
        out = rest[length:]
    assert [a.get("id") for a in answers if "id" in a] == [1, 2]
    assert answers[0]["result"]["serverInfo"] == {"name": "scenario-lsp", "version": __version__}
    assert done.stderr  # the debug log went to stderr
    assert done.returncode == 0  # exit after shutdown


def test_python_m_imports_nothing_from_the_folder_it_starts_in(tmp_path: Path):
    """A project's file named like a module the server imports never runs: the editor may start the server in the project."""
    marker = tmp_path / "ran"
    for module in ("argparse", "logging", "yaml", "pygls"):
        (tmp_path / f"{module}.py").write_text(f"open({str(marker)!r}, 'a').write({module!r})\n")
    requests = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}}},
        {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ]
    done = subprocess.run(
        [sys.executable, "-m", "scenario_lsp"], input=b"".join(message(r) for r in requests), capture_output=True, timeout=WAIT_S, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr.decode()
    assert not marker.exists(), marker.read_text()
