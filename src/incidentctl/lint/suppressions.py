"""Suppression comments: ``# incidentctl disable=IC102 reason="..."`` and friends.

Three forms, each naming its rules and a reason:

- ``# incidentctl disable=IC101,IC102 reason="..."`` on a rule's line, inside the
  rule, or on the comment lines directly above it: that rule only;
- ``# incidentctl disable-file=IC106 reason="..."`` anywhere: the whole file;
- ``# incidentctl snooze=2027-01-31 IC101 reason="..."``: like ``disable`` until
  the end of that day, then the finding comes back (a grace period for legacy
  alerts).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from incidentctl.sources.prometheus import RuleFile

# A comment is read as a suppression when "incidentctl" is followed by something
# that looks like a directive (a word and "=", or a directive word); prose that
# merely mentions the tool ("# incidentctl policy for ...") is left alone.
_COMMENT = re.compile(
    r"(?:^|[ \t])(#[ \t]*incidentctl(?::|\b)(?=[ \t]*(?:$|[\w-]+=|disable|snooze|enable"
    r"|ignore|skip|suppress|nolint|off\b))(.*))$",
    re.MULTILINE,
)
_DIRECTIVE = re.compile(
    r"""[ \t]+(?P<kind>disable-file|disable|snooze)=(?P<value>\S+)"""
    r"""(?:[ \t]+(?P<ids>(?!reason=)[\w/.,-]+))?"""
    r"""[ \t]+reason=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')[ \t]*\Z"""
)
_UNSUPPRESSIBLE = frozenset(("IC003",))


@dataclass(frozen=True)
class Problem:
    """A malformed suppression comment (reported by IC003)."""

    line: int
    column: int
    message: str


@dataclass
class Suppression:
    """One parsed suppression and what it covers."""

    kind: str  # disable, disable-file, snooze
    rule_ids: frozenset[str]
    reason: str
    line: int
    column: int
    until: date | None = None
    start: int = 0  # covered lines, inclusive (whole file for disable-file)
    end: int = 0
    used: set[str] = field(default_factory=set)

    def expired(self, today: date) -> bool:
        """A snooze stops applying the day after its date."""
        return self.until is not None and today > self.until

    def covers(self, rule_id: str, line: int) -> bool:
        """True when this suppression names ``rule_id`` and covers ``line``."""
        return rule_id in self.rule_ids and self.start <= line <= self.end


@dataclass
class Suppressions:
    """All suppressions of one file and the problems found parsing them."""

    items: list[Suppression] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def parse(file: RuleFile, known: Mapping[str, str]) -> Suppressions:
    """Parse every ``# incidentctl`` comment of ``file``.

    ``known`` maps rule ids and rule names to rule ids.
    """
    out = Suppressions()
    if "incidentctl" not in file.text:
        return out
    lines = file.text.splitlines()
    spans = [(rule.line, rule.end_line) for rule in file.rules]
    for match in _COMMENT.finditer(file.text):
        offset = match.start(1)
        line = file.text.count("\n", 0, offset) + 1
        column = offset - (file.text.rfind("\n", 0, offset) + 1) + 1
        _parse_one(match.group(2), line, column, lines, spans, known, out)
    return out


def _parse_one(
    body: str,
    line: int,
    column: int,
    lines: list[str],
    spans: list[tuple[int, int]],
    known: Mapping[str, str],
    out: Suppressions,
) -> None:
    directive = _DIRECTIVE.match(body)
    if directive is None:
        out.problems.append(Problem(line, column, _malformed_message(body)))
        return
    kind, value = directive["kind"], directive["value"]
    reason = directive["dq"] if directive["dq"] is not None else directive["sq"]
    until = None
    if kind == "snooze":
        try:
            until = date.fromisoformat(value)
        except ValueError:
            out.problems.append(
                Problem(
                    line, column, f'snooze date "{value}" is not a date (YYYY-MM-DD)'
                )
            )
            return
        names = directive["ids"] or ""
    else:
        names = value if directive["ids"] is None else f"{value},{directive['ids']}"
    ids = _rule_ids(names, line, column, known, out)
    if ids is None:
        return
    if not reason.strip():
        out.problems.append(
            Problem(line, column, "a suppression needs a non-empty reason")
        )
        return
    item = Suppression(kind, ids, reason, line, column, until)
    if kind == "disable-file":
        item.start, item.end = 1, max(len(lines), 1)
    else:
        span = _target_span(line, lines, spans)
        if span is None:
            out.problems.append(
                Problem(
                    line,
                    column,
                    f"{kind} is not on or directly above a rule; "
                    "use disable-file for the whole file",
                )
            )
            return
        item.start, item.end = span
    out.items.append(item)


def _malformed_message(body: str) -> str:
    text = body.strip()
    if not text:
        return 'empty incidentctl comment; expected disable=IC101 reason="..."'
    if re.match(r"(disable-file|disable|snooze)=", text) and "reason=" not in text:
        return f'suppression "{text}" has no reason="..."'
    return (
        f'malformed suppression "{text}"; expected disable=IDS, disable-file=IDS '
        'or snooze=YYYY-MM-DD IDS, then reason="..."'
    )


def _rule_ids(
    names: str, line: int, column: int, known: Mapping[str, str], out: Suppressions
) -> frozenset[str] | None:
    ids = set()
    for name in filter(None, names.split(",")):
        rule_id = known.get(name) or known.get(name.upper())
        if rule_id is None:
            out.problems.append(
                Problem(line, column, f'unknown rule "{name}" in suppression')
            )
            return None
        if rule_id in _UNSUPPRESSIBLE:
            out.problems.append(
                Problem(line, column, f"{rule_id} cannot be suppressed")
            )
            return None
        ids.add(rule_id)
    if not ids:
        out.problems.append(
            Problem(line, column, "a suppression must name the rules it disables")
        )
        return None
    return frozenset(ids)


def _target_span(
    line: int, lines: list[str], spans: list[tuple[int, int]]
) -> tuple[int, int] | None:
    if lines[line - 1].lstrip().startswith("#"):
        # A whole-line comment applies to the rule that starts after it, with only
        # comments or blank lines in between...
        next_line = line + 1
        while next_line <= len(lines) and _blank_or_comment(lines[next_line - 1]):
            next_line += 1
        for start, end in spans:
            if start == next_line:
                return start, end
    # ...a trailing comment (or one inside a rule) to the rule it stands in.
    for start, end in spans:
        if start <= line <= end:
            return start, end
    return None


def _blank_or_comment(text: str) -> bool:
    stripped = text.strip()
    return not stripped or stripped.startswith("#")


def unused(items: Iterable[Suppression], today: date) -> list[tuple[Suppression, str]]:
    """Suppressed rule ids that matched nothing (--report-unused-suppressions)."""
    return [
        (item, rule_id)
        for item in items
        if not item.expired(today)
        for rule_id in sorted(item.rule_ids - item.used)
    ]
