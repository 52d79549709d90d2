"""GitHub Actions workflow commands (``::error file=…``) per file, and a step summary.

GitHub shows at most 10 annotations of each level per step; everything beyond
that goes into a Markdown table for ``$GITHUB_STEP_SUMMARY`` (the CLI appends it
when the variable is set).
"""

from __future__ import annotations

from itertools import groupby

from incidentctl.findings import Finding, Severity
from incidentctl.lint.engine import LintResult

ANNOTATION_LIMIT = 10
_COMMAND = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def annotation(finding: Finding) -> str:
    """One workflow command for one finding."""
    end_line = finding.end_line or finding.line
    properties = (
        f"file={_property(finding.path)},line={finding.line},col={finding.column},"
        f"endLine={end_line},"
        f"title={_property(finding.rule_id + ' ' + finding.rule_name)}"
    )
    return f"::{_COMMAND[finding.severity]} {properties}::{_data(finding.message)}"


def render(result: LintResult) -> str:
    """Annotations grouped per file, then a one-line summary."""
    lines: list[str] = []
    for path, group in groupby(result.findings, key=lambda f: f.path):
        lines.append(f"::group::{_data(path)}")
        lines.extend(annotation(finding) for finding in group)
        lines.append("::endgroup::")
    total = len(result.findings)
    errors = result.count(Severity.ERROR)
    lines.append(
        f"incidentctl: {total} problem{'s' if total != 1 else ''} ({errors} error"
        f"{'s' if errors != 1 else ''}) in {result.files} "
        f"file{'s' if result.files != 1 else ''}"
    )
    return "\n".join(lines) + "\n"


def step_summary(result: LintResult) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: counts, and what GitHub will not annotate."""
    shown: dict[Severity, int] = {}
    overflow = []
    for finding in result.findings:
        shown[finding.severity] = shown.get(finding.severity, 0) + 1
        if shown[finding.severity] > ANNOTATION_LIMIT:
            overflow.append(finding)
    out = [
        "### incidentctl lint",
        "",
        f"{len(result.findings)} problems ({result.count(Severity.ERROR)} errors, "
        f"{result.count(Severity.WARNING)} warnings) in {result.files} files; "
        f"{result.alerts} alerts and {result.records} recording rules checked.",
        "",
    ]
    if overflow:
        out += [
            f"GitHub annotates {ANNOTATION_LIMIT} findings of each level per step; "
            f"the other {len(overflow)} are here:",
            "",
            "| location | rule | severity | message |",
            "|---|---|---|---|",
        ]
        out += [
            f"| `{f.path}:{f.line}:{f.column}` | {f.rule_id} | {f.severity.value} | "
            f"{_cell(f.message)} |"
            for f in overflow
        ]
        out.append("")
    return "\n".join(out) + "\n"
