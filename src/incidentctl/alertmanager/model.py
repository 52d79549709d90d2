"""The Alertmanager model: routes, receivers and inhibit rules, independent of spelling.

The same model renders as a plain ``alertmanager.yml`` (snake_case, string
matchers) and as a prometheus-operator AlertmanagerConfig (camelCase, matcher
objects); see render.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Matcher:
    """``name op "value"`` with op one of =, !=, =~, !~."""

    name: str
    op: str
    value: str

    def text(self) -> str:
        """The classic matcher string Alertmanager 0.25 parses: ``severity="P0"``."""
        return f"{self.name}{self.op}{json.dumps(self.value, ensure_ascii=False)}"


@dataclass(frozen=True)
class Route:
    """A routing-tree node; None means "inherit from the parent"."""

    receiver: str | None
    matchers: tuple[Matcher, ...] = ()
    group_by: tuple[str, ...] | None = None
    group_wait: str | None = None
    group_interval: str | None = None
    repeat_interval: str | None = None
    routes: tuple[Route, ...] = ()


@dataclass(frozen=True)
class SecretRef:
    """A key of a Kubernetes Secret (mounted as a file for a plain config)."""

    secret: str
    key: str


@dataclass(frozen=True)
class PagerDuty:
    """A PagerDuty Events API v2 integration."""

    routing_key: SecretRef
    severity: str
    description: str
    details: tuple[tuple[str, str], ...]
    links: tuple[tuple[str, str], ...]  # (href template, text)
    url: str | None = None


@dataclass(frozen=True)
class Slack:
    """A Slack incoming webhook."""

    api_url: SecretRef
    channel: str
    title: str
    text: str


@dataclass(frozen=True)
class Receiver:
    """A named receiver with its integrations."""

    name: str
    pagerduty: tuple[PagerDuty, ...] = ()
    slack: tuple[Slack, ...] = ()


@dataclass(frozen=True)
class InhibitRule:
    """Mute targets while a source with the same ``equal`` labels fires."""

    source: tuple[Matcher, ...]
    target: tuple[Matcher, ...]
    equal: tuple[str, ...]


@dataclass(frozen=True)
class AlertmanagerConfig:
    """The whole routing configuration."""

    route: Route
    receivers: tuple[Receiver, ...]
    inhibit_rules: tuple[InhibitRule, ...] = ()
    secrets: tuple[SecretRef, ...] = field(default=())
