"""Output formats of ``incidentctl lint``: one module per format, each a pure render()."""

from __future__ import annotations

FORMATS = ("text", "json")
