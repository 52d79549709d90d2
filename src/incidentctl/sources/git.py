"""Running git: the one place incidentctl starts a git process."""

from __future__ import annotations

import subprocess
from pathlib import Path


def run(
    root: Path, *args: str, timeout: float = 60
) -> subprocess.CompletedProcess[str] | None:
    """``git ARGS`` in ``root``; None when git cannot be started or times out."""
    try:
        return subprocess.run(
            ["git", *args],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )
    except (OSError, subprocess.SubprocessError):
        return None


def output(root: Path, *args: str, timeout: float = 60) -> str | None:
    """The standard output of a successful ``git ARGS``, else None."""
    done = run(root, *args, timeout=timeout)
    return done.stdout if done is not None and done.returncode == 0 else None
