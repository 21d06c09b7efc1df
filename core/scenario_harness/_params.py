"""A mission's params and an operation's arguments: read from the signature, validated by pydantic, said in our words.

Params are declared with ordinary type hints and defaults; the first
parameter (the mission's context, the operation's state) is not one of them.
Validation is pydantic's, in strict JSON mode: the values come from YAML as
JSON, an integer param refuses the text ``"2"``, an enum takes its value, a
dataclass, a TypedDict or a model its fields. ``**kwargs`` accepts any
further param.

This module is the only one that knows pydantic: what it finds wrong comes
out as :class:`~scenario_core.python.wire.ParamProblem` (where, what kind,
a message in our words), and a hint it cannot check at all as an
:class:`~scenario_core.python.wire.HintProblem` naming the hint and what to
write instead, so that one such function never keeps the others from
working.
"""
from __future__ import annotations

import collections.abc
import dataclasses
import enum
import inspect
import json
import sys
import types
import typing
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import typing_extensions
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from scenario_core.python.wire import HintProblem, ParamInfo, ParamProblem
from scenario_core.source.findings import show_value

__all__ = ["Params", "ParamsInvalid", "ParamsUnchecked", "invalid_text", "problem_text"]


class ParamsInvalid(Exception):
    """The values do not fit the signature; ``problems`` say where and why, in our words."""

    def __init__(self, problems: list[ParamProblem]) -> None:
        super().__init__(f"{len(problems)} invalid param(s)")
        self.problems = problems


class ParamsUnchecked(Exception):
    """The function has a param whose type hint cannot be checked: it is not called."""

    def __init__(self, problems: Sequence[HintProblem]) -> None:
        super().__init__("; ".join(f"param '{p['param']}' {p['message']}" for p in problems))
        self.problems = list(problems)


_CONFIG = ConfigDict(extra="forbid", strict=True)


@dataclass(frozen=True)
class Params:
    """The params of one function: what they are, and how to validate a call's values.

    ``unsupported`` lists the params whose hint cannot be checked; such a
    function is never called (:meth:`validate` raises :class:`ParamsUnchecked`).
    """

    info: list[ParamInfo]
    var_keyword: bool
    model: type[BaseModel]
    names: dict[str, str]  # the model's field names by param name
    hints: dict[str, Any]  # the hints as checked, by param name (to name the keys a mapping takes)
    unsupported: list[HintProblem]

    @classmethod
    def of(cls, function: Callable[..., Any]) -> "Params":
        """The params after the first parameter of ``function``; never raises."""
        try:  # annotations written as text (``from __future__ import annotations``) are evaluated
            signature = inspect.signature(function, eval_str=True)
        except Exception:  # a name that only exists for type checkers: such a param takes any value
            signature = inspect.signature(function)
        parameters = list(signature.parameters.values())[1:]
        info: list[ParamInfo] = []
        fields: dict[str, Any] = {}
        names: dict[str, str] = {}
        hints: dict[str, Any] = {}
        var_keyword = False
        for index, p in enumerate(parameters):
            if p.kind is inspect.Parameter.VAR_KEYWORD:
                var_keyword = True
                continue
            if p.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.POSITIONAL_ONLY):
                continue  # a YAML call passes params by name only
            hint = Any if p.annotation is inspect.Parameter.empty or isinstance(p.annotation, str) else checkable(p.annotation)
            required = p.default is inspect.Parameter.empty
            # Fields get neutral names (a param may be called `json` or `copy`); the alias is the param's name.
            field_name = f"p{index}"
            names[p.name] = field_name
            hints[p.name] = hint
            fields[field_name] = (hint, Field(... if required else p.default, alias=p.name))
            info.append(ParamInfo(name=p.name, annotation=annotation_text(p.annotation), default=None if required else repr(p.default), required=required))
        config = ConfigDict(extra="allow" if var_keyword else "forbid", strict=True)
        name = f"{getattr(function, '__name__', 'function')}_params"
        try:
            model = create_model(name, __config__=config, **fields)
            unsupported: list[HintProblem] = []
        except Exception:  # which hints? each is tried alone, and those that fail are left out
            unsupported = [
                HintProblem(param=param, hint=annotation_text(_written(parameters, param)), message=_why_unchecked(hints[param]))
                for param, field_name in names.items()
                if not _checks(fields[field_name][0])
            ]
            for problem in unsupported:
                fields[names[problem["param"]]] = (Any, fields[names[problem["param"]]][1])
            if not unsupported:  # the whole fails though each part alone is fine: name every hint
                unsupported = [HintProblem(param=p, hint=annotation_text(_written(parameters, p)), message=_why_unchecked(None)) for p in names]
                fields = {n: (Any, f[1]) for n, f in fields.items()}
            model = create_model(name, __config__=config, **fields)
        return cls(info, var_keyword, model, names, hints, unsupported)

    def validate(self, values: dict[str, Any]) -> dict[str, Any]:
        """The keyword arguments for a call with ``values``; :class:`ParamsInvalid` when they do not fit."""
        if self.unsupported:
            raise ParamsUnchecked(self.unsupported)
        try:
            validated = self.model.model_validate_json(json.dumps(values))
        except ValidationError as error:
            raise ParamsInvalid([self._problem(e) for e in error.errors(include_url=False)]) from None
        kwargs = {name: getattr(validated, field) for name, field in self.names.items()}
        kwargs.update(validated.model_extra or {})
        return kwargs

    def _problem(self, error: Mapping[str, Any]) -> ParamProblem:
        """A pydantic error as a finding says it: where (the path of param names, keys and indexes), what kind, why."""
        path = [part if isinstance(part, int) else str(part) for part in error["loc"]]
        kind = error["type"]
        if kind in ("extra_forbidden", "unexpected_keyword_argument"):
            known = list(self.names) if len(path) == 1 else _keys_of(self._hint_at(path[:-1]))
            return ParamProblem(path=path, kind="unknown", message=f"'{path[-1]}' is not one of them", known=known)
        if kind in ("missing", "missing_argument", "missing_keyword_only_argument"):
            return ParamProblem(path=path, kind="missing", message=f"'{path[-1]}' is missing", known=[])
        return ParamProblem(path=path, kind="invalid", message=invalid_text(error), known=[])

    def _hint_at(self, path: Sequence[str | int]) -> Any:
        """The hint of the value at ``path`` (a param, then keys and indexes into it), as far as it can be told."""
        hint = self.hints.get(str(path[0])) if path else None
        for part in path[1:]:
            hint = _inner(hint, part)
        return hint


