"""Changing several files of a project together: every change is made, or none is.

Accepting a scenario file's actual values rewrites the file and its snapshot
file; neither may change without the other. :func:`apply_changes` makes
such a set of changes in two phases:

1. **Prepare** every change: create the folder a new file goes in, write each
   new text to a temporary file beside its target (so that the rename below
   stays within one folder and one file system), check that every file to
   be replaced or removed may be changed. Anything that cannot be done is
   found here -- a read-only folder, a read-only file, a full disk, a file
   where a folder should be -- and then every temporary file and new folder
   is removed again: nothing changed, and :class:`ChangeRefused` names the
   file and the reason.
2. **Commit**: rename every temporary file over its target (``os.replace``,
   atomic on POSIX and Windows) and remove the files to remove.

The window that remains is the commit phase: a rename within a folder
cannot fail for want of space or permission checked a moment before, only
if something else changes the folder in between (another process makes it
read-only or removes it, the disk is unplugged). Then the changes already
made stay made, and :class:`ChangeRefused` says which files did change
(``changed``), so that nobody is told "nothing changed" when something did.
"""
from __future__ import annotations

import errno
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

__all__ = ["ChangeRefused", "FileChange", "apply_changes", "reason_of"]


@dataclass(frozen=True)
class FileChange:
    """``path`` to hold ``data`` (bytes, written as they are), or to be removed when ``data`` is None."""

    path: Path
    data: bytes | None


class ChangeRefused(Exception):
    """A change could not be made: ``path`` and ``reason`` say which and why.

    ``changed`` is empty when nothing changed (a problem found while
    preparing); otherwise it lists the files that had already changed.
    """

    def __init__(self, path: Path, reason: str, changed: Sequence[Path] = ()) -> None:
        super().__init__(f"cannot write {path}: {reason}")
        self.path = path
        self.reason = reason
        self.changed = tuple(changed)


def reason_of(error: OSError) -> str:
    """An ``OSError`` as a person reads it: ``Permission denied``, ``Read-only file system``…"""
    return error.strerror or str(error)


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


@dataclass
class _Prepared:
    change: FileChange
    temporary: Path | None  # the new text, beside the target (None: the target is removed)


def apply_changes(changes: Sequence[FileChange]) -> None:
    """Make every change in ``changes``, or none of them; raises :class:`ChangeRefused` otherwise.

    New folders are made as a file needs them. A file that is replaced keeps
    its permission bits; a new file gets the usual ones (0666 less the umask).
    """
    prepared: list[_Prepared] = []
    new_folders: list[Path] = []
    for change in changes:
        try:
            prepared.append(_prepare(change, new_folders))
        except OSError as error:
            _discard(prepared, new_folders)
            raise ChangeRefused(change.path, reason_of(error)) from None
    for index, ready in enumerate(prepared):
        try:
            _commit(ready)
        except OSError as error:
            _discard(prepared[index:], [])
            raise ChangeRefused(ready.change.path, reason_of(error), [p.change.path for p in prepared[:index]]) from None


def _prepare(change: FileChange, new_folders: list[Path]) -> _Prepared:
    target = change.path
    folder = target.parent
    if change.data is None:
        if target.exists() or target.is_symlink():
            _must_be_writable_folder(folder)
        return _Prepared(change, None)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "it is a folder")
    if target.exists() and not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, "the file is read-only")
    _make_folders(folder, new_folders)
    handle, temporary = _create_beside(target)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(change.data)
            out.flush()
            os.fsync(out.fileno())
        if target.exists():  # a replaced file keeps its permission bits
            os.chmod(temporary, stat.S_IMODE(target.stat().st_mode))
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return _Prepared(change, temporary)


def _create_beside(target: Path) -> tuple[int, Path]:
    """A new, empty temporary file in ``target``'s folder, created with 0666 less the umask (as any new file)."""
    for _ in range(100):
        candidate = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(candidate, _CREATE, 0o666), candidate
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file beside it")


def _must_be_writable_folder(folder: Path) -> None:
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PermissionError(errno.EACCES, f"its folder {folder} is read-only")


def _make_folders(folder: Path, new_folders: list[Path]) -> None:
    missing: list[Path] = []
    for candidate in (folder, *folder.parents):
        if candidate.is_dir():
            break
        missing.append(candidate)
    for candidate in reversed(missing):
        candidate.mkdir()  # a file of that name, or a read-only parent, raises here
        new_folders.append(candidate)


def _commit(ready: _Prepared) -> None:
    if ready.temporary is not None:
        os.replace(ready.temporary, ready.change.path)
    else:
        ready.change.path.unlink(missing_ok=True)


def _discard(prepared: Sequence[_Prepared], new_folders: Sequence[Path]) -> None:
    for ready in prepared:
        if ready.temporary is not None:
            ready.temporary.unlink(missing_ok=True)
    for folder in reversed(new_folders):
        try:
            folder.rmdir()
        except OSError:  # something else was put in it meanwhile: leave it
            pass
