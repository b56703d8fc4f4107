"""Linting many files on every core, with results identical to one process.

Files are handed to worker processes in chunks, in order; each worker builds the same
engine from the same settings, and outcomes come back in the files' order, so the
runner's output is byte-for-byte the output of ``--jobs 1``. Small batches stay in one
process: starting workers costs more than linting a few files.
"""
from __future__ import annotations

import gc
import os
from collections.abc import Callable, Sequence
from typing import Any

# Below this many files per worker, starting the workers costs more than it saves.
MIN_FILES_PER_WORKER = 16
_MAX_CHUNK = 16  # small enough that no worker is left with a long last chunk while the other idles

_worker: dict[str, Any] = {}


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def workers_for(files: int, jobs: int | None) -> int:
    """How many processes to use for ``files`` files (1 means: stay in this process)."""
    jobs = default_jobs() if not jobs or jobs < 1 else jobs
    return max(1, min(jobs, files // MIN_FILES_PER_WORKER))


def lint_sources(engines: Any, sources: Sequence[Any], requested: Any, cache: Any) -> list[Any]:
    """One outcome per source, in the order of ``sources``.

    ``requested`` are the settings the run was given: each worker resolves them (config
    files, plugins) exactly as the run did.
    """
    from reportlint._run import lint_source

    settings = engines.settings

    on_disk = [s for s in sources if s.filesystem_path is not None]
    done: dict[int, Any] = {}
    if cache is not None and workers_for(len(on_disk), settings.jobs) > 1:
        # unchanged files come from the cache here: workers only for what must be parsed
        for source in on_disk:
            outcome = lint_source(engines, source, settings, cache, only_cached=True)
            if outcome is not None:
                done[id(source)] = outcome
        on_disk = [s for s in on_disk if id(s) not in done]
    workers = workers_for(len(on_disk), settings.jobs)
    if workers > 1:
        from concurrent.futures.process import BrokenProcessPool

        from reportlint._gc import without_gc

        try:  # the outcomes that come back hold no cycles: collector passes over them are pure cost
            pooled = without_gc(_in_pool, on_disk, requested, workers)
        except (BrokenProcessPool, OSError):  # a worker died or could not start: do the rest here
            pooled = []
        for source, outcome in zip(on_disk, pooled):
            done[id(source)] = outcome
            if cache is not None and outcome.cache_key is not None:
                cache.put(outcome.cache_key, outcome.findings, outcome.front_profile)
    rest = [s for s in sources if id(s) not in done]  # small batches, standard input, a broken pool
    for source, outcome in zip(rest, one_by_one(lambda s: lint_source(engines, s, settings, cache), rest)):
        done[id(source)] = outcome
    return [done[id(s)] for s in sources]


def one_by_one(lint: Callable[[Any], Any], sources: Sequence[Any]) -> list[Any]:
    """``lint`` each source in turn, with one pass of the cyclic garbage collector over the
    youngest objects after each, and no automatic passes.

    A document is a web of reference cycles (sections and their runs point at each other),
    so only the collector frees it; while the findings kept for the report pile up, the
    automatic passes over the older generations walk all of them again and again: a quarter
    of the time of 2,000 files in one process. One young pass after each file walks that
    file's objects once and frees its document.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        outcomes = []
        for source in sources:
            outcomes.append(lint(source))
            gc.collect(0)
        return outcomes
    finally:
        if enabled:
            gc.enable()


def _in_pool(sources: Sequence[Any], settings: Any, workers: int) -> list[Any]:
    from concurrent.futures import ProcessPoolExecutor

    size = max(1, min(_MAX_CHUNK, -(-len(sources) // (workers * 4))))
    chunks = [sources[i : i + size] for i in range(0, len(sources), size)]
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(settings,)) as pool:
        return [outcome for chunk in pool.map(_lint_chunk, chunks) for outcome in chunk]


def _start_worker(requested: Any) -> None:
    from reportlint._cache import Cache
    from reportlint._run import build_engines

    engines = build_engines(requested, [])
    _worker["engines"] = engines
    # keys only: the parent looked every file up and stores what the workers find
    _worker["cache"] = Cache(engines.settings.cache_dir, lookup=False) if engines.settings.cache_dir else None


def _lint_chunk(sources: Sequence[Any]) -> list[Any]:
    from reportlint._run import lint_source

    engines = _worker["engines"]
    return one_by_one(lambda source: lint_source(engines, source, engines.settings, _worker["cache"]), sources)
