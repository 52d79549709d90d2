"""An alert has no runbook_url annotation, or an empty one.

Why: the page is only actionable when it links to what to do. PagerDuty shows the
runbook link in the incident; without it the on-call searches for the runbook by
alert name at 3 a.m. (the "page that wasn't actionable"). Point it at the
repository (rendered Markdown), not a wiki that may be down with the incident.

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

Options: none. Legacy alerts can be given time with
``# incidentctl snooze=YYYY-MM-DD IC101 reason="..."``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from incidentctl.findings import Severity, Violation
from incidentctl.lint.required import missing_or_empty
from incidentctl.lint.rule import Options, Target
from incidentctl.sources.prometheus import Rule

ID = "IC101"
NAME = "prometheus/runbook-url"
TARGET = Target.ALERT
DEFAULT_SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {},
}


def check(target: Rule, options: Options) -> Iterator[Violation]:
    """Report a missing or empty runbook_url annotation."""
    if "runbook_url" in options.policy.required_annotations:
        yield from missing_or_empty(target, "annotations", "runbook_url")
