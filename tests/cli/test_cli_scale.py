"""`scenario run` at scale: --jobs gives the serial bytes, --shard splits the files, output streams file by file."""
from __future__ import annotations

import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path, PurePosixPath

import pytest
from helpers import EXAMPLES
from test_cli import scenario

from scenario_core import __version__
from scenario_core.checking.pipeline import check_bytes
from scenario_core.cli import main
from scenario_core.cli.batch import CheckSettings, Checker
from scenario_core.cli.output import exit_status, file_part
from scenario_core.cli.shard import Shard

PASSING = (EXAMPLES / "passing.scenario.yaml").read_text(encoding="utf-8")


@pytest.fixture
def suites(tmp_path: Path) -> Path:
    """Ten files in two folders: passing, failing (an expectation off) and invalid ones."""
    for index in range(10):
        text = PASSING.replace("suite: checkout_flow", f"suite: suite_{index}")
        if index % 3 == 1:
            text = text.replace("expected: true", "expected: false", 1)
        if index % 4 == 2:
            text += "  - {id: broken, scenario: nowhere, mission: daily_loop, path: success, op: eq, expected: true}\n"
        folder = tmp_path / ("a" if index < 5 else "b")
        folder.mkdir(exist_ok=True)
        (folder / f"s{index}.scenario.yaml").write_text(text, encoding="utf-8")
    shutil.copy(EXAMPLES / "failing.scenario.yaml", tmp_path / "a" / "examples_failing.scenario.yaml")
    return tmp_path


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["run", "--color", "never", *args], out, err)
    return status, out.getvalue(), err.getvalue()


# -- --jobs ------------------------------------------------------------------


@pytest.mark.parametrize("output", ["text", "json", "junit"])
def test_jobs_give_byte_for_byte_the_serial_output(suites: Path, output: str):
    serial = scenario("run", "--format", output, "--jobs", "1", str(suites))
    parallel = scenario("run", "--format", output, "--jobs", "3", str(suites))
    assert serial.returncode == parallel.returncode == 2
    assert parallel.stdout == serial.stdout
    assert parallel.stderr == serial.stderr


def test_jobs_auto_uses_the_machine_s_cores(suites: Path):
    assert scenario("run", "--jobs", "auto", str(suites)).stdout == scenario("run", str(suites)).stdout


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_a_bad_number_of_jobs_is_refused(suites: Path, jobs: str):
    out = scenario("run", "--jobs", jobs, str(suites))
    assert out.returncode == 2
    assert f"argument --jobs: expected a number of processes (1 or more) or 'auto', not '{jobs}'" in out.stderr


