"""RL4 findings per 1,000 words on a folder of real reports (default ../shared/corpus/real).

Usage: python eval/corpus_rate.py [FOLDER] [--profile NAME] [--list]

Prints the rate per rule (all files together), the mean of the per-file rates, and with
``--list`` every finding with its line, for reading.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reportlint._finding import Severity  # noqa: E402
from reportlint._engine import build_engine, check_text  # noqa: E402
from reportlint._settings import Settings  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "real"


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    profile = argv[argv.index("--profile") + 1] if "--profile" in argv else "base"
    if profile in args:
        args.remove(profile)
    folder = Path(args[0]) if args else CORPUS
    engine = build_engine(Settings(profile=profile, select=["RL4"]))
    files = sorted(folder.glob("*.md"))
    if not files:
        print(f"no reports in {folder}")
        return 1
    total_words = 0
    per_rule: Counter = Counter()
    file_rates: list[float] = []
    listing: list[str] = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        words = len(text.split())
        total_words += words
        _, findings = check_text(engine, path.name, text)
        warnings = [f for f in findings if f.severity.rank >= Severity.WARNING.rank]
        per_rule.update(f.code for f in findings)
        file_rates.append(1000 * len(warnings) / max(words, 1))
        lines = text.splitlines()
        for f in findings:
            line = lines[f.span.start.line - 1].strip()
            listing.append(f"{path.name}:{f.span.start.line}:{f.span.start.column}: {f.code} [{f.severity.value}] {f.message}\n    {line[:220]}")
    warnings_total = sum(n for code, n in per_rule.items() if code != "RL406")
    print(f"{len(files)} reports, {total_words} words, profile {profile}\n")
    print("| Rule | Findings | Per 1,000 words |")
    print("| --- | ---: | ---: |")
    for code in sorted(per_rule):
        print(f"| {code} | {per_rule[code]} | {1000 * per_rule[code] / total_words:.2f} |")
    print(f"| all RL4 warnings | {warnings_total} | {1000 * warnings_total / total_words:.2f} |")
    print(f"\nmean of per-file warning rates: {sum(file_rates) / len(file_rates):.2f} per 1,000 words; "
          f"files with any RL4 warning: {sum(1 for r in file_rates if r)}/{len(files)}; max {max(file_rates):.2f}")
    if "--list" in argv:
        print()
        print("\n".join(listing))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
