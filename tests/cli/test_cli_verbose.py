"""`scenario run --verbose`: under each finding its related places, as compilers print notes, and a mission's traceback."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import EXAMPLES, scaled

SCENARIO = [sys.executable, "-m", "scenario_core.cli"]
CHECKOUT = EXAMPLES / "checkout"


def scenario(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    return subprocess.run([*SCENARIO, *args], capture_output=True, text=True, cwd=cwd, env={**env, "NO_COLOR": "1"}, timeout=scaled(120))


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_a_mission_error_shows_the_python_line_as_a_note_then_the_traceback():
    done = scenario("run", "--verbose", "failing.scenario.yaml::spring_sale", cwd=CHECKOUT)
    lines = done.stdout.splitlines()
    raised = line_of(CHECKOUT / "checkout" / "domain.py", "raise UnknownDiscount(")
    at = lines.index(
        "failing.scenario.yaml:15:15: error mission_error: mission 'place_order' raised UnknownDiscount: no discount code "
        f"'SPRING25' (the codes are FIVEOFF, WELCOME10) at domain.py:{raised}"
    )
    assert lines[at + 1] == f"checkout/domain.py:{raised}:1: note: raised here (domain.py:{raised})"
    assert lines[at + 2] == "    Traceback (most recent call last):"
    assert lines[at + 3].startswith(f'      File "{CHECKOUT}/checkout/missions.py", line ')
    assert "    checkout.domain.UnknownDiscount: no discount code 'SPRING25' (the codes are FIVEOFF, WELCOME10)" in lines


def test_a_finding_in_the_file_shows_its_related_place_in_the_same_file(tmp_path: Path):
    path = tmp_path / "a.scenario.yaml"
    path.write_text("suite: s\nscenarios:\n  - {name: a, missions: [daily_loop]}\n  - {name: a, missions: [daily_loop]}\n")
    done = scenario("run", "-v", "a.scenario.yaml", cwd=tmp_path)
    assert done.stdout.splitlines()[:2] == [
        "a.scenario.yaml:3:12: warning duplicate_scenario: scenario 'a' is defined again at line 4; "
        "the last definition wins and this one is ignored",
        "a.scenario.yaml:4:12: note: the definition that wins",
    ]


def test_without_verbose_only_the_findings_are_printed():
    done = scenario("run", "failing.scenario.yaml::spring_sale", cwd=CHECKOUT)
    assert "note:" not in done.stdout and "Traceback" not in done.stdout
