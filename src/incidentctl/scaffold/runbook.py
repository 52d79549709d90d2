"""Plan a runbook for an alert: found in the workspace, enriched from the catalog."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from incidentctl.errors import UsageError
from incidentctl.ownership import owner_of, service_ref
from incidentctl.policy import Policy
from incidentctl.scaffold import templates
from incidentctl.scaffold.plan import Document, policy_dir, slug
from incidentctl.sources.backstage import Catalog
from incidentctl.sources.prometheus import Rule, RuleFile

ONCALL_LABELS = {
    "pagerduty.com/service-id": "PagerDuty service {value}",
    "pagerduty.com/integration-key": "PagerDuty integration (key held in Backstage)",
    "opsgenie.com/team": "Opsgenie team {value}",
}


@dataclass(frozen=True)
class AlertFacts:
    """What the rule files say about an alert (all definitions of that name)."""

    name: str
    expr: str
    for_: str
    severity: str
    service: str
    team: str
    summary: str
    dashboard_url: str
    runbook_url: str
    path: str
    line: int
    group: str


def find_alert(name: str, files: list[RuleFile], policy: Policy) -> AlertFacts:
    """The alert called ``name`` (exact), or a usage error with a did-you-mean."""
    rules = [rule for file in files for rule in file.rules if rule.is_alert]
    matches = [
        (rule, file)
        for file in files
        for rule in file.rules
        if rule.is_alert and rule.name == name
    ]
    if not matches:
        names = sorted({rule.name for rule in rules})
        close = difflib.get_close_matches(name, names, n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise UsageError(f"no alert named {name!r} in the policy's rule paths{hint}")
    first, file = matches[0]
    severities = list(
        dict.fromkeys(r.labels.get(policy.severity_label, "") for r, _ in matches)
    )
    return _facts(first, file, policy, ", ".join(s for s in severities if s))


def _facts(rule: Rule, file: RuleFile, policy: Policy, severity: str) -> AlertFacts:
    return AlertFacts(
        name=rule.name,
        expr=(rule.expr or "").strip(),
        for_=rule.for_ or "",
        severity=severity,
        service=rule.labels.get(policy.service_label, ""),
        team=rule.labels.get(policy.team_label, ""),
        summary=rule.annotations.get("summary", ""),
        dashboard_url=rule.annotations.get("dashboard_url", ""),
        runbook_url=rule.annotations.get("runbook_url", ""),
        path=file.path,
        line=rule.line,
        group=rule.group.name,
    )


def catalog_facts(
    alert: AlertFacts, policy: Policy, catalog: Catalog | None
) -> dict[str, str]:
    """Component, owner and on-call mapping from the catalog ("" when unknown)."""
    out = {"component": "", "owner": "", "oncall": ""}
    if catalog is None or not alert.service:
        return out
    component = catalog.find(service_ref(policy, alert.service))
    if component is None:
        return out
    out["component"] = str(component.ref)
    owner_text = component.spec.get("owner")
    owner = owner_of(component, catalog)
    out["owner"] = str(owner.ref) if owner else str(owner_text or "")
    annotations = {**(owner.annotations if owner else {}), **component.annotations}
    mappings = [
        ONCALL_LABELS.get(key, key + " {value}").format(value=annotations[key])
        for key in policy.data["catalog"]["oncall_annotations"]
        if key in annotations
    ]
    out["oncall"] = "; ".join(mappings)
    return out


def runbook_path(policy: Policy, alert_name: str) -> Path:
    """runbooks/<alert-name-in-kebab-case>.md inside the workspace."""
    directory = policy_dir(policy, "runbooks")
    return directory / f"{slug(alert_name, 'alert name')}.md"


def plan_runbook(
    policy: Policy, alert: AlertFacts, catalog: Catalog | None, env: Any
) -> Document:
    """The runbook document for ``alert``."""
    facts = catalog_facts(alert, policy, catalog)
    level = policy.severity(alert.severity.split(", ")[0]) if alert.severity else None
    context = {"alert": alert, "level": level, **facts}
    return Document(
        runbook_path(policy, alert.name),
        templates.render(env, "runbook.md.j2", context),
    )
