"""Floor: parse Markdown files with bare markdown-it-py, configured as reportlint configures it.

    python bench/floor_parse.py PATH...   (files, or directories searched for *.md)
"""
from __future__ import annotations

import sys
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin


def main(paths: list[str]) -> None:
    parser = MarkdownIt("commonmark").enable("table").use(footnote_plugin)
    for raw in paths:
        path = Path(raw)
        for file in sorted(path.rglob("*.md")) if path.is_dir() else [path]:
            parser.parse(file.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main(sys.argv[1:])
