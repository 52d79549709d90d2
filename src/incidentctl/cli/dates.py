"""Date options of the command line (``--today``, ``--week-of``)."""

from __future__ import annotations

from datetime import date

from incidentctl.errors import UsageError


def parse_date(text: str, option: str) -> date:
    """A YYYY-MM-DD option value, or a usage error naming the option."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} {text!r} is not a date (YYYY-MM-DD)") from None
