"""Finding scenario files: sorted, skipping tool folders and what .gitignore excludes."""
from __future__ import annotations

from pathlib import Path

from scenario_core.project.discovery import LIBRARY_SUFFIXES, discover, is_library_file, is_scenario_file, walk

FILE = "suite: s\nscenarios: []\n"


def tree(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(FILE if is_scenario_file(name) else name)


def found(root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in walk(root)]


def test_a_directory_is_searched_for_both_suffixes_in_sorted_order(tmp_path: Path):
    tree(tmp_path, "b.scenario.yml", "a/z.scenario.yaml", "a.scenario.yaml", "notes.yaml", "x.scenario.json")
    assert found(tmp_path) == ["a.scenario.yaml", "b.scenario.yml", "a/z.scenario.yaml"]


def test_tool_and_version_control_folders_are_never_searched(tmp_path: Path):
    tree(
        tmp_path,
        "ok.scenario.yaml",
        ".git/x.scenario.yaml",
        ".venv/lib/site-packages/pkg/x.scenario.yaml",
        "node_modules/pkg/x.scenario.yaml",
        "deep/venv/x.scenario.yaml",
        "deep/__pycache__/x.scenario.yaml",
    )
    assert found(tmp_path) == ["ok.scenario.yaml"]


def test_gitignore_patterns_exclude_files_and_folders(tmp_path: Path):
    (tmp_path / ".git").mkdir()
    tree(tmp_path, "keep.scenario.yaml", "build/out.scenario.yaml", "tmp.scenario.yaml", "sub/gen.scenario.yaml")
    (tmp_path / ".gitignore").write_text("build/\ntmp.scenario.yaml\n# a comment\n")
    (tmp_path / "sub" / ".gitignore").write_text("gen.*\n")
    assert found(tmp_path) == ["keep.scenario.yaml"]


def test_a_deeper_gitignore_can_take_back_what_a_higher_one_excludes(tmp_path: Path):
    (tmp_path / ".git").mkdir()
    tree(tmp_path, "a/x.scenario.yaml", "a/keep.scenario.yaml")
    (tmp_path / ".gitignore").write_text("*.scenario.yaml\n")
    (tmp_path / "a" / ".gitignore").write_text("!keep.scenario.yaml\n")
    assert found(tmp_path) == ["a/keep.scenario.yaml"]


def test_the_repository_gitignore_applies_when_walking_a_subfolder(tmp_path: Path):
    (tmp_path / ".git").mkdir()
    tree(tmp_path, "suites/generated/g.scenario.yaml", "suites/s.scenario.yaml")
    (tmp_path / ".gitignore").write_text("generated/\n")
    assert found(tmp_path / "suites") == ["s.scenario.yaml"]


def test_gitignore_files_outside_the_repository_do_not_apply(tmp_path: Path):
    tree(tmp_path, "repo/s.scenario.yaml")
    (tmp_path / "repo" / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("*.scenario.yaml\n")
    assert found(tmp_path / "repo") == ["s.scenario.yaml"]


def test_a_file_named_explicitly_is_taken_even_when_ignored_and_each_file_once(tmp_path: Path):
    (tmp_path / ".git").mkdir()
    tree(tmp_path, "ignored.scenario.yaml", "a.scenario.yaml")
    (tmp_path / ".gitignore").write_text("ignored.scenario.yaml\n")
    ignored, a = tmp_path / "ignored.scenario.yaml", tmp_path / "a.scenario.yaml"
    result = discover([ignored, tmp_path, a, tmp_path / "nope"])
    assert result.files == (ignored, a)
    assert result.missing == (str(tmp_path / "nope"),)


def test_mission_libraries_are_found_only_when_asked_for(tmp_path: Path):
    tree(tmp_path, "a.scenario.yaml", "lib/shipping.missions.yaml", "lib/b.missions.yml", "lib/notes.yaml")
    assert found(tmp_path) == ["a.scenario.yaml"]
    assert [p.relative_to(tmp_path).as_posix() for p in walk(tmp_path, LIBRARY_SUFFIXES)] == [
        "lib/b.missions.yml",
        "lib/shipping.missions.yaml",
    ]
    assert is_library_file("lib/shipping.missions.yaml") and not is_library_file("a.scenario.yaml")


def test_a_scenario_file_is_known_by_its_name_alone():
    assert is_scenario_file("suites/a.scenario.yaml")
    assert is_scenario_file("file:///work/b.scenario.yml")
    assert not is_scenario_file("a.scenario.yaml.orig")
    assert not is_scenario_file("A.SCENARIO.YAML")
    assert not is_scenario_file("x.scenario.yaml/notes.txt")


def test_other_name_patterns_can_be_given():
    assert is_scenario_file("checks/login.yaml", patterns=["*.yaml"])
    assert not is_scenario_file("login.scenario.yaml", patterns=["test_*.yaml"])
    assert is_scenario_file("test_login.yaml", patterns=["*.scenario.yaml", "test_*.yaml"])
