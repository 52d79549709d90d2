"""Human output: ``path:line:col  IC101  severity  message`` by file, then a summary."""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from incidentctl.findings import Finding, Severity
from incidentctl.lint.engine import LintResult

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def render(result: LintResult, color: bool = False, verbose: bool = False) -> str:
    """Render findings grouped by file and a one-line summary."""
    lines: list[tuple[str, list[tuple[str, str]]]] = []  # (plain, [(segment, style)])
    for _path, group in groupby(result.findings, key=lambda f: f.path):
        findings = list(group)
        width = max(len(_location(f)) for f in findings)
        if lines:
            lines.append(("", []))
        for finding in findings:
            lines.append(_finding_line(finding, width))
    if lines:
        lines.append(("", []))
    lines.extend(_notes(result, verbose))
    lines.append(_summary(result))
    if not color:
        return "".join(plain + "\n" for plain, _ in lines)
    return _ansi(lines)


def _location(finding: Finding) -> str:
    return f"{finding.path}:{finding.line}:{finding.column}"


def _finding_line(finding: Finding, width: int) -> tuple[str, list[tuple[str, str]]]:
    location = _location(finding).ljust(width)
    severity = finding.severity.value.ljust(7)
    plain = f"{location}  {finding.rule_id}  {severity}  {finding.message}"
    segments = [
        (location, "dim"),
        ("  ", ""),
        (finding.rule_id, "cyan"),
        ("  ", ""),
        (severity, _STYLE[finding.severity]),
        ("  ", ""),
        (finding.message, ""),
    ]
    return plain, segments


def _notes(
    result: LintResult, verbose: bool
) -> list[tuple[str, list[tuple[str, str]]]]:
    if not result.skipped:
        return []
    kinds = Counter(kind for _, _, kind in result.skipped)
    described = ", ".join(
        f"{kind} ×{count}" if count > 1 else kind
        for kind, count in sorted(kinds.items())
    )
    count = len(result.skipped)
    noun = "documents that hold" if count != 1 else "document that holds"
    text = f"note: skipped {count} {noun} no alert rules ({described})"
    notes = [(text, [(text, "dim")])]
    if verbose:
        for path, line, kind in result.skipped:
            entry = f"  {path}:{line}  {kind}"
            notes.append((entry, [(entry, "dim")]))
    return notes


def _summary(result: LintResult) -> tuple[str, list[tuple[str, str]]]:
    checked = (
        f"{result.files} file{'s' if result.files != 1 else ''}, "
        f"{result.alerts} alert{'s' if result.alerts != 1 else ''}, "
        f"{result.records} recording rule{'s' if result.records != 1 else ''} checked"
    )
    if result.suppressed:
        plural = "s" if result.suppressed != 1 else ""
        checked += f", {result.suppressed} finding{plural} suppressed"
    if not result.findings:
        text = f"✔ no problems · {checked}"
        return text, [(text, "green")]
    errors, warnings = result.count(Severity.ERROR), result.count(Severity.WARNING)
    infos = result.count(Severity.INFO)
    parts = [
        f"{errors} error{'s' if errors != 1 else ''}",
        f"{warnings} warning{'s' if warnings != 1 else ''}",
    ]
    if infos:
        parts.append(f"{infos} info")
    files = len({finding.path for finding in result.findings})
    total = len(result.findings)
    text = (
        f"✖ {total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) "
        f"in {files} file{'s' if files != 1 else ''} · {checked}"
    )
    return text, [(text, "bold red" if errors else "yellow")]


def _ansi(lines: list[tuple[str, list[tuple[str, str]]]]) -> str:
    from rich.console import Console
    from rich.text import Text

    console = Console(
        force_terminal=True, color_system="standard", soft_wrap=True, width=10_000
    )
    with console.capture() as capture:
        for plain, segments in lines:
            text = Text()
            for segment, style in segments or [(plain, "")]:
                text.append(segment, style=style or None)
            console.print(text)
    return capture.get()
