"""The baseline: legacy findings recorded once; warnings for a while, then errors.

``incidentctl baseline`` records today's findings in ``.incidentctl-baseline.json``
by fingerprint (stable across lines moving) with the date each was first seen.
``incidentctl lint`` then reports a baselined finding as a warning until the
policy's ``grace_period_days`` (default 30) have passed since that date, and as an
error after; a finding not in the baseline fails at once. Re-running
``baseline`` drops the findings that were fixed and keeps first-seen dates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from incidentctl.errors import ConfigError
from incidentctl.findings import Finding, Severity

FILE_NAME = ".incidentctl-baseline.json"
VERSION = 1


@dataclass(frozen=True)
class Entry:
    """One baselined finding."""

    fingerprint: str
    rule_id: str
    path: str
    message: str
    first_seen: date


def load(path: Path) -> dict[str, Entry]:
    """The baseline at ``path`` by fingerprint ({} when there is none)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the baseline: {exc}", str(path)) from None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise ConfigError(f"not an incidentctl baseline (version {VERSION})", str(path))
    try:
        return {
            item["fingerprint"]: Entry(
                item["fingerprint"],
                item["rule_id"],
                item["path"],
                item["message"],
                date.fromisoformat(item["first_seen"]),
            )
            for item in data["findings"]
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"malformed baseline entry ({exc})", str(path)) from None


def record(
    findings: list[Finding], previous: dict[str, Entry], today: date
) -> dict[str, Entry]:
    """Today's findings, keeping the first-seen date of those already baselined."""
    entries = {}
    for finding in findings:
        earlier = previous.get(finding.fingerprint)
        first_seen = earlier.first_seen if earlier else today
        entries[finding.fingerprint] = Entry(
            finding.fingerprint,
            finding.rule_id,
            finding.path,
            finding.message,
            first_seen,
        )
    return entries


def render(entries: dict[str, Entry]) -> str:
    """The baseline file: deterministic, sorted by path, rule and fingerprint."""
    items: list[dict[str, Any]] = [
        {
            "fingerprint": entry.fingerprint,
            "rule_id": entry.rule_id,
            "path": entry.path,
            "message": entry.message,
            "first_seen": entry.first_seen.isoformat(),
        }
        for entry in sorted(
            entries.values(), key=lambda e: (e.path, e.rule_id, e.fingerprint)
        )
    ]
    return (
        json.dumps(
            {"version": VERSION, "findings": items}, indent=2, ensure_ascii=False
        )
        + "\n"
    )


def apply(
    findings: list[Finding], entries: dict[str, Entry], today: date, grace_days: int
) -> list[Finding]:
    """Baselined findings become warnings during their grace period, errors after it."""
    out = []
    for finding in findings:
        entry = entries.get(finding.fingerprint)
        if entry is None or finding.severity is not Severity.ERROR:
            out.append(finding)
            continue
        deadline = entry.first_seen + timedelta(days=grace_days)
        if today <= deadline:
            note = f" (baselined {entry.first_seen}; an error after {deadline})"
            out.append(
                replace(
                    finding, severity=Severity.WARNING, message=finding.message + note
                )
            )
        else:
            note = f" (baselined {entry.first_seen}; grace period ended {deadline})"
            out.append(replace(finding, message=finding.message + note))
    return out
