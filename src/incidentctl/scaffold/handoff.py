"""Plan the weekly on-call handoff: docs/handoffs/<monday>.md, pre-filled."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from incidentctl.learn.history import AlertChange
from incidentctl.learn.postmortems import PostmortemDoc
from incidentctl.policy import Policy
from incidentctl.scaffold import templates
from incidentctl.scaffold.plan import Document, policy_dir


def monday_of(day: date) -> date:
    """The Monday of ``day``'s ISO week: the handoff day."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class HandoffFacts:
    """What the repository says about the week that ends on ``monday``."""

    monday: date
    postmortems: list[PostmortemDoc] = field(default_factory=list)
    changed_runbooks: list[str] = field(default_factory=list)
    changed_alerts: list[AlertChange] = field(default_factory=list)


def _in(moment: Any, start: date, end: date) -> bool:
    if moment is None:
        return False
    day = moment.date() if hasattr(moment, "date") and callable(moment.date) else moment
    return bool(start <= day < end)


def plan_handoff(policy: Policy, facts: HandoffFacts, env: Any) -> Document:
    """The handoff on ``facts.monday``, reviewing the 7 days before it."""
    end = facts.monday
    start = end - timedelta(days=7)
    directory = policy_dir(policy, "handoffs")
    recent, open_ = [], []
    for pm in facts.postmortems:
        overdue = (
            pm.status == "draft" and pm.publish_due is not None and pm.publish_due < end
        )
        link = os.path.relpath(pm.path, directory).replace(os.sep, "/")
        entry = {**pm.__dict__, "overdue": overdue, "link": link}
        if (
            _in(pm.started_at, start, end)
            or _in(pm.resolved_at, start, end)
            or _in(pm.publish_due, start, end)
            or overdue
        ):
            recent.append(entry)
        if pm.resolved_at is None:  # no all-clear recorded yet: still active
            open_.append(entry)
    context = {
        "week_start": start.isoformat(),
        "week_end": end.isoformat(),
        "recent_postmortems": recent,
        "open_postmortems": open_,
        "changed_runbooks": facts.changed_runbooks,
        "changed_alerts": [change.__dict__ for change in facts.changed_alerts],
    }
    return Document(
        directory / f"{end.isoformat()}.md",
        templates.render(env, "handoff.md.j2", context),
    )
