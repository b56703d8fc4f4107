#!/usr/bin/env python3
"""Cold-start cost in CPU instructions, which other load on the machine does not move.

Wall-clock medians of a 0.2 s process swing by 30 % on a shared 2-core machine, so a
change of 10 ms to the cold start cannot be seen in ``bench/run``. Valgrind's callgrind
counts the instructions a process executes; the count is the same under any load (to
within 0.1 %), so two versions can be compared exactly, one run each:

    python bench/instructions.py                      # this checkout's reportlint (the venv's python)
    python bench/instructions.py --python A/bin/python --python B/bin/python

For each interpreter it counts: the bare interpreter, the import floor of ``bench/run``
(``import click, markdown_it``), ``import reportlint.cli``, and ``reportlint check
--no-cache`` of one generated report, as the one-file workload of ``bench/run`` does.
Requires ``valgrind``; it runs each process about 50 times slower than normal.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import generate  # noqa: E402

_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def instructions(command: list[str], cwd: Path) -> int:
    """Instructions executed by ``command`` (not its children), counted by callgrind."""
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False,
    )
    found = _COLLECTED.search(result.stderr)
    if not found:
        raise SystemExit(f"valgrind gave no count for {' '.join(command)}:\n{result.stderr[-2000:]}")
    return int(found.group(1))


def real_interpreter(python: str) -> str:
    """The interpreter binary itself: callgrind does not follow a shell shim's exec."""
    probe = subprocess.run([python, "-c", "import sys; print(sys.executable)"], capture_output=True, text=True, check=True)
    return probe.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", action="append", help="a Python with reportlint installed (repeatable; default: this one)")
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        print("valgrind not found: install it (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    pythons = args.python or [sys.executable]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        report = generate.generate(tmp / "reports", 1)[0]
        rows = []
        for python in pythons:
            exe = real_interpreter(python)
            env_note = "this venv" if python == sys.executable else python
            counts = {
                "interpreter": instructions([exe, "-c", "pass"], tmp),
                "floor: import click, markdown_it": instructions([exe, "-c", "import click, markdown_it"], tmp),
                "import reportlint.cli": instructions([exe, "-c", "import reportlint.cli"], tmp),
                "check --no-cache, 1 file": instructions([exe, "-m", "reportlint", "check", "--no-cache", str(report)], tmp),
            }
            rows.append((env_note, counts))
    first = rows[0][1]["check --no-cache, 1 file"]
    print("| python | step | million instructions | check / floor | check / first python's check |")
    print("| --- | --- | ---: | ---: | ---: |")
    for note, counts in rows:
        floor = counts["floor: import click, markdown_it"]
        for step, count in counts.items():
            ratios = f"{count / floor:.2f} | {count / first:.2f}" if step.startswith("check") else " | "
            print(f"| {note} | {step} | {count / 1e6:.0f} | {ratios} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
