"""Every relative link of the README and docs/ points at a file of the checkout.

The README tells yaml-language-server users which schema file to associate,
and the docs point at examples and at each other: a moved file must not leave
a reader at a dead path.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import ROOT

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")
_ELSEWHERE = re.compile(r"^([a-z][a-z0-9+.-]*:|#)")  # https:, mailto:, or an anchor in the same page


def relative_links(document: Path) -> list[str]:
    return [m["target"] for m in _LINK.finditer(document.read_text(encoding="utf-8")) if not _ELSEWHERE.match(m["target"])]


def test_the_readme_links_to_the_shipped_json_schemas():
    assert "core/scenario_core/schemas/scenario.schema.json" in relative_links(ROOT / "README.md")
    assert "core/scenario_core/schemas/missions.schema.json" in relative_links(ROOT / "README.md")


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_points_at_a_file_of_the_checkout(document: Path):
    dead = [target for target in relative_links(document) if not (document.parent / target.split("#")[0]).exists()]
    assert dead == []
