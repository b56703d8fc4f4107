"""Where the time goes: one process, generated reports, each phase timed on its own.

    python bench/profile.py [--files 200] [--profile base] [--reps 3]

Phases, per run over all files (best of ``--reps``, so other load on the machine counts
least): the bare markdown-it-py parse (the floor of issue 8), the document model built on
top of it, each rule family, and the engine's own work around the rules (time budgets,
suppression comments, sorting, fingerprints). Prints a Markdown table with each phase as a
share of the bare parse. Issue 8 asks for everything together at most 1.3x the parse.
"""
from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import generate  # noqa: E402
from floor_parse import main as bare_parse  # noqa: E402


def best(reps: int, work: Callable[[], object], setup: Callable[[], object] = lambda: None) -> float:
    """The fastest of ``reps`` timings of ``work(setup())``; ``setup`` is not timed.

    The cyclic garbage collector is paused while timing, as reportlint pauses it while it
    parses and checks a file: otherwise its passes over the documents held here would be
    charged to whatever phase happens to trigger them.
    """
    times = []
    for _ in range(reps):
        given = setup()
        gc.collect()
        gc.disable()
        start = time.perf_counter()
        work(given) if given is not None else work()
        times.append(time.perf_counter() - start)
        gc.enable()
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--profile", default="base")
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()

    from reportlint._analysis import Analyses
    from reportlint._builder import parse_document
    from reportlint._engine import build_engine
    from reportlint._settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        generate.generate(Path(tmp), args.files)
        files = sorted(Path(tmp).glob("*.md"))
        texts = [(str(f), f.read_text(encoding="utf-8")) for f in files]
        parse = best(args.reps, lambda: bare_parse([tmp]))
        read = best(args.reps, lambda: [f.read_text(encoding="utf-8") for f in files])
    model = best(args.reps, lambda: [parse_document(path, text) for path, text in texts]) - parse
    engine = build_engine(Settings(profile=args.profile))

    def fresh_docs() -> list:  # analyses shared by the rules of a family are kept per document
        return [(doc := parse_document(path, text), Analyses(doc)) for path, text in texts]

    families: dict[str, list] = defaultdict(list)
    for rule in engine.rules:
        families[rule.code[:3]].append(rule)

    def run_family(rules: list) -> Callable[[list], object]:
        return lambda docs: [list(rule.func(doc, engine.context(rule, doc.path, analyses))) for rule in rules for doc, analyses in docs]

    timed = {family: best(args.reps, run_family(rules), fresh_docs) for family, rules in sorted(families.items())}
    checked = best(args.reps, lambda docs: [engine.check(doc, []) for doc, _analyses in docs], fresh_docs)
    rules = sum(timed.values())

    rows = [("read and decode the files", read), ("markdown-it-py parse (floor)", parse), ("document model", model)]
    rows += [(f"rules {family}xx", seconds) for family, seconds in timed.items()]
    rows += [("engine: budgets, suppressions, sorting, fingerprints", max(checked - rules, 0.0))]
    total = read + parse + model + checked
    print(f"{args.files} generated reports, profile {args.profile}, best of {args.reps}; one process, no output written.\n")
    print("| phase | seconds | share of the parse |")
    print("| --- | ---: | ---: |")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.3f} | {seconds / parse:.2f} |")
    print(f"| **total** | **{total:.3f}** | **{total / parse:.2f}** |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
