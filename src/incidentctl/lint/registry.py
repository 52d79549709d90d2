"""The registry: one explicit tuple of every lint rule (a meta-test checks it)."""

from __future__ import annotations

from functools import cache
from typing import cast

from incidentctl.lint.rule import RuleModule
from incidentctl.lint.rules import (
    ic001_yaml_syntax,
    ic002_structure,
    ic003_suppression,
    ic004_unreadable_file,
    ic101_runbook_url,
    ic102_dashboard_url,
    ic103_annotation_url,
    ic104_severity_label,
    ic105_severity_value,
    ic106_team_label,
    ic107_service_label,
    ic108_summary,
    ic109_duplicate_alert,
    ic110_expression,
    ic111_inhibit_labels,
    ic112_required_label,
    ic113_required_annotation,
    ic201_entity_invalid,
    ic202_duplicate_entity,
    ic203_component_owner,
    ic204_owner_unresolved,
    ic205_owner_oncall,
    ic301_alert_service,
    ic302_alert_team,
    ic303_alert_oncall,
)

RULES: tuple[RuleModule, ...] = cast(
    tuple[RuleModule, ...],
    (
        ic001_yaml_syntax,
        ic002_structure,
        ic003_suppression,
        ic004_unreadable_file,
        ic101_runbook_url,
        ic102_dashboard_url,
        ic103_annotation_url,
        ic104_severity_label,
        ic105_severity_value,
        ic106_team_label,
        ic107_service_label,
        ic108_summary,
        ic109_duplicate_alert,
        ic110_expression,
        ic111_inhibit_labels,
        ic112_required_label,
        ic113_required_annotation,
        ic201_entity_invalid,
        ic202_duplicate_entity,
        ic203_component_owner,
        ic204_owner_unresolved,
        ic205_owner_oncall,
        ic301_alert_service,
        ic302_alert_team,
        ic303_alert_oncall,
    ),
)


@cache
def rule_lookup() -> dict[str, str]:
    """Rule ids and names (as written in suppressions and the policy) → rule id."""
    lookup: dict[str, str] = {}
    for rule in RULES:
        lookup[rule.ID] = rule.ID
        lookup[rule.NAME] = rule.ID
    return lookup


def get_rule(key: str) -> RuleModule | None:
    """Find a rule by id (any case) or name."""
    rule_id = rule_lookup().get(key) or rule_lookup().get(key.upper())
    return next((rule for rule in RULES if rule_id == rule.ID), None)
