"""Findings: what a lint rule reports, with its exact position."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(str, enum.Enum):
    """How much a finding matters; ``error`` fails the run by default."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse: used by ``--fail-on`` and for sorting summaries."""
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True)
class Violation:
    """What a rule's ``check()`` yields: a message at a 1-based position."""

    message: str
    line: int
    column: int
    end_line: int | None = None
    end_column: int | None = None
    hint: str | None = None
    path: str | None = None  # another file than the target's (catalog rules)


@dataclass(frozen=True)
class Finding:
    """A violation placed in a file, with the rule and severity the policy gave it.

    Findings sort by (path, line, column, rule); see :meth:`sort_key`.
    """

    path: str
    line: int
    column: int
    rule_id: str
    rule_name: str
    severity: Severity
    message: str
    end_line: int | None = None
    end_column: int | None = None
    hint: str | None = None
    fingerprint: str = ""

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """The one order every formatter uses."""
        return (self.path, self.line, self.column, self.rule_id, self.message)
