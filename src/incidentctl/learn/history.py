"""What changed in the repository during a period (git): runbooks and alert rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from incidentctl.sources import git
from incidentctl.sources.prometheus import RuleFile, load_rule_text


@dataclass(frozen=True)
class AlertChange:
    """An alert added, changed or removed in the period."""

    change: str  # added | changed | removed
    name: str
    severity: str
    path: str


def _git(root: Path, *args: str) -> str | None:
    return git.output(root, *args, timeout=30)


def git_top(root: Path) -> Path | None:
    """The repository's top directory, or None outside git."""
    out = _git(root, "rev-parse", "--show-toplevel")
    return Path(out.strip()) if out else None


def changed_files(root: Path, start: date, end: date, pathspec: str) -> list[str]:
    """Files under ``pathspec`` (from the top) changed by commits in [start, end)."""
    out = _git(
        root,
        "log",
        f"--since={start.isoformat()}T00:00:00Z",
        f"--until={end.isoformat()}T00:00:00Z",
        "--name-only",
        "--pretty=format:",
        "--",
        pathspec,
    )
    return sorted({line for line in (out or "").splitlines() if line.strip()})


def alert_changes(
    top: Path, start: date, end: date, rule_paths: list[str], severity_label: str
) -> list[AlertChange]:
    """Alerts added, changed or removed between the period's start and now."""
    base = (
        _git(top, "rev-list", "-1", f"--before={start.isoformat()}T00:00:00Z", "HEAD")
        or ""
    ).strip()
    files: set[str] = set()
    for pathspec in rule_paths:
        files.update(changed_files(top, start, end, pathspec))
    changes: list[AlertChange] = []
    for path in sorted(f for f in files if f.endswith((".yaml", ".yml", ".json"))):
        old = _alerts(
            _git(top, "show", f"{base}:{path}") if base else None, path, severity_label
        )
        current_file = top / path
        new_text = (
            current_file.read_text(encoding="utf-8", errors="replace")
            if current_file.is_file()
            else None
        )
        new = _alerts(new_text, path, severity_label)
        for name in sorted(new.keys() - old.keys()):
            changes.append(AlertChange("added", name, new[name][1], path))
        for name in sorted(new.keys() & old.keys()):
            if new[name] != old[name]:
                changes.append(AlertChange("changed", name, new[name][1], path))
        for name in sorted(old.keys() - new.keys()):
            changes.append(AlertChange("removed", name, old[name][1], path))
    return changes


def _alerts(
    text: str | None, path: str, severity_label: str
) -> dict[str, tuple[str, str, str]]:
    if text is None:
        return {}
    loaded: RuleFile = load_rule_text(text, path)
    return {
        rule.name: (
            rule.expr or "",
            rule.labels.get(severity_label, ""),
            repr(sorted(rule.labels.items())),
        )
        for rule in loaded.rules
        if rule.is_alert
    }


def remote_web_url(root: Path) -> str | None:
    """``https://host/org/repo/blob/<branch>`` from the origin remote, if any."""
    import re

    remote = (_git(root, "remote", "get-url", "origin") or "").strip()
    if not remote:
        return None
    ssh = re.fullmatch(r"(?:ssh://)?git@([^:/]+)[:/](.+?)(?:\.git)?/?", remote)
    https = re.fullmatch(r"https?://(?:[^@/]+@)?([^/]+)/(.+?)(?:\.git)?/?", remote)
    match = ssh or https
    if match is None:
        return None
    head = (
        _git(root, "symbolic-ref", "--short", "refs/remotes/origin/HEAD") or ""
    ).strip()
    branch = head.split("/", 1)[1] if "/" in head else "main"
    return f"https://{match.group(1)}/{match.group(2)}/blob/{branch}"
