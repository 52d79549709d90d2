"""Find the files to lint: the paths given or the policy's; sorted, deduplicated."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from incidentctl.errors import UsageError

RULE_SUFFIXES = (".yaml", ".yml", ".json")
# Directories that never hold a team's rules and are expensive to walk.
_SKIP_DIRS = frozenset(
    (
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "node_modules",
        "__pycache__",
        ".tox",
        ".mypy_cache",
    )
)


def display_path(path: str, cwd: Path) -> str:
    """The path as findings show it: relative to ``cwd`` (``../`` included), with /."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, cwd)
    except ValueError:  # another drive on Windows
        return absolute.replace(os.sep, "/")
    return relative.replace(os.sep, "/")


def discover(
    paths: Sequence[str],
    cwd: Path,
    exclude: Iterable[str] = (),
    exclude_root: Path | None = None,
) -> list[tuple[str, str]]:
    """Expand files and directories into (path, display path) pairs, sorted.

    A file named explicitly is linted whatever its name; a directory contributes its
    ``.yaml``, ``.yml`` and ``.json`` files, skipping hidden files (the policy
    itself, CI configs) and hidden, VCS and virtualenv folders. Anything matching
    ``exclude`` (globs relative to ``exclude_root``, the policy's directory;
    ``dir/**`` works) is left out either way, so pre-commit's file list respects
    the policy.
    """
    patterns = tuple(exclude)
    base = exclude_root or cwd
    found: dict[str, str] = {}
    for path in paths:
        if os.path.isfile(path):
            display = display_path(path, cwd)
            if not _excluded(display_path(path, base), patterns):
                found.setdefault(display, path)
        elif os.path.isdir(path):
            for file in _walk(path):
                display = display_path(file, cwd)
                if not _excluded(display_path(file, base), patterns):
                    found.setdefault(display, file)
        else:
            raise UsageError(f"no such file or directory: {path}")
    return [(found[display], display) for display in sorted(found)]


def _walk(root: str) -> Iterable[str]:
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(
            d for d in dirs if d not in _SKIP_DIRS and not d.startswith(".")
        )
        for name in sorted(files):
            if name.endswith(RULE_SUFFIXES) and not name.startswith("."):
                yield os.path.join(directory, name)


def _excluded(display: str, patterns: tuple[str, ...]) -> bool:
    for pattern in patterns:
        if fnmatch.fnmatch(display, pattern):
            return True
        if pattern.endswith("/**") and (display + "/").startswith(pattern[:-2]):
            return True
    return False
