"""A batch of files around the pure ``lint_file``: the findings cache, worker processes and
the garbage-collector policy, the only places where reportlint trades clarity for speed.

Files are handed to worker processes in chunks, in order; each worker builds the same
engines from the same settings, and outcomes come back in the files' order, so the output
is byte-for-byte the output of ``--jobs 1``. Small batches stay in one process: starting
workers costs more than linting a few files.
"""
from __future__ import annotations

import gc
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

from reportlint._gc import without_gc
from reportlint._engine import Engines, Outcome, build_engines, failed, lint_file
from reportlint._positions import LineIndex
from reportlint._settings import Settings
from reportlint._source import SourceFile, decode, read_bytes, read_stdin

if TYPE_CHECKING:  # the cache module (json, tempfile) is imported only when a run uses it
    from reportlint._cache import Cache, Key

# Below this many files per worker, starting the workers costs more than it saves.
MIN_FILES_PER_WORKER = 16
_MAX_CHUNK = 16  # small enough that no worker is left with a long last chunk while the other idles


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


class CachedLinter:
    """Lints one source through the findings cache (when there is one)."""

    def __init__(self, engines: Engines, cache: Cache | None) -> None:
        self.engines, self.cache = engines, cache
        self._contexts: dict[tuple[object, ...], str] = {}
        self._contexts_by_folder: dict[str, str] = {}
        self._stamps: dict[int, str] = {}  # id(engine) -> its fingerprint's hash (engines live for the run)

    def context(self, filesystem_path: str) -> str:
        """What, besides the file's bytes and path, decides its findings (for the cache key).

        The engine a file's front matter may pick is decided by its bytes and its config,
        so the config and the engine without front matter are enough. Without
        per-file-ignores or per-glob profiles every file under a config gets the same
        engine, so the context is worked out once per config, not once per file.
        """
        folder = os.path.dirname(filesystem_path)
        context = self._contexts_by_folder.get(folder)  # every file of a folder has the same config
        if context is not None:
            return context
        engines = self.engines
        config = engines.resolver.config_for(filesystem_path)
        by_path = not config.data.keys().isdisjoint(("per-file-ignores", "profiles"))
        memo = (config.path, engines.keyed(filesystem_path)[0] if by_path else None)
        context = self._contexts.get(memo)
        if context is None:
            from reportlint._cache import canonical, engine_fingerprint

            fingerprint = engine_fingerprint(engines.get(filesystem_path))
            context = self._contexts[memo] = f"{fingerprint}\0{canonical(config)}\0{canonical(engines.settings.source_markers)}"
        if not by_path:
            self._contexts_by_folder[folder] = context
        return context

    def cached(self, source: SourceFile) -> Outcome | None:
        """The cached outcome of ``source``, or None (nothing is parsed)."""
        if self.cache is None or source.filesystem_path is None or self.engines.settings.source_file is not None:
            return None
        try:
            data = read_bytes(source.filesystem_path, self.engines.settings.max_file_size)
            return self._from_cache(source, self._key(source.filesystem_path, source.path, data), data)
        except Exception:  # noqa: BLE001 - linting it reports the error
            return None

    def lint(self, source: SourceFile) -> tuple[Outcome, Key | None]:
        """The outcome of ``source``, stored in the cache, and its key (None: not to be cached)."""
        settings = self.engines.settings
        key = None
        try:
            if source.filesystem_path is None:
                text = read_stdin(settings.max_file_size)
            else:
                data = read_bytes(source.filesystem_path, settings.max_file_size)
                if self.cache is not None and settings.source_file is None:
                    key = self._key(source.filesystem_path, source.path, data)
                    hit = self._from_cache(source, key, data)
                    if hit is not None:
                        return hit, None
                text = decode(data)
        except Exception as exc:  # noqa: BLE001 - an unreadable file must not hide the others
            return failed(source.path, exc, settings.verbose), None
        outcome = without_gc(lint_file, self.engines, source, text)  # few garbage cycles: collector passes are pure cost
        key = key if outcome.cacheable and outcome.error is None else None
        self.store(source, outcome, key)
        return outcome, key

    def _key(self, filesystem_path: str, path: str, data: bytes) -> Key:
        assert self.cache is not None
        return self.cache.key(self.context(filesystem_path), path, data)

    def _from_cache(self, source: SourceFile, key: Key, data: bytes) -> Outcome | None:
        assert self.cache is not None
        hit = self.cache.get(key)
        if hit is None:
            return None
        findings, front_profile, front_stamp = hit
        if front_profile is not None and front_stamp != self._front_stamp(source, front_profile):
            return None  # a pack the front matter names has changed
        if findings and _past_the_end(max(f.span.end.line for f in findings), data):
            return None  # damaged: a position outside the file
        return Outcome(source.path, findings, _LinesOf(data) if findings else (), front_profile=front_profile)

    def store(self, source: SourceFile, outcome: Outcome, key: Key | None) -> None:
        if self.cache is not None and key is not None:
            front_stamp = self._front_stamp(source, outcome.front_profile) if outcome.front_profile is not None else None
            self.cache.put(key, outcome.findings, outcome.front_profile, front_stamp)

    def _front_stamp(self, source: SourceFile, front_profile: str) -> str:
        """The fingerprint of the engine a file's front matter picks: the cache key holds only the
        engine without front matter, and a pack the front matter names may change (or vanish)."""
        try:
            engine = self.engines.get(source.filesystem_path, front_profile)
        except Exception:  # noqa: BLE001 - linting the file reports the problem
            return ""
        stamp = self._stamps.get(id(engine))
        if stamp is None:
            from reportlint._cache import engine_fingerprint
            from reportlint._hashes import sha256

            stamp = self._stamps[id(engine)] = sha256(engine_fingerprint(engine).encode("utf-8", "surrogateescape")).hexdigest()
        return stamp


