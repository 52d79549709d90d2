"""--changed-since: keep the findings of the rules whose text changed.

Every file is still linted (cross-file checks such as duplicates and the
catalog see the whole workspace); a finding is kept when it lies in a rule that
a changed line touches, or, for file-level findings, when its file changed.
"""

from __future__ import annotations

import os

from incidentctl.findings import Finding
from incidentctl.sources.prometheus import load_rule_file


def keep_changed(
    findings: list[Finding], changed: dict[str, list[tuple[int, int]]]
) -> list[Finding]:
    """The findings that belong to changed rules (or changed files)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    kept = []
    for finding in findings:
        real = os.path.realpath(finding.path)
        hunks = changed.get(real)
        if not hunks:
            continue
        if real not in spans:
            spans[real] = [
                (rule.line, rule.end_line) for rule in load_rule_file(real).rules
            ]
        rule_span = next((s for s in spans[real] if s[0] <= finding.line <= s[1]), None)
        if rule_span is None or any(_overlap(rule_span, hunk) for hunk in hunks):
            kept.append(finding)
    return kept


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]
