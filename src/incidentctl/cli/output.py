"""Where the CLI writes: results to stdout, errors to stderr; colour on a terminal."""

from __future__ import annotations

import os
import sys
from typing import TextIO


def use_color(stream: TextIO, choice: bool | None) -> bool:
    """Colour when asked, else when ``stream`` is a terminal and NO_COLOR is unset."""
    if choice is not None:
        return choice
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty()


def write(text: str, stream: TextIO | None = None) -> None:
    """Write ``text`` as is (it already ends with a newline)."""
    target = stream or sys.stdout
    try:
        target.write(text)
        target.flush()
    except BrokenPipeError:  # `incidentctl lint | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, target.fileno())


def error(message: str) -> None:
    """One line on stderr, prefixed with the tool's name."""
    write(f"incidentctl: error: {message}\n", sys.stderr)
