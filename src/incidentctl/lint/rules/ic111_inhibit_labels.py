"""An alert lacks a label that an inhibit rule it takes part in compares.

Why: the "silent inhibit". The policy's inhibit rules (by default a P0
silences P1–P3 with the same ``service`` and ``region``) compare the
``equal`` labels; Alertmanager treats a label missing on both sides as equal,
so a P0 without ``region`` can silence every region's P1, and a P1 without it
is silenced by any region's P0. A label counts as present when the alert sets it
statically, when the expression can produce it (``sum by (service, region)``,
or raw series that may carry it), or when Prometheus adds it as an external
label (option ``external_labels``). The rule fires only when the label is
provably absent: aggregated away, or never set.

Bad:

```yaml
groups:
  - name: checkout
    rules:
      - alert: CheckoutErrorRateHigh
        expr: sum by (service) (rate(http_requests_total{service="checkout",code=~"5.."}[5m])) > 1
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

Options:

- ``external_labels`` (list, default ``[]``): labels your Prometheus adds to
  every alert (``global.external_labels``), e.g. ``[region]``.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from incidentctl.findings import Severity, Violation
from incidentctl.lint.rule import Options, Target
from incidentctl.sources import promql
from incidentctl.sources.prometheus import Rule
from incidentctl.sources.promql_labels import OutputLabels, output_labels

ID = "IC111"
NAME = "prometheus/inhibit-labels"
TARGET = Target.ALERT
DEFAULT_SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "external_labels": {"type": "array", "items": {"type": "string"}, "default": []}
    },
}


def check(target: Rule, options: Options) -> Iterator[Violation]:
    """Report each inhibit equal label the alert provably lacks."""
    policy = options.policy
    value = target.labels.get(policy.severity_label)
    if value is None:
        return
    level, mapped = policy.resolve_severity(value)
    if level is None:
        return
    needed: dict[str, None] = {}
    for rule in policy.inhibit_rules:
        if level in rule.source or level in rule.target:
            needed.update(dict.fromkeys(rule.equal))
    shown = f"{value} → {level}, severity_map" if mapped else level
    missing = [name for name in needed if _provably_missing(target, name, options)]
    if missing:
        line, column = (
            target.key_pos("labels")
            if "labels" in target.raw
            else target.key_pos("alert")
        )
        names = ", ".join(missing)
        yield Violation(
            f'alert "{target.name}" ({shown}) takes part in an inhibit rule on {", ".join(needed)} '
            f"but can never carry {names}: add {'it' if len(missing) == 1 else 'them'} as a label "
            "or keep it in the expression's aggregation",
            line,
            column,
        )


def _provably_missing(alert: Rule, name: str, options: Options) -> bool:
    if name in alert.labels:
        return not alert.labels[name].strip()  # an empty label removes the label
    if name in options["external_labels"]:
        return False
    if alert.expr is None:
        return False  # IC002 reports the missing expression
    labels = _expression_labels(alert.expr)
    return labels is not None and labels.provably_missing(name)


@lru_cache(maxsize=4096)
def _expression_labels(expr: str) -> OutputLabels | None:
    """The labels an expression can output (None when it does not parse: IC110)."""
    tree = promql.parse(expr)
    return None if isinstance(tree, str) else output_labels(tree)
