"""Seeded mutations of real scenario files, for the fuzz test of the server.

The corpus is the examples (``examples/*.scenario.yaml``) and the YAML
values of the README's value table ("Values": every kind of YAML value and
what it maps to). :func:`documents` derives documents from them with a
``random.Random(seed)``: the same seed gives the same documents, in the same
order, on every machine; :func:`edited_documents` pairs each with a small
edit, as a person typing makes (the server re-parses only what such an edit
touches).
"""
from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parents[2]

#: Characters that mean something to YAML, and some that do not belong in it.
ALPHABET = "\n\r\t :-?,[]{}#&*!|>'\"%@`\\.0123456789abcxyz\u00e9\U0001f600\u2028\x85\ufeff\x00\x7f"


def examples() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.scenario.yaml"))]


def value_table() -> list[str]:
    """The YAML values the README's "Values" table lists, each as written there, plus the long ones it describes."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Values", 1)[1].split("\n\n", 3)[2]
    values: list[str] = []
    for row in table.splitlines()[2:]:
        first_column = row.split(" | ")[0]
        values += [v for v in re.findall(r"`([^`]+)`", first_column) if "…" not in v]
    return values + [
        "1" * 4301,
        "|\n  text\n",
        ">-\n  folded\n",
        "[*a, *a]",
        "&a {x: *a}",
        "{<<: [*a, 5]}",
        "!!python/object/apply:os.system [echo]",
    ]


def edited_documents(seed: int, count: int) -> Iterator[tuple[str, str]]:
    """``count`` documents of :func:`documents`, each with an edit of it: one more change of one line or less."""
    rng = random.Random(seed + 1)
    values = value_table()
    small = [insert_characters, delete_span, replace_value, indent_line]
    for text in documents(seed, count):
        yield text, rng.choice(small)(rng, text, values)


def documents(seed: int, count: int) -> Iterator[str]:
    """``count`` documents: the examples and seeded mutations of them, each with one to four changes."""
    rng = random.Random(seed)
    bases = examples()
    values = value_table()
    mutations: list[Callable[[random.Random, str, list[str]], str]] = [
        insert_characters,
        delete_span,
        copy_span,
        replace_value,
        add_entry,
        move_line,
        indent_line,
        truncate,
        anchor_and_alias,
        alias_item,
    ]
    for index in range(count):
        text = bases[index % len(bases)]
        if index >= len(bases):
            for _ in range(rng.randint(1, 4)):
                text = rng.choice(mutations)(rng, text, values)
        yield text


def _position(rng: random.Random, text: str) -> int:
    return rng.randint(0, len(text))


def insert_characters(rng: random.Random, text: str, values: list[str]) -> str:
    at = _position(rng, text)
    return text[:at] + "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 3))) + text[at:]


def delete_span(rng: random.Random, text: str, values: list[str]) -> str:
    at = _position(rng, text)
    return text[:at] + text[at + rng.randint(1, 12) :]


def copy_span(rng: random.Random, text: str, values: list[str]) -> str:
    start = _position(rng, text)
    span = text[start : start + rng.randint(1, 80)]
    at = _position(rng, text)
    return text[:at] + span + text[at:]


def replace_value(rng: random.Random, text: str, values: list[str]) -> str:
    """A ``key: value`` on some line gets a value of the table instead."""
    lines = text.split("\n")
    candidates = [i for i, line in enumerate(lines) if re.search(r":\s+\S", line)]
    if not candidates:
        return text
    i = rng.choice(candidates)
    key, _, _ = lines[i].partition(": ")
    lines[i] = f"{key}: {rng.choice(values)}"
    return "\n".join(lines)


def add_entry(rng: random.Random, text: str, values: list[str]) -> str:
    """A new ``key: value`` line, indented like the line it follows, with a value of the table."""
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    indent = re.match(r"[ -]*", lines[i]).group().replace("-", " ")
    key = rng.choice(["initial_state", "params", "expected", "counter", "x", "<<", "1", "? [a, b]"])
    lines.insert(i + 1, f"{indent}{key}: {rng.choice(values)}")
    return "\n".join(lines)


def move_line(rng: random.Random, text: str, values: list[str]) -> str:
    lines = text.split("\n")
    line = lines.pop(rng.randrange(len(lines)))
    if rng.random() < 0.5:  # moved, else dropped or doubled
        lines.insert(rng.randint(0, len(lines)), line)
    elif rng.random() < 0.5:
        lines.insert(rng.randint(0, len(lines)), line)
        lines.insert(rng.randint(0, len(lines)), line)
    return "\n".join(lines)


def indent_line(rng: random.Random, text: str, values: list[str]) -> str:
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    lines[i] = rng.choice(["", " ", "  ", "    ", "\t"]) + lines[i].lstrip(" ") if rng.random() < 0.7 else lines[i][1:]
    return "\n".join(lines)


def truncate(rng: random.Random, text: str, values: list[str]) -> str:
    return text[: _position(rng, text)]


def anchor_and_alias(rng: random.Random, text: str, values: list[str]) -> str:
    """An anchor on one value and an alias to it somewhere after."""
    lines = text.split("\n")
    with_values = [i for i, line in enumerate(lines) if re.search(r":\s+\S", line)]
    if len(with_values) < 2:
        return text
    first, second = sorted(rng.sample(with_values, 2))
    key, _, value = lines[first].partition(": ")
    lines[first] = f"{key}: &a {value}"
    key, _, _ = lines[second].partition(": ")
    lines[second] = f"{key}: *a"
    return "\n".join(lines)


def alias_item(rng: random.Random, text: str, values: list[str]) -> str:
    """A list item anchored, and an alias to it as an item of another list (or the same one)."""
    lines = text.split("\n")
    items = [i for i, line in enumerate(lines) if re.match(r"\s*- \w", line)]
    if not items:
        return text
    i = rng.choice(items)
    lines[i] = lines[i].replace("- ", "- &item ", 1)
    j = rng.randrange(i + 1, len(lines) + 1)
    lines.insert(j, re.match(r"\s*", lines[i]).group() + "- *item")
    return "\n".join(lines)
