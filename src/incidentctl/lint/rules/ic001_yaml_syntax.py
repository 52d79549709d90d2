"""The file is not valid YAML, or is an unrendered template.

Why: a file Prometheus cannot parse is a file whose alerts never fire. The
parser's own line and column are reported. Helm, Jinja and scaffolder templates
(``{{ .Values.x }}``, ``{% for %}``, ``${{ values.name }}``) are not rule files
until rendered: render them (``helm template``) and lint the output. Duplicate
mapping keys are refused here too, as Prometheus' YAML parser refuses them.

Bad:

```yaml
groups:
  - name: checkout
    rules:
      - alert: CheckoutDown
        expr: up{job="checkout"} == 0
        labels: {severity: P0
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

Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from incidentctl.findings import Severity, Violation
from incidentctl.lint.rule import Options, Target
from incidentctl.sources.prometheus import RuleFile

ID = "IC001"
NAME = "yaml/syntax"
TARGET = Target.FILE
DEFAULT_SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {},
}


def check(target: RuleFile, options: Options) -> Iterator[Violation]:
    """Report the YAML syntax error or template marker the loader found."""
    for problem in target.problems_of(ID):
        yield Violation(problem.message, problem.line, problem.column)
