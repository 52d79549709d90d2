"""An alert's team label disagrees with the owner of its service's Component.

Why: the team label routes the page (per-team receivers) while the catalog says
who owns the service; when they disagree, one of them pages the wrong team.
The team label maps to an entity through ``catalog.team_ref`` (default
``group:default/{value}``). Skipped when no catalog is loaded or the service
is unknown (IC301).

Bad (checkout is owned by team-payments):

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
          team: catalog
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

Options: none; the mapping is the policy's ``catalog.team_ref``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from incidentctl.findings import Severity, Violation
from incidentctl.lint.defaults import origin
from incidentctl.lint.rule import Options, Target
from incidentctl.ownership import owner_of, service_ref, team_ref
from incidentctl.sources.prometheus import Rule

ID = "IC302"
NAME = "cross/alert-team"
TARGET = Target.ALERT
DEFAULT_SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {},
}


def check(target: Rule, options: Options) -> Iterator[Violation]:
    """Compare the team label with the Component's owner."""
    catalog, policy = options.catalog, options.policy
    service = target.labels.get(policy.service_label, "").strip()
    team = target.labels.get(policy.team_label, "").strip()
    if catalog is None or not service or not team:
        return
    component = catalog.find(service_ref(policy, service))
    owner = owner_of(component, catalog) if component is not None else None
    if owner is None:
        return
    wanted = team_ref(policy, team)
    if wanted != owner.ref:
        line, column = target.label_value_pos("labels", policy.team_label)
        yield Violation(
            f'team "{team}"{origin(target, policy.team_label)} of alert "{target.name}" '
            f"is {wanted}, but {component.ref} "
            f"is owned by {owner.ref}",
            line,
            column,
        )
