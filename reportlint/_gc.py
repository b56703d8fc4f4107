"""Collector policy: when the cyclic garbage collector may run."""
from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any, TypeVar

_T = TypeVar("_T")


def without_gc(function: Callable[..., _T], *args: Any) -> _T:
    """``function(*args)`` with the cyclic garbage collector paused.

    Parsing and checking allocate many objects and almost no garbage cycles, so the
    collector's repeated passes over a growing heap are pure cost: 40 % of the time on
    a 2.5 MB report, and more than linear in its size. It runs again right after.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return function(*args)
    finally:
        if enabled:
            gc.enable()