def lint_sources(engines: Engines, sources: Sequence[SourceFile], requested: Settings, cache: Cache | None, done_files: Callable[[int], None] | None = None) -> list[Outcome]:
    """One outcome per source, in the order of ``sources``.

    ``requested`` are the settings the run was given: each worker resolves them (config
    files, plugins) exactly as the run did. ``done_files(n)`` is told as files are done
    (a progress bar).
    """
    linter = CachedLinter(engines, cache)
    tick = done_files or (lambda count: None)
    jobs = engines.settings.jobs
    on_disk = [s for s in sources if s.filesystem_path is not None]
    done: dict[int, Outcome] = {}
    if cache is not None and workers_for(len(on_disk), jobs) > 1:
        # unchanged files come from the cache here: workers only for what must be parsed (with
        # the collector paused: the findings read hold no cycles, and its passes over them are pure cost)
        for source, hit in zip(on_disk, without_gc(lambda: [linter.cached(source) for source in on_disk])):
            if hit is not None:
                done[id(source)] = hit
        tick(len(on_disk) - sum(1 for s in on_disk if id(s) not in done))
        on_disk = [s for s in on_disk if id(s) not in done]
    workers = workers_for(len(on_disk), jobs)
    if workers > 1:
        from concurrent.futures.process import BrokenProcessPool

        try:  # the outcomes that come back hold no cycles: collector passes over them are pure cost
            configs = [str(c.path) for c in engines.resolver.configs() if c.path is not None]
            pooled = without_gc(_in_pool, on_disk, requested, workers, configs, tick)
        except (BrokenProcessPool, OSError):  # a worker died or could not start: do the rest here
            pooled = []
        for source, (outcome, key) in zip(on_disk, pooled):
            done[id(source)] = outcome
            linter.store(source, outcome, key)
    rest = [s for s in sources if id(s) not in done]  # small batches, standard input, a broken pool
    def lint(source: SourceFile) -> tuple[Outcome, Key | None]:
        linted = linter.lint(source)
        tick(1)
        return linted

    for source, (outcome, _key) in zip(rest, one_by_one(lint if done_files else linter.lint, rest)):
        done[id(source)] = outcome
    return [done[id(s)] for s in sources]


_Result = Any


def one_by_one(lint: Callable[[SourceFile], _Result], sources: Sequence[SourceFile]) -> list[_Result]:
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
        outcomes: list[_Result] = []
        for source in sources:
            if outcomes:  # the previous file's document is garbage now; the last one's goes with the process
                gc.collect(0)
            outcomes.append(lint(source))
        return outcomes
    finally:
        if enabled:
            gc.enable()


