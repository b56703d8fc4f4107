"""Every regular expression reportlint ships is safe from catastrophic backtracking.

The patterns are found, not listed: every compiled pattern in the globals of every
``reportlint.*`` module (rule modules added later included), every pattern string a module
compiles on first use with ``lazy_regex``, and every pattern string of the built-in packs. Each is run over adversarial text (long runs of one character or of a
pair, with near-miss prefixes and endings) at two sizes, the way its module uses it: with
``match`` when the module only ever calls ``NAME.match``/``NAME.fullmatch`` on it, else
searched at every position (``finditer``; also for patterns kept in containers and for
pack patterns). A pattern that needs more than a few seconds is catastrophic; one whose
time grows much faster than the text is quadratic, which a one-megabyte line turns into
a hang.

This test times itself on purpose: it detects blow-ups (exponential or quadratic growth),
with bounds far above what a linear pattern needs on a loaded machine.
"""
from __future__ import annotations

import ast
import importlib
import inspect
import itertools
import pkgutil
import re
import signal
import time
from collections.abc import Iterator

import pytest

import reportlint
from conftest import leaves
from reportlint._packs import builtin_pack_ids, load_profile

SMALL, LARGE = 1_500, 6_000  # text lengths; LARGE / SMALL = 4
HARD_LIMIT = 10.0  # seconds for one pattern over all texts: beyond this it is catastrophic
GROWTH_LIMIT = 10.0  # linear ~4x, quadratic ~16x
GROWTH_FLOOR = 0.03  # seconds for one text: below this the growth ratio is noise
NEAR_MISS = "A: x - x \u2014 x"  # starts an inline field, a hyphen field and a dash field
BASE = "aZ1 \t\n.:-/_*#([\"'—,|é<"


def _modules() -> Iterator[object]:
    yield reportlint
    for info in pkgutil.walk_packages(reportlint.__path__, "reportlint."):
        if not info.name.endswith("__main__"):
            yield importlib.import_module(info.name)


def _anchored_names(module: object) -> set[str]:
    """Globals of ``module`` used only as ``NAME.match(...)`` or ``NAME.fullmatch(...)``."""
    try:
        tree = ast.parse(inspect.getsource(module))  # type: ignore[arg-type]
    except (OSError, TypeError):
        return set()
    methods: dict[str, set[str]] = {}
    receivers: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            methods.setdefault(node.value.id, set()).add(node.attr)
            receivers.add(id(node.value))
    # a name also loaded on its own (passed along, stored in a table) may be searched elsewhere
    passed = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and id(node) not in receivers}
    return {name for name, used in methods.items() if used <= {"match", "fullmatch"} and name not in passed}


def _lazy_sources(module: object) -> dict[str, tuple[str, bool]]:
    """Pattern strings ``module`` compiles on first use -> (source, used only anchored):
    ``lazy_regex(NAME)`` with ``NAME`` a global (anchored when every use of ``NAME`` is
    ``lazy_regex(NAME).match``/``.fullmatch``), or a variable of a ``for`` loop over a global
    table (the item at that place of each row)."""
    try:
        tree = ast.parse(inspect.getsource(module))  # type: ignore[arg-type]
    except (OSError, TypeError):
        return {}

    def lazy_arg(node: ast.AST) -> str | None:
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "lazy_regex" and node.args and isinstance(node.args[0], ast.Name):
            return node.args[0].id
        return None

    names = vars(module)
    args = {name for node in ast.walk(tree) if (name := lazy_arg(node))}
    loads = [node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)]
    anchored_uses = [name for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr in ("match", "fullmatch") and (name := lazy_arg(node.value))]
    found = {name: (names[name], anchored_uses.count(name) == loads.count(name)) for name in args if isinstance(names.get(name), str)}
    for loop in ast.walk(tree):
        if isinstance(loop, ast.For) and isinstance(loop.iter, ast.Name) and isinstance(loop.target, ast.Tuple):
            for place, target in enumerate(loop.target.elts):
                if isinstance(target, ast.Name) and target.id in args:
                    for index, row in enumerate(names.get(loop.iter.id, ())):
                        found[f"{loop.iter.id}[{index}]"] = (row[place], False)
    return found


