"""A suppression comment is malformed, names an unknown rule, or has no reason.

Why: a suppression is a decision someone must be able to read later. Each one
names the rules it silences and why: ``# incidentctl disable=IC102 reason="..."``
on or directly above a rule, ``# incidentctl disable-file=IC106 reason="..."``
for a whole file, or ``# incidentctl snooze=2027-01-31 IC101 reason="..."``
until a date. A comment that says none of this clearly is itself a finding, as is
(with ``--report-unused-suppressions``) one that silences nothing.

Bad:

```yaml
groups:
  - name: checkout
    rules:
      # incidentctl disable=IC102
      - alert: CheckoutDown
        expr: sum by (service, region) (up{job="checkout"}) == 0
        for: 2m
        labels: {severity: P0, service: checkout, team: payments}
        annotations:
          summary: Checkout has no running instance
          runbook_url: https://github.com/acme/platform/blob/main/runbooks/checkout-down.md
```

Good:

```yaml
groups:
  - name: checkout
    rules:
      # incidentctl disable=IC102 reason="dashboard is being rebuilt, OPS-1234"
      - alert: CheckoutDown
        expr: sum by (service, region) (up{job="checkout"}) == 0
        for: 2m
        labels: {severity: P0, service: checkout, team: payments}
        annotations:
          summary: Checkout has no running instance
          runbook_url: https://github.com/acme/platform/blob/main/runbooks/checkout-down.md
```

Options: none. IC003 itself cannot be suppressed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from incidentctl.findings import Severity, Violation
from incidentctl.lint import suppressions
from incidentctl.lint.rule import Options, Target
from incidentctl.sources.prometheus import RuleFile

ID = "IC003"
NAME = "suppression/malformed"
TARGET = Target.FILE
DEFAULT_SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {},
}


def check(target: RuleFile, options: Options) -> Iterator[Violation]:
    """Report every suppression comment that cannot be understood."""
    from incidentctl.lint.registry import rule_lookup

    for problem in suppressions.parse(target, rule_lookup()).problems:
        yield Violation(problem.message, problem.line, problem.column)
