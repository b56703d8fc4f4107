#!/usr/bin/env python3
"""How accurate reportlint is on real reports: its findings joined to hand judgments.

Usage: python eval/real/score.py [--setting base|profile|both] [--unjudged-tsv FILE]
                                 [--write-accuracy] [--corpus DIR] [--labels DIR]

Lints the real reports in ``../shared/corpus/real`` (next to this checkout) in-process, with
no profile (``base``) and with each source's natural profile (``profile``: postmortem for
dfds, PostHog and Chia-Network, threat-intel for the Center for Threat-Informed Defense,
none for the rest). Each finding is joined to ``eval/real/labels/findings.tsv`` by file,
line, code and subject (the first quoted string of its message); see the labels' README
for the judging criteria.

Prints, per setting: precision TP/(TP+FP) per rule and per family (DEBATABLE and
PROFILE-FIT are neutral; info findings are listed apart and not counted in the family and
overall figures), recall on the clear misses of ``misses.tsv`` (a finding of the same family
on the same line, any severity), then every UNJUDGED finding, every FP and every missed
defect.

``--unjudged-tsv FILE`` writes the unjudged findings as findings.tsv rows with an empty label,
ready to judge and append to the labels. ``--write-accuracy`` measures every built-in rule
(distinct findings of both settings, its own severity included, plus its labelled set: the
RL4 sentence set in eval/claims/, or the rule's fixtures) and rewrites
rules/accuracy/real.toml, the rule pages in docs/rules/ and the table in README.md, then
says which rules the precision policy turns on or off.
"""
from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlint.api import shorten

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpus" / "real"
LABELS = HERE / "labels"
FIXTURES = ROOT / "tests" / "fixtures"
CLAIMS = ROOT / "eval" / "claims"
README = ROOT / "README.md"
SOURCE = "eval/real/score.py"
# file-name prefix -> the source's natural profile (the rest: no profile)
PROFILES = (
    ("dfds__", "postmortem"),
    ("PostHog__", "postmortem"),
    ("Chia-Network__", "postmortem"),
    ("center-for-threat-informed-defense__", "threat-intel"),
)
LABEL_NAMES = ("TP", "FP", "DEBATABLE", "PROFILE-FIT")
TSV_COLUMNS = ("file", "line", "code", "severity", "label", "pattern", "runs", "message", "note")
TABLE_START = "<!-- accuracy-table:start (eval/real/score.py --write-accuracy writes this table) -->"
TABLE_END = "<!-- accuracy-table:end -->"


@dataclass(frozen=True)
class Found:
    file: str
    line: int
    code: str
    severity: str
    message: str
    setting: str

    @property
    def key(self) -> tuple[str, int, str, str]:
        return (self.file, self.line, self.code, subject(self.message))

    @property
    def family(self) -> str:
        return self.code[:3]


def subject(message: str) -> str:
    """The first quoted string of a message: what the finding is about, cut as messages cut
    long headings, so that a label written before the cut still names its finding."""
    match = re.search(r'"([^"]*)"', message)
    return shorten(match.group(1)) if match else ""


def read_tsv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def natural_profile(name: str) -> str | None:
    return next((profile for prefix, profile in PROFILES if name.startswith(prefix)), None)


# ---------------------------------------------------------------- linting, in-process

def lint(paths: Iterable[Path], profile: str | None, **settings: Any) -> list[dict[str, Any]]:
    """reportlint's JSON findings for ``paths``, as ``check --isolated --no-cache`` gives them."""
    from reportlint._run import run
    from reportlint._settings import Settings

    out, err = io.StringIO(), io.StringIO()
    code = run(Settings(paths=tuple(str(p) for p in paths), profile=profile or "base", isolated=True,
                        output_format="json", exit_zero=True, quiet=True, **settings), out, err)
    if code not in (0, 1):
        sys.exit(f"score.py: reportlint exited {code}: {err.getvalue().strip()[-300:]}")
    return list(json.loads(out.getvalue())["findings"])


