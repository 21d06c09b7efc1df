"""Every path from text to a number to canonical JSON is total; a bug of ours is a finding, never a crash.

A float literal too large for a double (``1e400``), an integer too long to
write, or any unexpected exception in the core used to end ``scenario run``
with a traceback and leave the editor's old verdict standing.
"""
from __future__ import annotations

import io
import logging
import textwrap

import pytest
from helpers import findings, one, span
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scenario_core.checking.pipeline as check_module
from scenario_core.checking.pipeline import check
from scenario_core.cli import main
from scenario_core.orchestration.hashing import canonical_json

TOO_LARGE = "is too large for a number (at most about 1.8e308); scenario values must be finite numbers"
TOO_LONG = "a number of more than 4,300 digits has no JSON value here; write it as text"


def doc(state: str = "{}", params: str = "{payload_key: a}", expected: str = "true", extra: str = "") -> str:
    return extra + textwrap.dedent(
        f"""\
        suite: s
        scenarios:
          - name: a
            initial_state: {state}
            missions:
              - name: echo
                params: {params}
        expectations:
          - id: e
            scenario: a
            mission: echo
            path: success
            op: eq
            expected: {expected}
        """
    )


@pytest.mark.parametrize("literal", ["1e400", "-1e999", "1.0e309", "!!float 1e400", "!!float -2e308"])
@pytest.mark.parametrize("where", ["state", "params", "expected"])
def test_a_float_too_large_for_a_double_is_a_yaml_value_finding_at_its_node(literal: str, where: str):
    text = {
        "state": doc(state=f"{{b: {literal}}}"),
        "params": doc(params=f"{{payload_key: a, n: {literal}}}"),
        "expected": doc(expected=literal),
    }[where]
    report = check(text)
    finding = one(report, "yaml_value")
    shown = literal.removeprefix("!!float ")
    assert finding.message == f"{shown} {TOO_LARGE}"
    line = next(i for i, l in enumerate(text.splitlines()) if literal in l)
    column = text.splitlines()[line].index(literal)
    assert span(finding) == (line, column, line, column + len(literal))
    assert report.verdict == "invalid"


def test_a_huge_float_inside_a_merged_and_aliased_mapping_is_one_finding_at_the_anchor():
    report = check(doc(state="{<<: *base, c: 1}", params="*base", extra="base: &base {b: 1e400}\n"))
    [finding] = findings(report, "yaml_value")
    assert finding.message == f"1e400 {TOO_LARGE}"
    assert span(finding) == (0, 16, 0, 21)


@pytest.mark.parametrize("literal", ["1" + "0" * 4300, "-" + "9" * 4301, "0x" + "f" * 3600, "!!int " + "1" * 4301])
def test_an_integer_too_long_to_write_is_a_yaml_value_finding(literal: str):
    report = check(doc(state=f"{{b: {literal}}}"))
    assert one(report, "yaml_value").message == TOO_LONG


def test_the_longest_integer_still_works_and_hashes():
    longest = "9" * 4300
    report = check(doc(state=f"{{b: {longest}}}", params="{payload_key: b}"))
    assert report.verdict == "passed"
    assert report.mission_result("a", "echo").final_state["echo"] == int(longest)


def test_an_increment_that_overflows_fails_its_step_instead_of_the_hash():
    text = textwrap.dedent(
        """\
        suite: s
        missions:
          grow:
            steps:
              - {id: a, kind: runtime, payload: {operation: increment, key: n, by: 1.7e308}}
              - {id: b, kind: runtime, payload: {operation: increment, key: n, by: 1.7e308}}
        scenarios:
          - name: a
            missions: [grow]
        """
    )
    report = check(text)
    result = report.mission_result("a", "grow")
    assert (result.success, result.failed_step_id) == (False, "b")
    assert result.error_message == "step 'b' failed: the sum of 'n' is too large for a number"
    assert one(report, "step_failed").message == f"mission 'grow' failed: {result.error_message}"


# -- the guard ------------------------------------------------------------------


