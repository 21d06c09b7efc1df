"""Read-only JSON containers for results.

The seed wrapped result metadata in ``MappingProxyType``, yet its own tests
check ``isinstance(result.metadata, dict)`` and ``json.dumps`` the raw
metadata; a proxy passes neither. :class:`FrozenDict` is a ``dict`` subclass
whose mutators raise ``TypeError``: ``isinstance(x, dict)`` holds and
``json.dumps`` works, while nobody can change a result after the fact.
:func:`freeze` applies it deeply (lists become tuples, which serialise to the
same JSON).

A ``FrozenDict`` or ``FrozenList`` that :func:`freeze` returns is deep, so
freezing it again costs nothing; results share frozen values instead of
copying them.
"""
from __future__ import annotations

from typing import Any, NoReturn

__all__ = ["FrozenDict", "FrozenList", "freeze"]


class FrozenDict(dict[str, Any]):
    """A ``dict`` that cannot be changed after construction."""

    __slots__ = ()

    def _readonly(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError(f"{type(self).__name__} is read-only")

    __setitem__ = __delitem__ = _readonly
    clear = pop = popitem = setdefault = update = _readonly
    __ior__ = _readonly

    def __reduce__(self) -> tuple[type["FrozenDict"], tuple[dict[str, Any]]]:  # copy/deepcopy/pickle rebuild through __init__
        return (type(self), (dict(self),))

    def __repr__(self) -> str:
        return f"FrozenDict({dict.__repr__(self)})"

    @staticmethod
    def thaw(value: Any) -> Any:
        """A plain, mutable deep copy (dicts and lists) of a frozen value."""
        if isinstance(value, dict):
            return {k: FrozenDict.thaw(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [FrozenDict.thaw(v) for v in value]
        return value


class FrozenList(tuple[Any, ...]):
    """A tuple made by :func:`freeze` from a list: deep, so never copied again."""

    __slots__ = ()


_ATOMS = (str, int, float, bool, type(None))


def freeze(value: Any) -> Any:
    """A deep read-only copy: dicts become FrozenDict, lists FrozenList (a tuple).

    FrozenDict and FrozenList values are returned as they are: build nested
    frozen values through ``freeze`` so that they are deep.
    """
    kind = type(value)
    if kind is FrozenDict or kind is FrozenList or kind in _ATOMS:
        return value
    if isinstance(value, dict):
        return FrozenDict({k: freeze(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return FrozenList([freeze(v) for v in value])
    return value
