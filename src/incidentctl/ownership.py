"""Who owns an alert: the policy's mapping from label values to catalog entities.

``catalog.service_ref`` (``component:default/{value}``) turns a service label into
a Component reference and ``catalog.team_ref`` (``group:default/{value}``) a team
label into a Group reference; the Component's ``spec.owner`` resolves the
Backstage way (default kind Group, the Component's own namespace).
"""

from __future__ import annotations

from collections.abc import Iterable

from incidentctl.policy import Policy
from incidentctl.sources.backstage import Catalog, Entity, EntityRef, parse_ref


def service_ref(policy: Policy, value: str) -> EntityRef:
    """The Component a service label value names."""
    return parse_ref(
        policy.data["catalog"]["service_ref"].replace("{value}", value), "component"
    )


def team_ref(policy: Policy, value: str) -> EntityRef:
    """The Group a team label value names."""
    return parse_ref(
        policy.data["catalog"]["team_ref"].replace("{value}", value), "group"
    )


def owner_of(component: Entity, catalog: Catalog) -> Entity | None:
    """The Group or User a Component's owner resolves to, if loaded."""
    owner = component.spec.get("owner")
    if not isinstance(owner, str) or not owner.strip():
        return None
    return catalog.find(parse_ref(owner, "group", component.namespace))


def has_oncall(
    component: Entity, owner: Entity | None, annotations: Iterable[str]
) -> bool:
    """True when the Component or its owner carries one of the on-call annotations."""
    carriers = [component] + ([owner] if owner is not None else [])
    keys = list(annotations)
    return any(key in entity.annotations for entity in carriers for key in keys)
