"""Giving memory that was freed back to the operating system.

When a large document closes, CPython frees its objects at once, but the C
allocator keeps most of the pages for later: the process stays as large as
it was (about 500 MB after a 20,000-scenario file, measured in
docs/benchmarks.md). glibc's ``malloc_trim(0)`` returns the free pages at
the top and in the middle of its heaps. Elsewhere (macOS, Windows, musl)
this is a no-op.
"""
from __future__ import annotations

import ctypes
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
    """Give free heap memory back to the operating system; False where the C library cannot."""
    if _MALLOC_TRIM is None:
        return False
    _MALLOC_TRIM(0)
    return True
