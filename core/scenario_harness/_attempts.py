"""Every source file an import tried, those that failed to import included.

When the project's missions module (or a module it imports) fails to import,
Python drops it from ``sys.modules``: what is loaded no longer tells which
files a fix would be made in. :class:`ImportAttempts` is a finder at the
front of ``sys.meta_path`` that asks the finders after it, as the import
system would, and notes the file each found module comes from, before the
module runs. A module that is not found at all is noted too, as the files
that would make it (``name.py``, ``name/__init__.py`` under each folder of
``sys.path``), so that creating it is noticed as well.
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from pathlib import Path
from types import ModuleType
from typing import Sequence

__all__ = ["ImportAttempts", "would_be_files"]


class ImportAttempts(importlib.abc.MetaPathFinder):
    """A finder that notes the origin of every module found while it is installed (see the module doc)."""

    def __init__(self) -> None:
        self.files: list[str] = []

    def __enter__(self) -> "ImportAttempts":
        sys.meta_path.insert(0, self)
        return self

    def __exit__(self, *exc: object) -> None:
        if self in sys.meta_path:
            sys.meta_path.remove(self)

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        for finder in list(sys.meta_path):
            if finder is self:
                continue
            find = getattr(finder, "find_spec", None)
            if find is None:
                continue
            spec: importlib.machinery.ModuleSpec | None = find(fullname, path, target)
            if spec is not None:
                if spec.has_location and spec.origin:
                    self.files.append(spec.origin)
                return spec
        return None


def would_be_files(module: str, folders: Sequence[str]) -> list[str]:
    """The files that would make ``module`` importable from ``folders`` (``a/b.py``, ``a/b/__init__.py``)."""
    parts = module.split(".")
    found = []
    for folder in folders:
        base = Path(folder or ".").joinpath(*parts)
        found += [str(base.with_suffix(".py")), str(base / "__init__.py")]
    return found
