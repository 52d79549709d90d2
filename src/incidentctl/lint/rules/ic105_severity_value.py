"""An alert's severity is not one of the policy's severities.

Why: Alertmanager routes on the exact value. ``critical``, ``p1`` or ``SEV1``
match no severity route, so the alert falls to the hygiene channel and pages
nobody. The message suggests the policy value you probably meant. Values that
vendored rules use can be mapped onto the scale with the policy's
``severity_map`` (``{critical: P1, warning: P2}``) instead of editing them.

Bad:

```yaml
groups:
  - name: checkout
    rules:
      - alert: CheckoutErrorRateHigh
        expr: sum by (service, region) (rate(http_requests_total{service="checkout",code=~"5.."}[5m])) > 1
        for: 5m
        labels:
          severity: critical
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

Options: none; the valid values are the policy's ``severities``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from incidentctl.findings import Severity, Violation
from incidentctl.lint.rule import Options, Target
from incidentctl.sources.prometheus import Rule

ID = "IC105"
NAME = "prometheus/severity-value"
TARGET = Target.ALERT
DEFAULT_SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {},
}

# Common foreign spellings, by rank on a four-step scale (0 = highest).
_FOREIGN_RANK = {
    "critical": (0, 1),
    "crit": (0, 1),
    "page": (0, 1),
    "emergency": (0,),
    "fatal": (0,),
    "high": (1,),
    "error": (1,),
    "major": (1,),
    "urgent": (0, 1),
    "warning": (2,),
    "warn": (2,),
    "medium": (2,),
    "minor": (2,),
    "moderate": (2,),
    "info": (3,),
    "low": (3,),
    "notice": (3,),
    "none": (3,),
    "debug": (3,),
    "ticket": (2, 3),
}
_NUMBERED = re.compile(r"(?:p|sev|s|severity)?[-_ ]?(\d)\Z", re.IGNORECASE)


def check(target: Rule, options: Options) -> Iterator[Violation]:
    """Report a severity value the policy does not know."""
    policy = options.policy
    value = target.labels.get(policy.severity_label)
    if value is None or not value.strip():
        return  # missing or empty: IC104
    level, _mapped = policy.resolve_severity(value)
    if level is not None:
        return
    names = policy.severity_names
    line, column = target.label_value_pos("labels", policy.severity_label)
    suggestion = suggest(value, names)
    hint = f"did you mean {suggestion}?" if suggestion else None
    message = (
        f'severity "{value}" of alert "{target.name}" is not one of {", ".join(names)}'
    )
    yield Violation(message + (f"; {hint}" if hint else ""), line, column, hint=hint)


def suggest(value: str, names: tuple[str, ...]) -> str | None:
    """The policy severity (or two) that value most likely means."""
    lowered = {name.lower(): name for name in names}
    if value.lower() in lowered:
        return lowered[value.lower()]
    numbered = _NUMBERED.match(value.strip())
    if numbered:
        for name in names:
            if name.endswith(numbered.group(1)):
                return name
    ranks = _FOREIGN_RANK.get(value.strip().lower())
    if ranks is not None and len(names) >= 2:
        scale = len(names)
        picks = sorted(
            {names[min(round(rank * (scale - 1) / 3), scale - 1)] for rank in ranks},
            key=names.index,
        )
        return " or ".join(picks) if len(picks) <= 2 else None
    close = difflib.get_close_matches(value, names, n=1, cutoff=0.6)
    return close[0] if close else None
