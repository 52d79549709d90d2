"""An alert lacks a label the policy requires beyond severity, team and service.

Why: teams add their own contract (``tier``, ``component``, ``slo``) in the
policy's ``labels.required``. Severity, team and service have their own rules
(IC104, IC106, IC107) with their own explanations; this rule covers the rest.

Bad (with ``labels.required: [severity, service, team, tier]``):

```yaml
groups:
  - name: checkout
    rules:
      - alert: CheckoutErrorRateHigh
        expr: sum by (service, region) (rate(http_requests_total{service="checkout",code=~"5.."}[5m])) > 1
        labels: {severity: P1, service: checkout, team: payments}
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
          tier: "1"
        annotations:
          summary: Checkout is failing requests
          runbook_url: https://github.com/acme/platform/blob/main/runbooks/checkout-error-rate-high.md
          dashboard_url: https://grafana.acme.io/d/checkout
```

Options: none; the labels are the policy's ``labels.required``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from incidentctl.findings import Severity, Violation
from incidentctl.lint.required import missing_or_empty
from incidentctl.lint.rule import Options, Target
from incidentctl.sources.prometheus import Rule

ID = "IC112"
NAME = "prometheus/required-label"
TARGET = Target.ALERT
DEFAULT_SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {},
}


def check(target: Rule, options: Options) -> Iterator[Violation]:
    """Report each required label that no dedicated rule covers."""
    policy = options.policy
    dedicated = {policy.severity_label, policy.team_label, policy.service_label}
    for label in policy.required_labels:
        if label not in dedicated:
            yield from missing_or_empty(target, "labels", label)


# The policy the Bad example above is linted with (tests/test_rule_docs.py).
DOC_POLICY: dict[str, Any] = {
    "labels": {"required": ["severity", "service", "team", "tier"]}
}
