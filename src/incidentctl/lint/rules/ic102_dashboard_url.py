"""An alert has no dashboard_url annotation, or an empty one.

Why: the first thing the on-call does after the ack is glance at the dashboard.
The link in the page body saves the minute spent finding it, and shows whether
the symptom is one service or the whole region.

Bad:

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
          dashboard_url: ""
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
from incidentctl.lint.required import missing_or_empty
from incidentctl.lint.rule import Options, Target
from incidentctl.sources.prometheus import Rule

ID = "IC102"
NAME = "prometheus/dashboard-url"
TARGET = Target.ALERT
DEFAULT_SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {},
}


def check(target: Rule, options: Options) -> Iterator[Violation]:
    """Report a missing or empty dashboard_url annotation."""
    if "dashboard_url" in options.policy.required_annotations:
        yield from missing_or_empty(target, "annotations", "dashboard_url")
