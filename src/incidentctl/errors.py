"""The error hierarchy: every error a user can cause, with a position when known."""

from __future__ import annotations


class IncidentctlError(Exception):
    """Base of every expected error; the CLI prints it in one line and exits 2."""

    def __init__(
        self, message: str, path: str | None = None, line: int = 0, column: int = 0
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        loc = self.path
        if self.line:
            loc += f":{self.line}"
            if self.column:
                loc += f":{self.column}"
        return f"{loc}: {self.message}"


class ConfigError(IncidentctlError):
    """The policy file is missing, unreadable or invalid."""


class SourceError(IncidentctlError):
    """An input file cannot be read at all (not UTF-8, binary, too large)."""


class UsageError(IncidentctlError):
    """The command line asks for something that cannot be done."""