def shipped_patterns() -> dict[str, tuple[re.Pattern[str], bool]]:
    """Where each pattern lives -> (pattern, used only anchored)."""
    found: dict[tuple[str, int], tuple[str, bool]] = {}
    for module in _modules():
        anchored = _anchored_names(module)
        for name, value in vars(module).items():
            if name.startswith("__"):
                continue
            for pattern in leaves(value, re.Pattern):
                found.setdefault((pattern.pattern, pattern.flags), (f"{module.__name__}.{name}", name in anchored and value is pattern))
        for name, (source, only_anchored) in _lazy_sources(module).items():
            pattern = re.compile(source)
            found.setdefault((pattern.pattern, pattern.flags), (f"{module.__name__}.{name}", only_anchored))
    for pack in builtin_pack_ids():
        for index, entry in enumerate(load_profile(pack).patterns):
            for text in leaves(entry, str):
                try:
                    compiled = re.compile(text)
                except re.error:
                    continue  # a message or a name, not a pattern
                found.setdefault((compiled.pattern, compiled.flags), (f"pack {pack} pattern {index}", False))
    return {where: (re.compile(source, flags), anchored) for (source, flags), (where, anchored) in sorted(found.items(), key=lambda item: item[1]) if isinstance(source, str)}


def adversarial(pattern: re.Pattern[str], size: int) -> Iterator[str]:
    """Runs of one character and of pairs, framed by near misses (a field-like start, a wrong end)."""
    chars = sorted(set(BASE) | {c for c in pattern.pattern if c.isprintable() and not c.isspace()})
    for char in chars:
        run = char * size
        yield from (run, run + "!", NEAR_MISS + run + "!", "a" + run + "a", run + "\n")
    for first, second in itertools.permutations("a .:-1", 2):
        yield "A" + (first + second) * (size // 2) + "!"


class _Catastrophic(BaseException):
    pass


def _search(pattern: re.Pattern[str], text: str, anchored: bool = False) -> float:
    started = time.perf_counter()
    if anchored:
        pattern.match(text)
    else:
        for _ in pattern.finditer(text):
            pass
    return time.perf_counter() - started


def _timed(pattern: re.Pattern[str], size: int, anchored: bool = False, limit: float = HARD_LIMIT) -> list[float]:
    """Seconds per adversarial text; ``inf`` everywhere when all of them take more than ``limit``."""
    texts = list(adversarial(pattern, size))
    if not hasattr(signal, "setitimer"):
        return [_search(pattern, text, anchored) for text in texts]

    def expire(signum: int, frame: object) -> None:
        raise _Catastrophic

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        return [_search(pattern, text, anchored) for text in texts]
    except _Catastrophic:
        return [float("inf")] * len(texts)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def super_linear(pattern: re.Pattern[str], anchored: bool = False) -> str | None:
    """Why ``pattern`` is unsafe, or None: each text is timed at two sizes, suspects three times."""
    small, large = _timed(pattern, SMALL, anchored), _timed(pattern, LARGE, anchored)
    if float("inf") in small or float("inf") in large:
        return f"{pattern.pattern!r} backtracks catastrophically (over {HARD_LIMIT:g} s)"
    small_texts, large_texts = list(adversarial(pattern, SMALL)), list(adversarial(pattern, LARGE))
    for index, (before, after) in enumerate(zip(small, large)):
        if after > GROWTH_FLOOR and after / max(before, 1e-4) > GROWTH_LIMIT:
            before = min(_search(pattern, small_texts[index], anchored) for _ in range(3))  # rule out a busy machine
            after = min(_search(pattern, large_texts[index], anchored) for _ in range(3))
            if after > GROWTH_FLOOR and after / max(before, 1e-4) > GROWTH_LIMIT:
                return f"{pattern.pattern!r} is super-linear on {large_texts[index][:30]!r}...: {before:.4f} s -> {after:.4f} s for 4x the text"
    return None


PATTERNS = shipped_patterns()


def test_patterns_are_found() -> None:
    assert len(PATTERNS) >= 10
    assert any(where.startswith("reportlint.checks.") for where in PATTERNS)


@pytest.mark.parametrize("where", list(PATTERNS))
def test_pattern_is_linear_on_adversarial_text(where: str) -> None:
    pattern, anchored = PATTERNS[where]
    problem = super_linear(pattern, anchored)
    assert problem is None, f"{where} ({'matched' if anchored else 'searched'}): {problem}"


def test_the_check_catches_quadratic_patterns() -> None:
    assert super_linear(re.compile(r"\s*x"))
    assert super_linear(re.compile(r"(?P<value>\S[^\n]*?)[ \t]*$"), anchored=True)


def test_usage_is_read_from_the_module() -> None:
    from reportlint import _fields, _sentences

    assert "_INLINE_FIELD" in _anchored_names(_fields)  # only ever .match()ed
    assert "_BOUNDARY" not in _anchored_names(_sentences)  # .finditer()


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no interval timers on this platform")
def test_the_check_catches_catastrophic_patterns() -> None:
    assert _timed(re.compile(r"(a+)+$"), SMALL, limit=0.5)[0] == float("inf")
    assert _timed(re.compile(r"(a+)+$"), SMALL, anchored=True, limit=0.5)[0] == float("inf")