def run_setting(corpus: Path, setting: str) -> list[Found]:
    groups: dict[str | None, list[Path]] = defaultdict(list)
    for path in sorted(corpus.glob("*.md")):
        groups[natural_profile(path.name) if setting == "profile" else None].append(path)
    found = []
    for profile, paths in sorted(groups.items(), key=lambda item: item[0] or ""):
        for x in lint(paths, profile):
            found.append(Found(Path(x["path"]).name, x["location"]["line"], x["code"], x["severity"], x["message"], setting))
    return found


# ---------------------------------------------------------------- scoring

def precision(counts: Mapping[str, int]) -> float | None:
    judged = counts["TP"] + counts["FP"]
    return counts["TP"] / judged if judged else None


def ratio(counts: Mapping[str, int]) -> str:
    p = precision(counts)
    return "n/a" if p is None else f"{p:.2f} ({counts['TP']}/{counts['TP'] + counts['FP']})"


@dataclass
class Score:
    setting: str
    found: list[Found]
    labels: Mapping[tuple[str, int, str, str], str]
    misses: list[dict[str, str]]

    def label(self, f: Found) -> str:
        return self.labels.get(f.key, "UNJUDGED")

    def per_rule(self, info: bool) -> dict[str, Counter]:
        table: dict[str, Counter] = defaultdict(Counter)
        for f in self.found:
            if (f.severity == "info") == info:
                table[f.code][self.label(f)] += 1
        return dict(sorted(table.items()))

    def per_family(self) -> dict[str, Counter]:
        table: dict[str, Counter] = defaultdict(Counter)
        for code, counts in self.per_rule(info=False).items():
            table[code[:3]].update(counts)
        return dict(sorted(table.items()))

    def missed(self) -> list[dict[str, str]]:
        seen = {(f.file, f.line, f.family) for f in self.found}
        return [m for m in self.misses if (m["file"], int(m["line"]), m["family"]) not in seen]


