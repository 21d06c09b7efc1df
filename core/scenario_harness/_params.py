"""A mission's params and an operation's arguments: read from the signature, validated by pydantic.

Params are declared with ordinary type hints and defaults; the first
parameter (the mission's context, the operation's state) is not one of them.
Validation is pydantic's, in strict JSON mode: the values come from YAML as
JSON, an integer param refuses the text ``"2"``, an enum takes its value, a
dataclass or model its fields. ``**kwargs`` accepts any further param.
"""
from __future__ import annotations

import inspect
import json
from dataclasses import dataclass
from typing import Any, Callable

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from scenario_core.python.wire import ParamInfo

__all__ = ["Params", "ParamsInvalid"]


class ParamsInvalid(Exception):
    """The params do not fit the signature; ``errors`` are pydantic's (type, loc, msg, input)."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(errors)} invalid param(s)")
        self.errors = errors


@dataclass(frozen=True)
class Params:
    """The params of one function: what they are, and how to validate a call's values."""

    info: list[ParamInfo]
    var_keyword: bool
    model: type[BaseModel]
    names: dict[str, str]  # the model's field names by param name

    @classmethod
    def of(cls, function: Callable[..., Any]) -> "Params":
        """The params after the first parameter of ``function``."""
        try:  # annotations written as text (``from __future__ import annotations``) are evaluated
            signature = inspect.signature(function, eval_str=True)
        except Exception:  # a name that only exists for type checkers: such a param takes any value
            signature = inspect.signature(function)
        parameters = list(signature.parameters.values())[1:]
        info: list[ParamInfo] = []
        fields: dict[str, Any] = {}
        names: dict[str, str] = {}
        var_keyword = False
        for index, p in enumerate(parameters):
            if p.kind is inspect.Parameter.VAR_KEYWORD:
                var_keyword = True
                continue
            if p.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.POSITIONAL_ONLY):
                continue  # a YAML call passes params by name only
            annotation = Any if p.annotation is inspect.Parameter.empty or isinstance(p.annotation, str) else p.annotation
            required = p.default is inspect.Parameter.empty
            # Fields get neutral names (a param may be called `json` or `copy`); the alias is the param's name.
            field_name = f"p{index}"
            names[p.name] = field_name
            fields[field_name] = (annotation, Field(... if required else p.default, alias=p.name))
            info.append(
                ParamInfo(
                    name=p.name,
                    annotation=_annotation_text(p.annotation),
                    default=None if required else repr(p.default),
                    required=required,
                )
            )
        config = ConfigDict(extra="allow" if var_keyword else "forbid", strict=True, arbitrary_types_allowed=True)
        model = create_model(f"{getattr(function, '__name__', 'function')}_params", __config__=config, **fields)
        return cls(info, var_keyword, model, names)

    def validate(self, values: dict[str, Any]) -> dict[str, Any]:
        """The keyword arguments for a call with ``values``; :class:`ParamsInvalid` when they do not fit."""
        try:
            validated = self.model.model_validate_json(json.dumps(values))
        except ValidationError as error:
            raise ParamsInvalid(
                [
                    {"type": e["type"], "loc": list(e["loc"]), "msg": e["msg"], "input": _jsonable(e.get("input"))}
                    for e in error.errors(include_url=False)
                ]
            ) from None
        kwargs = {name: getattr(validated, field) for name, field in self.names.items()}
        kwargs.update(validated.model_extra or {})
        return kwargs


def _annotation_text(annotation: Any) -> str:
    if annotation is inspect.Parameter.empty:
        return ""
    if isinstance(annotation, str):
        return annotation
    if isinstance(annotation, type):
        return annotation.__qualname__ if annotation.__module__ == "builtins" else f"{annotation.__module__}.{annotation.__qualname__}"
    return str(annotation).replace("typing.", "")


def _jsonable(value: Any) -> Any:
    try:
        json.dumps(value, allow_nan=False)
        return value
    except (TypeError, ValueError):
        return repr(value)
