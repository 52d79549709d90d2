"""Plan a postmortem: docs/postmortems/INC-YYYY-MM-DD-NNN.md with its deadlines."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from incidentctl.errors import UsageError
from incidentctl.learn.deadlines import Deadlines, calendar_from_policy, deadlines
from incidentctl.policy import Policy
from incidentctl.scaffold import templates
from incidentctl.scaffold.plan import Document, NumberedDocument, policy_dir
from incidentctl.yamlio import dump_documents

PATTERN_TEMPLATE = r"INC-{day}-(\d{{3,}})\.md"


@dataclass(frozen=True)
class PostmortemRequest:
    """What the incident commander said on the command line (times are aware, UTC)."""

    title: str
    severity: str
    services: tuple[str, ...]
    ic: str
    author: str
    started: datetime | None
    detected: datetime | None
    mitigated: datetime | None
    resolved: datetime
    notes: list[str] = field(default_factory=list)


def utc_text(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z, to the second."""
    if moment is None:
        return None
    return (
        moment.astimezone(timezone.utc)
        .replace(microsecond=0)
        .strftime("%Y-%m-%dT%H:%M:%SZ")
    )


def plan_postmortem(
    policy: Policy, request: PostmortemRequest, env: Any
) -> tuple[NumberedDocument, Deadlines]:
    """The numbered document (its number is taken when written) and its deadlines."""
    learn = policy.data["learn"]
    due = deadlines(
        request.resolved,
        learn["timezone"],
        calendar_from_policy(learn),
        learn["draft_hours"],
        learn["publish_business_days"],
    )
    directory = policy_dir(policy, "postmortems")
    day = (request.started or request.resolved).astimezone(timezone.utc).date()

    def make(number: int) -> Document:
        incident_id = f"INC-{day.isoformat()}-{number:03d}"
        context = _context(policy, request, due, incident_id)
        text = templates.render(env, "postmortem.md.j2", context)
        return Document(directory / f"{incident_id}.md", text)

    pattern = PATTERN_TEMPLATE.format(day=day.isoformat())
    return NumberedDocument(directory, pattern, make), due


def front_matter(
    policy: Policy, request: PostmortemRequest, due: Deadlines, incident_id: str
) -> dict[str, Any]:
    """The YAML front matter (schemas/postmortem.schema.json)."""
    level = policy.severity(request.severity)
    return {
        "id": incident_id,
        "title": request.title,
        "severity": request.severity,
        "status": "draft",
        "services": list(request.services),
        "ic": request.ic,
        "author": request.author,
        "started_at": utc_text(request.started),
        "detected_at": utc_text(request.detected),
        "mitigated_at": utc_text(request.mitigated),
        "resolved_at": utc_text(request.resolved),
        "draft_due": utc_text(due.draft_due),
        "publish_due": due.publish_due.isoformat(),
        "timezone": due.timezone,
        "postmortem_required": level.postmortem if level else "required",
    }


def _context(
    policy: Policy, request: PostmortemRequest, due: Deadlines, incident_id: str
) -> dict[str, Any]:
    matter = front_matter(policy, request, due, incident_id)
    level = policy.severity(request.severity)
    note = ""
    if level is not None and level.postmortem != "required":
        note = (
            f"Note: the policy does not require a postmortem for {level.name} "
            f"({level.postmortem}); the deadlines apply if you publish one."
        )
    return {
        **matter,
        "front_matter": dump_documents([matter]),
        "draft_due_text": f"{matter['draft_due']}",
        "publish_due_text": f"end of {due.publish_due:%a %d %b %Y} ({due.timezone})",
        "postmortem_note": note,
    }


def parse_time(text: str, option: str) -> datetime:
    """An ISO 8601 time; without an offset it is taken as UTC."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(
            f"{option} {text!r} is not an ISO 8601 time (2026-12-04T14:03Z)"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def check_order(request: PostmortemRequest) -> None:
    """Milestones must not run backwards: started ≤ detected ≤ mitigated ≤ resolved."""
    named = [
        ("--started", request.started),
        ("--detected", request.detected),
        ("--mitigated", request.mitigated),
        ("--resolved", request.resolved),
    ]
    present = [(name, moment) for name, moment in named if moment is not None]
    for (first, a), (second, b) in itertools.pairwise(present):
        if b < a:
            raise UsageError(
                f"{second} ({utc_text(b)}) is before {first} ({utc_text(a)})"
            )
