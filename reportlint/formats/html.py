"""``html``: one self-contained page to see a folder of reports at a glance.

Totals, a table of the reports (sortable and filterable with JavaScript, plain without),
a bar chart of the findings per rule (inline SVG) and each report's findings with the
flagged words marked in their line. Nothing is loaded from anywhere: the styles, the
script and the chart are inline, and a Content-Security-Policy forbids every request and
any script but the page's own. Every text from a report is HTML-escaped, control
characters made visible.
"""
from __future__ import annotations

import base64
import hashlib
from html import escape

from reportlint._finding import Finding, Severity
from reportlint._text import plural
from reportlint.formats import RunResult
from reportlint.formats.overview import FAMILIES, OTHER, SEVERITIES, ReportRow, doc_link, profile_counts, report_rows, rule_counts
from reportlint.formats.text import safe

CONTEXT = 80  # characters of a line shown before and after the flagged words
MAX_FLAGGED = 300  # flagged characters shown before "..."

_STYLE = """
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--error:#cf222e;--warning:#9a6700;--info:#0969da;--bar:#0969da}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1200px;padding:1.5rem}
h1{font-size:1.6rem;margin:0 0 .2rem}h2{font-size:1.25rem;margin:2rem 0 .6rem;border-bottom:1px solid var(--line);padding-bottom:.3rem}
h3{font-size:1rem;margin:1.4rem 0 .4rem;overflow-wrap:anywhere}
.meta,.muted{color:var(--muted)}
a{color:#0550ae}
dl.totals{display:flex;flex-wrap:wrap;gap:.6rem;margin:1rem 0}
dl.totals div{border:1px solid var(--line);border-radius:6px;padding:.5rem .8rem;min-width:8rem;background:var(--soft)}
dl.totals dt{font-size:.8rem;color:var(--muted)}dl.totals dd{margin:0;font-size:1.3rem;font-weight:600}
.error{color:var(--error)}.warning{color:var(--warning)}.info{color:var(--info)}
.controls{margin:.5rem 0}.controls input{font:inherit;padding:.3rem .5rem;width:20rem;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:var(--soft);white-space:nowrap}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
td.path{overflow-wrap:anywhere}
th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit}
th[aria-sort=ascending] button::after{content:" \\25B2"}th[aria-sort=descending] button::after{content:" \\25BC"}
.score-low{color:var(--error);font-weight:600}
svg.chart{max-width:100%;height:auto}svg.chart text{font:12px system-ui,sans-serif;fill:var(--fg)}svg.chart rect{fill:var(--bar)}
svg.chart a:hover text{text-decoration:underline}
ol.findings{padding-left:1.2rem}ol.findings li{margin:.5rem 0}
.sev{font-size:.75rem;font-weight:600;text-transform:uppercase}
pre.line{background:var(--soft);border:1px solid var(--line);border-radius:4px;padding:.3rem .5rem;margin:.25rem 0;white-space:pre-wrap;overflow-wrap:anywhere;font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre.line .ln{color:var(--muted);user-select:none}
mark{background:#fff8c5;outline:1px solid #d4a72c;color:inherit}
.detail{color:var(--muted);font-size:.85rem;margin:.1rem 0}
@media print{body{max-width:none;padding:0;font-size:11pt}.controls,.top{display:none}a{color:inherit;text-decoration:none}
section.report{break-inside:avoid-page}tr,li{break-inside:avoid}th{background:none}mark{outline:1px solid #000}}
"""

