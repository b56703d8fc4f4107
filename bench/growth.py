"""Time 1x / 4x / 16x of each hostile workload of issue 20, in one process, and print the ratios.

    python bench/growth.py             # the table; exit 1 when a 16x ratio passes 16 x 2.5
    python bench/growth.py --scale 40  # bigger units (1x = 40 units: 4,000 front-matter keys)

Each workload once grew quadratically (tests/test_growth.py counts their Python operations;
this script also sees the time spent in C: regular expressions, string methods and the
markdown-it parser, whose worst case is a line of "["). Linear work gives ratios near 4 and
16; quadratic work 16 and 256. Seconds are the best of a few runs on a possibly loaded
machine: read the ratios.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlint._builder import _parser  # noqa: E402
from reportlint._engine import build_engine, check_text  # noqa: E402
from reportlint._settings import Settings  # noqa: E402

# Each workload: the text for n units (tests/test_growth.py runs them at n = 1, 4, 16).
WORKLOADS: dict[str, Callable[[int], str]] = {
    "front-matter-keys": lambda n: "---\n" + "".join(f"key{i}: value {i}\n" for i in range(n * 100)) + "---\n# Title\n\nBody.\n",
    "disable-enable-pairs": lambda n: "# Title\n\n" + "<!-- reportlint-disable RL201 -->\nStatus: N/A\n<!-- reportlint-enable RL201 -->\n" * (n * 50),
    "wide-table": lambda n: "# T\n\n|" + "a|" * (n * 100) + "\n|" + "-|" * (n * 100) + "\n|" + "N/A|" * (n * 100) + "\n",
    "repeated-headings": lambda n: "# T\n\n" + "## Timeline\n\ntext\n\n## Summary\n\ntext\n\n" * (n * 50),
    "hedge-run": lambda n: "# T\n\n## Timeline\n\n" + "it was likely; " * (n * 200) + "\n",
}
PARSER_ONLY = {"parser-brackets": lambda n: "# T\n\n" + "[" * (n * 1_600) + "\n"}


def best_of(run: Callable[[], object], reps: int) -> float:
    best = float("inf")
    for _ in range(reps):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10, help="units per 1x (default 10: 1,000 front-matter keys, 500 disable/enable pairs, 1,000 columns, 1,000 headings, 2,000 hedges, 16 KB of '[')")
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    engine = build_engine(Settings(profile="incident", select=["ALL"], preview=True))
    print("| workload | 1x s | 4x s | 16x s | 4x/1x | 16x/1x |\n| --- | ---: | ---: | ---: | ---: | ---: |")
    worst = 0.0
    jobs = [(name, make, lambda text: check_text(engine, "growth.md", text, [])) for name, make in WORKLOADS.items()]
    jobs += [(name, make, lambda text: _parser().parse(text)) for name, make in PARSER_ONLY.items()]
    for name, make, lint in jobs:
        lint(make(args.scale))  # lazy imports and patterns out of the timing
        seconds = [best_of(lambda text=make(args.scale * n): lint(text), args.reps if n < 16 else 1) for n in (1, 4, 16)]
        ratio = seconds[2] / seconds[0]
        worst = max(worst, ratio)
        print(f"| {name} | {seconds[0]:.3f} | {seconds[1]:.3f} | {seconds[2]:.3f} | {seconds[1] / seconds[0]:.1f} | {ratio:.1f} |")
    return 1 if worst > 16 * 2.5 else 0


if __name__ == "__main__":
    sys.exit(main())
