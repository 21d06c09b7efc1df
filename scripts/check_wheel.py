"""The built package works as installed, not only as the editable checkout the tests import.

Builds the sdist and, from it, the wheel (``python -m build``), checks both with
``twine check --strict``, installs the wheel (and pytest) into a new virtual
environment, and then, from a temporary folder that holds only a copy of
``examples/``, uses the installed package as a user would:

- the three packages import from the environment's site-packages, never from
  the checkout, with their ``py.typed`` markers and the licence;
- ``scenario_core.schemas.schema_text`` gives out the shipped JSON Schemas,
  byte for byte the checkout's (the README's command to write one out);
- ``scenario run examples/`` exits 2, as ``make demo`` documents, and prints
  exactly what the checkout's own ``scenario run`` prints for the same copy;
- ``scenario-lsp`` starts over stdio, answers ``initialize`` with its name and
  the wheel's version, publishes for ``failing.scenario.yaml`` the findings
  ``scenario run`` reports for it, and shuts down cleanly;
- pytest, with the plugin the wheel installs, passes every expectation of the
  passing examples (the very expectations ``scenario run --format json``
  reports) and reports each failing example as a collection error listing
  exactly its input errors.

Run by ``make check-wheel`` (part of ``make test``); ``--keep`` keeps the
temporary folder. Prints what it checks; on the first check that does not
hold it prints why, keeps the folder and exits 1.
"""
from __future__ import annotations

import argparse
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, BinaryIO

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("scenario_core", "scenario_harness", "scenario_lsp")
SCHEMAS = ROOT / "core" / "scenario_core" / "schemas"
PASSING_EXAMPLES = (
    "examples/passing.scenario.yaml",
    "examples/own_missions.scenario.yaml",
    "examples/library_missions.scenario.yaml",
    "examples/checkout/passing.scenario.yaml",
)
FAILING_EXAMPLES = ("examples/failing.scenario.yaml", "examples/checkout/failing.scenario.yaml")
SERVER_TIMEOUT = 60.0  # seconds for each answer of the server; a check of the failing example takes well under 1


class CheckFailed(Exception):
    """A check did not hold; the message says which and what was seen."""


def step(text: str) -> None:
    print(f"check-wheel: {text}", flush=True)


def run(command: list[str], *, cwd: Path, env: dict[str, str], expect: int | None = 0) -> subprocess.CompletedProcess[str]:
    """Run ``command``; with ``expect`` set, fail unless it exits with that status."""
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if expect is not None and done.returncode != expect:
        raise CheckFailed(
            f"`{' '.join(command)}` exited with {done.returncode}, not {expect}\n"
            f"--- stdout\n{done.stdout}--- stderr\n{done.stderr}"
        )
    return done


