"""Collector policy: when the cyclic garbage collector may run."""
from __future__ import annotations

import atexit
import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

_T = TypeVar("_T")
_P = ParamSpec("_P")


def without_gc(function: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
    """``function(*args, **kwargs)`` with the cyclic garbage collector paused.

    Parsing and checking allocate many objects and almost no garbage cycles, so the
    collector's repeated passes over a growing heap are pure cost: 40 % of the time on
    a 2.5 MB report, and more than linear in its size. It runs again right after.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return function(*args, **kwargs)
    finally:
        if enabled:
            gc.enable()


def collector_paused(command: Callable[_P, _T]) -> Callable[_P, _T]:
    """``command`` (a whole CLI command) runs with the cyclic garbage collector paused.

    Starting a run imports some 300 modules and builds the rules: tens of thousands of
    long-lived objects and almost no garbage cycles, over which the collector's automatic
    passes are pure cost (about 6 M of the 795 M instructions of ``reportlint check
    --no-cache`` on one report). The batch keeps its own policy inside (one young pass after
    each file); the collector runs again as before when the command returns.
    """

    @functools.wraps(command)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        return without_gc(command, *args, **kwargs)

    return paused


def no_collection_at_exit() -> None:
    """Spare the interpreter's exit its collector passes over what is still alive then.

    At exit CPython collects every generation and tears down the modules, whose functions,
    classes and compiled patterns are one web of reference cycles: 34 M of the 864 M
    instructions of ``reportlint check --no-cache`` on one report, to free memory that the
    operating system takes back anyway. ``gc.freeze`` at exit leaves those objects to it.
    Everything else about exit stays: ``atexit`` handlers and weakref finalizers (temporary
    directories) run and the standard streams are flushed; only ``__del__`` of objects still
    in cycles at exit is skipped, which Python never promises to run. Calling this again
    (one call per run) replaces the registration instead of adding one.
    """
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
