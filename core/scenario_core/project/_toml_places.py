"""Where each key and value of a TOML document is written, for findings at the key.

tomllib (the standard library's parser, which reads ``pyproject.toml``) and
tomli give values without positions; tomlkit keeps the text but no line and
column either (its issue #55 asks for them since 2019). So this is a small
locator of our own: it runs only over text tomllib has already read without
error, and walks its statements (table headers, ``key = value`` lines, with
strings, multi-line strings, arrays, inline tables and comments skipped
exactly as TOML writes them) to note where each dotted key path is written.
It never decides what the document means: the values are tomllib's.
"""
from __future__ import annotations

from dataclasses import dataclass

from scenario_core.source.positions import LineIndex, SourceRange

__all__ = ["Place", "places"]


@dataclass(frozen=True)
class Place:
    """Where a key is written: the key (the last part of a dotted key, or a table header's name), its value, an array's items."""

    key: SourceRange
    value: SourceRange | None = None
    items: tuple[SourceRange, ...] = ()


def places(text: str) -> dict[tuple[str, ...], Place]:
    """Every key path of ``text`` (``("tool", "scenario", "timeout")``), where it is first written.

    A table that is only implied (``[tool.scenario]`` implies ``tool``) is at
    the part of the header or dotted key that names it. Text that is not TOML
    gives what could be read before the first surprise.
    """
    scanner = _Scanner(text)
    try:
        scanner.document()
    except (IndexError, ValueError):
        pass
    return scanner.found


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.lines = LineIndex(text)
        self.found: dict[tuple[str, ...], Place] = {}

    def range(self, start: int, end: int) -> SourceRange:
        return SourceRange(self.lines.position_of_offset(start), self.lines.position_of_offset(end))

    def note(self, path: tuple[str, ...], place: Place) -> None:
        self.found.setdefault(path, place)

    # -- statements ---------------------------------------------------------------------------
    def document(self) -> None:
        table: tuple[str, ...] = ()
        while True:
            self.skip_blank()
            if self.i >= len(self.text):
                return
            if self.text[self.i] == "[":
                table = self.header()
            else:
                self.key_value(table)

    def header(self) -> tuple[str, ...]:
        double = self.text.startswith("[[", self.i)
        self.i += 2 if double else 1
        self.skip_spaces()
        parts = self.dotted_key()
        self.skip_spaces()
        self.i += 2 if double else 1
        names = tuple(name for name, _, _ in parts)
        for depth in range(1, len(parts)):
            _, start, end = parts[depth - 1]
            self.note(names[:depth], Place(self.range(start, end)))
        self.note(names, Place(self.range(parts[0][1], parts[-1][2])))
        return names

    def key_value(self, table: tuple[str, ...]) -> None:
        parts = self.dotted_key()
        self.skip_spaces()
        if self.text[self.i] != "=":
            raise ValueError("expected '='")
        self.i += 1
        self.skip_spaces()
        path = table + tuple(name for name, _, _ in parts)
        for depth in range(1, len(parts)):
            _, start, end = parts[depth - 1]
            self.note(table + path[len(table) : len(table) + depth], Place(self.range(start, end)))
        start = self.i
        items = self.value(path)
        _, key_start, key_end = parts[-1]
        self.note(path, Place(self.range(key_start, key_end), self.range(start, self.i), items))

    # -- keys ---------------------------------------------------------------------------------
    def dotted_key(self) -> list[tuple[str, int, int]]:
        parts = [self.key_part()]
        self.skip_spaces()
        while self.text[self.i] == ".":
            self.i += 1
            self.skip_spaces()
            parts.append(self.key_part())
            self.skip_spaces()
        return parts

    def key_part(self) -> tuple[str, int, int]:
        start = self.i
        quote = self.text[self.i]
        if quote in "\"'":
            self.string()
            raw = self.text[start + 1 : self.i - 1]
            return (_unescaped(raw) if quote == '"' else raw), start, self.i
        while self.i < len(self.text) and (self.text[self.i].isalnum() or self.text[self.i] in "_-"):
            self.i += 1
        if self.i == start:
            raise ValueError("expected a key")
        return self.text[start : self.i], start, self.i

    # -- values -------------------------------------------------------------------------------
    def value(self, path: tuple[str, ...]) -> tuple[SourceRange, ...]:
        """Skip one value; an array's items' ranges (inline tables' keys are noted under ``path``)."""
        character = self.text[self.i]
        if character in "\"'":
            self.string()
            return ()
        if character == "[":
            return self.array(path)
        if character == "{":
            self.inline_table(path)
            return ()
        start = self.i
        while self.i < len(self.text) and self.text[self.i] not in ",]}\n\r#":
            self.i += 1
        while self.i > start and self.text[self.i - 1] in " \t":
            self.i -= 1
        return ()

    def array(self, path: tuple[str, ...]) -> tuple[SourceRange, ...]:
        self.i += 1
        items: list[SourceRange] = []
        while True:
            self.skip_blank()
            if self.text[self.i] == "]":
                self.i += 1
                return tuple(items)
            start = self.i
            self.value(path)
            items.append(self.range(start, self.i))
            self.skip_blank()
            if self.text[self.i] == ",":
                self.i += 1

    def inline_table(self, path: tuple[str, ...]) -> None:
        self.i += 1
        while True:
            self.skip_spaces()
            if self.text[self.i] == "}":
                self.i += 1
                return
            self.key_value(path)
            self.skip_spaces()
            if self.text[self.i] == ",":
                self.i += 1

    def string(self) -> None:
        quote = self.text[self.i]
        if self.text.startswith(quote * 3, self.i):
            self.i += 3
            end = self.i
            while True:
                end = self.text.index(quote * 3, end)
                if quote == "'" or not _escaped(self.text, end):
                    break
                end += 1
            self.i = end + 3
            while self.i < len(self.text) and self.text[self.i] == quote:  # up to two quotes may end the content
                self.i += 1
            return
        self.i += 1
        while self.text[self.i] != quote or (quote == '"' and _escaped(self.text, self.i)):
            self.i += 1
        self.i += 1

    # -- what lies between ----------------------------------------------------------------------
    def skip_spaces(self) -> None:
        while self.i < len(self.text) and self.text[self.i] in " \t":
            self.i += 1

    def skip_blank(self) -> None:
        """Spaces, line ends and comments."""
        while self.i < len(self.text):
            character = self.text[self.i]
            if character in " \t\r\n":
                self.i += 1
            elif character == "#":
                while self.i < len(self.text) and self.text[self.i] != "\n":
                    self.i += 1
            else:
                return


def _escaped(text: str, index: int) -> bool:
    """True when the character at ``index`` follows an odd number of backslashes."""
    count = 0
    while index - count - 1 >= 0 and text[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _unescaped(raw: str) -> str:
    """A basic string's content with its escapes read (as JSON reads them: TOML's are the same, plus \\U)."""
    import json

    try:
        value = json.loads(f'"{raw}"')
    except ValueError:
        return raw
    return value if isinstance(value, str) else raw
