"""How a check reads the files around the one it checks (imported libraries, stored snapshots).

A check is text in, findings out; some findings depend on other files. It
reads them only through a :class:`Files`, so that the language server can
answer with what the editor holds (an unsaved library) and everyone else with
what is on disk (:data:`DISK`). A check never writes a file.
"""
from __future__ import annotations

from pathlib import Path
from typing import Protocol

__all__ = ["DISK", "Files", "OnDisk"]


class Files(Protocol):
    """Where a check reads the files around the one it checks."""

    def read_text(self, path: Path) -> str | None:
        """The text of ``path`` (UTF-8), or None when there is no such file or it cannot be read."""
        ...


class OnDisk:
    """The files as they are on disk."""

    def read_text(self, path: Path) -> str | None:
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None


#: The files as they are on disk.
DISK: Files = OnDisk()