def clean_environment(venv: Path) -> dict[str, str]:
    """The environment's variables with nothing that points into the checkout or another environment."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")}
    path = [p for p in env.get("PATH", "").split(os.pathsep) if p and not Path(p).resolve().is_relative_to(ROOT)]
    env["PATH"] = os.pathsep.join([str(venv / "bin"), *path])
    env["VIRTUAL_ENV"] = str(venv)
    env["NO_COLOR"] = "1"
    return env


# -- build, install ---------------------------------------------------------------------------------


def build(out: Path) -> tuple[Path, Path]:
    """The sdist and the wheel built from it."""
    step("building the sdist, and the wheel from the sdist (python -m build)")
    plain = {**os.environ, "NO_COLOR": "1"}
    run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], cwd=ROOT, env=plain)
    [sdist] = out.glob("*.tar.gz")
    [wheel] = out.glob("*.whl")
    step("twine check --strict")
    checked = run([sys.executable, "-m", "twine", "--no-color", "check", "--strict", str(sdist), str(wheel)], cwd=ROOT, env=plain)
    print(checked.stdout, end="")
    return sdist, wheel


def install(wheel: Path, venv: Path, env: dict[str, str], work: Path) -> None:
    step(f"installing {wheel.name} and pytest into a new virtual environment ({venv})")
    run([sys.executable, "-m", "venv", str(venv)], cwd=work, env=env)
    run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel), "pytest"], cwd=work, env=env)


# -- what the environment holds ----------------------------------------------------------------------

_WHERE = """
import importlib.metadata, json, sys, sysconfig
from pathlib import Path
import scenario_core, scenario_harness, scenario_lsp
distribution = importlib.metadata.distribution("scenario-harness")
print(json.dumps({
    "site_packages": sysconfig.get_paths()["purelib"],
    "sys_path": sys.path,
    "packages": {m.__name__: str(Path(m.__file__).parent) for m in (scenario_core, scenario_harness, scenario_lsp)},
    "version": distribution.version,
    "license_expression": distribution.metadata["License-Expression"],
    "license_files": [str(f) for f in distribution.files or () if f.name == "LICENSE"],
}))
"""


def check_installed(venv: Path, env: dict[str, str], work: Path) -> str:
    """The installed version, after checking where the packages come from."""
    where = json.loads(run([str(venv / "bin" / "python"), "-c", _WHERE], cwd=work, env=env).stdout)
    site_packages = Path(where["site_packages"]).resolve()
    for name, folder in where["packages"].items():
        if not Path(folder).resolve().is_relative_to(site_packages):
            raise CheckFailed(f"{name} was imported from {folder}, not from the environment's {site_packages}")
        if not (Path(folder) / "py.typed").is_file():
            raise CheckFailed(f"the installed {name} has no py.typed")
    into_checkout = [p for p in where["sys_path"] if p and Path(p).resolve().is_relative_to(ROOT)]
    if into_checkout:
        raise CheckFailed(f"the environment's sys.path reaches into the checkout: {into_checkout}")
    if where["license_expression"] != "MIT" or not where["license_files"]:
        raise CheckFailed(f"licence metadata {where['license_expression']!r}, licence files {where['license_files']}")
    step(f"scenario-harness {where['version']} imports from {site_packages}, with py.typed and {where['license_files'][0]}")
    return str(where["version"])


def check_schemas(venv: Path, env: dict[str, str], work: Path) -> None:
    for path in sorted(SCHEMAS.glob("*.schema.json")):
        name = path.name.removesuffix(".schema.json")
        # The README's command for yaml-language-server users.
        code = f"from scenario_core.schemas import schema_text; print(schema_text({name!r}), end='')"
        given = run([str(venv / "bin" / "python"), "-c", code], cwd=work, env=env).stdout
        if given != path.read_text(encoding="utf-8"):
            raise CheckFailed(f"schema_text({name!r}) of the installed package differs from {path.relative_to(ROOT)}")
    step("schema_text() gives out the shipped schemas, byte for byte the checkout's")


# -- scenario run -------------------------------------------------------------------------------------


def check_scenario_run(venv: Path, env: dict[str, str], work: Path) -> None:
    installed = run([str(venv / "bin" / "scenario"), "run", "examples/"], cwd=work, env=env, expect=2)
    checkout_env = {**os.environ, "NO_COLOR": "1"}
    checkout = run([sys.executable, "-m", "scenario_core.cli", "run", "examples/"], cwd=work, env=checkout_env, expect=2)
    if installed.stdout != checkout.stdout:
        raise CheckFailed(f"`scenario run examples/` prints otherwise installed than from the checkout:\n{installed.stdout}")
    summary = next((line for line in installed.stdout.splitlines() if re.match(r"\d+ files?, ", line)), "no summary line")
    step(f"scenario run examples/ exits 2 as `make demo` documents, printing what the checkout prints ({summary})")


def findings_of(venv: Path, env: dict[str, str], work: Path, files: tuple[str, ...]) -> dict[str, Any]:
    """``scenario run --format json`` of the installed package: path -> that file's report."""
    done = run([str(venv / "bin" / "scenario"), "run", "--format", "json", *files], cwd=work, env=env, expect=None)
    if done.returncode not in (0, 1, 2):  # passed, failed, invalid input
        raise CheckFailed(f"`scenario run --format json` exited with {done.returncode}:\n{done.stderr}")
    return {f["path"]: f for f in json.loads(done.stdout)["files"]}


# -- scenario-lsp over stdio ----------------------------------------------------------------------------


