"""An alert has no summary annotation, or an empty one.

Why: the summary is the one line the on-call reads on the phone's lock screen
and the title of the PagerDuty incident. Without it the page says only the alert
name. A warning by default: the alert still routes.

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
from incidentctl.lint.required import missing_or_empty
from incidentctl.lint.rule import Options, Target
from incidentctl.sources.prometheus import Rule

ID = "IC108"
NAME = "prometheus/summary"
TARGET = Target.ALERT
DEFAULT_SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {},
}


def check(target: Rule, options: Options) -> Iterator[Violation]:
    """Report a missing or empty summary annotation."""
    if "summary" in options.policy.required_annotations:
        yield from missing_or_empty(target, "annotations", "summary")
