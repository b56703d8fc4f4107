"""A progress bar on standard error for long runs: files done of the total.

Shown only when standard error is a terminal and the run has lasted ``DELAY`` seconds, so a
short run, a pipe, a CI log and ``-q`` never see it; it is erased before the report is
written, and standard output (where every format writes) never holds it.
"""
from __future__ import annotations

import time
from typing import TextIO

DELAY = 1.0  # seconds before the bar first appears
_REDRAW = 0.1  # seconds between redraws
_BAR = 30  # cells of the bar itself


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


class Progress:
    """``advance(n)`` after each file (or batch of files), ``close()`` before the report."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.done = 0
        self.started = time.monotonic()
        self.drawn = 0.0  # when the bar was last drawn; 0: never
        self.width = 0

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if now - self.started < DELAY or (now - self.drawn < _REDRAW and self.done < self.total):
            return
        filled = _BAR * self.done // max(self.total, 1)
        line = f"reportlint: [{'#' * filled}{'.' * (_BAR - filled)}] {self.done}/{self.total} files"
        self.width = max(self.width, len(line))
        self.stream.write("\r" + line)
        self.stream.flush()
        self.drawn = now

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