class StdioPeer:
    """A minimal LSP client over the server's stdin and stdout: enough to start, open one file and stop."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        self.messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        threading.Thread(target=self._read, args=(process.stdout,), daemon=True).start()

    def _read(self, stream: BinaryIO | None) -> None:
        assert stream is not None
        while True:
            headers: dict[str, str] = {}
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            if not line:
                self.messages.put(None)  # the server closed its stdout
                return
            self.messages.put(json.loads(stream.read(int(headers["content-length"]))))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def wait_for(self, wanted: Any, what: str) -> dict[str, Any]:
        """The first message for which ``wanted`` holds; requests of the server on the way are answered with null."""
        deadline = time.monotonic() + SERVER_TIMEOUT
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = self.messages.get(timeout=left)
            except queue.Empty:
                break
            if message is None:
                raise CheckFailed(f"scenario-lsp closed its output while waiting for {what}")
            if wanted(message):
                return message
            if "id" in message and "method" in message:
                self.send({"id": message["id"], "result": None})
        raise CheckFailed(f"scenario-lsp sent no {what} within {SERVER_TIMEOUT:.0f} s")


def check_language_server(venv: Path, env: dict[str, str], work: Path, version: str) -> None:
    example = "examples/failing.scenario.yaml"
    expected = sorted(
        (f["range"]["start"]["line"], f["range"]["start"]["column"], f["code"])
        for f in findings_of(venv, env, work, (example,))[example]["findings"]
    )
    uri = (work / example).as_uri()
    process = subprocess.Popen(
        [str(venv / "bin" / "scenario-lsp")], cwd=work, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        peer = StdioPeer(process)
        peer.send({"id": 1, "method": "initialize", "params": {
            "processId": os.getpid(), "rootUri": work.as_uri(), "capabilities": {},
            "workspaceFolders": [{"uri": work.as_uri(), "name": "work"}],
        }})
        answer = peer.wait_for(lambda m: m.get("id") == 1 and "method" not in m, "answer to initialize")
        server_info = answer.get("result", {}).get("serverInfo", {})
        if server_info.get("version") != version:
            raise CheckFailed(f"initialize answered serverInfo {server_info}, not version {version}")
        peer.send({"method": "initialized", "params": {}})
        text = (work / example).read_text(encoding="utf-8")
        peer.send({"method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text},
        }})
        published = peer.wait_for(
            lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri and m["params"]["diagnostics"],
            f"diagnostics for {example}",
        )
        shown = sorted((d["range"]["start"]["line"], d["range"]["start"]["character"], d["code"]) for d in published["params"]["diagnostics"])
        if shown != expected:
            raise CheckFailed(f"scenario-lsp published {shown} for {example}; scenario run reports {expected}")
        peer.send({"id": 2, "method": "shutdown"})
        peer.wait_for(lambda m: m.get("id") == 2 and "method" not in m, "answer to shutdown")
        peer.send({"method": "exit"})
        status = process.wait(timeout=SERVER_TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if status != 0:
        raise CheckFailed(f"scenario-lsp exited with {status} after shutdown and exit")
    step(f"{server_info.get('name')} {version} starts on stdio, publishes the {len(shown)} findings "
         f"of {example} that scenario run reports, and exits 0")


# -- pytest with the installed plugin ------------------------------------------------------------------

_OUTCOME = re.compile(r"^(PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS) (\S+)", re.MULTILINE)


def pytest_outcomes(venv: Path, env: dict[str, str], work: Path, files: tuple[str, ...], expect: int) -> tuple[dict[str, str], str]:
    """Node id -> outcome from pytest's summary of every item (``-rA``), and pytest's output."""
    # --rootdir: pytest would otherwise take examples/checkout/pyproject.toml for the project's root.
    command = [str(venv / "bin" / "python"), "-m", "pytest", "-p", "no:cacheprovider", "-rA", "--rootdir", str(work), *files]
    done = run(command, cwd=work, env=env, expect=expect)
    return {node: outcome for outcome, node in _OUTCOME.findall(done.stdout)}, done.stdout


def check_pytest_plugin(venv: Path, env: dict[str, str], work: Path) -> None:
    reports = findings_of(venv, env, work, PASSING_EXAMPLES)
    expected = {f"{path}::{e['scenario']}::{e['id']}": "PASSED" for path, r in reports.items() for e in r["expectations"]}
    if sorted(reports) != sorted(PASSING_EXAMPLES) or not all(o == "PASSED" for o in expected.values()):
        raise CheckFailed(f"scenario run does not pass every expectation of {PASSING_EXAMPLES}")
    outcomes, output = pytest_outcomes(venv, env, work, PASSING_EXAMPLES, expect=0)
    if outcomes != expected:
        raise CheckFailed(f"pytest's outcomes differ from scenario run's expectations:\n{output}")
    step(f"pytest with the installed plugin passes the {len(outcomes)} expectations of the passing examples, as scenario run does")

    reports = findings_of(venv, env, work, FAILING_EXAMPLES)
    outcomes, output = pytest_outcomes(venv, env, work, FAILING_EXAMPLES, expect=2)  # 2: collection errors
    if outcomes != {path: "ERROR" for path in FAILING_EXAMPLES}:
        raise CheckFailed(f"pytest should report each failing example as a collection error, and only that:\n{output}")
    for path, report in reports.items():
        for f in report["findings"]:
            if f["category"] == "input" and f["severity"] == "error":
                start = f["range"]["start"]
                line = f"{path}:{start['line'] + 1}:{start['column'] + 1}: error {f['code']}: {f['message']}"
                if line not in output.splitlines():
                    raise CheckFailed(f"pytest's collection error does not show {line!r}:\n{output}")
    step(f"pytest with the installed plugin reports {', '.join(FAILING_EXAMPLES)} as collection errors showing their input errors")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    started = time.monotonic()
    scratch = Path(tempfile.mkdtemp(prefix="check-wheel-"))
    try:
        _sdist, wheel = build(scratch / "dist")
        work = scratch / "work"
        shutil.copytree(ROOT / "examples", work / "examples", ignore=shutil.ignore_patterns("__pycache__", "__snapshots__"))
        venv = scratch / "venv"
        env = clean_environment(venv)
        install(wheel, venv, env, work)
        version = check_installed(venv, env, work)
        check_schemas(venv, env, work)
        check_scenario_run(venv, env, work)
        check_language_server(venv, env, work, version)
        check_pytest_plugin(venv, env, work)
    except CheckFailed as failure:
        print(f"check-wheel: FAILED: {failure}\ncheck-wheel: kept {scratch}", file=sys.stderr)
        return 1
    if args.keep:
        step(f"kept {scratch}")
    else:
        shutil.rmtree(scratch)
    step(f"the installed wheel works ({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
