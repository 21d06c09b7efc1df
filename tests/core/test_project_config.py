"""[tool.scenario] in pyproject.toml: what it says, and each problem a finding in pyproject.toml at the key or value."""
from __future__ import annotations

from pathlib import Path

import pytest

from scenario_core.project.config import DEFAULT_TIMEOUT_S, find_project, project_configs, read_config


def config_of(tmp_path: Path, text: str):
    (tmp_path / "pyproject.toml").write_text(text)
    return find_project(tmp_path / "a.scenario.yaml")


def at(text: str, needle: str, nth: int = 0) -> tuple[int, int, int, int]:
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index)
    column = index - (text.rfind("\n", 0, index) + 1)
    return (line, column, line, column + len(needle))


def found(config) -> list[tuple[str, str, str, tuple[int, int, int, int]]]:
    return [(f.code, f.severity.value, f.message, (f.range.start.line, f.range.start.column, f.range.end.line, f.range.end.column)) for f in config.findings]


def test_a_good_table_gives_its_values_and_no_findings(tmp_path):
    (tmp_path / "scenarios").mkdir()
    text = '[project]\nname = "shop"\n\n[tool.scenario]\nmissions = ["shop.missions"]\ntimeout = 3\nmemory_limit_mb = 0\npaths = ["scenarios"]\n'
    config = config_of(tmp_path, text)
    assert (config.missions, config.timeout_s, config.memory_limit_mb, config.paths) == (("shop.missions",), 3.0, 0, (tmp_path / "scenarios",))
    assert config.findings == ()


def test_an_unknown_key_is_an_error_at_the_key_with_did_you_mean(tmp_path):
    text = '[tool.scenario]\nmissions = ["shop.missions"]\ntimeuot = 3\n'
    assert found(config_of(tmp_path, text)) == [
        ("invalid_config", "error", "[tool.scenario] has no key 'timeuot'; did you mean 'timeout'?", at(text, "timeuot")),
    ]


def test_an_unknown_key_like_none_lists_the_keys(tmp_path):
    text = '[tool.scenario]\ncolour = "blue"\n'
    assert found(config_of(tmp_path, text))[0][2] == "[tool.scenario] has no key 'colour'; the keys are missions, timeout, memory_limit_mb, paths"


@pytest.mark.parametrize(
    "written, value, message",
    [
        ('missions = "shop.missions"', '"shop.missions"', '[tool.scenario] missions must be a list of module names, such as ["checkout.missions"], not "shop.missions"'),
        ("timeout = -1", "-1", "[tool.scenario] timeout must be a number of seconds above 0, not -1"),
        ('timeout = "3"', '"3"', '[tool.scenario] timeout must be a number of seconds above 0, not "3"'),
        ("memory_limit_mb = 1.5", "1.5", "[tool.scenario] memory_limit_mb must be a whole number of megabytes (0: no limit), not 1.5"),
        ("paths = 'scenarios'", "'scenarios'", '[tool.scenario] paths must be a list of files and folders to run, such as ["scenarios"], not "scenarios"'),
    ],
)
def test_a_value_of_the_wrong_type_is_an_error_at_the_value(tmp_path, written, value, message):
    text = f"[tool.scenario]\n{written}\n"
    assert found(config_of(tmp_path, text)) == [("invalid_config", "error", message, at(text, value))]


def test_a_bad_item_of_a_list_is_an_error_at_the_item(tmp_path):
    text = '[tool.scenario]\nmissions = [\n  "shop.missions",\n  3,\n]\n'
    assert found(config_of(tmp_path, text)) == [
        ("invalid_config", "error", '[tool.scenario] missions must be a list of module names, such as ["checkout.missions"]; item 2 is 3', at(text, "3")),
    ]


def test_a_path_that_does_not_exist_is_an_error_at_it(tmp_path):
    (tmp_path / "scenarios").mkdir()
    text = '[tool.scenario]\npaths = ["scenarios", "scenarioz"]\n'
    config = config_of(tmp_path, text)
    assert config.paths == (tmp_path / "scenarios",)
    assert found(config) == [("invalid_config", "error", f"[tool.scenario] paths: 'scenarioz' does not exist in {tmp_path}", at(text, '"scenarioz"'))]


def test_dotted_keys_and_inline_tables_are_found_where_they_are_written(tmp_path):
    text = '[tool]\nscenario.timeout = "x"\n'
    assert found(config_of(tmp_path, text)) == [("invalid_config", "error", '[tool.scenario] timeout must be a number of seconds above 0, not "x"', at(text, '"x"'))]
    text = 'tool = { scenario = { missions = ["a"], timeout = 0 } }\n'
    assert found(config_of(tmp_path, text)) == [("invalid_config", "error", "[tool.scenario] timeout must be a number of seconds above 0, not 0", at(text, "0"))]


def test_a_table_that_is_not_a_table_is_an_error_at_its_key(tmp_path):
    text = '[tool]\nscenario = ["shop.missions"]\n'
    assert found(config_of(tmp_path, text)) == [
        ("invalid_config", "error", '[tool.scenario] must be a table, not ["shop.missions"]', at(text, "scenario")),
    ]


@pytest.mark.parametrize("name", ["scenarios", "scenario-harness", "scenario_harness", "Scenario"])
def test_a_table_that_looks_like_ours_is_a_warning_at_its_name(tmp_path, name):
    text = f'[project]\nname = "x"\n\n[tool.{name}]\nmissions = ["shop.missions"]\n'
    config = config_of(tmp_path, text)
    assert config.missions == ()
    assert found(config) == [
        ("unknown_table", "warning", f"[tool.{name}] is not read by Scenario Harness; did you mean [tool.scenario]?", at(text, f"tool.{name}")),
    ]


def test_other_tools_tables_are_left_alone(tmp_path):
    assert config_of(tmp_path, '[tool.ruff]\nline-length = 100\n[tool.pytest.ini_options]\nx = 1\n').findings == ()


def test_text_that_is_not_toml_is_an_error_where_tomllib_says(tmp_path):
    text = '[tool.scenario]\ntimeout = = 3\n'
    config = config_of(tmp_path, text)
    assert config.timeout_s == DEFAULT_TIMEOUT_S
    assert found(config) == [("invalid_config", "error", "pyproject.toml is not valid TOML: invalid value", (1, 10, 1, 11))]


def test_strings_and_comments_that_look_like_keys_are_skipped(tmp_path):
    text = (
        '[project]\ndescription = """\n[tool.scenario]\ntimeuot = 1\n"""\n# timeuot = 2\n'
        "[tool.scenario]\nnote = 'timeuot = 3' # timeuot\ntimeuot = 4\n"
    )
    assert [f[3] for f in found(config_of(tmp_path, text))] == [at(text, "note"), at(text, "timeuot", 4)]


def test_unsaved_text_is_read_instead_of_the_file(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.scenario]\n")
    config = read_config(tmp_path / "pyproject.toml", "[tool.scenario]\ntimeout = 0\n")
    assert [f.message for f in config.findings] == ["[tool.scenario] timeout must be a number of seconds above 0, not 0"]


def test_each_project_is_read_once_for_many_files(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.scenario]\n")
    (tmp_path / "sub").mkdir()
    configs = project_configs([tmp_path / "a.scenario.yaml", tmp_path / "sub" / "b.scenario.yaml"])
    assert [c.pyproject for c in configs] == [tmp_path / "pyproject.toml"]
