"""Recognise unrendered Helm, Jinja and scaffolder templates: one clear finding each."""

from __future__ import annotations

import re

# A template directive where YAML structure is expected: at the start of a line
# (after indentation and an optional list dash), or as an unquoted value.
_LINE_START = re.compile(r"^[ \t]*(?:-[ \t]+)?(\{\{|\{%|\$\{\{)", re.MULTILINE)
_UNQUOTED_VALUE = re.compile(r":[ \t]+(\{\{|\{%|\$\{\{)", re.MULTILINE)


def find_template_marker(text: str) -> tuple[int, int, str] | None:
    """Return (line, column, engine) of the first template directive, or None."""
    if "{{" not in text and "{%" not in text:
        return None
    found = [m for m in (_LINE_START.search(text), _UNQUOTED_VALUE.search(text)) if m]
    if not found:
        return None
    match = min(found, key=lambda m: m.start(1))
    offset = match.start(1)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column, _engine(text, match.group(1))


def _engine(text: str, token: str) -> str:
    if token == "{%":
        return "Jinja"
    if token == "${{":
        return "scaffolder"
    if ".Values" in text or ".Release" in text or "{{-" in text or "include " in text:
        return "Helm"
    return "Go/Handlebars"
