"""What changed since a git revision: the new line ranges of each file."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from incidentctl.errors import UsageError
from incidentctl.sources import git

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)
WHOLE_FILE = [(1, 10**9)]


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = git.run(root, *args)
    if done is None:
        raise UsageError("--changed-since needs git, and it could not be run")
    return done


def changed_lines(root: Path, revision: str) -> dict[str, list[tuple[int, int]]]:
    """Absolute path → changed line ranges (new side), relative to ``revision``.

    Untracked files count as wholly changed. An unknown revision (a shallow clone
    that never fetched it) is a usage error that says how to fix it.
    """
    top = _git(root, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise UsageError(
            f"--changed-since needs a git repository ({root} is not in one)"
        )
    top_dir = Path(top.stdout.strip())
    known = _git(top_dir, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if known.returncode != 0:
        raise UsageError(
            f"--changed-since: unknown revision {revision!r} "
            "(in a shallow clone, fetch it first: git fetch --depth=1 origin main)"
        )
    diff = _git(
        top_dir, "diff", "--unified=0", "--no-color", "--no-ext-diff", revision, "--"
    )
    changed: dict[str, list[tuple[int, int]]] = {}
    current: str | None = None
    for line in diff.stdout.splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            current = None if name == "/dev/null" else str(top_dir / name[2:])
        elif line.startswith("@@") and current is not None:
            match = _HUNK.match(line)
            if match:
                start, count = int(match.group(1)), int(match.group(2) or "1")
                changed.setdefault(current, []).append(
                    (start, start + max(count, 1) - 1)
                )
    untracked = _git(top_dir, "ls-files", "--others", "--exclude-standard")
    for name in untracked.stdout.splitlines():
        changed[str(top_dir / name)] = WHOLE_FILE
    return {os.path.realpath(path): ranges for path, ranges in changed.items()}
