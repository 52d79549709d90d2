"""The only writer of user documents: atomic, exclusive, --force to replace."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from incidentctl.atomic import create_exclusive, write_atomic
from incidentctl.scaffold.plan import Document, NumberedDocument


@dataclass(frozen=True)
class Outcome:
    """What happened to one planned document."""

    status: (
        str  # created | overwritten | exists | skip | would create | would overwrite
    )
    path: Path
    text: str


def apply(
    documents: list[Document | NumberedDocument],
    force: bool = False,
    dry_run: bool = False,
    existing: str = "exists",
) -> list[Outcome]:
    """Write ``documents``; an existing file is reported as ``existing``.

    With ``force`` the old file is kept as ``.bak``. Numbered documents take the
    next free number with an exclusive create, so two concurrent runs never get
    the same one.
    """
    outcomes = []
    for document in documents:
        if isinstance(document, NumberedDocument):
            outcomes.append(_numbered(document, dry_run))
        else:
            outcomes.append(_single(document, force, dry_run, existing))
    return outcomes


def _single(document: Document, force: bool, dry_run: bool, existing: str) -> Outcome:
    exists = document.path.exists()
    if exists and not force:
        return Outcome(existing, document.path, document.text)
    if dry_run:
        return Outcome(
            "would overwrite" if exists else "would create",
            document.path,
            document.text,
        )
    if exists:
        write_atomic(document.path, document.text, backup=True)
        return Outcome("overwritten", document.path, document.text)
    if not create_exclusive(document.path, document.text):
        return Outcome(
            existing, document.path, document.text
        )  # lost a race: never clobber
    return Outcome("created", document.path, document.text)


def _numbered(document: NumberedDocument, dry_run: bool) -> Outcome:
    number = next_number(document.directory, document.pattern)
    while True:
        planned = document.make(number)
        if dry_run:
            return Outcome("would create", planned.path, planned.text)
        if create_exclusive(planned.path, planned.text):
            return Outcome("created", planned.path, planned.text)
        number += 1


def next_number(directory: Path, pattern: str) -> int:
    """One more than the highest number among the names matching ``pattern``."""
    regex = re.compile(pattern)
    highest = 0
    try:
        names = os.listdir(directory)
    except FileNotFoundError:
        return 1
    for name in names:
        match = regex.fullmatch(name)
        if match:
            highest = max(highest, int(match.group(1)))
    return highest + 1
