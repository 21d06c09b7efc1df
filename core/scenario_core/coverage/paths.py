"""How a coverage report names a file: relative to the folder it is made for, as coverage.py names its files."""
from __future__ import annotations

import os
from pathlib import Path

__all__ = ["shown_path"]


def shown_path(path: str | Path, base: Path) -> str:
    """``path`` as a report names it: relative to ``base`` (with /) when inside it, else absolute.

    A relative ``path`` is relative to ``base``.
    """
    absolute = Path(os.path.normpath(Path(base, path)))
    try:
        return absolute.relative_to(Path(os.path.normpath(base))).as_posix()
    except ValueError:
        return str(absolute)
