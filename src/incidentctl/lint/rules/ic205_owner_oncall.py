"""A Component's owner Group has no on-call mapping, and the Component has none either.

Why: an owner nobody can page is no owner at 3 a.m. The mapping is one of the
policy's ``catalog.oncall_annotations`` (by default the Backstage plugins'
``pagerduty.com/integration-key``, ``pagerduty.com/service-id`` and
``opsgenie.com/team``) on the Component or on its owner Group.

Bad:

```yaml
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: checkout}
spec: {type: service, lifecycle: production, owner: team-payments}
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: team-payments}
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

Options: none; the annotations are the policy's ``catalog.oncall_annotations``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from incidentctl.findings import Severity, Violation
from incidentctl.lint.rule import Options, Target
from incidentctl.ownership import has_oncall, owner_of
from incidentctl.sources.backstage import Catalog

ID = "IC205"
NAME = "catalog/owner-oncall"
TARGET = Target.CATALOG
DEFAULT_SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {},
}


def check(target: Catalog, options: Options) -> Iterator[Violation]:
    """Report Components whose owner Group cannot be paged."""
    annotations = list(options.policy.data["catalog"]["oncall_annotations"])
    for component in target.of_kind("Component"):
        owner = owner_of(component, target)
        if owner is None or owner.kind.lower() != "group":
            continue  # unresolved owners are IC204's business
        if not has_oncall(component, owner, annotations):
            line, column = component.value_pos("spec", "owner")
            yield Violation(
                f"Component {component.name} is owned by {owner.ref}, which has no on-call "
                f"mapping ({', '.join(annotations)}) on the group or the component",
                line,
                column,
                path=component.path,
            )
