"""The one policy (.incidentctl.yaml): find it, merge it over the defaults; validate."""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from incidentctl import yamlio
from incidentctl.duration import parse_duration
from incidentctl.errors import ConfigError, SourceError
from incidentctl.findings import Severity

POLICY_NAMES = (".incidentctl.yaml", ".incidentctl.yml")

# The contract of the book chapter (shared/seed): P0–P3, PagerDuty for P0–P2,
# Slack for P3, the hygiene channel for anything without a valid severity, and a
# P0 for a (service, region) silencing P1–P3 for the same pair.
DEFAULT_POLICY: dict[str, Any] = {
    "version": 1,
    "severities": {
        "P0": {
            "description": "Customer-facing outage or data loss.",
            "receiver": "pagerduty-p0",
            "pagerduty_severity": "critical",
            "repeat_interval": "30m",
            "ack": "5 minutes",
            "mitigate": "30 minutes",
            "status_page": "within 15 minutes",
            "update_cadence": "every 30 minutes",
            "postmortem": "required",
            "paged": "on-call primary, then secondary, then platform lead",
        },
        "P1": {
            "description": "Major degradation of a customer-facing service.",
            "receiver": "pagerduty-p1",
            "pagerduty_severity": "error",
            "repeat_interval": "1h",
            "ack": "15 minutes",
            "mitigate": "4 hours",
            "status_page": "within 1 hour",
            "update_cadence": "every hour",
            "postmortem": "required",
            "paged": "on-call primary, then secondary",
        },
        "P2": {
            "description": "Minor degradation; no immediate customer impact.",
            "receiver": "pagerduty-p2",
            "pagerduty_severity": "warning",
            "repeat_interval": "12h",
            "ack": "1 business day",
            "mitigate": "when convenient",
            "status_page": "not required",
            "update_cadence": "daily",
            "postmortem": "optional",
            "paged": "on-call primary (low urgency)",
        },
        "P3": {
            "description": "Hygiene and early warnings; triaged in sprint planning.",
            "receiver": "slack-low-priority",
            "repeat_interval": "24h",
            "ack": "next sprint planning",
            "mitigate": "next sprint",
            "status_page": "not required",
            "update_cadence": "none",
            "postmortem": "none",
            "paged": "nobody (Slack only)",
        },
    },
    "default_receiver": "slack-hygiene",
    "receivers": {
        "pagerduty-p0": {
            "type": "pagerduty",
            "secret": "pagerduty-keys",
            "secret_key": "p0-routing-key",
        },
        "pagerduty-p1": {
            "type": "pagerduty",
            "secret": "pagerduty-keys",
            "secret_key": "p1-routing-key",
        },
        "pagerduty-p2": {
            "type": "pagerduty",
            "secret": "pagerduty-keys",
            "secret_key": "p2-routing-key",
        },
        "slack-low-priority": {"type": "slack", "channel": "#alerts-low-priority"},
        "slack-hygiene": {"type": "slack", "channel": "#alert-hygiene"},
    },
    "inhibit_rules": [
        {"source": ["P0"], "target": ["P1", "P2", "P3"], "equal": ["service", "region"]}
    ],
    "labels": {
        "required": ["severity", "service", "team"],
        "severity": "severity",
        "team": "team",
        "service": "service",
    },
    "annotations": {
        "required": ["summary", "runbook_url", "dashboard_url"],
        "urls": ["runbook_url", "dashboard_url"],
    },
    "severity_map": {},
    "defaults": [],
    "paths": {
        "rules": ["."],
        "catalog": ["catalog-info.yaml"],
        "exclude": [],
        "runbooks": "runbooks",
        "postmortems": "docs/postmortems",
        "handoffs": "docs/handoffs",
        "incident": "incident",
    },
    "lint": {"rules": {}, "fail_on": "error", "max_file_size_mb": 32},
    "learn": {
        "timezone": "UTC",
        "draft_hours": 48,
        "publish_business_days": 5,
        "weekend": ["sat", "sun"],
        "holidays": [],
        "calendar": None,
    },
    "grace_period_days": 30,
    "routing": {
        "group_by": ["alertname", "service", "region"],
        "group_wait": "30s",
        "group_interval": "5m",
        "repeat_interval": "12h",
        "namespace": "monitoring",
        "name": "incidentctl-routing",
        "secrets_dir": "/etc/alertmanager/secrets",
        "team_severities": [],
        "team_secret": "pagerduty-keys",
        "teams": {},
        "team_annotations": ["pagerduty.com/integration-key"],
        "format": "crd",
        "api_version": "v1alpha1",
    },
    "catalog": {
        "team_ref": "group:default/{value}",
        "service_ref": "component:default/{value}",
        "oncall_annotations": [
            "pagerduty.com/integration-key",
            "pagerduty.com/service-id",
            "opsgenie.com/team",
        ],
    },
}


