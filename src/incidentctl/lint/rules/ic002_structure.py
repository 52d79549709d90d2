"""The file is YAML but not a rule file or PrometheusRule that Prometheus accepts.

Why: Prometheus refuses the whole file when one rule is malformed: a group
without a name, a rule with both or neither of ``alert`` and ``record``, a rule
without ``expr``, labels that are a list, or a key it does not know. The
prometheus-operator and the Kubernetes API refuse a PrometheusRule with a
non-string label or annotation value (``enabled: true`` must be quoted).

Bad:

```yaml
groups:
  - name: checkout
    rules:
      - alert: CheckoutDown
        expression: up{job="checkout"} == 0
```

Good:

```yaml
groups:
  - name: checkout
    rules:
      - alert: CheckoutDown
        expr: sum by (service, region) (up{job="checkout"}) == 0
        for: 2m
        labels: {severity: P0, service: checkout, team: payments}
        annotations:
          summary: Checkout has no running instance
          runbook_url: https://github.com/acme/platform/blob/main/runbooks/checkout-down.md
          dashboard_url: https://grafana.acme.io/d/checkout
```

Options:

- ``allowed_group_keys`` (list, default ``[]``): extra group keys your rule
  evaluator accepts, e.g. Thanos' ``partial_response_strategy`` or Mimir's
  ``source_tenants``.
- ``allowed_rule_keys`` (list, default ``[]``): extra rule keys to accept.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from incidentctl.findings import Severity, Violation
from incidentctl.lint.rule import Options, Target
from incidentctl.sources.prometheus import RuleFile

ID = "IC002"
NAME = "prometheus/structure"
TARGET = Target.FILE
DEFAULT_SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "allowed_group_keys": {
            "type": "array",
            "items": {"type": "string"},
            "default": [],
        },
        "allowed_rule_keys": {
            "type": "array",
            "items": {"type": "string"},
            "default": [],
        },
    },
}


def check(target: RuleFile, options: Options) -> Iterator[Violation]:
    """Report structure problems, except unknown keys the options allow."""
    allowed = {
        "group": set(options["allowed_group_keys"]),
        "rule": set(options["allowed_rule_keys"]),
    }
    for problem in target.problems:
        if problem.rule_id != ID:
            continue
        if problem.key is not None and problem.key in allowed.get(
            problem.scope or "", set()
        ):
            continue
        yield Violation(problem.message, problem.line, problem.column)
