"""An owner reference resolves to no Group or User in the loaded catalog.

Why: ``owner: team-paymnets`` is a valid string and a dead end. The reference
is resolved the Backstage way (default kind Group, the entity's own namespace,
case-insensitive) and must name a loaded Group or User; ``owner:
component:x`` names the wrong kind. Components, Systems, Domains, Resources and
APIs are checked.

Bad:

```yaml
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: checkout}
spec: {type: service, lifecycle: production, owner: team-paymnets}
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: team-payments, annotations: {pagerduty.com/service-id: PBK0PAY}}
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

Options:

- ``allowed_kinds`` (list, default ``[group, user]``): the kinds an owner may
  be; ``[group]`` refuses individual owners.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from incidentctl.findings import Severity, Violation
from incidentctl.lint.rule import Options, Target
from incidentctl.sources.backstage import Catalog, parse_ref

ID = "IC204"
NAME = "catalog/owner-unresolved"
TARGET = Target.CATALOG
DEFAULT_SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "allowed_kinds": {
            "type": "array",
            "items": {"enum": ["group", "user"]},
            "default": ["group", "user"],
        }
    },
}
_OWNED = ("component", "system", "domain", "resource", "api")


def check(target: Catalog, options: Options) -> Iterator[Violation]:
    """Resolve every owner reference."""
    allowed = set(options["allowed_kinds"])
    for entity in target.entities:
        owner = entity.spec.get("owner")
        if (
            entity.kind.lower() not in _OWNED
            or not isinstance(owner, str)
            or not owner.strip()
        ):
            continue
        ref = parse_ref(owner, "group", entity.namespace)
        line, column = entity.value_pos("spec", "owner")
        if ref.kind not in allowed:
            yield Violation(
                f"owner {owner!r} of {entity.kind} {entity.name} is a {ref.kind}; "
                f"an owner must be a {' or '.join(sorted(allowed))}",
                line,
                column,
                path=entity.path,
            )
        elif target.find(ref) is None:
            yield Violation(
                f"owner {owner!r} of {entity.kind} {entity.name} is {ref}, which is not in the catalog",
                line,
                column,
                path=entity.path,
            )
