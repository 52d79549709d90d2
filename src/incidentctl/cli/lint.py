"""``incidentctl lint``: check alert rules against the policy."""

from __future__ import annotations

import os
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from incidentctl.cli.dates import parse_date
from incidentctl.cli.output import use_color, write
from incidentctl.findings import Severity
from incidentctl.sources.discover import display_path


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


Paths = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Rule files or directories. Default: the policy's paths.rules."
    ),
]
Config = Annotated[
    Path | None,
    typer.Option(
        "--config", "-c", help="Policy file. Default: the nearest .incidentctl.yaml."
    ),
]
Today = Annotated[
    str | None,
    typer.Option(
        help="Evaluate snoozes and the baseline as of this date (YYYY-MM-DD)."
    ),
]
Jobs = Annotated[
    int | None,
    typer.Option(
        "--jobs", "-j", min=1, help="Processes for many files. Default: all cores."
    ),
]
MaxFileSize = Annotated[
    int | None,
    typer.Option(
        min=1, help="Largest file to read, in MiB. Default: the policy's (32)."
    ),
]


def lint(
    paths: Paths = None,
    config: Config = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format", "-f", help="Output format (auto: github inside Actions)."
        ),
    ] = OutputFormat.text,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            help="Fail (exit 1) on findings this severe or worse "
            "(default: the policy's lint.fail_on)."
        ),
    ] = None,
    report_unused_suppressions: Annotated[
        bool,
        typer.Option(
            "--report-unused-suppressions",
            help="Report suppression comments that silence nothing (IC003).",
        ),
    ] = False,
    baseline: Annotated[
        Path | None,
        typer.Option(
            help="Baseline file. Default: .incidentctl-baseline.json by the policy."
        ),
    ] = None,
    no_baseline: Annotated[
        bool,
        typer.Option(
            "--no-baseline", help="Ignore the baseline: every finding counts."
        ),
    ] = False,
    changed_since: Annotated[
        str | None,
        typer.Option(
            help="Report only rules changed since this git revision (cross-file checks "
            "still see the whole workspace)."
        ),
    ] = None,
    today: Today = None,
    jobs: Jobs = None,
    max_file_size: MaxFileSize = None,
    color: Annotated[
        bool | None,
        typer.Option(
            "--color/--no-color", help="Colour the text output. Default: on a terminal."
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
    from incidentctl.lint import baseline as baseline_file

    policy, result, as_of = _collect(
        paths,
        config,
        today,
        jobs,
        max_file_size,
        report_unused_suppressions,
        changed_since,
    )
    if not no_baseline:
        entries = baseline_file.load(baseline or policy.root / baseline_file.FILE_NAME)
        if entries:
            grace = int(policy.data["grace_period_days"])
            result.findings = baseline_file.apply(
                result.findings, entries, as_of, grace
            )
    _output(result, output_format, color, verbose)
    threshold = Severity(fail_on.value) if fail_on else policy.fail_on
    raise typer.Exit(1 if result.failed(threshold) else 0)


def baseline(
    paths: Paths = None,
    config: Config = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Default: .incidentctl-baseline.json by the policy."
        ),
    ] = None,
    today: Today = None,
    jobs: Jobs = None,
    max_file_size: MaxFileSize = None,
) -> None:
    """Record today's findings as the baseline: legacy alerts get a grace period.

    Re-running it drops fixed findings and keeps the date each was first seen.
    """
    from incidentctl.atomic import write_atomic
    from incidentctl.lint import baseline as baseline_file

    policy, result, as_of = _collect(
        paths, config, today, jobs, max_file_size, False, None
    )
    target = output or policy.root / baseline_file.FILE_NAME
    previous = baseline_file.load(target)
    entries = baseline_file.record(result.findings, previous, as_of)
    write_atomic(target, baseline_file.render(entries))
    new = len(entries.keys() - previous.keys())
    fixed = len(previous.keys() - entries.keys())
    grace = policy.data["grace_period_days"]
    shown = display_path(str(target), Path.cwd())
    write(
        f"baselined {len(entries)} finding{'' if len(entries) == 1 else 's'} "
        f"in {shown} "
        f"({new} new, {fixed} fixed and dropped); each is a warning for {grace} days "
        "from when it was first seen\n"
    )


def _collect(
    paths: list[Path] | None,
    config: Path | None,
    today: str | None,
    jobs: int | None,
    max_file_size: int | None,
    report_unused: bool,
    changed_since: str | None,
) -> tuple[Any, Any, date]:
    """Load the policy and catalog, lint, and keep only changed rules when asked."""
    from incidentctl.errors import UsageError
    from incidentctl.lint.engine import Run, lint_paths
    from incidentctl.policy import load_policy
    from incidentctl.sources.backstage import load_policy_catalog
    from incidentctl.sources.discover import discover

    cwd = Path.cwd()
    policy = load_policy(str(config) if config else None, cwd, _anchor(paths, cwd))
    as_of = parse_date(today, "--today") if today else date.today()
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
    run = Run(policy, as_of, report_unused, catalog, scope)
    limit = max_file_size * 1024 * 1024 if max_file_size else None
    result = lint_paths(files, run, jobs=jobs, max_bytes=limit)
    if changed_since:
        from incidentctl.lint.changed import keep_changed
        from incidentctl.sources.gitdiff import changed_lines

        result.findings = keep_changed(
            result.findings, changed_lines(policy.root, changed_since)
        )
    return policy, result, as_of


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
