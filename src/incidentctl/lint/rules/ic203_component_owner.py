"""A Component has no ``spec.owner``.

Why: the owner is who gets paged. A service without one is the "we didn't know
who to page" incident waiting to happen: the page goes to the platform team,
which spends the first twenty minutes finding the right team.

Bad:

```yaml
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: checkout}
spec: {type: service, lifecycle: production}
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
from incidentctl.sources.backstage import Catalog

ID = "IC203"
NAME = "catalog/component-owner"
TARGET = Target.CATALOG
DEFAULT_SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {},
}


def check(target: Catalog, options: Options) -> Iterator[Violation]:
    """Report Components without an owner."""
    for entity in target.of_kind("Component"):
        owner = entity.spec.get("owner")
        if not isinstance(owner, str) or not owner.strip():
            line, column = entity.pos("spec")
            yield Violation(
                f"Component {entity.name} has no spec.owner",
                line,
                column,
                path=entity.path,
            )
