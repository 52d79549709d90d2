"""The policy's ``defaults``: labels and annotations assumed for vendored rule files.

Vendored mixins (kube-prometheus, node-exporter) carry no team or service and use
``critical``/``warning``; with ``defaults: [{paths: ["vendor/**"], labels: {team:
platform, service: kubernetes}}]`` and a ``severity_map`` they lint clean without
being edited. A rule's own labels always win; what a default supplied is
recorded on the rule, so findings can say where a value came from.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from incidentctl.sources.discover import display_path
from incidentctl.sources.prometheus import RuleFile


def matching(
    defaults: Sequence[Mapping[str, Any]], relative: str
) -> list[tuple[str, Mapping[str, Any]]]:
    """(glob, entry) of every defaults entry whose globs match ``relative``."""
    out = []
    for entry in defaults:
        for pattern in entry["paths"]:
            prefix = pattern[:-3] if pattern.endswith("/**") else None
            if fnmatch.fnmatch(relative, pattern) or (
                prefix and relative.startswith(prefix + "/")
            ):
                out.append((pattern, entry))
                break
    return out


def apply_defaults(
    file: RuleFile, real_path: str, root: Path, defaults: Sequence[Mapping[str, Any]]
) -> None:
    """Fill in missing labels and annotations of the file's rules from ``defaults``."""
    if not defaults:
        return
    relative = display_path(real_path, root)
    entries = matching(defaults, relative)
    if not entries:
        return
    for rule in file.rules:
        for pattern, entry in entries:
            for name, value in (entry.get("labels") or {}).items():
                if not rule.labels.get(name, "").strip():
                    rule.labels[name] = value
                    rule.defaulted[name] = pattern
            if rule.is_alert:
                for name, value in (entry.get("annotations") or {}).items():
                    if not rule.annotations.get(name, "").strip():
                        rule.annotations[name] = value
                        rule.defaulted[name] = pattern


def origin(rule: Any, name: str) -> str:
    """ " (from defaults for vendor/**)" when a default supplied ``name``, else ""."""
    pattern = getattr(rule, "defaulted", {}).get(name)
    return f" (from defaults for {pattern})" if pattern else ""