_SCRIPT = """
(function(){
var table=document.getElementById("reports");if(!table)return;
var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows),heads=table.tHead.rows[0].cells;
var controls=document.getElementById("controls"),filter=document.getElementById("filter"),shown=document.getElementById("shown");
controls.hidden=false;
function key(row,i,numeric){var cell=row.cells[i];return numeric?Number(cell.getAttribute("data-v")):cell.textContent.toLowerCase();}
Array.prototype.forEach.call(heads,function(th,i){
var button=document.createElement("button");button.type="button";button.textContent=th.textContent;th.textContent="";th.appendChild(button);
button.addEventListener("click",function(){
var ascending=th.getAttribute("aria-sort")!=="ascending",numeric=th.classList.contains("n");
Array.prototype.forEach.call(heads,function(other){other.removeAttribute("aria-sort");});
th.setAttribute("aria-sort",ascending?"ascending":"descending");
var sorted=rows.slice().sort(function(a,b){var x=key(a,i,numeric),y=key(b,i,numeric);
var order=x<y?-1:x>y?1:0;if(!ascending)order=-order;return order||Number(a.getAttribute("data-i"))-Number(b.getAttribute("data-i"));});
sorted.forEach(function(row){body.appendChild(row);});});});
filter.addEventListener("input",function(){var q=filter.value.toLowerCase(),n=0;
rows.forEach(function(row){var hide=q!==""&&row.textContent.toLowerCase().indexOf(q)<0;row.hidden=hide;if(!hide)n++;});
shown.textContent=n+" of "+rows.length+" reports";});
})();
"""


def _text(text: str) -> str:
    """Report text for HTML: control characters made visible, markup escaped."""
    return escape(safe(text), quote=True)


def _source(text: str) -> str:
    """A piece of a source line for ``<pre>``: as :func:`_text`, but tabs kept."""
    return "\t".join(_text(part) for part in text.split("\t"))


def _hash(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


def _totals(result: RunResult, rows: list[ReportRow]) -> str:
    counts = result.counts()
    with_findings = sum(1 for row in rows if row.findings)
    profiles = ", ".join(f"{_text(name)} ({n})" for name, n in profile_counts(rows)) or "–"
    cells = [
        ("Files checked", str(len(rows)), ""),
        ("Reports with findings", str(with_findings), ""),
        *((f"{severity.value.capitalize()}{'' if severity is Severity.INFO else 's'}", str(counts[severity]), severity.value) for severity in SEVERITIES),
    ]
    items = "".join(f'<div><dt>{label}</dt><dd class="{css}">{value}</dd></div>' if css else f"<div><dt>{label}</dt><dd>{value}</dd></div>" for label, value, css in cells)
    items += f'<div><dt>Profiles</dt><dd class="profiles">{profiles}</dd></div>'
    errors = f'<p class="error">{plural(result.errors, "file or rule error")} kept files from being checked fully; the command\'s standard error names them.</p>' if result.errors else ""
    return f'<dl class="totals">{items}</dl>{errors}'


def _table(rows: list[ReportRow]) -> str:
    other = any(row.families[OTHER] for row in rows)
    families = [*FAMILIES, OTHER] if other else list(FAMILIES)
    head = "".join([
        '<th scope="col">Report</th><th scope="col">Profile</th>',
        *(f'<th scope="col" class="n">{"Other" if family == OTHER else family}</th>' for family in families),
        '<th scope="col" class="n">Findings</th><th scope="col" class="n" title="Checks passed, in percent">Quality</th>',
    ])
    body = []
    for index, row in enumerate(rows):
        path = _text(row.path)
        link = f'<a href="#r{index}">{path}</a>' if row.findings else path
        score = row.score
        if score is None:
            score_cell = '<td class="n" data-v="-1">–</td>'
        else:
            low = " score-low" if score < 90 else ""
            score_cell = f'<td class="n{low}" data-v="{score}" title="{row.passed} of {plural(row.checks, "check")} passed">{score}%</td>'
        body.append("".join([
            f'<tr data-i="{index}"><td class="path">{link}</td><td>{_text(row.profile) or "–"}</td>',
            *(f'<td class="n" data-v="{row.families[family]}">{row.families[family] or ""}</td>' for family in families),
            f'<td class="n" data-v="{len(row.findings)}">{len(row.findings)}</td>{score_cell}</tr>',
        ]))
    controls = (
        '<p class="controls" id="controls" hidden><label>Filter reports: <input id="filter" type="search" '
        f'placeholder="path or profile" autocomplete="off"></label> <span id="shown" class="muted">{plural(len(rows), "report")}</span></p>'
    )
    return f'{controls}<table id="reports"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _chart(result: RunResult) -> str:
    counts = rule_counts(result)
    if not counts:
        return '<p class="muted">No findings.</p>'
    label_width, bar_width, row_height, width = 330, 380, 22, 760
    peak = counts[0].count
    bars = []
    for i, rule in enumerate(counts):
        y = i * row_height
        length = max(1, round(bar_width * rule.count / peak))
        label = f'<text x="0" y="{y + 15}">{_text(rule.code)} {_text(rule.name)}</text>'
        url = doc_link(rule.url)
        if url:
            label = f'<a href="{escape(url, quote=True)}">{label}</a>'
        bars.append(
            f'<g><title>{_text(rule.code)} {_text(rule.name)}: {plural(rule.count, "finding")}</title>{label}'
            f'<rect x="{label_width}" y="{y + 4}" width="{length}" height="{row_height - 8}" rx="2"></rect>'
            f'<text x="{label_width + length + 6}" y="{y + 15}">{rule.count}</text></g>'
        )
    height = len(counts) * row_height
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-label="Findings per rule">{"".join(bars)}</svg>'
    )


