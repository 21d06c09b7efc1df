"""The projects whose Python code the user allowed to run in the editor: the trust store.

A project's Python missions are the project's own code. The language server
imports and runs them only for a project the user trusted (its prompt, or
``scenario trust``); ``scenario run`` and the pytest plugin run them as pytest
runs ``conftest.py``: the user ran them, on purpose, in that project.

The store is one JSON file under the platform's user data directory
(:func:`default_store_path`; ``$XDG_DATA_HOME/scenario-harness/`` on Linux)::

    {"version": 1, "trusted": ["/home/me/shop"]}

It names each trusted project by its root folder (the folder of its
``pyproject.toml``), resolved and absolute, and nothing else. VS Code's
workspace trust keeps folders the same way; ``direnv allow`` keys each allowed
``.envrc`` by its path *and* a hash of its content, so that any edit asks
again. That suits one small file that rarely changes; a project's missions are
code its users edit all day, and a trust that every save revoked would ask so
often that answering would stop meaning anything.

Reading never raises: a store that is missing is empty, and one that cannot be
read (not JSON, not ours, no permission) counts as empty too, with a
``problem`` that says so for the caller to show. Writing replaces the file
atomically (a temporary file beside it, then :func:`os.replace`), so a reader
never sees half a store; a change (read, add or remove, write) holds a lock
(``filelock``, on ``.trusted-projects.json.lock`` beside the store), so that
two editors, or an editor and ``scenario trust``, answering at the same moment
both get their project recorded.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import filelock
import platformdirs

__all__ = ["STORE_NAME", "TrustStore", "TrustStoreError", "TrustedProjects", "default_store_path"]

STORE_NAME = "trusted-projects.json"
_VERSION = 1
# How long a change waits for another process's change of the store: each takes milliseconds.
LOCK_TIMEOUT_S = 10.0


def default_store_path() -> Path:
    """Where the store is: ``trusted-projects.json`` in the user data directory of ``scenario-harness``."""
    return platformdirs.user_data_path("scenario-harness", appauthor=False) / STORE_NAME


class TrustStoreError(Exception):
    """The store could not be written; the message says which file and why."""


@dataclass(frozen=True)
class TrustedProjects:
    """What the store holds: the trusted roots, sorted; ``problem`` says why it could not be read (then it is empty)."""

    roots: tuple[str, ...] = ()
    problem: str | None = None

    def __contains__(self, root: object) -> bool:
        return isinstance(root, (str, Path)) and _same_key(root) in {os.path.normcase(r) for r in self.roots}


class TrustStore:
    """The trust store at ``path`` (:func:`default_store_path` when None)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else default_store_path()

    def read(self) -> TrustedProjects:
        """The trusted roots; never raises (see the module doc)."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return TrustedProjects()
        except (OSError, UnicodeDecodeError) as error:
            return TrustedProjects(problem=self._unreadable(_reason(error)))
        try:
            document: Any = json.loads(text)
        except json.JSONDecodeError as error:
            return TrustedProjects(problem=self._unreadable(f"not JSON: {error}"))
        trusted = document.get("trusted") if isinstance(document, dict) else None
        if not isinstance(trusted, list) or not all(isinstance(root, str) and os.path.isabs(root) for root in trusted):
            return TrustedProjects(problem=self._unreadable('expected {"trusted": [absolute paths]}'))
        return TrustedProjects(tuple(sorted(set(trusted))))

    def is_trusted(self, root: Path) -> bool:
        """True when the project at ``root`` is in the store."""
        return root in self.read()

    def trust(self, root: Path) -> bool:
        """Record ``root`` (resolved) as trusted; False when it already was. Raises :class:`TrustStoreError`."""

        def with_root(current: TrustedProjects) -> tuple[str, ...] | None:
            return None if root in current else (*current.roots, str(_resolved(root)))

        return self._change(with_root)

    def revoke(self, root: Path) -> bool:
        """Remove ``root`` from the store; False when it was not there. Raises :class:`TrustStoreError`."""
        key = _same_key(root)

        def without_root(current: TrustedProjects) -> tuple[str, ...] | None:
            return None if root not in current else tuple(r for r in current.roots if os.path.normcase(r) != key)

        return self._change(without_root)

    def _change(self, change: Callable[[TrustedProjects], tuple[str, ...] | None]) -> bool:
        """Writes ``change(what the store holds)`` unless it is None, all under the store's lock; True when written."""
        lock = self.path.with_name(f".{self.path.name}.lock")
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            with filelock.FileLock(lock, timeout=LOCK_TIMEOUT_S):
                roots = change(self.read())
                if roots is None:
                    return False
                self._write(roots)
                return True
        except filelock.Timeout:
            raise TrustStoreError(
                f"cannot write the trust store {self.path}: another process held its lock {lock} for {LOCK_TIMEOUT_S:g} s"
            ) from None
        except OSError as error:
            raise TrustStoreError(f"cannot write the trust store {self.path}: {_reason(error)}") from None

    def _write(self, roots: tuple[str, ...]) -> None:
        text = json.dumps({"version": _VERSION, "trusted": sorted(set(roots))}, indent=2) + "\n"
        temporary: str | None = None
        try:
            descriptor, temporary = tempfile.mkstemp(prefix=f".{STORE_NAME}.", suffix=".tmp", dir=self.path.parent)
            with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, self.path)
            temporary = None
        except OSError as error:
            raise TrustStoreError(f"cannot write the trust store {self.path}: {_reason(error)}") from None
        finally:
            if temporary is not None:
                try:
                    os.unlink(temporary)
                except OSError:
                    pass

    def _unreadable(self, reason: str) -> str:
        return f"the trust store {self.path} cannot be read ({reason}); no project counts as trusted until it is written again"


def _resolved(root: str | Path) -> Path:
    return Path(root).expanduser().resolve()


def _same_key(root: str | Path) -> str:
    """How two roots are compared: resolved, and case-folded where the platform's paths are (Windows)."""
    return os.path.normcase(str(_resolved(root)))


def _reason(error: OSError | UnicodeDecodeError) -> str:
    if isinstance(error, UnicodeDecodeError):
        return "not UTF-8 text"
    return error.strerror or str(error)
