"""What users' code prints is kept as its start and its end, with a count of what was cut, in the result and in the log."""
from __future__ import annotations

import pytest
from helpers import eventually, project

from scenario_core.checking.pipeline import check
from scenario_core.python.missions import PythonProjects
from scenario_core.python.printed import HEAD, TAIL, BoundedLog, BoundedText, bounded

CHATTY = '''
from scenario_harness import StepSpec, WorkflowDefinition, mission


@mission
def chatty(ctx, *, lines: int = 10) -> WorkflowDefinition:
    for number in range(lines):
        print(f"line {number:06d}")
    return WorkflowDefinition(id="chatty", steps=[StepSpec("s", "runtime", {"operation": "noop"})])
'''


def printed_lines(count: int) -> str:
    return "".join(f"line {number:06d}\n" for number in range(count))


def test_short_text_is_kept_whole():
    stream = BoundedText(5, 5)
    stream.write("0123456789")
    assert stream.getvalue() == "0123456789" == bounded("0123456789", 5, 5)


def test_long_text_keeps_its_start_and_its_end_and_says_how_much_was_cut():
    stream = BoundedText(5, 5)
    for character in "abcdefghijklmnopqrstuvwxyz":
        stream.write(character)
    assert stream.getvalue() == "abcde\n[… 16 characters of output cut …]\nvwxyz"
    assert bounded("abcdefghijklmnopqrstuvwxyz", 5, 5) == stream.getvalue()


def test_a_log_passes_the_start_of_each_part_at_once_and_its_end_when_the_part_ends():
    written: list[str] = []
    log = BoundedLog(written.append, 4, 3)
    log.feed("abc")
    log.feed("defghij\n")
    assert written == ["abc", "d"]
    log.end_part()
    log.feed("next\n")
    log.end_part()
    assert "".join(written) == "abcd\n[… 4 characters of output cut …]\nij\nnext\n"


@pytest.fixture(scope="module")
def chatty(tmp_path_factory):
    path = project(tmp_path_factory.mktemp("chatty"), CHATTY)
    projects = PythonProjects()
    yield projects, path
    projects.close()


def test_a_call_that_prints_megabytes_keeps_its_start_and_end_in_the_result(chatty):
    projects, path = chatty
    text = "suite: s\nscenarios:\n  - name: s\n    missions:\n      - name: chatty\n        params: {lines: 200000}\n"
    report = check(text, python=projects.for_file(path), path=path)
    whole = printed_lines(200_000)
    assert report.scenarios[0].printed == {0: bounded(whole)}
    cut = f"[… {len(whole) - HEAD - TAIL:,} characters of output cut …]\n"
    assert report.scenarios[0].printed[0] == whole[:HEAD] + "\n" + cut + whole[-TAIL:]


def test_the_log_gets_the_same_start_and_end_not_every_line(chatty, capfd):
    projects, path = chatty
    text = "suite: s\nscenarios:\n  - name: s\n    missions:\n      - name: chatty\n        params: {lines: 200000}\n"
    check(text, python=projects.for_file(path), path=path)
    # The log is written by a thread of this process, which may still be writing when the check
    # has ended: read what is written until the call's last line is there.
    err = ""

    def logged_to_the_end() -> bool:
        nonlocal err
        err += capfd.readouterr().err
        return "] line 199999\n" in err

    eventually(logged_to_the_end, "the call's last line in the log")
    logged = [line for line in err.splitlines() if line.startswith("[mission worker ")]
    assert len(logged) < 2 * (HEAD + TAIL) // len("line 000000\n")  # a call's start and end, not 200,000 lines
    cut = f"] [… {len(printed_lines(200_000)) - HEAD - TAIL:,} characters of output cut …]"
    assert sum(line.endswith(cut) for line in logged) == 1
    assert logged[-1].endswith("] line 199999")
