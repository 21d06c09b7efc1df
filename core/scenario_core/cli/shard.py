"""``scenario run --shard K/N``: one of N slices of the files, for N machines of a CI matrix.

The rule: the files are put in the order of the SHA-256 of their path as
``scenario run`` prints it (with ``/`` between folders), and that order is
cut into N contiguous slices whose sizes differ by at most one; shard K
(1 ≤ K ≤ N) runs slice K, in the usual sorted order. So every file is in
exactly one shard, shards are as even as they can be, and a shard depends
on nothing but the paths: not on the machine, the clock or the file
contents. Adding or removing a file moves at most one other file across
each boundary between slices; the rest stay where they were. Run every
shard with the same ``PATH`` arguments from the same folder, since the
paths are what is hashed.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath
from typing import Sequence, TypeVar

__all__ = ["Shard"]

_P = TypeVar("_P", bound=PurePath)


@dataclass(frozen=True)
class Shard:
    """Slice ``index`` (1-based) of ``count``."""

    index: int
    count: int

    def __post_init__(self) -> None:
        if not 1 <= self.index <= self.count:
            raise ValueError(f"shard {self.index}/{self.count}: K must be from 1 to N")

    @classmethod
    def parse(cls, text: str) -> Shard:
        """``"K/N"`` as a shard; ``ValueError`` with a message a person reads otherwise."""
        index, slash, count = text.partition("/")
        if not (slash and index.isdigit() and count.isdigit()):
            raise ValueError(f"expected K/N such as 1/4, not {text!r}")
        return cls(int(index), int(count))

    def select(self, files: Sequence[_P]) -> tuple[_P, ...]:
        """The files of this shard, in their given order."""
        ranked = sorted(range(len(files)), key=lambda i: (_key(files[i]), i))
        start = (self.index - 1) * len(files) // self.count
        end = self.index * len(files) // self.count
        mine = set(ranked[start:end])
        return tuple(f for i, f in enumerate(files) if i in mine)


def _key(path: PurePath) -> str:
    return hashlib.sha256(path.as_posix().encode("utf-8", "surrogateescape")).hexdigest()
