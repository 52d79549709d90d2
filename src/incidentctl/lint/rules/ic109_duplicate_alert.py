"""The same alert (name and static labels) is defined twice in one file.

Why: two rules with the same name and labels produce alerts with the same
identity. Alertmanager merges them, so one silently hides the other, and a fix
to one copy leaves the other firing. Alerts of the same name that differ in a
label (e.g. ``severity: P2`` at 80 % and ``severity: P1`` at 95 %) are fine.

Bad:

```yaml
groups:
  - name: checkout
    rules:
      - alert: CheckoutErrorRateHigh
        expr: sum by (service, region) (rate(http_requests_total{service="checkout",code=~"5.."}[5m])) > 1
        for: 5m
        labels: {severity: P1, service: checkout, team: payments}
        annotations:
          summary: Checkout is failing requests
          runbook_url: https://github.com/acme/platform/blob/main/runbooks/checkout-error-rate-high.md
          dashboard_url: https://grafana.acme.io/d/checkout
      - alert: CheckoutErrorRateHigh
        expr: sum by (service, region) (rate(http_requests_total{service="checkout",code=~"5.."}[1m])) > 1
        for: 5m
        labels: {severity: P1, service: checkout, team: payments}
        annotations:
          summary: Checkout is failing requests
          runbook_url: https://github.com/acme/platform/blob/main/runbooks/checkout-error-rate-high.md
          dashboard_url: https://grafana.acme.io/d/checkout
```

Good:

```yaml
groups:
  - name: checkout
    rules:
      - alert: CheckoutErrorRateHigh
        expr: sum by (service, region) (rate(http_requests_total{service="checkout",code=~"5.."}[5m])) > 1
        for: 5m
        labels:
          severity: P1
          service: checkout
          team: payments
        annotations:
          summary: Checkout is failing requests
          runbook_url: https://github.com/acme/platform/blob/main/runbooks/checkout-error-rate-high.md
          dashboard_url: https://grafana.acme.io/d/checkout
```

Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from incidentctl.findings import Severity, Violation
from incidentctl.lint.rule import Options, Target
from incidentctl.sources.prometheus import Rule, RuleFile

ID = "IC109"
NAME = "prometheus/duplicate-alert"
TARGET = Target.FILE
DEFAULT_SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {},
}


def check(target: RuleFile, options: Options) -> Iterator[Violation]:
    """Report every alert whose name and labels repeat an earlier one of the file."""
    seen: dict[tuple[str, frozenset[tuple[str, str]]], Rule] = {}
    for rule in target.rules:
        if not rule.is_alert or not rule.name:
            continue
        identity = (rule.name, frozenset(rule.labels.items()))
        first = seen.setdefault(identity, rule)
        if first is rule:
            continue
        where = (
            "in the same group"
            if first.group is rule.group
            else f'in group "{first.group.name}"'
        )
        line, column = rule.key_pos("alert")
        yield Violation(
            f'alert "{rule.name}" with the same labels is already defined at line {first.line} ({where})',
            line,
            column,
        )
