"""Postmortem deadlines: the draft 48 wall-clock hours after the all-clear, publication
on the 5th business day after the all-clear date in the team's time zone.

Rules (see docs/architecture.md, "deadlines"):

- the all-clear is stored in UTC and converted to the policy's time zone *before*
  taking its date (01:00 UTC on a Monday is still Sunday in Los Angeles);
- the all-clear day itself never counts, working day or not; a weekend or
  holiday all-clear counts from the next working day;
- working days come from the calendar: its weekend (Fri/Sat in Israel), its
  holidays (the ``holidays`` package for a country or market), plus the
  policy's own list of company shutdown days;
- the draft deadline is wall-clock time and may fall on a weekend.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from incidentctl.errors import ConfigError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class BusinessCalendar:
    """Which dates are working days."""

    weekend: frozenset[int] = frozenset((5, 6))
    holidays: frozenset[date] = frozenset()
    country: str | None = None  # e.g. "GB", "US-CA", "NYSE"
    _cache: dict[int, frozenset[date]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def is_working_day(self, day: date) -> bool:
        """Not a weekend day, not a listed holiday, not a calendar holiday."""
        if day.weekday() in self.weekend or day in self.holidays:
            return False
        return day not in self._country_holidays(day.year)

    def nth_working_day_after(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (``day`` itself never counts)."""
        current = day
        counted = 0
        while counted < n:
            current += timedelta(days=1)
            if self.is_working_day(current):
                counted += 1
        return current

    def _country_holidays(self, year: int) -> frozenset[date]:
        if self.country is None:
            return frozenset()
        if year not in self._cache:
            self._cache[year] = frozenset(_load_country(self.country, year))
        return self._cache[year]


def _load_country(code: str, year: int) -> Iterable[date]:
    import holidays

    country, _, subdivision = code.partition("-")
    try:
        if country.upper() in holidays.list_supported_financial():
            return holidays.financial_holidays(country.upper(), years=year).keys()
        return holidays.country_holidays(
            country.upper(), subdiv=subdivision or None, years=year
        ).keys()
    except NotImplementedError as exc:
        raise ConfigError(
            f"learn.calendar: unknown holiday calendar {code!r} ({exc})"
        ) from None


def calendar_weekend(code: str) -> frozenset[int]:
    """The weekend of a country or market calendar (Fri/Sat for IL)."""
    import holidays

    country, _, subdivision = code.partition("-")
    try:
        if country.upper() in holidays.list_supported_financial():
            return frozenset(holidays.financial_holidays(country.upper()).weekend)
        return frozenset(
            holidays.country_holidays(
                country.upper(), subdiv=subdivision or None
            ).weekend
        )
    except NotImplementedError as exc:
        raise ConfigError(
            f"learn.calendar: unknown holiday calendar {code!r} ({exc})"
        ) from None


def calendar_from_policy(learn: dict[str, object]) -> BusinessCalendar:
    """The calendar the policy's ``learn`` section describes."""
    code = learn.get("calendar")
    listed = frozenset(date.fromisoformat(str(d)) for d in learn.get("holidays") or [])  # type: ignore[attr-defined]
    if isinstance(code, str) and code:
        return BusinessCalendar(calendar_weekend(code), listed, code)
    weekend = frozenset(WEEKDAYS.index(str(d)) for d in learn.get("weekend") or [])  # type: ignore[attr-defined]
    return BusinessCalendar(weekend, listed)


def zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name``, or a policy error."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"learn.timezone: unknown time zone {name!r}") from None


@dataclass(frozen=True)
class Deadlines:
    """When the postmortem draft and its publication are due."""

    draft_due: datetime  # UTC
    publish_due: date  # end of that day in ``timezone``
    all_clear_local: date
    timezone: str


def deadlines(
    all_clear: datetime,
    tz_name: str,
    calendar: BusinessCalendar,
    draft_hours: int = 48,
    business_days: int = 5,
) -> Deadlines:
    """Compute both deadlines from an aware all-clear time."""
    if all_clear.tzinfo is None:
        raise ValueError("all_clear must be timezone-aware")
    utc = all_clear.astimezone(timezone.utc)
    local_day = utc.astimezone(zone(tz_name)).date()
    return Deadlines(
        draft_due=utc + timedelta(hours=draft_hours),
        publish_due=calendar.nth_working_day_after(local_day, business_days),
        all_clear_local=local_day,
        timezone=tz_name,
    )
