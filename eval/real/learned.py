#!/usr/bin/env python3
"""How well a profile learned from a team's own reports fits them: per source of the real corpus.

Usage: python eval/real/learned.py [--corpus DIR] [--min-share 0.8] [--labels FILE] [--packs DIR]

For each source of ``../shared/corpus/real`` (the file-name prefix before ``__``: dfds,
PostHog, Chia-Network, googleprojectzero, curl, friends-of-presta, ...), learns a profile
from that source's reports exactly as ``reportlint profile learn`` does (same defaults), then
lints the same reports with it (``check --profile PACK --isolated``, every default rule) and
prints:

- per source: reports, whether a profile was learned (or why not), the required sections and
  fields, and the structure warnings (RL1xx, severity warning) per report;
- the sections the profile lets stay empty (RL103 ``may-be-empty``: empty in more than
  ``1 - min-share`` of the reports that have them);
- every RL1xx warning, with its judgment from ``--labels`` (default
  ``eval/real/labels/learned.tsv``: file, line, code, message, label, note; labels REAL,
  DEBATABLE, FP) or UNJUDGED. A warning of a rule the profile does not drive (RL103 empty
  section, RL105 no title, ...: the same with any profile) falls back to its judgment in
  ``eval/real/labels/findings.tsv`` (TP is REAL, PROFILE-FIT is FP);
- the totals: warnings per report over the learned sources, split into the rules a learned
  profile drives (RL101 missing section, RL102 order, RL110 missing field) and the other
  RL1 rules, and the count per judgment.

The goal (issue 16): fewer than 0.3 structure warnings per report on every learned source,
each of them a real deviation from the team's own template. ``--packs DIR`` keeps the learned
packs (one ``<source>.toml`` each) to read them.
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from score import CORPUS, LABELS as SHARED_LABELS, lint, read_tsv, subject  # noqa: E402

LABELS = HERE / "labels" / "learned.tsv"
JUDGMENTS = ("REAL", "DEBATABLE", "FP")
GOAL = 0.3
PROFILE_RULES = ("RL101", "RL102", "RL110")  # what a learned profile drives (reportlint._learn.PROFILE_RULES)
FROM_SHARED = {"TP": "REAL", "FP": "FP", "DEBATABLE": "DEBATABLE", "PROFILE-FIT": "FP"}


def source_of(name: str) -> str:
    return name.split("__", 1)[0]


def read_labels(path: Path) -> dict[tuple[str, int, str, str], tuple[str, str]]:
    if not path.is_file():
        return {}
    with open(path, newline="", encoding="utf-8") as handle:
        return {(r["file"], int(r["line"]), r["code"], r["message"]): (r["label"], r["note"]) for r in csv.DictReader(handle, delimiter="\t")}


def shared_labels() -> dict[tuple[str, int, str, str], tuple[str, str]]:
    """findings.tsv judgments of the rules no profile drives, keyed as score.py keys them."""
    path = SHARED_LABELS / "findings.tsv"
    if not path.is_file():
        return {}
    return {(r["file"], int(r["line"]), r["code"], subject(r["message"])): (FROM_SHARED.get(r["label"], "UNJUDGED"), "findings.tsv: " + r["note"])
            for r in read_tsv(path) if r["code"] not in PROFILE_RULES and r["label"] in FROM_SHARED}


def learn_pack(paths: list[Path], min_share: float) -> tuple[str | None, str]:
    """The pack text learned from ``paths`` (None when learning refuses) and a one-line summary."""
    from reportlint import _learn

    errors: list[tuple[str, str]] = []
    outlines = _learn.read_outlines([str(p) for p in paths], errors)
    try:
        learned = _learn.learn(outlines, min_share)
    except _learn.LearnError as exc:
        return None, f"refused: {str(exc).split(':')[0]}"
    required = [s.title for s in learned.required_sections] + [f"field {f.name}" for f in learned.required_fields]
    text = _learn.render_pack(learned, "learned", [paths[0].parent.name], date="2000-01-01")
    empty = [s.title for s in learned.may_be_empty]
    return text, f"overlap {learned.overlap:.2f}; requires {', '.join(required) or 'nothing'}" + (f"; may be empty: {', '.join(empty)}" if empty else "")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--min-share", type=float, default=0.8)
    ap.add_argument("--labels", type=Path, default=LABELS, help="judgments of the learned-profile warnings (tsv)")
    ap.add_argument("--packs", type=Path, help="also write each learned pack to DIR/<source>.toml")
    a = ap.parse_args(argv)
    if not a.corpus.is_dir() or not any(a.corpus.glob("*.md")):
        print(f"learned.py: no real reports at {a.corpus}", file=sys.stderr)
        return 2
    labels = read_labels(a.labels)
    shared = shared_labels()
    sources: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(a.corpus.glob("*.md")):
        sources[source_of(path.name)].append(path)
    rows: list[str] = []
    listed: list[str] = []
    judged: Counter[str] = Counter()
    driven: Counter[str] = Counter()
    total_reports = total_warnings = 0
    with tempfile.TemporaryDirectory(prefix="learned-eval-") as folder:
        for source, paths in sorted(sources.items(), key=lambda item: item[0].lower()):
            text, summary = learn_pack(paths, a.min_share)
            if text is None:
                rows.append(f"{source:34} {len(paths):3} reports  -  {summary}")
                continue
            pack = Path(folder) / f"{source.lower()}.toml"
            pack.write_text(text, encoding="utf-8")
            if a.packs:
                a.packs.mkdir(parents=True, exist_ok=True)
                (a.packs / pack.name).write_text(text, encoding="utf-8")
            warnings = [x for x in lint(paths, str(pack)) if x["code"].startswith("RL1") and x["severity"] == "warning"]
            total_reports += len(paths)
            total_warnings += len(warnings)
            rate = len(warnings) / len(paths)
            own = sum(x["code"] in PROFILE_RULES for x in warnings)
            rows.append(f"{source:34} {len(paths):3} reports  {len(warnings):2} RL1 warnings {rate:.2f}/report{'' if rate < GOAL else ' (>= 0.3)'}; "
                        f"RL101/102/110 {own:2} {own / len(paths):.2f}/report  {summary}")
            for x in sorted(warnings, key=lambda x: (Path(x["path"]).name, x["location"]["line"], x["code"])):
                name, line = Path(x["path"]).name, x["location"]["line"]
                label, note = labels.get((name, line, x["code"], x["message"])) or shared.get((name, line, x["code"], subject(x["message"])), ("UNJUDGED", ""))
                judged[label] += 1
                if x["code"] in PROFILE_RULES:
                    driven[label] += 1
                listed.append(f"{label:9} {name}:{line}: {x['code']} {x['message']}" + (f"  -- {note}" if note else ""))
    out = io.StringIO()
    out.write("Per source: a profile learned from the source's reports, checked on the same reports\n\n")
    out.write("\n".join(rows) + "\n\n")
    out.write("\n".join(listed) + ("\n\n" if listed else ""))
    rate = total_warnings / total_reports if total_reports else 0.0
    own = sum(driven.values())

    def counts(c: Counter[str]) -> str:
        return ", ".join(f"{label} {c[label]}" for label in (*JUDGMENTS, "UNJUDGED") if c[label] or label != "UNJUDGED")

    out.write(f"learned sources: {total_warnings} RL1 warnings on {total_reports} reports ({rate:.2f}/report): {counts(judged)}\n")
    out.write(f"  of which RL101/RL102/RL110 (driven by the learned profile): {own} ({own / max(total_reports, 1):.2f}/report): {counts(driven)}\n")
    sys.stdout.write(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
