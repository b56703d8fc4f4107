"""Peak memory and time on the largest file reportlint accepts (just under ``--max-file-size``).

Usage: ``python bench/memory.py [SIZE]`` (default: the 10 MB default limit). Builds a
synthetic report of that size (sections, fields, lists, a table, hedged prose), then in
fresh processes measures the peak resident memory and wall time of:

- ``markdown-it-py`` alone parsing the file (the floor),
- ``reportlint check`` on the file (read, parse, document model, every rule, output).

A file above the limit is never parsed: it costs one ``stat`` and one error line.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

SECTION = """## Section {n}

- **Date:** 2024-05-{day:02d}
- **Severity:** High
- **Root cause:** N/A

The intrusion likely started on host web-{n} after a phishing e-mail; analysts may have
missed the first alert. Logs show 1,200 failed logins within 40 minutes [^{n}].

| Time (UTC) | Event |
| --- | --- |
| 14:05 | alert raised |
| 14:{minute:02d} | host isolated |

[^{n}]: SIEM export {n}.

"""

PARSE_ONLY = "import sys; from markdown_it import MarkdownIt; MarkdownIt('commonmark').enable('table').parse(open(sys.argv[1], encoding='utf-8').read())"


def build(path: str, size: int) -> int:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("# Synthetic incident report\n\n")
        written, n = 0, 0
        while True:
            block = SECTION.format(n=n, day=n % 28 + 1, minute=n % 60)
            if written + len(block.encode()) > size - 64:
                break
            handle.write(block)
            written += len(block.encode())
            n += 1
    return os.path.getsize(path)


def measure(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds and peak RSS (MiB) of one child process, and its exit code."""
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)\n"
    )
    out = subprocess.run([sys.executable, "-c", wrapper, *command], capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), int(out[1]) / 1024, int(out[2])


def main() -> None:
    from reportlint._source import DEFAULT_MAX_BYTES, parse_size

    size = parse_size(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_MAX_BYTES
    with tempfile.TemporaryDirectory() as folder:
        report = os.path.join(folder, "largest.md")
        actual = build(report, size)
        rows = [
            ("markdown-it-py parse only", [sys.executable, "-c", PARSE_ONLY, report]),
            ("reportlint check", [sys.executable, "-m", "reportlint", "check", "--quiet", "--max-file-size", str(size), report]),
        ]
        print(f"file: {actual:,} bytes (limit {size:,}); python {sys.version.split()[0]}")
        print(f"{'what':<28} {'seconds':>8} {'peak MiB':>9} {'exit':>5}")
        for label, command in rows:
            seconds, peak, code = measure(command)
            print(f"{label:<28} {seconds:>8.1f} {peak:>9.0f} {code:>5}")
        started = time.perf_counter()
        over = subprocess.run([sys.executable, "-m", "reportlint", "check", "--max-file-size", str(actual - 1), report], capture_output=True, text=True)
        print(f"{'one byte over the limit':<28} {time.perf_counter() - started:>8.1f} {'-':>9} {over.returncode:>5}  {over.stderr.strip()}")


if __name__ == "__main__":
    main()
