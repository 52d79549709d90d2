"""``incidentctl lint``: check alert rules against the policy."""

from __future__ import annotations

import os
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from incidentctl.cli.output import use_color, write
from incidentctl.findings import Severity


class OutputFormat(str, Enum):
    """Formats of ``incidentctl lint``."""

    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    auto = "auto"


class FailOn(str, Enum):
    """The least severe finding that fails the run."""

    error = "error"
    warning = "warning"
    info = "info"


def lint(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Rule files or directories. Default: the policy's paths.rules."
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            "-c",
            help="Policy file. Default: the nearest .incidentctl.yaml.",
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.text,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            help="Fail (exit 1) on findings this severe or worse.\n"
            "Default: the policy's lint.fail_on."
        ),
    ] = None,
    report_unused_suppressions: Annotated[
        bool,
        typer.Option(
            "--report-unused-suppressions",
            help="Report suppression comments that silence nothing (IC003).",
        ),
    ] = False,
    today: Annotated[
        str | None,
        typer.Option(
            help="Evaluate snoozes as of this date (YYYY-MM-DD). Default: today."
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, help="Processes for many files. Default: all cores."
        ),
    ] = None,
    max_file_size: Annotated[
        int | None,
        typer.Option(
            min=1, help="Largest file to read, in MiB. Default: the policy's (32)."
        ),
    ] = None,
    color: Annotated[
        bool | None,
        typer.Option(
            "--color/--no-color",
            help="Colour the text output. Default: on a terminal, unless NO_COLOR.",
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List skipped documents.")
    ] = False,
) -> None:
    """Check alert rules: runbook and dashboard links, severity, owner labels, PromQL.

    Prints `path:line:col  RULE  severity  message`, grouped by file. Exit code 0
    when clean, 1 when a finding fails the run, 2 on a usage, policy or I/O error.
    """
    from incidentctl.errors import UsageError
    from incidentctl.lint.engine import Run, lint_paths
    from incidentctl.policy import load_policy
    from incidentctl.sources.backstage import load_policy_catalog
    from incidentctl.sources.discover import discover

    cwd = Path.cwd()
    policy = load_policy(str(config) if config else None, cwd, _anchor(paths, cwd))
    as_of = _parse_date(today) if today else date.today()
    if paths:
        targets = [str(path) for path in paths]
    else:
        targets = [str(policy.root / path) for path in policy.rule_paths]
        missing = [path for path in targets if not Path(path).exists()]
        if missing:
            raise UsageError(
                f"{policy.display_path()}: paths.rules names "
                f"{', '.join(missing)}, which does not exist"
            )
    files = discover(targets, cwd, policy.exclude, policy.root)
    catalog = load_policy_catalog(policy, cwd)
    # Catalog findings: all of them for a whole-workspace run, else those of the
    # catalog files among the paths given (what pre-commit passes).
    scope = None if not paths else frozenset(display for _, display in files)
    run = Run(policy, as_of, report_unused_suppressions, catalog, scope)
    result = lint_paths(
        files,
        run,
        jobs=jobs,
        max_bytes=max_file_size * 1024 * 1024 if max_file_size else None,
    )
    _output(result, output_format, color, verbose)
    threshold = Severity(fail_on.value) if fail_on else policy.fail_on
    raise typer.Exit(1 if result.failed(threshold) else 0)


def _parse_date(value: str) -> date:
    from incidentctl.errors import UsageError

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--today {value!r} is not a date (YYYY-MM-DD)") from None


def _anchor(paths: list[Path] | None, cwd: Path) -> Path:
    """Where policy discovery starts: the first path's directory, else cwd."""
    if not paths:
        return cwd
    first = paths[0] if paths[0].is_absolute() else cwd / paths[0]
    return first if first.is_dir() else first.parent


def _output(
    result: Any, output_format: OutputFormat, color: bool | None, verbose: bool
) -> None:
    """Print ``result`` in the chosen format (``auto``: github inside Actions)."""
    chosen = output_format
    if chosen is OutputFormat.auto:
        in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
        chosen = OutputFormat.github if in_actions else OutputFormat.text
    if chosen is OutputFormat.json:
        from incidentctl.lint.formatters import json as json_format

        write(json_format.render(result))
    elif chosen is OutputFormat.sarif:
        from incidentctl.lint.formatters import sarif

        write(sarif.render(result))
    elif chosen is OutputFormat.github:
        from incidentctl.lint.formatters import github

        write(github.render(result))
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with open(summary, "a", encoding="utf-8") as handle:
                handle.write(github.step_summary(result))
    else:
        from incidentctl.lint.formatters import text

        write(text.render(result, color=use_color(sys.stdout, color), verbose=verbose))
