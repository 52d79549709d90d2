"""A URL annotation is not an absolute http(s) URL, or is an obvious placeholder.

Why: a link the on-call cannot open is as bad as no link. ``runbooks/x.md``
(relative), ``example.com``, ``localhost`` and ``TODO`` all pass a "present"
check and fail at 3 a.m. Go template expressions (``{{ $labels.service }}``)
are allowed inside the URL; the rest must still be a real URL.

Bad:

```yaml
groups:
  - name: checkout
    rules:
      - alert: CheckoutErrorRateHigh
        expr: sum by (service, region) (rate(http_requests_total{service="checkout",code=~"5.."}[5m])) > 1
        for: 5m
        labels:
          severity: P1
          service: checkout
          team: payments
        annotations:
          summary: Checkout is failing requests
          runbook_url: https://example.com/runbooks/TODO
          dashboard_url: https://grafana.acme.io/d/checkout
```

Good:

```yaml
groups:
  - name: checkout
    rules:
      - alert: CheckoutErrorRateHigh
        expr: sum by (service, region) (rate(http_requests_total{service="checkout",code=~"5.."}[5m])) > 1
        for: 5m
        labels:
          severity: P1
          service: checkout
          team: payments
        annotations:
          summary: Checkout is failing requests
          runbook_url: https://github.com/acme/platform/blob/main/runbooks/checkout-error-rate-high.md
          dashboard_url: https://grafana.acme.io/d/checkout
```

Options:

- ``placeholder_hosts`` (list): hosts that mark a placeholder; default
  example.com/.org/.net, localhost, 127.0.0.1, 0.0.0.0.
- ``placeholder_words`` (list): words that mark a placeholder anywhere in the
  URL (case-insensitive); default TODO, TBD, FIXME, CHANGEME, XXX, placeholder.

The annotations checked are the policy's ``annotations.urls``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from incidentctl.findings import Severity, Violation
from incidentctl.lint.rule import Options, Target
from incidentctl.sources.prometheus import Rule

ID = "IC103"
NAME = "prometheus/annotation-url"
TARGET = Target.ALERT
DEFAULT_SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "placeholder_hosts": {
            "type": "array",
            "items": {"type": "string"},
            "default": [
                "example.com",
                "example.org",
                "example.net",
                "localhost",
                "127.0.0.1",
                "0.0.0.0",
            ],
        },
        "placeholder_words": {
            "type": "array",
            "items": {"type": "string"},
            "default": ["TODO", "TBD", "FIXME", "CHANGEME", "XXX", "placeholder"],
        },
    },
}
_TEMPLATE = re.compile(r"\{\{.*?\}\}")


def check(target: Rule, options: Options) -> Iterator[Violation]:
    """Check every URL annotation the policy names."""
    for name in options.policy.url_annotations:
        value = target.annotations.get(name, "").strip()
        if not value:
            continue  # missing or empty: IC101/IC102's business
        problem = url_problem(
            value, options["placeholder_hosts"], options["placeholder_words"]
        )
        if problem:
            line, column = target.label_value_pos("annotations", name)
            yield Violation(
                f'{name} "{value}" of alert "{target.name}" {problem}', line, column
            )


def url_problem(value: str, hosts: list[str], words: list[str]) -> str | None:
    """Why ``value`` is not a usable link, or None."""
    if value.startswith("{{"):
        return None  # the whole base comes from a template (e.g. $externalURL)
    rendered = _TEMPLATE.sub("x", value) if "{{" in value else value
    parts = urlsplit(rendered)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "is not an absolute http(s) URL"
    host = (parts.hostname or "").lower()
    for placeholder in (entry.lower() for entry in hosts):
        if host == placeholder or host.endswith("." + placeholder):
            return f"points at the placeholder host {placeholder}"
    word = _placeholder_words(tuple(words)).search(value)
    if word:
        return f"looks like a placeholder ({word.group(0)})"
    return None


@lru_cache(maxsize=16)
def _placeholder_words(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(word) for word in words) or r"(?!)"
    return re.compile(rf"(?<![A-Za-z])(?:{alternatives})(?![A-Za-z])", re.IGNORECASE)
