"""Rename a mission, a scenario or an expectation id, in every file that writes it.

A mission defined in YAML is renamed at its definition and at every call and
expectation that refers to it, in every file of the workspace (a library's
mission is called from the files that import it). A scenario is renamed with
the expectations naming it; an expectation id on its own. Built-in and
Python missions are not renamed here.

A rename is refused, with a message the editor shows, when the new name is
not a valid name or is already taken where the old one is known: renaming
must never change which mission a call runs, or make two scenarios or
expectations one.
"""
from __future__ import annotations

import json
import unicodedata

from lsprotocol import types

from scenario_core.yaml.writing import flow_yaml

from ..documents.checks import CheckedDocument
from ..documents.names import NameUse, WrittenName
from ..documents.workspace_names import NamedFile, Symbol, WorkspaceNames

__all__ = ["RenameRefused", "prepare_rename", "rename"]


class RenameRefused(Exception):
    """A rename that cannot be done; the message says why, as the editor shows it."""


def prepare_rename(names: WorkspaceNames, checked: CheckedDocument, position: types.Position) -> types.PrepareRenamePlaceholder:
    """The name at ``position`` and its range, when it can be renamed; else :class:`RenameRefused`."""
    symbol, use = _renamable(names, checked, position)
    return types.PrepareRenamePlaceholder(range=checked.converter.to_lsp_range(use.range), placeholder=symbol.name)


def rename(
    names: WorkspaceNames, checked: CheckedDocument, position: types.Position, new_name: str, versioned: bool
) -> types.WorkspaceEdit:
    """The edit that renames the name at ``position`` to ``new_name`` everywhere; else :class:`RenameRefused`.

    With ``versioned`` (the client takes ``documentChanges``), each open
    document's edit names the version it was computed for.
    """
    symbol, _ = _renamable(names, checked, position)
    problem = _name_problem(new_name)
    if problem is not None:
        raise RenameRefused(f"'{new_name}' is not a valid {_NOUN[symbol.kind]} name: {problem}")
    if new_name == symbol.name:
        return types.WorkspaceEdit(changes={})
    _refuse_clash(names, symbol, new_name)
    edits: dict[str, tuple[NamedFile, list[types.TextEdit]]] = {}
    for document, use in names.uses(symbol):
        edit = types.TextEdit(range=use.range, new_text=_written(use, symbol.name, new_name))
        edits.setdefault(document.uri, (document, []))[1].append(edit)
    if not versioned:
        return types.WorkspaceEdit(changes={uri: list(file_edits) for uri, (_, file_edits) in edits.items()})
    return types.WorkspaceEdit(
        document_changes=[
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=document.version),
                edits=list(file_edits),
            )
            for uri, (document, file_edits) in edits.items()
        ]
    )


_NOUN = {"mission": "mission", "scenario": "scenario", "expectation": "expectation"}


def _renamable(names: WorkspaceNames, checked: CheckedDocument, position: types.Position) -> tuple[Symbol, NameUse]:
    found = names.symbol_at(checked, position)
    if found is None:
        raise RenameRefused("only a mission, scenario or expectation name can be renamed; there is none here")
    symbol, use = found
    if symbol.origin == "builtin":
        raise RenameRefused(f"'{symbol.name}' is a built-in mission; it cannot be renamed")
    if symbol.origin == "python":
        raise RenameRefused(f"'{symbol.name}' is a Python mission of the project; rename it in its Python source")
    if symbol.origin == "unknown":
        raise RenameRefused(f"'{symbol.name}' names no mission, so there is nothing to rename; fix the call instead")
    return symbol, use


def _name_problem(name: str) -> str | None:
    if not name.strip():
        return "it is empty"
    if name != name.strip():
        return "it starts or ends with a space"
    if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in name):
        return "it must be one line of text, without control characters"
    return None


def _refuse_clash(names: WorkspaceNames, symbol: Symbol, new_name: str) -> None:
    if symbol.kind != "mission":
        home = names.documents.get(symbol.home or "")
        if home is not None and home.written(symbol.kind, new_name):
            what = "a scenario of this file" if symbol.kind == "scenario" else "the id of another expectation in this file"
            raise RenameRefused(f"'{new_name}' is already {what}")
        return
    for document in names.seeing(symbol):
        taken = names.resolve(document, "mission", new_name)
        if taken.origin == "unknown":
            continue
        if taken.origin in ("builtin", "python"):
            what = "a built-in mission" if taken.origin == "builtin" else "a Python mission of the project"
            raise RenameRefused(
                f"'{new_name}' is {what}; renaming '{symbol.name}' to it would hide that one wherever '{symbol.name}' can be called"
            )
        where = document.path.name if document.path is not None else document.uri
        what = "its own mission" if taken.home == document.uri else f"the mission of {_file_name(taken.home)}"
        raise RenameRefused(
            f"'{new_name}' is already a mission in {where} ({what}); renaming '{symbol.name}' to it would change which mission runs there"
        )


def _file_name(uri: str | None) -> str:
    return (uri or "").rsplit("/", 1)[-1]


def _written(use: WrittenName, old_name: str, new_name: str) -> str:
    """``new_name`` as YAML in the style the old name was written in (plain, '...' or "...")."""
    if use.opening == '"':
        return json.dumps(new_name, ensure_ascii=False)
    if use.opening == "'":
        return "'" + new_name.replace("'", "''") + "'"
    if use.opening in ("|", ">"):
        raise RenameRefused(f"'{old_name}' is written as a block scalar at line {use.range.start.line + 1}; write it on one line first")
    return flow_yaml(new_name)