# -- what pydantic cannot check ------------------------------------------------------------------


def _checks(hint: Any) -> bool:
    try:
        create_model("probe", __config__=_CONFIG, value=(hint, ...))
    except Exception:
        return False
    return True


def _why_unchecked(hint: Any) -> str:
    """Why a hint cannot be checked against a YAML value, and what to write instead."""
    shown = annotation_text(hint) if hint is not None else "its hint"
    if isinstance(hint, type) and _is_plain_class(hint):
        return (
            f"is typed {shown}, a plain class: a YAML value cannot be checked against it; "
            f"make {hint.__name__} a dataclass, a TypedDict or a pydantic model (or type the param dict)"
        )
    return (
        f"is typed {shown}, which a YAML value cannot be checked against; use JSON types (str, int, float, bool, None, "
        "list, dict), Literal, an Enum, a dataclass, a TypedDict or a pydantic model"
    )


def _is_plain_class(hint: type) -> bool:
    return not (
        dataclasses.is_dataclass(hint) or typing_extensions.is_typeddict(hint) or issubclass(hint, (BaseModel, enum.Enum))
    ) and hint.__module__ != "builtins"


def _written(parameters: Sequence[inspect.Parameter], name: str) -> Any:
    return next(p.annotation for p in parameters if p.name == name)


# -- typing.TypedDict, which pydantic takes only from typing_extensions before Python 3.12 ---------------


def checkable(hint: Any) -> Any:
    """``hint`` as pydantic can check it: every ``typing.TypedDict`` in it rebuilt with ``typing_extensions`` (Python < 3.12).

    Anything else, and any hint that cannot be rebuilt, is given back as it is.
    """
    if sys.version_info >= (3, 12):
        return hint
    try:
        return _rebuilt(hint, {})
    except Exception:
        return hint


# The functional forms, typed loosely: the names of what they make are only known at run time.
_TYPING_MAKE: Any = typing.TypedDict
_EXTENSIONS_MAKE: Any = typing_extensions.TypedDict
#: The metaclass of typing.TypedDict classes (typing_extensions' have their own).
_TYPING_TYPEDDICT = type(_TYPING_MAKE("_Probe", {}))