@dataclass(frozen=True)
class SeverityLevel:
    """One step of the severity scale and its on-call contract."""

    name: str
    receiver: str | None = None
    pagerduty_severity: str | None = None
    repeat_interval: str | None = None
    group_wait: str | None = None
    group_interval: str | None = None
    description: str = ""
    ack: str = ""
    mitigate: str = ""
    status_page: str = ""
    update_cadence: str = ""
    postmortem: str = "optional"
    paged: str = ""


@dataclass(frozen=True)
class InhibitRule:
    """A source severity silencing target severities for alerts equal on some labels."""

    source: tuple[str, ...]
    target: tuple[str, ...]
    equal: tuple[str, ...]


@dataclass(frozen=True)
class RuleSetting:
    """The policy's word on one lint rule: on or off, its severity, its options.

    ``severity`` None keeps the rule's default severity.
    """

    enabled: bool
    severity: Severity | None
    options: Mapping[str, Any]


@dataclass(frozen=True)
class Policy:
    """The merged, validated policy every command reads."""

    path: str | None
    root: Path
    severities: tuple[SeverityLevel, ...]
    inhibit_rules: tuple[InhibitRule, ...]
    default_receiver: str
    receivers: Mapping[str, Mapping[str, Any]]
    required_labels: tuple[str, ...]
    required_annotations: tuple[str, ...]
    url_annotations: tuple[str, ...]
    severity_label: str
    team_label: str
    service_label: str
    severity_map: Mapping[str, str]
    rule_paths: tuple[str, ...]
    catalog_paths: tuple[str, ...]
    exclude: tuple[str, ...]
    rule_settings: Mapping[str, RuleSetting]
    fail_on: Severity
    max_file_bytes: int
    data: Mapping[str, Any] = field(repr=False)
    raw: yamlio.Map | None = field(default=None, repr=False)

    @property
    def severity_names(self) -> tuple[str, ...]:
        """The valid values of the severity label, highest first."""
        return tuple(level.name for level in self.severities)

    def severity(self, name: str) -> SeverityLevel | None:
        """The level called ``name``, if the scale has one."""
        for level in self.severities:
            if level.name == name:
                return level
        return None

    def resolve_severity(self, value: str) -> tuple[str | None, bool]:
        """Map a label value onto the scale: (level name or None, whether mapped)."""
        if value in self.severity_names:
            return value, False
        mapped = self.severity_map.get(value)
        return (mapped, True) if mapped in self.severity_names else (None, False)

    def position(self, *keys: str | int) -> tuple[int, int]:
        """Where ``keys`` (e.g. "severities", "P0", "receiver") is in the policy file.

        Falls back to the deepest ancestor present, then to 1:1 (a default value).
        """
        node: Any = self.raw
        position = (1, 1)
        for key in keys:
            if isinstance(node, yamlio.Map) and key in node:
                position = node.key_pos(key)
                node = node[key]
            elif (
                isinstance(node, yamlio.Seq)
                and isinstance(key, int)
                and key < len(node)
            ):
                position = node.pos[key]
                node = node[key]
            else:
                break
        return position

    def display_path(self) -> str:
        """How messages name the policy: its file, or the built-in default."""
        return self.path or "<built-in default policy>"


