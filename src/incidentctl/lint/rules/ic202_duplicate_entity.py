"""Two catalog entities have the same kind, namespace and name (case-insensitively).

Why: Backstage keeps one of them and drops the other with an error in its logs;
which one wins depends on processing order, so owners and on-call mappings
change under your feet.

Bad:

```yaml
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: team-payments, annotations: {pagerduty.com/service-id: PBK0PAY}}
spec: {type: team, children: []}
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: Team-Payments}
spec: {type: team, children: []}
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
from incidentctl.sources.backstage import Catalog, Entity, EntityRef

ID = "IC202"
NAME = "catalog/duplicate-entity"
TARGET = Target.CATALOG
DEFAULT_SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {},
}


def check(target: Catalog, options: Options) -> Iterator[Violation]:
    """Report every entity whose reference an earlier one already has."""
    first: dict[EntityRef, Entity] = {}
    for entity in target.entities:
        earlier = first.setdefault(entity.ref, entity)
        if earlier is entity:
            continue
        line, column = entity.value_pos("metadata", "name")
        yield Violation(
            f"{entity.kind} {entity.namespace}/{entity.name} is defined twice "
            f"(first at {earlier.path}:{earlier.line})",
            line,
            column,
            path=entity.path,
        )