def _rebuilt(hint: Any, done: dict[int, Any]) -> Any:
    if id(hint) in done:
        return done[id(hint)]
    if isinstance(hint, type) and type(hint) is _TYPING_TYPEDDICT:
        required: frozenset[str] = getattr(hint, "__required_keys__", frozenset())
        fields = {}
        for key, value in typing.get_type_hints(hint, include_extras=True).items():
            value = _rebuilt(_unwrap_required(value), done)
            fields[key] = typing_extensions.Required[value] if key in required else typing_extensions.NotRequired[value]
        rebuilt = _EXTENSIONS_MAKE(hint.__name__, fields)
        rebuilt.__module__, rebuilt.__qualname__, rebuilt.__doc__ = hint.__module__, hint.__qualname__, hint.__doc__
        done[id(hint)] = rebuilt
        return rebuilt
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is None or not args or origin is typing.Literal:
        return hint
    converted = tuple(_rebuilt(a, done) if a is not Ellipsis else a for a in args)
    if converted == args:
        return hint
    if origin is typing.Annotated:
        return typing.Annotated[(converted[0], *args[1:])]
    if origin in (typing.Union, types.UnionType):
        return typing.Union[converted]
    return origin[converted if len(converted) > 1 else converted[0]]


def _unwrap_required(value: Any) -> Any:
    origin = typing.get_origin(value)
    if origin in (typing.Required, typing.NotRequired, typing_extensions.Required, typing_extensions.NotRequired):
        return typing.get_args(value)[0]
    return value


# -- the keys a mapping takes, to say which key is unknown ------------------------------------------------


def _keys_of(hint: Any) -> list[str]:
    """The keys a value of ``hint`` takes (a TypedDict's, a dataclass's fields, a model's fields), else none."""
    if hint is None:
        return []
    if typing_extensions.is_typeddict(hint):
        return list(typing.get_type_hints(hint))
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return [f.name for f in dataclasses.fields(hint)]
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return [f.alias or name for name, f in hint.model_fields.items()]
    return []


def _inner(hint: Any, part: str | int) -> Any:
    """The hint of ``part`` (a key or an index) of a value of ``hint``."""
    if hint is None:
        return None
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Annotated:
        return _inner(args[0], part)
    if origin in (typing.Union, types.UnionType):
        found = [h for h in (_inner(a, part) for a in args if a is not type(None)) if h is not None]
        return found[0] if len(found) == 1 else None
    if isinstance(part, int) or (isinstance(part, str) and part.isdigit()):
        if origin in (list, tuple, set, frozenset, collections.abc.Sequence) and args:
            return args[0]
        return None
    if origin in (dict, collections.abc.Mapping) and len(args) == 2:
        return args[1]
    if typing_extensions.is_typeddict(hint):
        return typing.get_type_hints(hint).get(part)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return next((f.type for f in dataclasses.fields(hint) if f.name == part), None)
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        field = hint.model_fields.get(part)
        return field.annotation if field is not None else None
    return None


# -- words ----------------------------------------------------------------------------------------------

_EXPECTED = {
    "int_type": "an integer", "int_parsing": "an integer", "int_from_float": "an integer",
    "float_type": "a number", "float_parsing": "a number", "finite_number": "a finite number",
    "string_type": "text", "bool_type": "true or false", "bool_parsing": "true or false",
    "list_type": "a list", "tuple_type": "a list", "set_type": "a list", "frozen_set_type": "a list",
    "dict_type": "a mapping", "model_type": "a mapping", "model_attributes_type": "a mapping",
    "dataclass_type": "a mapping", "none_required": "null",
}


def problem_text(problem: ParamProblem, noun: str = "param") -> str:
    """A problem as one line of a step's error: ``qty: expected an integer, got "two"``, ``unknown argument 'skus'``."""
    path = [str(part) for part in problem["path"]]
    if problem["kind"] == "unknown":
        return f"unknown {noun} '{path[-1]}'" if len(path) == 1 else f"{'.'.join(path[:-1])}: unknown key '{path[-1]}'"
    if problem["kind"] == "missing":
        return f"{noun} '{path[-1]}' is missing" if len(path) == 1 else f"{'.'.join(path[:-1])}: '{path[-1]}' is missing"
    return f"{'.'.join(path) or noun}: {problem['message']}"


def invalid_text(error: Mapping[str, Any]) -> str:
    """Why a value does not fit, as a finding says it: ``expected an integer, got "two"``."""
    expected = _EXPECTED.get(error["type"])
    message = str(error["msg"])
    if expected is not None:
        return f"expected {expected}, got {show_value(_jsonable(error.get('input')))}"
    if message.startswith("Input should be "):
        return f"expected {message[len('Input should be '):]}, got {show_value(_jsonable(error.get('input')))}"
    return message[:1].lower() + message[1:]


def annotation_text(annotation: Any) -> str:
    """A hint as written: ``int``, ``shop.domain.Room``, ``list[Line]``; ``""`` for none."""
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
