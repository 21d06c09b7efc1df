"""Changing several files together (scenario_core.project.changes): every change is made, or none is."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from scenario_core.project.changes import ChangeRefused, FileChange, apply_changes


def every_file(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_change_is_made_new_folders_included(tmp_path: Path):
    (tmp_path / "a.yaml").write_bytes(b"old\n")
    (tmp_path / "gone.json").write_bytes(b"{}")
    apply_changes(
        [
            FileChange(tmp_path / "a.yaml", b"new\n"),
            FileChange(tmp_path / "__snapshots__" / "a.yaml.json", b'{"x": 1}\n'),
            FileChange(tmp_path / "gone.json", None),
        ]
    )
    assert every_file(tmp_path) == {"a.yaml": b"new\n", "__snapshots__/a.yaml.json": b'{"x": 1}\n'}


def test_a_replaced_file_keeps_its_permissions_and_a_new_one_gets_the_umasks(tmp_path: Path):
    kept = tmp_path / "kept.yaml"
    kept.write_bytes(b"old")
    kept.chmod(0o640)
    umask = os.umask(0o022)
    try:
        apply_changes([FileChange(kept, b"new"), FileChange(tmp_path / "fresh.json", b"{}")])
    finally:
        os.umask(umask)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "fresh.json").stat().st_mode) == 0o644


def test_when_one_file_cannot_be_prepared_nothing_changes_and_no_folder_or_temporary_file_is_left(tmp_path: Path):
    (tmp_path / "a.yaml").write_bytes(b"old\n")
    (tmp_path / "blocked").write_bytes(b"a file where a folder would go")
    before = every_file(tmp_path)
    with pytest.raises(ChangeRefused) as refused:
        apply_changes(
            [
                FileChange(tmp_path / "a.yaml", b"new\n"),
                FileChange(tmp_path / "new" / "deeper" / "b.json", b"{}"),
                FileChange(tmp_path / "blocked" / "c.json", b"{}"),
            ]
        )
    assert refused.value.path == tmp_path / "blocked" / "c.json"
    assert refused.value.reason == "File exists"
    assert refused.value.changed == ()
    assert str(refused.value) == f"cannot write {tmp_path / 'blocked' / 'c.json'}: File exists"
    assert every_file(tmp_path) == before
    assert not (tmp_path / "new").exists()


def test_a_folder_where_a_file_should_be_is_refused(tmp_path: Path):
    (tmp_path / "a.yaml").mkdir()
    with pytest.raises(ChangeRefused) as refused:
        apply_changes([FileChange(tmp_path / "a.yaml", b"text")])
    assert refused.value.reason == "it is a folder"


def test_a_rename_that_fails_after_preparing_says_which_files_did_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The one window left: the folder changes between preparing and renaming. Nobody is told nothing changed."""
    first, second = tmp_path / "a.yaml", tmp_path / "b.json"
    real_replace = os.replace
    calls = []

    def replace_once(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        calls.append(target)
        if len(calls) == 2:
            raise PermissionError(13, "Permission denied")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace_once)
    with pytest.raises(ChangeRefused) as refused:
        apply_changes([FileChange(first, b"1"), FileChange(second, b"2")])
    assert (refused.value.path, refused.value.reason, refused.value.changed) == (second, "Permission denied", (first,))
    assert every_file(tmp_path) == {"a.yaml": b"1"}  # the second file's temporary file is gone
