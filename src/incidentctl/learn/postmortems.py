"""Read postmortem documents back: their front matter, for handoffs and reviews."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from incidentctl import yamlio
from incidentctl.errors import SourceError


@dataclass(frozen=True)
class PostmortemDoc:
    """One postmortem's metadata."""

    id: str
    title: str
    severity: str
    status: str
    ic: str
    started_at: datetime | None
    resolved_at: datetime | None
    publish_due: date | None
    path: Path


def read_postmortems(directory: Path) -> list[PostmortemDoc]:
    """Every INC-*.md in ``directory`` with readable front matter (others skipped)."""
    if not directory.is_dir():
        return []
    docs = []
    for path in sorted(directory.glob("INC-*.md")):
        doc = _read(path)
        if doc is not None:
            docs.append(doc)
    return docs


def _read(path: Path) -> PostmortemDoc | None:
    try:
        text = yamlio.read_text(str(path))
    except SourceError:
        return None
    if not text.startswith("---"):
        return None
    parts = text.split("\n---", 1)
    try:
        root = yamlio.compose(parts[0][3:], typed=True).documents
    except yamlio.YamlSyntaxError:
        return None
    matter: Any = root[0].root if root else None
    if not isinstance(matter, dict):
        return None
    return PostmortemDoc(
        id=str(matter.get("id") or path.stem),
        title=str(matter.get("title") or ""),
        severity=str(matter.get("severity") or ""),
        status=str(matter.get("status") or "draft"),
        ic=str(matter.get("ic") or ""),
        started_at=_moment(matter.get("started_at")),
        resolved_at=_moment(matter.get("resolved_at")),
        publish_due=_day(matter.get("publish_due")),
        path=path,
    )


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
