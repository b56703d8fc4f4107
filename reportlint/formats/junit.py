"""``junit``: JUnit XML, one testsuite per file and one failing testcase per finding.

A file without findings gets one passing testcase, so CI test views list every file checked.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from reportlint._finding import Finding
from reportlint.formats import RunResult

# Characters XML 1.0 cannot carry, even escaped, plus CR, DEL and the C1 controls (a terminal's CSI).
_NOT_XML = re.compile("[^\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    """Text with the characters above shown as escapes (``\\x1b``), as the text formats do."""
    return _NOT_XML.sub(lambda match: repr(match.group())[1:-1], text)


def _testsuite(path: str, findings: Sequence[Finding]) -> ET.Element:
    suite = ET.Element("testsuite", {
        "name": _xml_text(path), "tests": str(max(len(findings), 1)), "failures": str(len(findings)), "errors": "0",
    })
    if not findings:
        ET.SubElement(suite, "testcase", {"name": "reportlint", "classname": _xml_text(path), "file": _xml_text(path)})
    for finding in findings:
        start = finding.span.start
        case = ET.SubElement(suite, "testcase", {
            "name": f"reportlint.{finding.code}", "classname": _xml_text(path), "file": _xml_text(path),
            "line": str(start.line), "col": str(start.column),
        })
        message = _xml_text(finding.message)
        failure = ET.SubElement(case, "failure", {"message": message, "type": finding.severity.value})
        failure.text = f"line {start.line}, col {start.column}, {message}"
    return suite


def junit_xml(result: RunResult) -> str:
    by_path: dict[str, list[Finding]] = {path: [] for path in result.files}
    for finding in result.findings:
        by_path.setdefault(finding.path, []).append(finding)
    if not by_path:
        by_path["reportlint"] = []
    root = ET.Element("testsuites", {
        "name": "reportlint",
        "tests": str(sum(max(len(found), 1) for found in by_path.values())),
        "failures": str(len(result.findings)),
        "errors": "0",
    })
    root.extend(_testsuite(path, found) for path, found in sorted(by_path.items()))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
