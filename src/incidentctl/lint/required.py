"""What the "required label / annotation" rules share (IC101, IC102, IC104, ...)."""

from __future__ import annotations

from collections.abc import Iterator

from incidentctl.findings import Violation
from incidentctl.sources.prometheus import Rule


def missing_or_empty(
    alert: Rule, section: str, name: str, hint: str | None = None
) -> Iterator[Violation]:
    """Yield a violation when label/annotation ``name`` is absent or blank."""
    values = alert.labels if section == "labels" else alert.annotations
    what = "label" if section == "labels" else "annotation"
    value = values.get(name)
    if value is None:
        line, column = (
            alert.label_pos(section, name)
            if section in alert.raw
            else alert.key_pos("alert")
        )
        yield Violation(
            f'alert "{alert.name}" has no {name} {what}', line, column, hint=hint
        )
    elif not value.strip():
        line, column = alert.label_pos(section, name)
        yield Violation(
            f'alert "{alert.name}" has an empty {name} {what}', line, column, hint=hint
        )
