"""An alert lacks an annotation the policy requires beyond summary and the URLs.

Why: teams add their own contract (``description``, ``impact``) in the
policy's ``annotations.required``. summary, runbook_url and dashboard_url have
their own rules (IC108, IC101, IC102); this rule covers the rest.

Bad (with ``annotations.required: [summary, runbook_url, dashboard_url, impact]``):

```yaml
groups:
  - name: checkout
    rules:
      - alert: CheckoutErrorRateHigh
        expr: sum by (service, region) (rate(http_requests_total{service="checkout",code=~"5.."}[5m])) > 1
        annotations: {summary: Checkout is failing requests}
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
          impact: Customers cannot complete a purchase
```

Options: none; the annotations are the policy's ``annotations.required``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from incidentctl.findings import Severity, Violation
from incidentctl.lint.required import missing_or_empty
from incidentctl.lint.rule import Options, Target
from incidentctl.sources.prometheus import Rule

ID = "IC113"
NAME = "prometheus/required-annotation"
TARGET = Target.ALERT
DEFAULT_SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {},
}
_DEDICATED = frozenset(("summary", "runbook_url", "dashboard_url"))


def check(target: Rule, options: Options) -> Iterator[Violation]:
    """Report each required annotation that no dedicated rule covers."""
    for name in options.policy.required_annotations:
        if name not in _DEDICATED:
            yield from missing_or_empty(target, "annotations", name)


# The policy the Bad example above is linted with (tests/test_rule_docs.py).
DOC_POLICY: dict[str, Any] = {
    "annotations": {"required": ["summary", "runbook_url", "dashboard_url", "impact"]}
}
