"""What every lint rule module provides, and the options object its check() receives."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from incidentctl.findings import Severity, Violation
from incidentctl.policy import Policy


class Target(str, enum.Enum):
    """What a rule's check() receives."""

    FILE = "file"  # a RuleFile: syntax, structure, suppressions
    GROUP = "group"  # a RuleGroup
    RULE = "rule"  # every alerting and recording rule
    ALERT = "alert"  # alerting rules only
    CATALOG = "catalog"  # the Backstage catalog, once per run


@dataclass(frozen=True)
class Options:
    """A rule's options (schema defaults, then the policy's) and the policy itself."""

    policy: Policy
    values: Mapping[str, Any] = field(default_factory=dict)
    today: date = field(default_factory=date.today)
    catalog: Any = None  # sources.backstage.Catalog, when the policy names one

    def __getitem__(self, key: str) -> Any:
        return self.values[key]


class RuleModule(Protocol):
    """The shape of a module in lint/rules/ (checked by a meta-test)."""

    ID: str
    NAME: str
    TARGET: Target
    DEFAULT_SEVERITY: Severity
    OPTIONS: Mapping[str, Any]
    __doc__: str | None

    def check(self, target: Any, options: Options) -> Iterator[Violation]:
        """Yield the violations found in ``target``."""
        ...


def summary_line(rule: RuleModule) -> str:
    """The first line of the rule's docstring: its one-line description."""
    return (rule.__doc__ or "").strip().splitlines()[0].strip()


def option_defaults(rule: RuleModule) -> dict[str, Any]:
    """Defaults declared in the rule's options schema."""
    properties = rule.OPTIONS.get("properties", {})
    return {
        name: spec["default"] for name, spec in properties.items() if "default" in spec
    }
