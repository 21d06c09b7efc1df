"""Giving memory that was freed back to the operating system.

When a large document closes, CPython frees its objects at once, but not
all of the memory goes back to the operating system: CPython keeps objects
on free lists, and glibc keeps the free pages of its heaps for later
(measured in docs/benchmarks.md, "Memory"). A full collection empties the
free lists; glibc's ``malloc_trim(0)`` returns free pages at the top and in
the middle of its heaps. Elsewhere (macOS, Windows, musl) the trim is a
no-op.
"""
from __future__ import annotations

import ctypes
import gc
from typing import Any

__all__ = ["release_free_memory"]


def _malloc_trim() -> Any:
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on
    except (AttributeError, OSError, TypeError):  # not glibc, or no C library to load by name
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


_MALLOC_TRIM = _malloc_trim()


def release_free_memory() -> bool:
    """Give free memory back to the operating system; False where the C library cannot.

    A full collection first: it also empties CPython's free lists of
    objects, which otherwise keep whole megabytes of its allocator in use.
    It is cheap after a check, whose objects are frozen (never scanned).
    """
    gc.collect()
    if _MALLOC_TRIM is None:
        return False
    _MALLOC_TRIM(0)
    return True
