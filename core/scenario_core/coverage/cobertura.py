"""Cobertura XML: the YAML part as Cobertura packages, joined with coverage.py's report of the Python part.

Each folder of YAML files is a ``<package>`` (named by its path with dots,
as coverage.py names its packages), each file a ``<class>``, each mission a
``<method>`` whose ``<lines>`` are its steps' ``- id:`` lines with the times
each ran as ``hits``. The document's ``<sources>`` are coverage.py's (each
project's folder) and the folder the report is made for (the YAML files'
names are relative to it); the totals on ``<coverage>`` count both parts.
YAML has no branches: branch totals are the Python part's.
"""
from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from pathlib import Path, PurePosixPath
from typing import Sequence

from scenario_core import __version__

from .paths import shown_path
from .steps import MissionLines, StepCoverage

__all__ = ["cobertura_document"]

_DTD = "https://raw.githubusercontent.com/cobertura/web/master/htdocs/xml/coverage-04.dtd"


def _rate(hit: int, total: int) -> str:
    """A rate as coverage.py writes one: 4 significant digits, ``1`` when there is nothing to count."""
    return "1" if total == 0 else f"{hit / total:.4g}"


def _lines(parent: ET.Element, counts: Sequence[tuple[int, int]]) -> None:
    lines = ET.SubElement(parent, "lines")
    for number, hits in counts:
        ET.SubElement(lines, "line", {"number": str(number), "hits": str(hits)})


def _counts(missions: Sequence[MissionLines]) -> list[tuple[int, int]]:
    return sorted((step.line, step.count) for mission in missions for step in mission.lines)


def _yaml_packages(steps: StepCoverage, base: Path) -> tuple[list[ET.Element], int, int]:
    """The YAML part's packages, and its step lines and those that ran."""
    by_folder: dict[str, list[tuple[str, list[MissionLines]]]] = {}
    for path in steps.paths():
        missions = steps.missions(path)
        if missions:
            shown = shown_path(path, base)
            by_folder.setdefault(str(PurePosixPath(shown).parent), []).append((shown, missions))
    packages: list[ET.Element] = []
    valid = covered = 0
    for folder in sorted(by_folder):
        package = ET.Element("package", {"name": folder.strip("/").replace("/", ".") or "."})
        classes = ET.SubElement(package, "classes")
        package_valid = package_covered = 0
        for shown, missions in by_folder[folder]:
            counts = _counts(missions)
            hit = sum(1 for _, hits in counts if hits)
            package_valid, package_covered = package_valid + len(counts), package_covered + hit
            element = ET.SubElement(
                classes,
                "class",
                {"name": PurePosixPath(shown).name, "filename": shown, "complexity": "0", "line-rate": _rate(hit, len(counts)), "branch-rate": "0"},
            )
            methods = ET.SubElement(element, "methods")
            for mission in missions:
                mission_counts = _counts([mission])
                method = ET.SubElement(
                    methods,
                    "method",
                    {
                        "name": mission.name,
                        "signature": "",
                        "complexity": "0",
                        "line-rate": _rate(sum(1 for _, hits in mission_counts if hits), len(mission_counts)),
                        "branch-rate": "0",
                    },
                )
                _lines(method, mission_counts)
            _lines(element, counts)
        package.set("line-rate", _rate(package_covered, package_valid))
        package.set("branch-rate", "0")
        package.set("complexity", "0")
        packages.append(package)
        valid, covered = valid + package_valid, covered + package_covered
    return packages, valid, covered


def cobertura_document(steps: StepCoverage, python: Sequence[ET.Element], base: Path) -> str:
    """One Cobertura XML document of the YAML part (names relative to ``base``) and coverage.py's ``python`` documents."""
    packages, valid, covered = _yaml_packages(steps, base)
    branches_valid = branches_covered = 0
    sources: list[str] = []
    python_packages: list[ET.Element] = []
    for document in python:
        valid += int(document.get("lines-valid", "0"))
        covered += int(document.get("lines-covered", "0"))
        branches_valid += int(document.get("branches-valid", "0"))
        branches_covered += int(document.get("branches-covered", "0"))
        sources += [source.text or "" for source in document.iter("source")]
        python_packages += list(document.iter("package"))
    if packages:
        sources.append(str(base))
    first = python[0] if python else None
    root = ET.Element(
        "coverage",
        {
            "version": first.get("version", "") if first is not None else f"scenario-harness {__version__}",
            "timestamp": first.get("timestamp", "") if first is not None else str(int(time.time() * 1000)),
            "lines-valid": str(valid),
            "lines-covered": str(covered),
            "line-rate": _rate(covered, valid),
            "branches-covered": str(branches_covered),
            "branches-valid": str(branches_valid),
            "branch-rate": _rate(branches_covered, branches_valid) if branches_valid else "0",
            "complexity": "0",
        },
    )
    source_list = ET.SubElement(root, "sources")
    for source in dict.fromkeys(sources):
        ET.SubElement(source_list, "source").text = source
    package_list = ET.SubElement(root, "packages")
    package_list.extend([*python_packages, *packages])
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" ?>\n<!-- Scenario Harness: the steps of YAML missions, and the Python lines coverage.py measured -->\n<!-- Based on {_DTD} -->\n{text}\n'