def test_what_the_core_logs_while_checking_a_file_comes_back_with_its_part(monkeypatch, tmp_path: Path):
    import scenario_core.checking.pipeline as check_module

    def explode(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(check_module, "_mark_shadowed", explode)
    path = tmp_path / "a.scenario.yaml"
    path.write_text(PASSING, encoding="utf-8")
    checker = Checker(CheckSettings("text", colour=False))
    checked = checker.check(path)
    assert checked.part.verdict == "invalid"
    assert checked.log == (
        "scenario: ERROR: internal error while checking a document (ZeroDivisionError: division by zero); "
        "set SCENARIO_DEBUG=1 to see the traceback\n"
    )
    monkeypatch.setenv("SCENARIO_DEBUG", "1")
    checked = checker.check(path)
    checker.close()
    assert checked.log.startswith("scenario: ERROR: internal error while checking a document\nTraceback (most recent call last):")
    assert "ZeroDivisionError: division by zero" in checked.log


# -- streaming ----------------------------------------------------------------


def whole_document(paths: list[Path], missing: list[str]) -> str:
    """The JSON output as it was built before it streamed: every report kept, one json.dumps at the end."""
    reports = [(str(p), check_bytes(p.read_bytes())) for p in paths]
    parts = [file_part("json", path, report) for path, report in reports]
    errors = [{"code": "missing_path", "path": path, "message": f"no such file or directory: {path}"} for path in missing]
    document = {
        "format": "scenario-harness/1",
        "version": __version__,
        "exit_status": exit_status(parts, missing),
        "missing_paths": missing,
        "errors": errors,
        "deselected": 0,
        "files": [{"path": path, **report.to_dict()} for path, report in reports],
    }
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def whole_junit(paths: list[Path]) -> str:
    """The JUnit output built as one tree, as it was before it streamed."""
    root = ET.Element("testsuites", name="scenario")
    for path in paths:
        root.append(ET.fromstring(file_part("junit", str(path), check_bytes(path.read_bytes())).text))
    suites = list(root)
    for key in ("tests", "failures", "errors"):
        root.set(key, str(sum(int(s.get(key, "0")) for s in suites)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def test_streamed_json_is_the_document_built_at_the_end(suites: Path):
    files = sorted(suites.rglob("*.scenario.yaml"), key=lambda p: (p.parent.name, p.name))
    status, out, _ = cli("--format", "json", str(suites / "a"), str(suites / "b"), "missing.scenario.yaml")
    assert status == 2
    assert out == whole_document(files, ["missing.scenario.yaml"])


def test_json_without_files_is_the_document_with_an_empty_list():
    status, out, _ = cli("--format", "json", "missing.scenario.yaml")
    assert out == whole_document([], ["missing.scenario.yaml"])


def test_streamed_junit_is_the_tree_built_at_the_end(suites: Path):
    files = sorted(suites.rglob("*.scenario.yaml"), key=lambda p: (p.parent.name, p.name))
    _, out, _ = cli("--format", "junit", str(suites / "a"), str(suites / "b"))
    assert out == whole_junit(files)


# -- --shard ------------------------------------------------------------------


def summaries(text: str) -> list[str]:
    """The per-file lines of a text output."""
    return [line for line in text.splitlines() if ".scenario.yaml: " in line and line.split(": ")[1] in ("passed", "failed", "invalid")]


@pytest.mark.parametrize("count", [1, 2, 3, 4, 13])
def test_every_file_is_in_exactly_one_shard_and_the_shards_add_up_to_the_serial_run(suites: Path, count: int):
    _, serial, _ = cli(str(suites))
    lines: list[str] = []
    for index in range(1, count + 1):
        _, out, _ = cli("--shard", f"{index}/{count}", str(suites))
        shard = summaries(out)
        assert shard == [line for line in summaries(serial) if line in shard]  # in the serial order
        lines += shard
    assert sorted(lines) == sorted(summaries(serial))
    assert len(set(lines)) == len(lines) == 11


def test_a_shard_keeps_each_file_s_findings(suites: Path):
    _, serial, _ = cli(str(suites))
    _, shard, _ = cli("--shard", "1/2", str(suites))
    findings = [line for line in shard.splitlines() if ": error " in line or ": warning " in line]
    assert findings and all(line in serial.splitlines() for line in findings)


def test_shards_are_as_even_as_they_can_be():
    files = [PurePosixPath(f"suites/s{i}.scenario.yaml") for i in range(23)]
    assert sorted(len(Shard(k, 4).select(files)) for k in range(1, 5)) == [5, 6, 6, 6]


def test_adding_a_file_moves_at_most_one_other_file_per_boundary():
    files = [PurePosixPath(f"suites/s{i:03d}.scenario.yaml") for i in range(200)]
    added = [*files, PurePosixPath("suites/new.scenario.yaml")]
    for count in (2, 4, 7):
        before = {f: k for k in range(1, count + 1) for f in Shard(k, count).select(files)}
        after = {f: k for k in range(1, count + 1) for f in Shard(k, count).select(added)}
        moved = [f for f in files if before[f] != after[f]]
        assert len(moved) <= count - 1


def test_an_empty_shard_passes_with_no_files(suites: Path):
    # One file in thirteen shards: it is in the last, the first twelve are empty.
    status, out, _ = cli("--shard", "1/13", str(suites / "a" / "s0.scenario.yaml"))
    assert (status, out) == (0, "0 files, 0 invalid: 0 passed, 0 failed\n")


@pytest.mark.parametrize("shard", ["0/3", "4/3", "1", "a/b", "1/0"])
def test_a_bad_shard_is_refused(suites: Path, shard: str):
    out = scenario("run", "--shard", shard, str(suites))
    assert out.returncode == 2
    assert "argument --shard:" in out.stderr
