"""Prometheus and Alertmanager durations (``model.ParseDuration``): 1d12h, 30m, 0."""

from __future__ import annotations

import re

_DURATION = re.compile(
    r"(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?\Z"
)
_UNIT_MS = (
    365 * 86_400_000,
    7 * 86_400_000,
    86_400_000,
    3_600_000,
    60_000,
    1_000,
    1,
)


def parse_duration(text: str) -> int | None:
    """Return the duration in milliseconds, or None when Prometheus would refuse it."""
    if text == "0":
        return 0
    if not text:
        return None
    match = _DURATION.match(text)
    if match is None:
        return None
    return sum(
        int(part) * unit
        for part, unit in zip(match.groups(), _UNIT_MS, strict=True)
        if part
    )
