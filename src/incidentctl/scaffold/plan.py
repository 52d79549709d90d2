"""What to write: documents planned from templates and context, with no I/O."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from incidentctl.errors import UsageError

MAX_SLUG = 100


@dataclass(frozen=True)
class Document:
    """A file to create at ``path`` (inside the workspace) with ``text``."""

    path: Path
    text: str


@dataclass(frozen=True)
class NumberedDocument:
    """A file whose name takes the next free number: ``make(n)`` gives (path, text)."""

    directory: Path
    pattern: str  # a regex matching existing names and capturing the number
    make: Callable[[int], Document]


def slug(text: str, what: str) -> str:
    """A safe file-name stem: ASCII kebab-case, at most 100 characters.

    ``CheckoutErrorRateHigh`` → ``checkout-error-rate-high``. Anything that could
    leave the target directory (``/``, ``..``, NUL) is refused or flattened.
    """
    if "\x00" in text:
        raise UsageError(f"{what} contains a NUL byte")
    if not text.strip():
        raise UsageError(f"{what} is empty")
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "-", text)
    ascii_text = (
        unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode()
    )
    result = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not result:
        raise UsageError(
            f"{what} {text!r} has no letters or digits to name a file with"
        )
    return result[:MAX_SLUG].rstrip("-")


def policy_dir(policy: Any, key: str) -> Path:
    """The policy's ``paths.<key>`` directory; refused if it leaves the workspace."""
    return inside(policy.root, policy.data["paths"][key], f"paths.{key}")


def inside(root: Path, relative: str, what: str) -> Path:
    """``root / relative``, refusing anything that resolves outside ``root``."""
    if "\x00" in relative:
        raise UsageError(f"{what} contains a NUL byte")
    candidate = (root / relative).resolve()
    try:
        candidate.relative_to(root.resolve())
    except ValueError:
        raise UsageError(f"{what} {relative!r} is outside {root}") from None
    return candidate
