"""Write ``core/scenario_harness/dap/protocol.py``: the Debug Adapter Protocol's messages as TypedDicts.

The types come from the protocol's JSON schema, ``debugProtocol.json``, as
debugpy ships it (``debugpy/_vendored/pydevd/_pydevd_bundle/_debug_adapter/``):
the schema is read here, at development time, and the adapter never reads
it. ``tests/dap/test_protocol_types.py`` runs this script again and fails
when the committed module differs from what it writes.

Each definition becomes one TypedDict with every member of its ``allOf``
chain written out (a TypedDict may not narrow a member it inherits, and
``StoppedEvent.event`` is ``Literal["stopped"]`` where ``Event.event`` is
``str``). An object written inline (a response's ``body``) becomes a
TypedDict named after its place: ``StoppedEventBody``. Members the schema
does not require are ``NotRequired``; an ``enum`` is a ``Literal``, an
``_enum`` (suggested values, others allowed) stays ``str``.

usage: python scripts/generate_dap_types.py [--check]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import keyword
import sys
import textwrap
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "core" / "scenario_harness" / "dap" / "protocol.py"
SCHEMA_IN_DEBUGPY = ("_vendored", "pydevd", "_pydevd_bundle", "_debug_adapter", "debugProtocol.json")


def schema_path() -> Path:
    """The schema inside the installed debugpy (``pip install -e '.[test]'`` installs it)."""
    import debugpy

    return Path(debugpy.__file__).resolve().parent.joinpath(*SCHEMA_IN_DEBUGPY)


class Generator:
    def __init__(self, definitions: dict[str, Any]) -> None:
        self.definitions = definitions
        self.written: list[str] = []  # class texts, in the order written
        self.names: set[str] = set()

    def run(self) -> None:
        for name, definition in self.definitions.items():
            self.definition(name, definition)

    def definition(self, name: str, definition: dict[str, Any]) -> None:
        if "enum" in definition:
            self.alias(name, definition, ", ".join(json.dumps(v) for v in definition["enum"]), literal=True)
        elif definition.get("type") == "string":
            self.alias(name, definition, "str")
        else:
            properties, required, description = self.merged(definition)
            self.typed_dict(name, properties, required, description)

    def merged(self, definition: dict[str, Any]) -> tuple[dict[str, Any], set[str], str]:
        """The properties of ``definition`` with those of every ``allOf`` part (later parts win)."""
        if "allOf" not in definition:
            return dict(definition.get("properties", {})), set(definition.get("required", [])), definition.get("description", "")
        properties: dict[str, Any] = {}
        required: set[str] = set()
        description = ""
        for part in definition["allOf"]:
            if "$ref" in part:
                part = self.definitions[_ref_name(part["$ref"])]
            more, needed, text = self.merged(part)
            properties.update(more)
            required |= needed
            description = text or description
        return properties, required, description

    def alias(self, name: str, definition: dict[str, Any], value: str, literal: bool = False) -> None:
        text = f"{name} = Literal[{value}]" if literal else f"{name} = {value}"
        self.emit(name, f'{text}\n"""{_docstring(definition.get("description", ""), 0)}"""\n')

    def typed_dict(self, name: str, properties: dict[str, Any], required: set[str], description: str) -> None:
        members = [(key, self.member_type(name, key, value), key in required) for key, value in properties.items()]
        if any(not _usable_name(key) for key, _, _ in members):  # __restart: mangled in a class body
            fields = ", ".join(f"{json.dumps(key)}: {_required(kind, needed)}" for key, kind, needed in members)
            self.emit(name, f'{name} = TypedDict({json.dumps(name)}, {{{fields}}})\n"""{_docstring(description, 0)}"""\n')
            return
        lines = [f"class {name}(TypedDict):", f'    """{_docstring(description, 4)}"""', ""]
        lines += [f"    {key}: {_required(kind, needed)}" for key, kind, needed in members]
        if not members:
            lines = lines[:2]
        self.emit(name, "\n".join(lines) + "\n")

    def member_type(self, owner: str, key: str, schema: dict[str, Any]) -> str:
        """The annotation of a member; other generated types are named in quotes (they may come later in the module)."""
        if "$ref" in schema:
            return json.dumps(_ref_name(schema["$ref"]))
        if "enum" in schema:
            return "Literal[" + ", ".join(json.dumps(v) for v in schema["enum"]) + "]"
        kind = schema.get("type")
        if isinstance(kind, list):
            parts = [self.member_type(owner, key, {**schema, "type": each}) for each in kind]
            if any(part.startswith('"') for part in parts):
                raise ValueError(f"{owner}.{key}: a union with a generated type would need quoting whole")
            return " | ".join(parts)
        if kind == "array":
            item = schema.get("items", {})
            return f"list[{self.member_type(owner, key + 'Item', item) if item else 'Any'}]"
        if kind == "object":
            if "properties" in schema:
                nested = owner + key[:1].upper() + key[1:]
                described = schema.get("description") or f"``{key}`` of :class:`{owner}`."
                self.typed_dict(nested, schema["properties"], set(schema.get("required", [])), described)
                return json.dumps(nested)
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict):
                return f"dict[str, {self.member_type(owner, key, extra)}]"
            return "dict[str, Any]"
        return {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "None"}.get(kind or "", "Any")

    def emit(self, name: str, text: str) -> None:
        if name in self.names:
            raise ValueError(f"two types would be named {name}")
        self.names.add(name)
        self.written.append(text)


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _usable_name(key: str) -> bool:
    return key.isidentifier() and not keyword.iskeyword(key) and not key.startswith("__")


def _required(kind: str, needed: bool) -> str:
    return kind if needed else f"NotRequired[{kind}]"


def _docstring(description: str, indent: int) -> str:
    """The first paragraph of a schema description, wrapped, with no text that would end the docstring."""
    first = (description.strip().split("\n\n", 1)[0] or "(no description in the schema)").replace('"""', "'''").replace("\\", "\\\\")
    wrapped = textwrap.wrap(" ".join(first.split()), width=110 - indent)
    return ("\n" + " " * indent).join(wrapped)


def generate(schema: Path) -> str:
    data = schema.read_bytes()
    generator = Generator(json.loads(data)["definitions"])
    generator.run()
    header = f'''"""The Debug Adapter Protocol's messages and types, as TypedDicts. Generated: do not edit.

Written by ``scripts/generate_dap_types.py`` from the protocol's JSON schema
as debugpy ships it (``debugProtocol.json``, sha256 {hashlib.sha256(data).hexdigest()[:16]}).
Members that the schema does not require are ``NotRequired`` (annotations
are evaluated, not postponed, so that ``__required_keys__`` is right at run
time too). Messages are plain dicts on the wire: these types tell mypy what
a member holds.
"""
from typing import Any, Literal, NotRequired, TypedDict

'''
    names = sorted(generator.names)
    exports = "__all__ = [\n" + "".join(f'    "{name}",\n' for name in names) + "]\n\n\n"
    return header + exports + "\n\n".join(generator.written)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only say whether the committed module is up to date")
    args = parser.parse_args(argv)
    text = generate(schema_path())
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET.relative_to(ROOT)} is out of date: run python scripts/generate_dap_types.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)} ({len(text.splitlines())} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
