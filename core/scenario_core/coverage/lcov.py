"""LCOV: the YAML part written as LCOV records, and LCOV files merged (``scenario coverage combine``).

A YAML file's record (the format of LCOV's ``geninfo(1)``)::

    SF:<path>
    FN:<line of the mission's name>,<mission>
    FNDA:<calls that ran it>,<mission>
    FNF:<missions>  FNH:<missions called>
    DA:<line of a step's "- id:" item>,<times the step ran>
    LF:<steps>  LH:<steps that ran>
    end_of_record

Merging sums what the records of the same ``SF`` count (``DA``, ``FNDA``,
``BRDA``) and counts the totals again, as ``lcov -a`` does; it reads the
Python part's records (coverage.py's) as well as ours.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .paths import shown_path
from .steps import StepCoverage

__all__ = ["LcovFormatError", "merge_lcov", "yaml_lcov"]


def _field(text: str) -> str:
    """``text`` safe in one LCOV record: LCOV has no escaping, so a control character becomes ``?``."""
    return text if text.isprintable() else "".join(c if c.isprintable() else "?" for c in text)


def yaml_lcov(steps: StepCoverage, base: Path) -> str:
    """The records of every YAML file of ``steps``, sorted by path, names relative to ``base``."""
    out: list[str] = []
    for path in steps.paths():
        missions = steps.missions(path)
        if not missions:
            continue
        out.append(f"SF:{_field(shown_path(path, base))}\n")
        for mission in missions:
            out.append(f"FN:{mission.line},{_field(mission.name)}\n")
        for mission in missions:
            out.append(f"FNDA:{mission.calls},{_field(mission.name)}\n")
        out.append(f"FNF:{len(missions)}\nFNH:{sum(1 for m in missions if m.calls)}\n")
        lines = sorted((step.line, step.count) for mission in missions for step in mission.lines)
        out.extend(f"DA:{line},{count}\n" for line, count in lines)
        out.append(f"LF:{len(lines)}\nLH:{sum(1 for _, count in lines if count)}\n")
        out.append("end_of_record\n")
    return "".join(out)


class LcovFormatError(ValueError):
    """A line of an LCOV file that cannot be read; the message says which."""


@dataclass
class _Record:
    """What the records of one source file count, merged."""

    lines: dict[int, int] = field(default_factory=dict)
    checksums: dict[int, str] = field(default_factory=dict)
    functions: dict[str, str] = field(default_factory=dict)  # name -> "line" or "line,end", as FN gives them
    function_hits: dict[str, int] = field(default_factory=dict)
    branches: dict[tuple[int, str, str], int | None] = field(default_factory=dict)  # None: the branch's line never ran ("-")

    def write(self, path: str) -> str:
        out = [f"SF:{path}\n"]
        for name, where in sorted(self.functions.items(), key=lambda item: (int(item[1].split(",")[0]), item[0])):
            out.append(f"FN:{where},{name}\n")
        for name in sorted(self.functions, key=lambda n: (int(self.functions[n].split(",")[0]), n)):
            out.append(f"FNDA:{self.function_hits.get(name, 0)},{name}\n")
        if self.functions:
            out.append(f"FNF:{len(self.functions)}\nFNH:{sum(1 for n in self.functions if self.function_hits.get(n, 0))}\n")
        for (line, block, branch), taken in sorted(self.branches.items(), key=lambda item: (item[0][0], item[0][1], item[0][2])):
            out.append(f"BRDA:{line},{block},{branch},{'-' if taken is None else taken}\n")
        if self.branches:
            out.append(f"BRF:{len(self.branches)}\nBRH:{sum(1 for taken in self.branches.values() if taken)}\n")
        for line in sorted(self.lines):
            checksum = f",{self.checksums[line]}" if line in self.checksums else ""
            out.append(f"DA:{line},{self.lines[line]}{checksum}\n")
        out.append(f"LF:{len(self.lines)}\nLH:{sum(1 for count in self.lines.values() if count)}\n")
        out.append("end_of_record\n")
        return "".join(out)


def merge_lcov(texts: Iterable[tuple[str, str]]) -> str:
    """One LCOV text of the ``(name, text)`` LCOV files: the counts of each source file summed, files sorted by path.

    Raises :class:`LcovFormatError` at a line that is not LCOV (``name:line: what``).
    """
    records: dict[str, _Record] = {}
    for name, text in texts:
        current: _Record | None = None
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith(("TN:", "VER:")):
                continue
            if line == "end_of_record":
                current = None
                continue
            key, _, value = line.partition(":")
            try:
                if key == "SF":
                    current = records.setdefault(value, _Record())
                elif current is None:
                    raise ValueError(f"{key} outside a record (no SF: before it)")
                elif key == "DA":
                    parts = value.split(",")
                    at, count = int(parts[0]), int(parts[1])
                    current.lines[at] = current.lines.get(at, 0) + count
                    if len(parts) > 2:
                        current.checksums[at] = parts[2]
                elif key == "FN":
                    where, _, function = value.rpartition(",")
                    int(where.split(",")[0])
                    current.functions.setdefault(function, where)
                elif key == "FNDA":
                    hits, _, function = value.partition(",")
                    current.function_hits[function] = current.function_hits.get(function, 0) + int(hits)
                elif key == "BRDA":
                    at_text, block, rest = value.split(",", 2)
                    branch, _, taken_text = rest.rpartition(",")
                    at_branch = (int(at_text), block, branch)
                    taken = None if taken_text == "-" else int(taken_text)
                    before = current.branches.get(at_branch)
                    current.branches[at_branch] = taken if before is None else before + (taken or 0)
                elif key in ("LF", "LH", "FNF", "FNH", "BRF", "BRH"):
                    int(value)  # counted again from the records
                else:
                    raise ValueError(f"unknown record {key!r}")
            except ValueError as error:
                raise LcovFormatError(f"{name}:{number}: not LCOV ({error}): {raw}") from None
    return "".join(records[path].write(path) for path in sorted(records))