def find_policy_file(start: Path) -> Path | None:
    """Walk up from ``start`` to the filesystem root looking for the policy file."""
    current = start.resolve()
    for directory in (current, *current.parents):
        for name in POLICY_NAMES:
            candidate = directory / name
            if candidate.is_file():
                return candidate
    return None


def load_policy(
    config: str | None = None, cwd: Path | None = None, search_from: Path | None = None
) -> Policy:
    """Load ``config``, else the nearest policy file, else the built-in default.

    The nearest file is looked for from ``search_from`` (the first linted path)
    upwards, then from ``cwd`` upwards; messages name it relative to ``cwd``.
    """
    start = cwd or Path.cwd()
    if config is not None:
        path: Path | None = Path(config)
        if not path.is_file():  # type: ignore[union-attr]
            raise ConfigError(f"policy file not found: {config}")
    else:
        path = find_policy_file(search_from) if search_from else None
        path = path or find_policy_file(start)
    if path is None:
        return build_policy(copy.deepcopy(DEFAULT_POLICY), None, start.resolve())
    display = os.path.relpath(path, start) if _is_below(path, start) else str(path)
    user = _read_policy_document(path, display)
    merged = merge_policy(DEFAULT_POLICY, user)
    return build_policy(merged, display, path.resolve().parent, user)


def _is_below(path: Path, start: Path) -> bool:
    try:
        path.resolve().relative_to(start.resolve())
    except ValueError:
        return False
    return True


def _read_policy_document(path: Path, name: str) -> yamlio.Map:
    try:
        composed = yamlio.compose(yamlio.read_text(str(path)), typed=True)
    except SourceError as exc:
        raise ConfigError(exc.message, name, exc.line, exc.column) from None
    except yamlio.YamlSyntaxError as exc:
        raise ConfigError(exc.message, name, exc.line, exc.column) from None
    if composed.problems:
        problem = composed.problems[0]
        raise ConfigError(problem.message, name, problem.line, problem.column)
    docs = [doc for doc in composed.documents if doc.root is not None]
    if not docs:
        return _empty_map()
    if len(docs) > 1:
        raise ConfigError(
            "the policy must be a single YAML document", name, docs[1].line, 1
        )
    root = docs[0].root
    if not isinstance(root, yamlio.Map):
        raise ConfigError(
            "the policy must be a mapping", name, docs[0].line, docs[0].column
        )
    _validate(root, name)
    return root


def _empty_map() -> yamlio.Map:
    empty = yamlio.Map()
    empty.line, empty.col, empty.kpos, empty.vpos = 1, 1, {}, {}
    return empty


