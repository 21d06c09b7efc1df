"""The Python tests on the other Pythons the package claims (``requires-python = ">=3.11"``).

``make test`` runs the whole suite on the checkout's own Python, 3.11. These
sessions run the core, CLI, pytest plugin, server-over-stdio and conformance
tests on 3.12 and 3.13, against the package installed from the checkout (not
editable, so the install is tested too). The editor tests stay on 3.11: they
test the editors' side (Neovim, VS Code in Chromium), which no Python version
changes, and they take the longest.

    nox                     # every session; `make test` runs this
    nox -s tests-3.13       # one Python
    nox -s tests-3.13 -- tests/core -x    # other tests or pytest options

An interpreter is looked for among pyenv's versions (``$PYENV_ROOT/versions/3.12.N``,
the newest N first), then as ``python3.12`` on PATH. The machines this
project runs on reach no source of other Pythons (Debian 12 packages only
3.11; pyenv, uv and nox's --download-python fetch from python.org or GitHub),
so a missing one is not installed: its session is skipped with a NOTICE that
names it and says that its tests did not run, which nox repeats in its
closing summary. Install it (``pyenv install 3.12``) and it runs.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Callable

import nox

PYTHONS = ("3.12", "3.13")
TESTS = ("tests/core", "tests/cli", "tests/plugin", "tests/server", "tests/conformance")

nox.options.reuse_venv = "yes"  # a second run reinstalls the package alone
nox.options.download_python = "never"  # no host but the package registries is reachable


def _patch_level(interpreter: Path) -> int:
    return int(interpreter.parents[1].name.rsplit(".", 1)[1])


def _runs_as(interpreter: Path, version: str) -> bool:
    """The interpreter starts and is ``version`` (a pyenv shim of a version not selected fails to start)."""
    try:
        done = subprocess.run(
            [str(interpreter), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True, text=True, timeout=60,
        )
    except OSError:
        return False
    return done.returncode == 0 and done.stdout.strip() == version


def find_interpreter(version: str) -> Path | None:
    """A working ``python<version>``: pyenv's newest release of it, else the one on PATH; None when there is none."""
    pyenv_root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    releases = [
        p for p in pyenv_root.glob(f"versions/{version}.*/bin/python{version}")
        if re.fullmatch(rf"{re.escape(version)}\.\d+", p.parents[1].name)  # final releases, not 3.12.0rc1 or 3.13.0t
    ]
    on_path = shutil.which(f"python{version}")
    candidates = sorted(releases, key=_patch_level, reverse=True) + ([Path(on_path)] if on_path else [])
    return next((c for c in candidates if _runs_as(c, version)), None)


def _tests_on(interpreter: Path) -> Callable[[nox.Session], None]:
    def tests(session: nox.Session) -> None:
        session.install(".[test]")
        # -n 2: the machines have 2 cores; the server tests wait on subprocesses much of the time.
        # no:cacheprovider: the checkout's .pytest_cache keeps what the 3.11 run last failed.
        session.run("pytest", "-q", "-p", "no:cacheprovider", "-n", "2", *(session.posargs or TESTS))

    tests.__doc__ = f"The Python tests (not tests/editors) on {interpreter}"
    return tests


def _notice_missing(version: str) -> Callable[[nox.Session], None]:
    def tests(session: nox.Session) -> None:
        session.skip(
            f"NOTICE: no Python {version} on this machine (looked for pyenv's versions/{version}.N and python{version} "
            f"on PATH), so the tests did NOT run on {version}, which the package claims; install it, e.g. pyenv install {version}"
        )

    tests.__doc__ = f"Python {version} is missing: a NOTICE, no tests"
    return tests


for _version in PYTHONS:
    _interpreter = find_interpreter(_version)
    if _interpreter is None:
        nox.session(name=f"tests-{_version}", python=False)(_notice_missing(_version))
    else:
        nox.session(name=f"tests-{_version}", python=str(_interpreter))(_tests_on(_interpreter))