def rule_table(title: str, table: Mapping[str, Counter]) -> list[str]:
    lines = [title, "", "| Rule | TP | FP | DEBATABLE | PROFILE-FIT | UNJUDGED | Precision |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for code, c in table.items():
        lines.append(f"| {code} | {c['TP']} | {c['FP']} | {c['DEBATABLE']} | {c['PROFILE-FIT']} | {c['UNJUDGED']} | {ratio(c)} |")
    return lines + [""]


def report(score: Score) -> str:
    lines = [f"## real reports [{score.setting}]", ""]
    lines += rule_table("Warnings and errors, per rule:", score.per_rule(info=False))
    info = score.per_rule(info=True)
    if info:
        lines += rule_table("Info findings, per rule (not counted in the family and overall precision):", info)
    total: Counter = Counter()
    for counts in score.per_family().values():
        total.update(counts)
    missed = score.missed()
    lines.append("Families: " + "  ".join(f"{family} {ratio(c)}" for family, c in score.per_family().items()))
    found_misses = len(score.misses) - len(missed)
    recall = found_misses / len(score.misses) if score.misses else 1.0
    lines.append(
        f"real reports [{score.setting}]: precision {ratio(total)}, unjudged {total['UNJUDGED']} of {sum(total.values())}; "
        f"clear misses found {recall:.2f} ({found_misses}/{len(score.misses)})"
    )
    listed = sorted(
        f"{score.label(f):9} {f.file}:{f.line}: {f.code} [{f.severity}] {f.message[:110]}"
        for f in score.found if score.label(f) in ("FP", "UNJUDGED")
    )
    listed += [f"MISSED    {m['file']}:{m['line']}: {m['family']} {m['text'][:100]}" for m in missed]
    if listed:
        lines += ["", *listed]
    return "\n".join(lines) + "\n"


def unjudged_rows(scores: Iterable[Score]) -> list[dict[str, str]]:
    """Distinct unjudged findings as findings.tsv rows, ``runs`` naming the settings they came from."""
    rows: dict[tuple[str, int, str, str], dict[str, str]] = {}
    runs: dict[tuple[str, int, str, str], set[str]] = defaultdict(set)
    for score in scores:
        for f in score.found:
            if score.label(f) == "UNJUDGED":
                runs[f.key].add(f.setting)
                rows.setdefault(f.key, {"file": f.file, "line": str(f.line), "code": f.code, "severity": f.severity,
                                        "label": "", "pattern": "", "runs": "", "message": f.message, "note": ""})
    for key, row in rows.items():
        row["runs"] = "both" if len(runs[key]) > 1 else next(iter(runs[key]))
    return [rows[key] for key in sorted(rows)]


def write_tsv(path: Path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=TSV_COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


# ---------------------------------------------------------------- labelled sets

def sentence_set() -> tuple[tuple[str, ...], dict[str, Counter]]:
    """The RL4 sentence rules and their tp/fp/fn on eval/claims/ (labelled and held-out sentences)."""
    sys.path.insert(0, str(ROOT / "eval"))
    try:
        import claims_eval
    finally:
        sys.path.remove(str(ROOT / "eval"))
    cases = [case for name in ("labelled.txt", "heldout.txt") if (CLAIMS / name).is_file() for case in claims_eval.load_cases(CLAIMS / name)]
    return tuple(claims_eval.SENTENCE_RULES), claims_eval.score(claims_eval.run_cases(cases))


_FIXTURE_SETTINGS = re.compile(r"<!--\s*reportlint-test:(?P<body>.*?)-->")


def fixture_settings(path: Path) -> dict[str, Any]:
    """The Settings a fixture asks for in its ``reportlint-test`` comment (as tests/test_rules.py reads it)."""
    given: dict[str, str] = {}
    for match in _FIXTURE_SETTINGS.finditer(path.read_text(encoding="utf-8")):
        for pair in match.group("body").split():
            key, _, value = pair.partition("=")
            given[key] = value
    options: dict[str, dict[str, object]] = {}
    for key, value in given.items():
        if key.startswith("option:"):
            _, code, name = key.split(":", 2)
            literal: object = value == "true" if value in ("true", "false") else int(value) if value.lstrip("-").isdigit() else value.split("|") if "|" in value else value
            options.setdefault(code, {})[name] = literal
    codes = {key: given[key].split(",") for key in ("select", "extend-select", "ignore") if key in given}
    return {"profile": given.get("profile"), "select": codes.get("select"), "extend_select": codes.get("extend-select", ()),
            "ignore": codes.get("ignore", ()), "rule_options": options}


def fixture_set(code: str) -> Counter | None:
    """tp: findings of ``code`` on its fail fixtures; fp: on its pass fixtures; fail/found: fail fixtures and those found."""
    folder = FIXTURES / code
    if not folder.is_dir():
        return None
    counts: Counter = Counter()
    for path in sorted(folder.glob("*.md")):
        kind = "fail" if path.name.startswith("fail") else "pass" if path.name.startswith("pass") else None
        if kind is None:
            continue
        settings = fixture_settings(path)
        profile = settings.pop("profile")
        hits = sum(1 for x in lint([path], profile, **settings) if x["code"] == code)
        if kind == "fail":
            counts["fail"] += 1
            counts["found"] += hits > 0
            counts["tp"] += hits
        else:
            counts["fp"] += hits
    return counts


# ---------------------------------------------------------------- the accuracy file

def measure(scores: list[Score], misses: list[dict[str, str]], today: str) -> dict[str, dict[str, Any]]:
    """One entry per built-in rule: its distinct findings over every setting, labelled set, family recall."""
    from reportlint._docs import builtin_rules

    distinct: dict[tuple[str, int, str, str], str] = {}
    seen: set[tuple[str, int, str]] = set()
    for score in scores:
        for f in score.found:
            distinct[f.key] = score.label(f)
            seen.add((f.file, f.line, f.family))
    per_rule: dict[str, Counter] = defaultdict(Counter)
    for key, label in distinct.items():
        per_rule[key[2]][label] += 1
    family_misses: dict[str, Counter] = defaultdict(Counter)
    for m in misses:
        family_misses[m["family"]]["clear"] += 1
        family_misses[m["family"]]["found"] += (m["file"], int(m["line"]), m["family"]) in seen
    sentence_rules, sentences = sentence_set()
    entries: dict[str, dict[str, Any]] = {}
    for rule in builtin_rules():
        c = per_rule.get(rule.code, Counter())
        entry: dict[str, Any] = {}
        p = precision(c)
        if p is not None:
            entry["precision"] = round(p, 3)
        entry.update(judged=c["TP"] + c["FP"], tp=c["TP"], fp=c["FP"], neutral=c["DEBATABLE"] + c["PROFILE-FIT"], unjudged=c["UNJUDGED"])
        fam = family_misses.get(rule.code[:3])
        if fam:
            entry["family_recall"] = round(fam["found"] / fam["clear"], 3)
            entry["family_misses"] = f"{fam['found']}/{fam['clear']}"
        if rule.code in sentence_rules:
            s = sentences[rule.code]
            if s["tp"] + s["fp"]:
                entry["labelled_precision"] = round(s["tp"] / (s["tp"] + s["fp"]), 3)
            if s["tp"] + s["fn"]:
                entry["labelled_recall"] = round(s["tp"] / (s["tp"] + s["fn"]), 3)
            entry["labelled_set"] = "eval/claims"
        else:
            fx = fixture_set(rule.code)
            if fx is not None and (fx["tp"] + fx["fp"] or fx["fail"]):
                entry["labelled_precision"] = round(fx["tp"] / (fx["tp"] + fx["fp"]), 3) if fx["tp"] + fx["fp"] else 0.0
                entry["labelled_recall"] = round(fx["found"] / fx["fail"], 3) if fx["fail"] else 0.0
                entry["labelled_set"] = f"tests/fixtures/{rule.code}"
        entry.update(measured=today, source=SOURCE)
        entries[rule.code] = entry
    return entries


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)


def accuracy_toml(entries: Mapping[str, Mapping[str, Any]], families: Mapping[str, Counter], misses: Mapping[str, Counter], corpus_files: int) -> str:
    lines = [
        "# Accuracy of every built-in rule on hand-judged real reports. Generated by",
        "# `python eval/real/score.py --write-accuracy`; do not edit by hand.",
        "# precision = TP / (TP + FP) over the distinct findings of the base and profile runs",
        "# (judged = TP + FP; DEBATABLE and PROFILE-FIT are neutral; a rule's info findings count).",
        "# [families.*]: the run without a profile, warnings and errors only; recall there and",
        "# family_recall: share of the clear misses (eval/real/labels/misses.tsv) that get a finding",
        "# of the family on their line in either run.",
        "# labelled_*: the rule's labelled set (eval/claims for RL4 sentence rules, else its fixtures).",
        "",
        "[corpus]",
        f"reports = {corpus_files}",
        'labels = "eval/real/labels"',
        "",
    ]
    for family, c in families.items():
        lines.append(f"[families.{family}]")
        p = precision(c)
        if p is not None:
            lines.append(f"precision = {round(p, 3)!r}")
        lines.append(f"judged = {c['TP'] + c['FP']}")
        m = misses.get(family)
        if m:
            lines.append(f"recall = {round(m['found'] / m['clear'], 3)!r}")
            lines.append(f"misses = \"{m['found']}/{m['clear']}\"")
        lines.append("")
    for code, entry in entries.items():
        lines.append(f"[rules.{code}]")
        lines += [f"{key} = {toml_value(value)}" for key, value in entry.items()]
        lines.append("")
    return "\n".join(lines)


def readme_table(entries: Mapping[str, Mapping[str, Any]]) -> str:
    from reportlint._accuracy import qualifies, state
    from reportlint._docs import builtin_rules

    lines = [TABLE_START, "", "| Rule | Name | State | Precision (judged) | Labelled set | Qualifies |", "| --- | --- | --- | --- | --- | --- |"]
    for rule in builtin_rules():
        entry = entries.get(rule.code)
        judged = int(entry.get("judged", 0)) if entry else 0
        real = f"{entry['precision']:.2f} ({judged})" if entry and "precision" in entry else f"– ({judged})"
        labelled = f"{entry['labelled_precision']:.2f}" if entry and "labelled_precision" in entry else "–"
        ok, _ = qualifies(entry)
        lines.append(f"| {rule.code} | `{rule.name}` | {state(rule.status, rule.default_enabled)} | {real} | {labelled} | {'yes' if ok else 'no'} |")
    return "\n".join([*lines, "", TABLE_END])


def replace_table(text: str, table: str) -> str:
    start, end = text.find(TABLE_START), text.find(TABLE_END)
    if start < 0 or end < start:
        raise SystemExit(f"score.py: README.md has no {TABLE_START!r} ... {TABLE_END!r} block")
    return text[:start] + table + text[end + len(TABLE_END):]


def write_accuracy(scores: list[Score], misses: list[dict[str, str]], corpus_files: int, target: Path | None) -> None:
    from reportlint import _accuracy
    from reportlint._docs import builtin_rules, generate, write_pages

    today = datetime.date.today().isoformat()
    entries = measure(scores, misses, today)
    base = next((s for s in scores if s.setting == "base"), scores[0])
    family_misses: dict[str, Counter] = defaultdict(Counter)
    seen = {(f.file, f.line, f.family) for s in scores for f in s.found}
    for m in misses:
        family_misses[m["family"]]["clear"] += 1
        family_misses[m["family"]]["found"] += (m["file"], int(m["line"]), m["family"]) in seen
    path = target or _accuracy.accuracy_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(accuracy_toml(entries, base.per_family(), family_misses, corpus_files), encoding="utf-8")
    print(f"wrote {path}")
    if target is not None:
        return
    _accuracy.load_accuracy.cache_clear()
    for name in write_pages(ROOT / "docs" / "rules", generate(builtin_rules())):
        print(f"updated docs/rules/{name}")
    README.write_text(replace_table(README.read_text(encoding="utf-8"), readme_table(entries)), encoding="utf-8")
    print("updated the accuracy table of README.md")
    print(policy_report(entries))


def policy_report(entries: Mapping[str, Mapping[str, Any]]) -> str:
    """What the precision policy asks of each rule's status, given these measurements."""
    from reportlint._accuracy import qualifies
    from reportlint._docs import builtin_rules

    lines = ["", "Precision policy (on by default only at precision >= 0.9; see README 'How accurate is it?'):"]
    for rule in builtin_rules():
        ok, why = qualifies(entries.get(rule.code))
        on = rule.status == "stable" and rule.default_enabled
        if on and not ok:
            lines.append(f"  {rule.code} is on by default but does not qualify ({why}): make it status=\"preview\"")
        elif rule.status == "preview" and ok:
            lines.append(f"  {rule.code} is preview and now qualifies ({why}): it may become stable")
    if len(lines) == 2:
        lines.append("  every rule's status agrees with its measurements")
    return "\n".join(lines)


# ---------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--setting", choices=("base", "profile", "both"), default="both")
    ap.add_argument("--unjudged-tsv", type=Path, metavar="FILE", help="write the unjudged findings as findings.tsv rows with an empty label")
    ap.add_argument("--write-accuracy", action="store_true", help="rewrite rules/accuracy/real.toml, docs/rules/ and the README table (measures both settings)")
    ap.add_argument("--accuracy-file", type=Path, metavar="FILE", help="with --write-accuracy: write only this file instead")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help=f"folder of real reports (default: {CORPUS})")
    ap.add_argument("--labels", type=Path, default=LABELS, help="folder with findings.tsv and misses.tsv")
    a = ap.parse_args(argv)
    if not a.corpus.is_dir() or not any(a.corpus.glob("*.md")):
        print(f"score.py: no real reports at {a.corpus}: check out the shared corpus next to this repository (../shared/corpus/real) or pass --corpus", file=sys.stderr)
        return 2
    if not (a.labels / "findings.tsv").is_file() or not (a.labels / "misses.tsv").is_file():
        print(f"score.py: {a.labels} needs findings.tsv and misses.tsv", file=sys.stderr)
        return 2
    labels = {(r["file"], int(r["line"]), r["code"], subject(r["message"])): r["label"] for r in read_tsv(a.labels / "findings.tsv")}
    misses = [m for m in read_tsv(a.labels / "misses.tsv") if m["clarity"] == "clear"]
    settings = ("base", "profile") if a.setting == "both" or a.write_accuracy else (a.setting,)
    scores = [Score(setting, run_setting(a.corpus, setting), labels, misses) for setting in settings]
    for score in scores:
        if a.setting in ("both", score.setting):
            print(report(score))
    if a.unjudged_tsv:
        rows = unjudged_rows(scores)
        write_tsv(a.unjudged_tsv, rows)
        print(f"wrote {len(rows)} unjudged findings to {a.unjudged_tsv}")
    if a.write_accuracy:
        write_accuracy(scores, misses, sum(1 for _ in a.corpus.glob("*.md")), a.accuracy_file)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