def _validate(root: yamlio.Map, name: str) -> None:
    import jsonschema

    from incidentctl.resources import load_schema

    checker = jsonschema.FormatChecker(formats=("date",))
    checker.checks("duration")(
        lambda value: not isinstance(value, str) or parse_duration(value) is not None
    )
    validator_class = jsonschema.validators.validator_for(
        load_schema("policy.schema.json")
    )
    validator = validator_class(
        load_schema("policy.schema.json"), format_checker=checker
    )
    errors = sorted(
        validator.iter_errors(root),
        key=lambda err: _error_position(root, err.absolute_path),
    )
    if errors:
        error = errors[0]
        path = list(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(
            error.instance, dict
        ):
            schema = error.schema if isinstance(error.schema, dict) else {}
            allowed = schema.get("properties", {})
            extra = sorted(key for key in error.instance if key not in allowed)
            if extra:
                path.append(extra[0])
                expected = ", ".join(allowed)
                line, column = _error_position(root, path)
                where = ".".join(str(part) for part in path)
                raise ConfigError(
                    f"{where}: unknown key (expected one of {expected})",
                    name,
                    line,
                    column,
                )
        line, column = _error_position(root, path)
        where = ".".join(str(part) for part in path) or "policy"
        raise ConfigError(f"{where}: {_error_message(error)}", name, line, column)


def _error_message(error: Any) -> str:
    if error.validator == "format" and error.validator_value == "duration":
        return f"{error.instance!r} is not a duration (use 30s, 5m, 1h, 1d12h)"
    if error.validator == "oneOf":
        return (
            f"{error.instance!r} is not one of off, error, warning, info "
            "or a mapping with severity/options"
        )
    return str(error.message)


def _error_position(root: Any, path: Any) -> tuple[int, int]:
    node, position = root, (getattr(root, "line", 1), getattr(root, "col", 1))
    for part in path:
        if isinstance(node, yamlio.Map) and part in node:
            position = node.key_pos(part)
            node = node[part]
        elif (
            isinstance(node, yamlio.Seq) and isinstance(part, int) and part < len(node)
        ):
            position = node.pos[part]
            node = node[part]
        else:
            break
    return position


def merge_policy(
    defaults: Mapping[str, Any], user: Mapping[str, Any]
) -> dict[str, Any]:
    """Merge a user policy over the defaults.

    Mappings merge key by key and lists are replaced. ``severities`` and
    ``receivers`` replace the default set as a whole (a team with S1–S4 must not
    inherit P0–P3), but an entry with a default of the same name keeps the default's
    fields it does not set.
    """
    merged = copy.deepcopy(dict(defaults))
    for key, value in user.items():
        base = merged.get(key)
        if key in ("severities", "receivers") and isinstance(value, Mapping):
            merged[key] = {
                name: _merge_maps(
                    base.get(name, {}) if isinstance(base, Mapping) else {}, entry
                )
                for name, entry in value.items()
            }
        elif isinstance(base, Mapping) and isinstance(value, Mapping):
            merged[key] = _merge_maps(base, value)
        else:
            merged[key] = yamlio.plain(value)
    return merged


def _merge_maps(base: Mapping[str, Any], over: Any) -> Any:
    if not isinstance(over, Mapping):
        return yamlio.plain(over)
    out = copy.deepcopy(dict(base))
    for key, value in over.items():
        if isinstance(out.get(key), Mapping) and isinstance(value, Mapping):
            out[key] = _merge_maps(out[key], value)
        else:
            out[key] = yamlio.plain(value)
    return out


def build_policy(
    data: dict[str, Any], path: str | None, root: Path, raw: yamlio.Map | None = None
) -> Policy:
    """Turn merged policy data into a :class:`Policy`."""
    labels, annotations, paths, lint = (
        data["labels"],
        data["annotations"],
        data["paths"],
        data["lint"],
    )
    return Policy(
        path=path,
        root=root,
        severities=tuple(
            SeverityLevel(name=name, **{k: v for k, v in spec.items()})
            for name, spec in data["severities"].items()
        ),
        inhibit_rules=tuple(
            InhibitRule(
                tuple(rule["source"]), tuple(rule["target"]), tuple(rule["equal"])
            )
            for rule in data["inhibit_rules"]
        ),
        default_receiver=data["default_receiver"],
        receivers=data["receivers"],
        required_labels=tuple(labels["required"]),
        required_annotations=tuple(annotations["required"]),
        url_annotations=tuple(annotations["urls"]),
        severity_label=labels["severity"],
        team_label=labels["team"],
        service_label=labels["service"],
        severity_map=dict(data["severity_map"]),
        rule_paths=tuple(paths["rules"]),
        catalog_paths=tuple(paths["catalog"]),
        exclude=tuple(paths["exclude"]),
        rule_settings={
            rule_id: _rule_setting(value) for rule_id, value in lint["rules"].items()
        },
        fail_on=Severity(lint["fail_on"]),
        max_file_bytes=int(lint["max_file_size_mb"]) * 1024 * 1024,
        data=data,
        raw=raw,
    )


def _rule_setting(value: Any) -> RuleSetting:
    level = value if isinstance(value, str) else value.get("severity")
    options = {} if isinstance(value, str) else dict(value.get("options") or {})
    if level == "off":
        return RuleSetting(enabled=False, severity=None, options=options)
    return RuleSetting(True, Severity(level) if level else None, options)
