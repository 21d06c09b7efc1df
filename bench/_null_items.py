"""A pytest plugin for bench_scale.py: the scenario plugin's tree of items, with items that do nothing.

It reads the generated files' scenario names and expectation ids with a
regular expression (bench/generate.py writes one per line, always the same
way) and builds the same tree the scenario plugin builds, with the same node
ids, but checks nothing: what pytest (and pytest-xdist) cost by themselves
at this many items. The same items fail (every ``FAIL_EVERY``-th expectation
of a file, as generate.py writes them), with a one-line report, because
pytest's summary of failures costs time of its own. Loaded with
``-p _null_items -p no:scenario``.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

import pytest

from generate import FAIL_EVERY

_SCENARIO = re.compile(r"^  - name: (\S+)$", re.MULTILINE)
_EXPECTATION = re.compile(r"^  - id: (\S+)\n    scenario: (\S+)$", re.MULTILINE)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.File | None:
    if file_path.name.endswith(".scenario.yaml"):
        return NullFile.from_parent(parent, path=file_path)
    return None


class NullFile(pytest.File):
    def collect(self) -> Iterator[pytest.Collector]:
        text = self.path.read_text(encoding="utf-8")
        ids: dict[str, list[tuple[str, bool]]] = {name: [] for name in _SCENARIO.findall(text)}
        for count, (id_, scenario) in enumerate(_EXPECTATION.findall(text), 1):
            ids[scenario].append((id_, count % FAIL_EVERY == 0))
        for name, expectations in ids.items():
            yield NullScenario.from_parent(self, name=name, ids=expectations)


class NullScenario(pytest.Collector):
    def __init__(self, *, ids: list[tuple[str, bool]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ids = ids

    def collect(self) -> Iterator[pytest.Item]:
        for id_, fails in self.ids:
            yield NullItem.from_parent(self, name=id_, fails=fails)


class NullItem(pytest.Item):
    def __init__(self, *, fails: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.fails = fails

    def runtest(self) -> None:
        if self.fails:
            raise AssertionError("written to fail")

    def repr_failure(self, excinfo: Any, style: Any = None) -> str:
        return "written to fail"

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, self.name
