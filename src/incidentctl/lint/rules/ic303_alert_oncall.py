"""An alert's service is owned by a team that has no on-call mapping.

Why: the alert is owned on paper only: nobody can be paged for it. The mapping
is one of the policy's ``catalog.oncall_annotations`` on the Component or its
owner Group (the same test as IC205, seen from the alert). Skipped when no
catalog is loaded or the service is unknown (IC301).

Bad (team-payments and checkout carry no on-call annotation):

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

Options: none; the annotations are the policy's ``catalog.oncall_annotations``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from incidentctl.findings import Severity, Violation
from incidentctl.lint.defaults import origin
from incidentctl.lint.rule import Options, Target
from incidentctl.ownership import has_oncall, owner_of, service_ref
from incidentctl.sources.prometheus import Rule

ID = "IC303"
NAME = "cross/alert-oncall"
TARGET = Target.ALERT
DEFAULT_SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {},
}


def check(target: Rule, options: Options) -> Iterator[Violation]:
    """Report an alert whose service nobody can be paged for."""
    catalog, policy = options.catalog, options.policy
    service = target.labels.get(policy.service_label, "").strip()
    if catalog is None or not service:
        return
    component = catalog.find(service_ref(policy, service))
    if component is None:
        return
    owner = owner_of(component, catalog)
    if not has_oncall(
        component, owner, list(policy.data["catalog"]["oncall_annotations"])
    ):
        line, column = target.label_value_pos("labels", policy.service_label)
        who = owner.ref if owner is not None else component.spec.get("owner", "nobody")
        yield Violation(
            f'service "{service}"{origin(target, policy.service_label)} of alert '
            f'"{target.name}" is owned by {who}, which has no on-call mapping',
            line,
            column,
        )


# The catalog the Bad example above is linted with (tests/test_rule_docs.py).
DOC_CATALOG = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: checkout}
spec: {type: service, lifecycle: production, owner: payments}
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: payments}
spec: {type: team, children: []}
"""
