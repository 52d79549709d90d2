"""Allow ``python -m incidentctl``."""

from __future__ import annotations

from incidentctl.cli.main import run

run()
