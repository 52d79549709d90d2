"""incidentctl: incident response as code for Prometheus, Alertmanager and Backstage."""

from __future__ import annotations

__version__ = "0.1.0"
