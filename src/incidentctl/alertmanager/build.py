"""Build the Alertmanager model from the policy (and the teams the catalog names).

Everything the routing needs comes from the policy, so the routing always
matches what ``lint`` enforces: the same severities (and the same
``severity_map`` for vendored values), the same inhibit rules. A policy that
contradicts itself is refused here, before anything is written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from incidentctl.alertmanager.model import (
    AlertmanagerConfig,
    InhibitRule,
    Matcher,
    PagerDuty,
    Receiver,
    Route,
    SecretRef,
    Slack,
)
from incidentctl.errors import ConfigError
from incidentctl.policy import Policy, SeverityLevel

_SECRET_KEY = re.compile(r"[^-._a-zA-Z0-9]")
_SLACK_TITLE = (
    "[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} "
    "({{ .CommonLabels.severity }})"
)
_SLACK_TEXT = (
    "{{ range .Alerts }}{{ .Annotations.summary }}"
    "{{ if .Annotations.runbook_url }} · runbook: "
    "{{ .Annotations.runbook_url }}{{ end }}"
    "{{ if .Annotations.dashboard_url }} · dashboard: "
    "{{ .Annotations.dashboard_url }}{{ end }}\n{{ end }}"
)


@dataclass(frozen=True)
class Team:
    """A team with its own PagerDuty integration (from the catalog or the policy)."""

    name: str  # the value of the team label
    routing_key: SecretRef
    source: str  # where it was found, for messages


def build(policy: Policy, teams: Sequence[Team] = ()) -> AlertmanagerConfig:
    """The model for ``policy``; raise ConfigError on contradictions."""
    _check(policy, teams)
    routing = policy.data["routing"]
    receivers = [
        _receiver(name, spec, policy) for name, spec in policy.receivers.items()
    ]
    team_levels = _team_levels(policy)
    team_receivers = [
        _team_receiver(team, level, policy) for level in team_levels for team in teams
    ]
    routes = tuple(
        _severity_route(level, policy, teams if level in team_levels else ())
        for level in policy.severities
        if level.receiver
    )
    root = Route(
        receiver=policy.default_receiver,
        group_by=tuple(routing["group_by"]),
        group_wait=routing["group_wait"],
        group_interval=routing["group_interval"],
        repeat_interval=routing["repeat_interval"],
        routes=routes,
    )
    all_receivers = tuple(sorted(receivers + team_receivers, key=lambda r: r.name))
    secrets = sorted(
        {ref for receiver in all_receivers for ref in _secret_refs(receiver)},
        key=lambda ref: (ref.secret, ref.key),
    )
    return AlertmanagerConfig(
        route=root,
        receivers=all_receivers,
        inhibit_rules=tuple(
            _inhibit_rule(rule, policy) for rule in policy.inhibit_rules
        ),
        secrets=tuple(secrets),
    )


def _check(policy: Policy, teams: Sequence[Team]) -> None:
    _check_receivers(policy)
    for index, rule in enumerate(policy.inhibit_rules):
        _check_inhibit_rule(policy, index, rule)
    _check_teams(policy, teams)


def _refuse(policy: Policy, message: str, *keys: str | int) -> ConfigError:
    line, column = policy.position(*keys)
    return ConfigError(message, policy.display_path(), line, column)


def _check_receivers(policy: Policy) -> None:
    receivers = set(policy.receivers)
    if policy.default_receiver not in receivers:
        raise _refuse(
            policy,
            f"default_receiver: unknown receiver {policy.default_receiver!r}"
            + _known(receivers),
            "default_receiver",
        )
    for level in policy.severities:
        if level.receiver is None:
            raise _refuse(
                policy,
                f"severities.{level.name}: no receiver",
                "severities",
                level.name,
            )
        if level.receiver not in receivers:
            raise _refuse(
                policy,
                f"severities.{level.name}.receiver: unknown receiver "
                f"{level.receiver!r}{_known(receivers)}",
                "severities",
                level.name,
                "receiver",
            )
    for name, spec in policy.receivers.items():
        if spec["type"] == "slack" and not spec.get("channel"):
            raise _refuse(
                policy,
                f"receivers.{name}: a slack receiver needs a channel",
                "receivers",
                name,
            )


def _check_inhibit_rule(policy: Policy, index: int, rule: Any) -> None:
    names = policy.severity_names
    for side, values in (("source", rule.source), ("target", rule.target)):
        for value in values:
            if value not in names:
                raise _refuse(
                    policy,
                    f"inhibit_rules.{index}.{side}: unknown severity {value!r} "
                    f"(severities: {', '.join(names)})",
                    "inhibit_rules",
                    index,
                    side,
                )
    both = sorted(set(rule.source) & set(rule.target), key=names.index)
    if both:
        raise _refuse(
            policy,
            f"inhibit_rules.{index}: severity {both[0]} would inhibit itself "
            "(it is both source and target)",
            "inhibit_rules",
            index,
        )
    if not rule.equal:
        raise _refuse(
            policy,
            f"inhibit_rules.{index}.equal is empty: any {rule.source[0]} would "
            "silence every target everywhere",
            "inhibit_rules",
            index,
            "equal",
        )


def _check_teams(policy: Policy, teams: Sequence[Team]) -> None:
    for level_name in policy.data["routing"]["team_severities"]:
        if level_name not in policy.severity_names:
            raise _refuse(
                policy,
                f"routing.team_severities: unknown severity {level_name!r}",
                "routing",
                "team_severities",
            )
    for team in teams:
        for level in _team_levels(policy):
            name = _team_receiver_name(team, level)
            if name in policy.receivers:
                raise _refuse(
                    policy,
                    f"receivers.{name}: the name is taken by the receiver generated "
                    f"for team {team.name!r} ({team.source})",
                    "receivers",
                    name,
                )


def _known(receivers: set[str]) -> str:
    return f" (receivers: {', '.join(sorted(receivers))})" if receivers else ""


def _team_levels(policy: Policy) -> list[SeverityLevel]:
    """Severities under which teams with their own integration get their own route."""
    configured = policy.data["routing"]["team_severities"]
    if configured:
        return [level for level in policy.severities if level.name in configured]
    paging = [
        level
        for level in policy.severities
        if policy.receivers.get(level.receiver or "", {}).get("type") == "pagerduty"
    ]
    return paging[:2]


def _severity_values(level: SeverityLevel, policy: Policy) -> list[str]:
    """The label values that mean this severity: its name and mapped foreign values."""
    mapped = sorted(
        value for value, target in policy.severity_map.items() if target == level.name
    )
    return [level.name, *mapped]


def _severity_matcher(values: Sequence[str], policy: Policy) -> Matcher:
    label = policy.severity_label
    if len(values) == 1:
        return Matcher(label, "=", values[0])
    return Matcher(label, "=~", "|".join(re.escape(value) for value in values))


def _severity_route(
    level: SeverityLevel, policy: Policy, teams: Sequence[Team]
) -> Route:
    team_routes = tuple(
        Route(
            receiver=_team_receiver_name(team, level),
            matchers=(Matcher(policy.team_label, "=", team.name),),
        )
        for team in sorted(teams, key=lambda t: t.name)
    )
    return Route(
        receiver=level.receiver,
        matchers=(_severity_matcher(_severity_values(level, policy), policy),),
        group_wait=level.group_wait,
        group_interval=level.group_interval,
        repeat_interval=level.repeat_interval,
        routes=team_routes,
    )


def _pagerduty(
    ref: SecretRef, level: SeverityLevel | None, policy: Policy
) -> PagerDuty:
    labels = (
        policy.severity_label,
        "alertname",
        policy.service_label,
        "region",
        policy.team_label,
    )
    details = tuple(
        (label, f"{{{{ .CommonLabels.{label} }}}}") for label in dict.fromkeys(labels)
    )
    details += (("summary", "{{ .CommonAnnotations.summary }}"),)
    severity = (level.pagerduty_severity if level else None) or "error"
    return PagerDuty(
        routing_key=ref,
        severity=severity,
        description=(
            "{{ if .CommonAnnotations.summary }}{{ .CommonAnnotations.summary }}"
            '{{ else }}{{ template "pagerduty.default.description" . }}{{ end }}'
        ),
        details=details,
        links=(
            ("{{ .CommonAnnotations.runbook_url }}", "Runbook"),
            ("{{ .CommonAnnotations.dashboard_url }}", "Dashboard"),
        ),
        url=policy.data["routing"].get("pagerduty_url"),
    )


def _levels_of(receiver: str, policy: Policy) -> list[SeverityLevel]:
    return [level for level in policy.severities if level.receiver == receiver]


def _receiver(name: str, spec: Mapping[str, Any], policy: Policy) -> Receiver:
    if spec["type"] == "pagerduty":
        ref = SecretRef(
            spec.get("secret") or policy.data["routing"]["team_secret"],
            spec.get("secret_key") or f"{name}-routing-key",
        )
        levels = _levels_of(name, policy)
        return Receiver(
            name, pagerduty=(_pagerduty(ref, levels[0] if levels else None, policy),)
        )
    ref = SecretRef(
        spec.get("secret") or "slack-webhooks",
        spec.get("secret_key") or f"{name}-webhook-url",
    )
    return Receiver(
        name,
        slack=(
            Slack(
                api_url=ref,
                channel=spec["channel"],
                title=_SLACK_TITLE,
                text=_SLACK_TEXT,
            ),
        ),
    )


def _team_receiver_name(team: Team, level: SeverityLevel) -> str:
    return f"pagerduty-{team.name}-{level.name}".lower()


def _team_receiver(team: Team, level: SeverityLevel, policy: Policy) -> Receiver:
    return Receiver(
        _team_receiver_name(team, level),
        pagerduty=(_pagerduty(team.routing_key, level, policy),),
    )


def _inhibit_rule(rule: Any, policy: Policy) -> InhibitRule:
    by_name = {level.name: level for level in policy.severities}
    source_values = [
        v for name in rule.source for v in _severity_values(by_name[name], policy)
    ]
    target_values = [
        v for name in rule.target for v in _severity_values(by_name[name], policy)
    ]
    # Alertmanager treats a label missing on both sides as equal: without these
    # guards a P0 with no service/region silences every target that lacks them
    # too (docs/configuration.md, "inhibit_rule"; verified on 0.25).
    guards = tuple(Matcher(label, "=~", ".+") for label in rule.equal)
    return InhibitRule(
        source=(_severity_matcher(source_values, policy), *guards),
        target=(_severity_matcher(target_values, policy),),
        equal=tuple(rule.equal),
    )


def _secret_refs(receiver: Receiver) -> list[SecretRef]:
    return [pd.routing_key for pd in receiver.pagerduty] + [
        s.api_url for s in receiver.slack
    ]


def teams_from(policy: Policy, catalog: Any) -> list[Team]:
    """Teams with their own PagerDuty integration: the policy's, then the catalog's."""
    routing = policy.data["routing"]
    secret = routing["team_secret"]
    teams: dict[str, Team] = {}
    for name, spec in routing["teams"].items():
        teams[name] = Team(
            name,
            SecretRef(
                spec.get("secret") or secret,
                spec.get("secret_key") or f"team-{name}-routing-key",
            ),
            "policy routing.teams",
        )
    if catalog is None:
        return sorted(teams.values(), key=lambda team: team.name)
    pattern = policy.data["catalog"]["team_ref"]
    annotations = routing["team_annotations"]
    for entity in catalog.entities:
        if entity.kind.lower() != "group" or not any(
            a in entity.annotations for a in annotations
        ):
            continue
        value = _label_value(pattern, entity)
        if value and value not in teams:
            key = _SECRET_KEY.sub("-", f"team-{value}-routing-key")
            teams[value] = Team(
                value, SecretRef(secret, key), f"{entity.path}:{entity.line}"
            )
    return sorted(teams.values(), key=lambda team: team.name)


def _label_value(pattern: str, entity: Any) -> str | None:
    """Invert ``catalog.team_ref`` (e.g. ``group:default/team-{value}``) for a Group."""
    from incidentctl.sources.backstage import parse_ref

    template = parse_ref(pattern, "group")
    if template.namespace != entity.ref.namespace:
        return None
    prefix, _, suffix = template.name.partition("{value}")
    name: str = entity.ref.name
    if (
        name.startswith(prefix)
        and name.endswith(suffix)
        and len(name) > len(prefix) + len(suffix)
    ):
        return name[len(prefix) : len(name) - len(suffix)]
    return None