def _past_the_end(line: int, data: bytes) -> bool:
    """Whether ``data`` has fewer than ``line`` lines (CR, LF and CRLF each end one). Every
    line feed ends a line, so the other two counts are needed only past the line feeds."""
    lines = data.count(b"\n") + 1
    return line > lines and line > lines + data.count(b"\r") - data.count(b"\r\n")


class _LinesOf(Sequence[str]):
    """The lines of a cached file's bytes, split only if a format shows source lines."""

    def __init__(self, data: bytes) -> None:
        self._data: bytes | None = data
        self._lines: tuple[str, ...] = ()

    def _split(self) -> tuple[str, ...]:
        if self._data is not None:
            self._lines, self._data = LineIndex(decode(self._data)).lines(), None
        return self._lines

    def __getitem__(self, index):  # int or slice, as a tuple's
        return self._split()[index]

    def __len__(self) -> int:
        return len(self._split())


# ---------------------------------------------------------------- worker processes

# An outcome as it crosses the process boundary: findings as plain lists, which pickle
# several times faster than Finding objects.
_Wire: TypeAlias = "tuple[str, list[list[Any]], tuple[str, ...], tuple[str, str] | None, str, list[tuple[str, str]], bool, str | None, Key | None]"

_worker: dict[str, CachedLinter] = {}


def _in_pool(sources: Sequence[SourceFile], settings: Settings, workers: int, configs: Sequence[str], tick: Callable[[int], None]) -> list[tuple[Outcome, Key | None]]:
    from concurrent.futures import ProcessPoolExecutor

    size = max(1, min(_MAX_CHUNK, -(-len(sources) // (workers * 4))))
    chunks = [sources[i : i + size] for i in range(0, len(sources), size)]
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(settings, os.getpid(), configs))
    try:
        outcomes: list[tuple[Outcome, Key | None]] = []
        for chunk in pool.map(_lint_chunk, chunks):
            outcomes.extend(_from_wire(wire) for wire in chunk)
            tick(len(chunk))
    except BaseException:  # Ctrl-C or a lost worker: stop the others now, not after their chunks
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.kill()
        pool.shutdown(wait=False)  # not cancel_futures: the manager thread would then fail to fail them (InvalidStateError)
        raise
    pool.shutdown()
    return outcomes


def _start_worker(requested: Settings, parent: int, configs: Sequence[str]) -> None:
    import signal
    import sys

    from reportlint._cache import Cache

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the parent stops the workers
    _exit_with(parent)
    sys.stdout = sys.stderr  # what a plugin prints must not mix into the parent's report
    engines = build_engines(requested, [], configs)
    # keys only: the parent looked every file up and stores what the workers find
    cache = Cache(engines.settings.cache_dir, lookup=False) if engines.settings.cache_dir else None
    _worker["linter"] = CachedLinter(engines, cache)


def _exit_with(parent: int) -> None:
    """End this worker when ``parent`` dies, even by SIGKILL: on Linux the kernel sends
    SIGKILL (PR_SET_PDEATHSIG); elsewhere a thread looks for a new parent every second."""
    import sys

    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
        else:
            if os.getppid() != parent:  # it died before the call
                os._exit(1)
            return
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="reportlint-parent-watch", daemon=True).start()


def _lint_chunk(sources: Sequence[SourceFile]) -> list[_Wire]:
    return [_to_wire(outcome, key) for outcome, key in one_by_one(_worker["linter"].lint, sources)]


def _to_wire(outcome: Outcome, key: Key | None) -> _Wire:
    from reportlint._cache import encode_findings

    o = outcome
    return (o.path, encode_findings(o.findings), tuple(o.lines), o.error, o.trace, o.faults, o.cacheable, o.front_profile, key)


def _from_wire(wire: _Wire) -> tuple[Outcome, Key | None]:
    from reportlint._cache import decode_findings

    path, findings, lines, error, trace, faults, cacheable, front_profile, key = wire
    return Outcome(path, decode_findings(findings), lines, error, trace, faults, cacheable, front_profile), key
