#!/usr/bin/env python3
"""The batch, cache and growth workloads of ``bench/run --quick`` in CPU instructions.

The companion of ``bench/instructions.py`` (which counts the one-file cold start): each
workload is counted with valgrind's callgrind, whose count other load on the machine does
not move, so installed versions compare exactly in one run each:

    python bench/workloads.py --python /tmp/old/bin/python --python .venv/bin/python
    python bench/workloads.py --workload cache2 --workload growth4x --python ...

Workloads (the same commands as ``bench/run``, on the same generated reports):

- ``batch``: ``check --no-cache --jobs 1`` of ``--files`` reports (default 60, so that
  callgrind stays within a few minutes; ``bench/run --quick`` lints 300);
- ``workers``: the same with the default workers, counted over the whole process tree
  (``--trace-children=yes``, each process's counters dumped before it forks, so that no
  child counts its parent's work again): the total work, not the wall time;
- ``cache2``: ``check --cache-dir C`` of the same reports, run twice; the second run counts;
- ``growth1x``, ``growth4x``: ``check --no-cache`` of one file of ``--growth`` concatenated
  reports (default 40, as ``bench/run --quick``) and of that file four times over.

Each workload's output is compared across the versions only by its count: the findings
legitimately differ between versions (``/work/snap/compare.sh`` and the tests check those).
Requires ``valgrind``; it runs each process about 50 times slower than normal.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import generate  # noqa: E402
from instructions import real_interpreter  # noqa: E402

WORKLOADS = ("batch", "workers", "cache2", "growth1x", "growth4x")
_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")
_SUMMARY = re.compile(r"^summary:\s*(\d+)", re.MULTILINE)


def instructions(command: list[str], cwd: Path, children: bool = False) -> int:
    """Instructions executed by ``command`` (and by its children, with ``children``).

    A forked child starts with a copy of its parent's counters, so each process's own count
    would include what its parent ran before the fork: with ``children``, every process
    dumps (and zeroes) its counters before it forks, and the dumps are added up.
    """
    if not children:
        result = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
            cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False,
        )
        found = _COLLECTED.search(result.stderr)
        if not found or result.returncode not in (0, 1):
            raise SystemExit(f"valgrind gave no count for {' '.join(command)} (exit {result.returncode}):\n{result.stderr[-2000:]}")
        return int(found.group(1))
    with tempfile.TemporaryDirectory() as dumps:
        result = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={dumps}/cg.%p", "--trace-children=yes", "--dump-before=fork", *command],
            cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False,
        )
        counts = [int(n) for dump in Path(dumps).iterdir() for n in _SUMMARY.findall(dump.read_text(errors="replace"))]
    if not counts or result.returncode not in (0, 1):
        raise SystemExit(f"valgrind gave no count for {' '.join(command)} (exit {result.returncode}):\n{result.stderr[-2000:]}")
    return sum(counts)


def inputs(tmp: Path, files: int, growth: int) -> dict[str, Path]:
    reports = tmp / "reports"
    generate.generate(reports, files)
    big1 = generate.concatenated(tmp / "growth-1x.md", growth)
    big4 = tmp / "growth-4x.md"
    big4.write_bytes(big1.read_bytes() * 4)
    return {"reports": reports, "growth1x": big1, "growth4x": big4}


def count(workload: str, exe: str, paths: dict[str, Path], tmp: Path) -> int:
    rl = [exe, "-m", "reportlint", "check"]
    reports = str(paths["reports"])
    if workload == "batch":
        return instructions([*rl, "--no-cache", "--jobs", "1", reports], tmp)
    if workload == "workers":
        return instructions([*rl, "--no-cache", reports], tmp, children=True)
    if workload == "cache2":
        cache = Path(tempfile.mkdtemp(prefix="cache-", dir=tmp))
        subprocess.run([*rl, "--cache-dir", str(cache), reports], cwd=tmp, stdout=subprocess.DEVNULL, check=False)
        return instructions([*rl, "--cache-dir", str(cache), reports], tmp)
    return instructions([*rl, "--no-cache", str(paths[workload])], tmp)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", action="append", help="a Python with reportlint installed (repeatable; default: this one)")
    parser.add_argument("--workload", action="append", choices=WORKLOADS, help="repeatable; default: all but workers")
    parser.add_argument("--files", type=int, default=60, help="generated reports for batch, workers and cache2 (default 60)")
    parser.add_argument("--growth", type=int, default=40, help="reports in the 1x growth file (default 40)")
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        print("valgrind not found: install it (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    pythons = args.python or [sys.executable]
    workloads = args.workload or [w for w in WORKLOADS if w != "workers"]
    for name in ("PYTHONDONTWRITEBYTECODE", "REPORTLINT_OUTPUT_FORMAT", "REPORTLINT_CACHE_DIR"):  # as bench/run
        os.environ.pop(name, None)
    os.environ["NO_COLOR"] = "1"
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        paths = inputs(tmp, args.files, args.growth)
        table = {(python, w): count(w, real_interpreter(python), paths, tmp) for python in pythons for w in workloads}
    first = pythons[0]
    print(f"| workload | {' | '.join(pythons)} |")
    print(f"| --- |{' ---: |' * len(pythons)}")
    for w in workloads:
        cells = [f"{table[p, w] / 1e6:,.0f} M ({table[p, w] / table[first, w]:.2f})" for p in pythons]
        print(f"| {w} | {' | '.join(cells)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
