"""An alert's service label names no Component in the catalog.

Why: the service label is how a page finds its owner. When it names nothing in
the catalog (a typo, a renamed service), routing, runbooks and the on-call
lookup all fall through. The label value maps to an entity through the
policy's ``catalog.service_ref`` (default ``component:default/{value}``); the
message suggests the nearest Component. Skipped when no catalog is loaded.

Bad (with a catalog holding Component ``checkout`` only):

```yaml
groups:
  - name: checkout
    rules:
      - alert: CheckoutErrorRateHigh
        expr: sum by (service, region) (rate(http_requests_total{service="checkout",code=~"5.."}[5m])) > 1
        for: 5m
        labels:
          severity: P1
          service: chekout
          team: payments
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

Options: none; the mapping is the policy's ``catalog.service_ref``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from incidentctl.findings import Severity, Violation
from incidentctl.lint.defaults import origin
from incidentctl.lint.rule import Options, Target
from incidentctl.ownership import service_ref
from incidentctl.sources.prometheus import Rule

ID = "IC301"
NAME = "cross/alert-service"
TARGET = Target.ALERT
DEFAULT_SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {},
}


def check(target: Rule, options: Options) -> Iterator[Violation]:
    """Resolve the service label to a Component."""
    catalog, policy = options.catalog, options.policy
    value = target.labels.get(policy.service_label, "").strip()
    if catalog is None or not value:
        return
    ref = service_ref(policy, value)
    if catalog.find(ref) is not None:
        return
    names = sorted({e.name for e in catalog.of_kind(ref.kind)})
    close = difflib.get_close_matches(value, names, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]}?" if close else None
    line, column = target.label_value_pos("labels", policy.service_label)
    where = origin(target, policy.service_label)
    message = (
        f'service "{value}"{where} of alert "{target.name}" names {ref}, '
        "which is not in the catalog"
    )
    yield Violation(message + (f"; {hint}" if hint else ""), line, column, hint=hint)
