"""Position conversion, in process: the core's code points to and from the encoding the client negotiated."""
from __future__ import annotations

import pytest
from checked_documents import ENCODINGS
from lsprotocol import types

from scenario_core.source.positions import Encoding, LineIndex, Position, SourceRange
from scenario_lsp.protocol.convert import PositionConverter, encoding_name, range_json

# "x" is at code point 11: after 😀 (2 UTF-16 units, 4 UTF-8 bytes) and 漢 (1 UTF-16 unit, 3 UTF-8 bytes).
LINE = 'name: "😀漢" x\nab\n'
X_COLUMN = {"utf-8": 16, "utf-16": 12, "utf-32": 11}
LINE_END = {"utf-8": 17, "utf-16": 13, "utf-32": 12}


def converter(encoding: Encoding) -> PositionConverter:
    return PositionConverter(LineIndex(LINE), encoding)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_core_column_after_wide_characters_is_counted_in_the_negotiated_encoding(encoding: Encoding):
    assert converter(encoding).to_lsp_position(Position(0, 11)) == types.Position(line=0, character=X_COLUMN[encoding])


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_client_position_after_wide_characters_is_a_code_point_column(encoding: Encoding):
    assert converter(encoding).to_core_position(types.Position(line=0, character=X_COLUMN[encoding])) == Position(0, 11)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_ranges_convert_both_ways(encoding: Encoding):
    core = SourceRange.of(0, 6, 0, 10)  # the quoted "😀漢"
    lsp = converter(encoding).to_lsp_range(core)
    assert (lsp.start.character, lsp.end.character) == (6, X_COLUMN[encoding] - 1)
    assert converter(encoding).to_core_range(lsp) == core


def test_a_utf16_position_inside_a_surrogate_pair_is_the_emoji_itself():
    assert converter("utf-16").to_core_position(types.Position(line=0, character=8)) == Position(0, 7)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_position_past_the_end_of_a_line_is_the_end_of_the_line(encoding: Encoding):
    # The LSP specification: a character past the line length defaults back to the line length.
    assert converter(encoding).to_core_position(types.Position(line=0, character=100)) == Position(0, 12)
    assert converter(encoding).to_lsp_position(Position(0, 12)) == types.Position(line=0, character=LINE_END[encoding])


def test_range_json_is_the_lsp_range_as_plain_json():
    assert range_json(converter("utf-8"), SourceRange.of(0, 11, 1, 2)) == {
        "start": {"line": 0, "character": 16},
        "end": {"line": 1, "character": 2},
    }


def test_the_negotiated_encoding_is_named_as_the_core_names_it():
    assert encoding_name(types.PositionEncodingKind.Utf8) == "utf-8"
    assert encoding_name(types.PositionEncodingKind.Utf32) == "utf-32"
    assert encoding_name("utf-16") == "utf-16"


def test_an_unknown_or_missing_encoding_is_utf16_the_protocol_default():
    assert encoding_name(None) == "utf-16"
    assert encoding_name("latin-1") == "utf-16"
