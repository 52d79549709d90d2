"""SARIF 2.1.0 for code scanning: registry rules, stable fingerprints, no timestamps."""

from __future__ import annotations

import json
from typing import Any

from incidentctl import __version__
from incidentctl.findings import Finding, Severity
from incidentctl.lint.docs import DOCS_URL
from incidentctl.lint.engine import LintResult
from incidentctl.lint.registry import RULES
from incidentctl.lint.rule import summary_line

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(result: LintResult) -> str:
    """The SARIF log as deterministic JSON."""
    return json.dumps(log(result), indent=2, ensure_ascii=False) + "\n"


def log(result: LintResult) -> dict[str, Any]:
    """The SARIF log object."""
    index = {rule.ID: position for position, rule in enumerate(RULES)}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "incidentctl",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": "https://github.com/incidentctl/incidentctl",
                        "rules": [_rule(rule) for rule in RULES],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [
                    _result(finding, index[finding.rule_id])
                    for finding in result.findings
                ],
            }
        ],
    }


def _rule(rule: Any) -> dict[str, Any]:
    doc = (rule.__doc__ or "").strip()
    why = (
        doc.split("Why:", 1)[1].split("\n\n", 1)[0].strip()
        if "Why:" in doc
        else summary_line(rule)
    )
    return {
        "id": rule.ID,
        "name": rule.NAME,
        "shortDescription": {"text": summary_line(rule)},
        "fullDescription": {"text": " ".join(why.split())},
        "helpUri": DOCS_URL.format(id=rule.ID),
        "defaultConfiguration": {"level": _LEVEL[rule.DEFAULT_SEVERITY]},
    }


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    region: dict[str, int] = {"startLine": finding.line, "startColumn": finding.column}
    if finding.end_line is not None:
        region["endLine"] = finding.end_line
        if finding.end_column is not None:
            region["endColumn"] = finding.end_column
    return {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": finding.path, "uriBaseId": "%SRCROOT%"},
                    "region": region,
                }
            }
        ],
        "partialFingerprints": {"incidentctl/v1": finding.fingerprint},
    }
