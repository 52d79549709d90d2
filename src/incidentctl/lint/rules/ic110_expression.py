"""An expression is not valid PromQL, or a duration is not a Prometheus duration.

Why: Prometheus refuses to load a file with one broken expression, and an alert
whose ``for`` cannot be parsed never fires. The expression is parsed with a
full PromQL parser; ``for`` and ``keep_firing_for`` must look like ``5m``,
``1h30m`` or ``0`` (a bare number has no unit and is refused).

Bad:

```yaml
groups:
  - name: checkout
    rules:
      - alert: CheckoutErrorRateHigh
        expr: sum by (service, region) (rate(http_requests_total{service="checkout",code=~"5.."}[5m]) > 1
        for: 5 minutes
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

Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from incidentctl.duration import parse_duration
from incidentctl.findings import Severity, Violation
from incidentctl.lint.rule import Options, Target
from incidentctl.sources import promql
from incidentctl.sources.prometheus import Rule

ID = "IC110"
NAME = "prometheus/expression"
TARGET = Target.RULE
DEFAULT_SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {},
}


def check(target: Rule, options: Options) -> Iterator[Violation]:
    """Parse the expression and the durations."""
    if target.expr is not None:
        tree = promql.parse(target.expr)
        if isinstance(tree, str):
            line, column = target.value_pos("expr")
            yield Violation(
                f'invalid PromQL in {target.kind} "{target.name}": {tree}', line, column
            )
    for key, value in (
        ("for", target.for_),
        ("keep_firing_for", target.keep_firing_for),
    ):
        if value is not None and parse_duration(value) is None:
            line, column = target.value_pos(key)
            yield Violation(
                f'{key} "{value}" of {target.kind} "{target.name}" is not a duration (use 30s, 5m, 1h)',
                line,
                column,
            )
