"""Render the Alertmanager model: a plain alertmanager.yml, or an AlertmanagerConfig CR.

Both are for Alertmanager 0.25 and newer (Debian 12's version): nothing 0.25
refuses or crashes on is emitted (no inhibit rule ``name``, no route
``labels``, no nested details, no ``timeout``, no null list items, never both
``routing_key`` and ``routing_key_file``). Keys are written in a fixed order, so
the same model always gives byte-identical text.
"""

from __future__ import annotations

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
from incidentctl.yamlio import dump_documents

API_GROUP = "monitoring.coreos.com"


# -- plain alertmanager.yml ---------------------------------------------------


def plain(config: AlertmanagerConfig, secrets_dir: str) -> dict[str, Any]:
    """The alertmanager.yml document; secrets are files under ``secrets_dir``."""
    out: dict[str, Any] = {"route": _plain_route(config.route)}
    if config.inhibit_rules:
        out["inhibit_rules"] = [_plain_inhibit(rule) for rule in config.inhibit_rules]
    out["receivers"] = [_plain_receiver(r, secrets_dir) for r in config.receivers]
    return out


def _plain_route(route: Route) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if route.receiver:
        out["receiver"] = route.receiver
    if route.matchers:
        out["matchers"] = [m.text() for m in route.matchers]
    if route.group_by is not None:
        out["group_by"] = list(route.group_by)
    for key in ("group_wait", "group_interval", "repeat_interval"):
        value = getattr(route, key)
        if value:
            out[key] = value
    if route.routes:
        out["routes"] = [_plain_route(child) for child in route.routes]
    return out


def _plain_inhibit(rule: InhibitRule) -> dict[str, Any]:
    return {
        "source_matchers": [m.text() for m in rule.source],
        "target_matchers": [m.text() for m in rule.target],
        "equal": list(rule.equal),
    }


def _file(ref: SecretRef, secrets_dir: str) -> str:
    return f"{secrets_dir.rstrip('/')}/{ref.secret}/{ref.key}"


def _plain_receiver(receiver: Receiver, secrets_dir: str) -> dict[str, Any]:
    out: dict[str, Any] = {"name": receiver.name}
    if receiver.pagerduty:
        out["pagerduty_configs"] = [
            _plain_pagerduty(pd, secrets_dir) for pd in receiver.pagerduty
        ]
    if receiver.slack:
        out["slack_configs"] = [
            _plain_slack(slack, secrets_dir) for slack in receiver.slack
        ]
    return out


def _plain_pagerduty(pd: PagerDuty, secrets_dir: str) -> dict[str, Any]:
    out: dict[str, Any] = {"routing_key_file": _file(pd.routing_key, secrets_dir)}
    if pd.url:
        out["url"] = pd.url
    out["severity"] = pd.severity
    out["description"] = pd.description
    out["details"] = dict(pd.details)
    out["links"] = [{"href": href, "text": text} for href, text in pd.links]
    return out


def _plain_slack(slack: Slack, secrets_dir: str) -> dict[str, Any]:
    return {
        "api_url_file": _file(slack.api_url, secrets_dir),
        "channel": slack.channel,
        "send_resolved": True,
        "title": slack.title,
        "text": slack.text,
    }


# -- prometheus-operator AlertmanagerConfig -------------------------------------


def crd(
    config: AlertmanagerConfig, api_version: str, namespace: str, name: str
) -> list[dict[str, Any]]:
    """The AlertmanagerConfig and the Secret templates it reads (key names only)."""
    spec: dict[str, Any] = {"route": _crd_route(config.route)}
    spec["receivers"] = [_crd_receiver(r) for r in config.receivers]
    if config.inhibit_rules:
        spec["inhibitRules"] = [_crd_inhibit(rule) for rule in config.inhibit_rules]
    resource = {
        "apiVersion": f"{API_GROUP}/{api_version}",
        "kind": "AlertmanagerConfig",
        "metadata": {
            "name": name,
            "namespace": namespace,
            "labels": {"app.kubernetes.io/managed-by": "incidentctl"},
        },
        "spec": spec,
    }
    return [resource, *_secret_templates(config.secrets, namespace)]


def _crd_matcher(matcher: Matcher) -> dict[str, str]:
    return {"name": matcher.name, "value": matcher.value, "matchType": matcher.op}


def _crd_route(route: Route) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if route.receiver:
        out["receiver"] = route.receiver
    if route.matchers:
        out["matchers"] = [_crd_matcher(m) for m in route.matchers]
    if route.group_by is not None:
        out["groupBy"] = list(route.group_by)
    for key, camel in (
        ("group_wait", "groupWait"),
        ("group_interval", "groupInterval"),
        ("repeat_interval", "repeatInterval"),
    ):
        value = getattr(route, key)
        if value:
            out[camel] = value
    if route.routes:
        out["routes"] = [_crd_route(child) for child in route.routes]
    return out


def _crd_inhibit(rule: InhibitRule) -> dict[str, Any]:
    return {
        "sourceMatch": [_crd_matcher(m) for m in rule.source],
        "targetMatch": [_crd_matcher(m) for m in rule.target],
        "equal": list(rule.equal),
    }


def _crd_receiver(receiver: Receiver) -> dict[str, Any]:
    out: dict[str, Any] = {"name": receiver.name}
    if receiver.pagerduty:
        out["pagerdutyConfigs"] = [_crd_pagerduty(pd) for pd in receiver.pagerduty]
    if receiver.slack:
        out["slackConfigs"] = [_crd_slack(slack) for slack in receiver.slack]
    return out


def _crd_pagerduty(pd: PagerDuty) -> dict[str, Any]:
    out: dict[str, Any] = {
        "routingKey": {"name": pd.routing_key.secret, "key": pd.routing_key.key}
    }
    if pd.url:
        out["url"] = pd.url
    out["severity"] = pd.severity
    out["description"] = pd.description
    out["details"] = [{"key": key, "value": value} for key, value in pd.details]
    out["pagerDutyLinkConfigs"] = [
        {"href": href, "alt": text} for href, text in pd.links
    ]
    return out


def _crd_slack(slack: Slack) -> dict[str, Any]:
    return {
        "apiURL": {"name": slack.api_url.secret, "key": slack.api_url.key},
        "channel": slack.channel,
        "sendResolved": True,
        "title": slack.title,
        "text": slack.text,
    }


def _secret_templates(
    refs: tuple[SecretRef, ...], namespace: str
) -> list[dict[str, Any]]:
    """One Secret per name, with every key it must hold and no value (never a key)."""
    by_secret: dict[str, list[str]] = {}
    for ref in refs:
        by_secret.setdefault(ref.secret, []).append(ref.key)
    return [
        {
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {
                "name": secret,
                "namespace": namespace,
                "labels": {"app.kubernetes.io/managed-by": "incidentctl"},
            },
            "type": "Opaque",
            "stringData": dict.fromkeys(sorted(keys), ""),
        }
        for secret, keys in sorted(by_secret.items())
    ]


def render(documents: list[dict[str, Any]], header: str) -> str:
    """The documents as one YAML stream behind a comment header."""
    return header + dump_documents(documents)
