"""A catalog entity is not valid: envelope, name, namespace or required spec fields.

Why: Backstage refuses an entity that breaks its model, and an entity it refuses
owns nothing: alerts for its service page nobody in particular. The checks are
the ones Backstage applies: the envelope keys, ``apiVersion`` and ``kind``,
``metadata.name`` (1–63 characters, ``[a-zA-Z0-9]`` runs separated by
``-_.``), ``metadata.namespace`` (a lower-case DNS label), and the ``spec``
fields each kind requires (a Component's ``owner`` has its own rule, IC203).
Unrendered scaffolder names (``${{ values.name }}``) are reported too, and so
are Location targets that are missing or loop.

Bad:

```yaml
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout service
spec:
  type: service
  lifecycle: production
  owner: team-payments
```

Good:

```yaml
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: checkout}
spec: {type: service, lifecycle: production, owner: group:default/team-payments}
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-payments
  annotations: {pagerduty.com/service-id: PBK0PAY}
spec: {type: team, children: []}
```

Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from incidentctl.findings import Severity, Violation
from incidentctl.lint.rule import Options, Target
from incidentctl.sources.backstage import Catalog, validate

ID = "IC201"
NAME = "catalog/entity-invalid"
TARGET = Target.CATALOG
DEFAULT_SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {},
}


def check(target: Catalog, options: Options) -> Iterator[Violation]:
    """Validate every entity; report the catalog loader's own problems."""
    for problem in target.problems:
        if problem.rule_id == ID:
            yield Violation(
                problem.message, problem.line, problem.column, path=problem.path
            )
    for entity in target.entities:
        for (line, column), message in validate(entity):
            yield Violation(message, line, column, path=entity.path)
