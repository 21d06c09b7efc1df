"""Choosing scenarios on the command line: ``FILE::SCENARIO`` and ``-k EXPR``, as pytest chooses tests.

``FILE::SCENARIO`` (several allowed, one file or many) runs the scenarios of
that name in that file; a path named without ``::`` runs all of its file's
scenarios. ``-k EXPR`` keeps, among those, the scenarios whose names match
pytest's keyword expression: ``cart``, ``cart and not slow``,
``(refund or return) and not legacy``. Each word matches, without regard to
case, any part of one of the scenario's names: its own name, its suite's
name, or its file's name (``checkout.scenario.yaml``) -- the names pytest
matches for the same scenario's tests, less the folders above the file.

The expressions are pytest's own: the grammar and the matcher are
``_pytest.mark.expression`` (the module behind pytest's ``-k`` and ``-m``),
imported only when ``-k`` is given, so the CLI needs pytest for ``-k`` and
for nothing else. Writing a second parser of the same language would only
let the two drift apart. What leaving a scenario out means for its
expectations, snapshots and the file's hashes: :mod:`scenario_core.checking.selection`.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

__all__ = ["FileSelection", "KeywordError", "Selection", "compile_keyword"]

#: Between a file and a scenario name on the command line, as in pytest's node ids.
SEPARATOR = "::"


class KeywordError(ValueError):
    """A ``-k`` expression that cannot be used; the message says why, as a person reads it."""


@dataclass(frozen=True)
class FileSelection:
    """Which scenarios of one file run: those named (None: any) that match ``keyword`` (None: any)."""

    names: frozenset[str] | None = None
    keyword: str | None = None

    def chooses(self, file_name: str, suite: str | None, scenario: str) -> bool:
        if self.names is not None and scenario not in self.names:
            return False
        if self.keyword is None:
            return True
        keywords = [name.lower() for name in (file_name, suite, scenario) if name]
        expression = compile_keyword(self.keyword)

        def matches(word: str, /, **arguments: Any) -> bool:
            word = word.lower()
            return not arguments and any(word in name for name in keywords)  # compile_keyword refused arguments

        return bool(expression.evaluate(matches))


@dataclass(frozen=True)
class Selection:
    """The paths to search and, by file, which of their scenarios run."""

    paths: tuple[str, ...]
    names: Mapping[Path, frozenset[str]] = field(default_factory=dict)
    keyword: str | None = None

    @classmethod
    def parse(cls, arguments: Iterable[str], keyword: str | None) -> Selection:
        """The selection of ``PATH`` and ``FILE::SCENARIO`` arguments and ``-k``; ``KeywordError`` for a bad ``-k``."""
        if keyword is not None:
            compile_keyword(keyword)
        paths: dict[str, None] = {}
        names: dict[Path, set[str] | None] = {}
        for argument in arguments:
            path, separator, scenario = argument.partition(SEPARATOR)
            paths[path] = None
            if not separator:
                names[Path(path)] = None  # the whole file, whatever else names it
            elif Path(path) not in names or names[Path(path)] is not None:
                chosen = names.setdefault(Path(path), set())
                assert chosen is not None
                chosen.add(scenario)
        return cls(tuple(paths), {p: frozenset(n) for p, n in names.items() if n is not None}, keyword)

    @property
    def active(self) -> bool:
        """True when some scenario may be left out."""
        return bool(self.names) or self.keyword is not None

    def named(self, path: Path) -> frozenset[str] | None:
        """The scenario names ``FILE::SCENARIO`` gave for ``path`` (None: all of them)."""
        return self.names.get(path)

    def for_file(self, path: Path) -> FileSelection | None:
        """What runs of the file at ``path``; None when everything does."""
        names = self.named(path)
        if names is None and self.keyword is None:
            return None
        return FileSelection(names, self.keyword)

    def described(self) -> str:
        """How a message names the selection: ``-k 'cart and not slow'``, or the ``FILE::SCENARIO`` arguments."""
        if self.keyword is not None and not self.names:
            return f"-k {self.keyword!r}"
        named = " ".join(f"{p}{SEPARATOR}{n}" for p, names in self.names.items() for n in sorted(names))
        return f"{named} with -k {self.keyword!r}" if self.keyword is not None else named


@functools.lru_cache(maxsize=8)
def compile_keyword(keyword: str) -> Any:
    """pytest's compiled ``-k`` expression (an ``Expression``); ``KeywordError`` when it cannot be had or read."""
    try:
        from _pytest.mark.expression import Expression
    except ImportError:
        raise KeywordError(
            "-k uses pytest's keyword expressions, and pytest is not installed here (pip install pytest)"
        ) from None
    try:
        expression = Expression.compile(keyword)
    except Exception as error:  # pytest 8.4+ raises SyntaxError, earlier ones their own ParseError
        column = getattr(error, "offset", None) or getattr(error, "column", None)
        message = getattr(error, "msg", None) or getattr(error, "message", None) or str(error)
        where = f" at column {column}" if column else ""
        raise KeywordError(f"-k {keyword!r} is not a keyword expression{where}: {message}") from None
    with_arguments: list[str] = []

    def probe(answer: bool) -> Any:
        def matcher(word: str, /, **arguments: Any) -> bool:
            if arguments:
                with_arguments.append(word)
            return answer

        return matcher

    for answer in (False, True):  # between them, every name is looked at
        expression.evaluate(probe(answer))
    if with_arguments:
        raise KeywordError(f"-k {keyword!r}: '{with_arguments[0]}(…)' has arguments, which only -m markers take in pytest")
    return expression
