"""The YAML-to-JSON value mapping (README: "Values"), value by value."""
from __future__ import annotations

import pytest

from scenario_core.checking.pipeline import check
from scenario_core.orchestration.hashing import canonical_json
from scenario_core.yaml.parse import parse_yaml


def value_of(text: str):
    """The JSON value of `v:` in a one-key document, and the findings."""
    parsed = parse_yaml(text)
    assert parsed.root is not None, [f.message for f in parsed.findings]
    return parsed.root.get("v").to_json(), [(f.code, f.message) for f in parsed.findings]


@pytest.mark.parametrize(
    "source, expected",
    [
        ("v: true", True),
        ("v: False", False),
        ("v: null", None),
        ("v: ~", None),
        ("v:", None),
        ("v: 42", 42),
        ("v: -7", -7),
        ("v: 0x1F", 31),
        ("v: 0o17", 15),
        ("v: 1.5", 1.5),
        ("v: 1e3", 1000.0),
        ("v: hello", "hello"),
        ("v: '42'", "42"),
        ('v: "true"', "true"),
        ("v: 2024-01-31", "2024-01-31"),
        ("v: 2001-12-14t21:59:43.10-05:00", "2001-12-14t21:59:43.10-05:00"),
        ("v: 0777", 777),
        ("v: 1_000", "1_000"),
        ("v: 190:20:30", "190:20:30"),
        ("v: |\n  line one\n  line two\n", "line one\nline two\n"),
        ("v: !!str 12", "12"),
        ("v: !!int '12'", 12),
        ("v: !!float '2'", 2.0),
        ("v: !!bool 'true'", True),
        ("v: !!null ''", None),
        ("v: !!timestamp 2024-01-31", "2024-01-31"),
    ],
)
def test_scalar_maps_to_one_canonical_json_value(source, expected):
    value, problems = value_of(source)
    assert value == expected and type(value) is type(expected)
    assert problems == []


@pytest.mark.parametrize("word", ["yes", "No", "on", "OFF", "y", "n"])
def test_yaml_1_1_booleans_stay_text_with_a_warning(word):
    parsed = parse_yaml(f"v: {word}\n")
    assert parsed.root.get("v").to_json() == word
    [finding] = parsed.findings
    assert finding.code == "ambiguous_bool"
    assert finding.message == f"'{word}' is the text \"{word}\" here, not a boolean; write true or false, or quote it"
    assert (finding.range.start.column, finding.range.end.column) == (3, 3 + len(word))


@pytest.mark.parametrize("word", [".nan", ".inf", "-.inf", ".NaN", "+.Inf"])
def test_non_finite_numbers_are_a_finding_at_the_value(word):
    parsed = parse_yaml(f"v: {word}\n")
    [finding] = parsed.findings
    assert finding.code == "yaml_value"
    assert finding.message == f"{word} has no JSON equivalent; scenario values must be finite numbers"
    assert (finding.range.start.line, finding.range.start.column) == (0, 3)
    assert parsed.root.get("v").to_json() is None


def test_binary_is_a_finding_not_bytes():
    parsed = parse_yaml("v: !!binary aGVsbG8=\n")
    [finding] = parsed.findings
    assert (finding.code, finding.message) == ("yaml_value", "!!binary data has no JSON equivalent; use a plain base64 string")


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!custom", "!!set", "!!omap"])
def test_unknown_tags_are_a_finding_and_construct_nothing(tag):
    parsed = parse_yaml(f"v: {tag} x\n")
    assert [f.code for f in parsed.findings] == ["yaml_value"]
    assert parsed.findings[0].message.startswith("unsupported tag")


def test_a_mistyped_tagged_value_is_a_finding():
    _, problems = value_of("v: !!int twelve\n")
    assert problems == [("yaml_value", "'twelve' is not a valid !!int value")]


def test_non_string_keys_are_used_as_their_text_with_a_warning():
    parsed = parse_yaml("v: {1: one, true: yes_, null: nothing}\n")
    assert parsed.root.get("v").to_json() == {"1": "one", "true": "yes_", "null": "nothing"}
    assert [f.code for f in parsed.findings] == ["non_string_key"] * 3
    assert parsed.findings[0].message == 'key 1 is not text in YAML; it is used as the text "1"'


def test_complex_keys_are_an_error_at_the_key():
    parsed = parse_yaml("v:\n  ? [a, b]\n  : x\n  ok: 1\n")
    assert parsed.root.get("v").to_json() == {"ok": 1}
    [finding] = parsed.findings
    assert finding.code == "complex_key"
    assert (finding.range.start.line, finding.range.start.column) == (1, 4)


def test_duplicate_keys_are_an_error_at_the_second_and_the_last_wins():
    parsed = parse_yaml("v:\n  a: 1\n  a: 2\n")
    assert parsed.root.get("v").to_json() == {"a": 2}
    [finding] = parsed.findings
    assert finding.code == "duplicate_key"
    assert finding.message == "duplicate key 'a' (first at line 2); the last one is used"
    assert (finding.range.start.line, finding.range.start.column) == (2, 2)


def test_anchors_and_aliases_share_the_value():
    parsed = parse_yaml("base: &b {x: 1, y: [2]}\nv: *b\n")
    assert parsed.root.get("v").to_json() == {"x": 1, "y": [2]}
    assert parsed.findings == []


def test_merge_keys_merge_and_explicit_keys_win():
    parsed = parse_yaml("base: &b {x: 1, y: 2}\nv:\n  <<: *b\n  y: 3\n")
    assert parsed.root.get("v").to_json() == {"x": 1, "y": 3}


def test_merge_of_a_list_of_mappings_takes_the_first_definition():
    parsed = parse_yaml("a: &a {x: 1}\nb: &b {x: 2, z: 3}\nv:\n  <<: [*a, *b]\n")
    assert parsed.root.get("v").to_json() == {"x": 1, "z": 3}


def test_merge_of_a_scalar_is_a_finding():
    parsed = parse_yaml("v:\n  <<: 5\n")
    assert [(f.code, f.message) for f in parsed.findings] == [
        ("yaml_value", "a merge key (<<) takes a mapping or a list of mappings")
    ]


def test_every_loaded_value_has_canonical_json():
    text = "a: &a {k: [1, 2.5, 'é', null, true]}\nb: *a\nc: {<<: *a, d: 2024-01-01}\n"
    parsed = parse_yaml(text)
    assert canonical_json(parsed.root.to_json()) == (
        '{"a":{"k":[1,2.5,"\\u00e9",null,true]},"b":{"k":[1,2.5,"\\u00e9",null,true]},'
        '"c":{"d":"2024-01-01","k":[1,2.5,"\\u00e9",null,true]}}'
    )


def test_values_used_by_scenarios_follow_the_mapping():
    report = check(
        "suite: s\nscenarios:\n  - name: a\n    initial_state: {when: 2024-01-01, flag: yes}\n    missions: [echo]\n"
    )
    state = report.scenarios[0].definition.initial_state
    assert state == {"when": "2024-01-01", "flag": "yes"}
    assert [f.code for f in report.findings] == ["ambiguous_bool"]