@pytest.fixture
def broken_pipeline(monkeypatch):
    """A core whose pipeline raises, as a bug would."""

    def explode(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(check_module, "_mark_shadowed", explode)


def test_an_exception_inside_the_core_is_an_internal_error_finding_at_the_top(broken_pipeline, caplog):
    with caplog.at_level(logging.ERROR, logger="scenario_core"):
        report = check(doc())
    [finding] = report.findings
    assert finding.code == "internal_error"
    assert span(finding) == (0, 0, 0, 0)
    assert finding.message.startswith("Scenario Harness failed to check this file (ZeroDivisionError: division by zero)")
    assert report.verdict == "invalid"
    assert "Traceback" in caplog.text and "explode" in caplog.text


def test_the_cli_reports_an_internal_error_in_one_line_and_the_traceback_only_when_debugging(broken_pipeline, tmp_path, monkeypatch):
    path = tmp_path / "a.scenario.yaml"
    path.write_text(doc())
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.delenv("SCENARIO_DEBUG", raising=False)
    assert main(["run", "--color", "never", str(path)], out, err) == 2
    assert out.getvalue().splitlines()[0].startswith(f"{path}:1:1: error internal_error: Scenario Harness failed")
    assert err.getvalue() == (
        "scenario: ERROR: internal error while checking a document (ZeroDivisionError: division by zero); "
        "set SCENARIO_DEBUG=1 to see the traceback\n"
    )
    monkeypatch.setenv("SCENARIO_DEBUG", "1")
    out, err = io.StringIO(), io.StringIO()
    assert main(["run", "--color", "never", str(path)], out, err) == 2
    assert "Traceback (most recent call last)" in err.getvalue()
    assert "ZeroDivisionError: division by zero" in err.getvalue()


# -- the class of bug: no scalar, anywhere, makes check() raise -----------------------

NUMBERISH = st.one_of(
    st.integers().map(str),
    st.integers(min_value=4290, max_value=4310).map(lambda n: "9" * n),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.builds(lambda m, e: f"{m}e{e}", st.sampled_from(["1", "-1", "9.99", ".5", "+2."]), st.integers(-400, 400)),
    st.sampled_from([".inf", "-.Inf", ".NaN", "0x" + "f" * 3700, "0o" + "7" * 5000, "0x1F", "0o17", "0777", "1_000"]),
)
TAGGED = st.builds(
    lambda tag, value: f"{tag} {value}", st.sampled_from(["!!float", "!!int", "!!str", "!!bool", "!!null", "!!binary", "!x"]), NUMBERISH
)
SCALARS = st.one_of(
    NUMBERISH,
    TAGGED,
    st.sampled_from(["yes", "No", "~", "null", "2024-01-31", "'quoted'", '"\\u00e9"', "true", "", "<<"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=6).map(lambda t: '"' + t.replace("\\", "").replace('"', "") + '"'),
)


def placed(value: str, key: str, placement: str) -> str:
    """A scalar in one of the places a value may stand."""
    return {
        "value": f"{{{key}: {value}}}",
        "key": f"{{{value}: 1}}",
        "list": f"{{{key}: [1, {value}, [{value}]]}}",
        "nested": f"{{{key}: {{deep: {{deeper: {value}}}}}}}",
        "merged": f"{{<<: *base, {key}: 1}}",
        "aliased": f"{{{key}: *base}}",
    }[placement]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    value=SCALARS,
    where=st.sampled_from(["state", "params", "expected"]),
    placement=st.sampled_from(["value", "key", "list", "nested", "merged", "aliased"]),
)
def test_no_scalar_in_any_placement_makes_check_raise_or_fail_internally(value: str, where: str, placement: str):
    mapping = placed(value, "k", placement)
    extra = f"base: &base {{m: {value}}}\n"
    text = {
        "state": doc(state=mapping, extra=extra),
        "params": doc(params=mapping.replace("{", "{payload_key: a, ", 1), extra=extra),
        "expected": doc(expected=mapping, extra=extra),
    }[where]
    report = check(text)
    assert "internal_error" not in [f.code for f in report.findings], text
    if report.test_run is not None:
        canonical_json(report.to_dict())  # every value the report holds has a JSON form
