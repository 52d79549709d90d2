"""Output formats of ``incidentctl lint``: one module each, each a pure render()."""

from __future__ import annotations

FORMATS = ("text", "json", "github", "sarif")