def _excerpt(finding: Finding, result: RunResult) -> str:
    """The finding's first line with the flagged characters in ``<mark>``; "" for a whole-document finding."""
    lines = result.lines.get(finding.path, ())
    start, end = finding.span.start, finding.span.end
    if not 0 < start.line <= len(lines):
        return ""
    line = lines[start.line - 1]
    begin = min(start.column - 1, len(line))
    stop = end.column - 1 if end.line == start.line else len(line)
    stop = min(max(stop, begin), len(line))
    if stop == begin:
        return ""
    before, flagged, after = line[:begin], line[begin:stop], line[stop:]
    if len(before) > CONTEXT:
        before = "…" + before[-CONTEXT:]
    if len(flagged) > MAX_FLAGGED:
        flagged = flagged[:MAX_FLAGGED] + "…"
    if len(after) > CONTEXT:
        after = after[:CONTEXT] + "…"
    return f'<pre class="line"><span class="ln">{start.line} │ </span>{_source(before)}<mark>{_source(flagged)}</mark>{_source(after)}</pre>'


def _finding(finding: Finding, result: RunResult) -> str:
    start = finding.span.start
    code = _text(finding.code)
    url = doc_link(finding.url)
    if url:
        code = f'<a href="{escape(url, quote=True)}">{code}</a>'
    detail = f'<p class="detail">{_text(finding.detail)}</p>' if finding.detail else ""
    return (
        f'<li><span class="muted">{start.line}:{start.column}</span> <span class="sev {finding.severity.value}">{finding.severity.value}</span> '
        f'<strong>{code}</strong> <span class="muted">{_text(finding.name)}</span>: {_text(finding.message)}'
        f"{_excerpt(finding, result)}{detail}</li>"
    )


def _reports(rows: list[ReportRow], result: RunResult) -> str:
    sections = []
    for index, row in enumerate(rows):
        if not row.findings:
            continue
        profile = f"profile {_text(row.profile)}, " if row.profile else ""
        score = f", quality {row.score}%" if row.score is not None else ""
        sections.append(
            f'<section class="report" id="r{index}"><h3>{_text(row.path)}</h3>'
            f'<p class="meta">{profile}{plural(len(row.findings), "finding")}{score} <a class="top" href="#top">back to the table</a></p>'
            f'<ol class="findings">{"".join(_finding(f, result) for f in row.findings)}</ol></section>'
        )
    return "".join(sections) or '<p class="muted">No report has findings.</p>'


def dashboard(result: RunResult) -> str:
    rows = report_rows(result)
    policy = f"default-src 'none'; style-src '{_hash(_STYLE)}'; script-src '{_hash(_SCRIPT)}'; img-src data:; form-action 'none'; base-uri 'none'"
    version = f"reportlint {_text(result.version)}" if result.version else "reportlint"
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>reportlint report</title>",
        f"<style>{_STYLE}</style></head>",
        '<body><header id="top"><h1>reportlint report</h1>',
        f'<p class="meta">{version}. Quality: the share of the checks (rules run on a report) that give it no warning or error.</p></header>',
        f"<main>{_totals(result, rows)}",
        f'<h2>Reports</h2>{_table(rows)}',
        f'<h2>Findings per rule</h2>{_chart(result)}',
        f'<h2>Findings by report</h2>{_reports(rows, result)}</main>',
        f"<script>{_SCRIPT}</script></body></html>",
        "",
    ])
