"""The JSON envelope (version 1): public; see schemas/lint-output.schema.json."""

from __future__ import annotations

import json
from typing import Any

from incidentctl import __version__
from incidentctl.findings import Finding, Severity
from incidentctl.lint.engine import LintResult

VERSION = 1


def render(result: LintResult) -> str:
    """Render the whole result as one deterministic JSON document.

    The summary is indented; each finding is one line. (``json`` falls back to
    its pure-Python encoder whenever ``indent`` is set, which made encoding the
    slowest step of a large run.)
    """
    data = envelope(result)
    head = {key: value for key, value in data.items() if key != "findings"}
    lines = json.dumps(head, indent=2, ensure_ascii=False).splitlines()[:-1]
    lines[-1] += ","
    findings = [
        "    " + json.dumps(finding, ensure_ascii=False, separators=(", ", ": "))
        for finding in data["findings"]
    ]
    if findings:
        body = ['  "findings": [', ",\n".join(findings), "  ]"]
    else:
        body = ['  "findings": []']
    return "\n".join([*lines, *body, "}"]) + "\n"


def envelope(result: LintResult) -> dict[str, Any]:
    """The envelope as a dict (SARIF and tests build on it)."""
    return {
        "version": VERSION,
        "tool": {"name": "incidentctl", "version": __version__},
        "summary": {
            "files": result.files,
            "groups": result.groups,
            "alerts": result.alerts,
            "records": result.records,
            "findings": len(result.findings),
            "errors": result.count(Severity.ERROR),
            "warnings": result.count(Severity.WARNING),
            "infos": result.count(Severity.INFO),
            "suppressed": result.suppressed,
            "findings_by_rule": result.by_rule(),
            "skipped_documents": [
                {"path": path, "line": line, "kind": kind}
                for path, line, kind in result.skipped
            ],
        },
        "findings": [_finding(finding) for finding in result.findings],
    }


def _finding(finding: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "rule_id": finding.rule_id,
        "rule_name": finding.rule_name,
        "severity": finding.severity.value,
        "message": finding.message,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
    }
    if finding.end_line is not None:
        out["end_line"] = finding.end_line
        out["end_column"] = finding.end_column
    if finding.hint:
        out["hint"] = finding.hint
    return out
