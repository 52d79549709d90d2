"""``incidentctl new``: runbooks, postmortems, handoffs and the severity matrix."""

from __future__ import annotations

import os
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Any

import typer

from incidentctl.cli.dates import parse_date
from incidentctl.cli.output import write
from incidentctl.sources.discover import display_path

app = typer.Typer(
    help="Write incident documents from templates; never overwrite one.",
    no_args_is_help=True,
)

Force = Annotated[
    bool, typer.Option("--force", help="Replace an existing file (keeps .bak).")
]
DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Say what would be written; write nothing.")
]
Stdout = Annotated[
    bool, typer.Option("--stdout", help="Print the document instead of writing it.")
]
Config = Annotated[
    Path | None,
    typer.Option(
        "--config", "-c", help="Policy file. Default: the nearest .incidentctl.yaml."
    ),
]


def _policy(config: Path | None) -> Any:
    from incidentctl.policy import load_policy

    return load_policy(str(config) if config else None, Path.cwd())


def _env(policy: Any) -> Any:
    from incidentctl.scaffold import templates
    from incidentctl.scaffold.plan import inside

    override = policy.data.get("templates_dir")
    directory = inside(policy.root, override, "templates_dir") if override else None
    return templates.environment(directory)


def finish(outcomes: list[Any], stdout: bool, existing_fails: bool = True) -> int:
    """Print what happened (or the documents); the exit code: 1 when a file existed."""
    if stdout:
        for outcome in outcomes:
            write(outcome.text)
        return 0
    cwd = Path.cwd()
    for outcome in outcomes:
        write(f"{outcome.status:<8} {display_path(str(outcome.path), cwd)}\n")
    if existing_fails and any(o.status == "exists" for o in outcomes):
        write(
            "incidentctl: a file exists; nothing was replaced (--force replaces it)\n",
            sys.stderr,
        )
        return 1
    return 0


@app.command()
def postmortem(
    title: Annotated[
        str, typer.Option(help="One line: what happened.")
    ] = "Untitled incident",
    severity: Annotated[
        str, typer.Option(help="The incident's severity (the policy's scale).")
    ] = "",
    service: Annotated[
        list[str] | None,
        typer.Option("--service", help="An affected service (repeat for several)."),
    ] = None,
    started: Annotated[
        str | None, typer.Option(help="Impact start, ISO 8601 (UTC if no offset).")
    ] = None,
    detected: Annotated[str | None, typer.Option(help="When it was detected.")] = None,
    mitigated: Annotated[str | None, typer.Option(help="When impact ended.")] = None,
    resolved: Annotated[
        str | None,
        typer.Option(help="The all-clear; the deadlines count from it. Default: now."),
    ] = None,
    ic: Annotated[str, typer.Option("--ic", help="The incident commander.")] = "",
    author: Annotated[
        str | None, typer.Option(help="Default: git user.name, else $USER.")
    ] = None,
    force: Force = False,
    dry_run: DryRun = False,
    stdout: Stdout = False,
    config: Config = None,
) -> None:
    """Write docs/postmortems/INC-YYYY-MM-DD-NNN.md with its deadlines filled in."""
    from incidentctl.errors import UsageError
    from incidentctl.lint.rules.ic105_severity_value import suggest
    from incidentctl.scaffold.apply import apply
    from incidentctl.scaffold.postmortem import (
        PostmortemRequest,
        check_order,
        parse_time,
        plan_postmortem,
    )

    policy = _policy(config)
    level = severity or policy.severity_names[0]
    if policy.severity(level) is None:
        hint = suggest(level, policy.severity_names)
        raise UsageError(
            f"--severity {level!r} is not one of {', '.join(policy.severity_names)}"
            + (f"; did you mean {hint}?" if hint else "")
        )
    now = datetime.now(timezone.utc).replace(microsecond=0)
    request = PostmortemRequest(
        title=title,
        severity=level,
        services=tuple(service or ()),
        ic=ic,
        author=author if author is not None else _author(),
        started=parse_time(started, "--started") if started else None,
        detected=parse_time(detected, "--detected") if detected else None,
        mitigated=parse_time(mitigated, "--mitigated") if mitigated else None,
        resolved=parse_time(resolved, "--resolved") if resolved else now,
    )
    check_order(request)
    document, due = plan_postmortem(policy, request, _env(policy))
    outcomes = apply([document], force=force, dry_run=dry_run or stdout)
    code = finish(outcomes, stdout)
    if not stdout:
        _deadline_summary(due, resolved is None, policy.severity(level))
    raise typer.Exit(code)


def _deadline_summary(due: Any, assumed_now: bool, level: Any) -> None:
    from incidentctl.scaffold.postmortem import utc_text

    write(
        f"         draft due {utc_text(due.draft_due)} · publish by end of "
        f"{due.publish_due:%a %Y-%m-%d} ({due.timezone})\n"
    )
    if assumed_now:
        write("         all-clear assumed now; --resolved sets the real one\n")
    if level.postmortem != "required":
        write(
            f"         note: the policy does not require a postmortem for {level.name} "
            f"({level.postmortem})\n"
        )


def _author() -> str:
    from incidentctl.sources import git

    name = (git.output(Path.cwd(), "config", "user.name", timeout=5) or "").strip()
    return name or os.environ.get("USER", "")


@app.command()
def runbook(
    alert: Annotated[
        str, typer.Argument(help="The alert's name, exactly as in the rule.")
    ],
    print_url: Annotated[
        bool,
        typer.Option("--print-url", help="Print the runbook_url to put on the alert."),
    ] = False,
    force: Force = False,
    dry_run: DryRun = False,
    stdout: Stdout = False,
    config: Config = None,
) -> None:
    """Write runbooks/<alert-name>.md: Check, Diagnose, Mitigate, Escalate."""
    from incidentctl.scaffold.apply import apply
    from incidentctl.scaffold.runbook import find_alert, plan_runbook
    from incidentctl.sources.backstage import load_policy_catalog
    from incidentctl.sources.discover import discover
    from incidentctl.sources.prometheus import load_rule_file

    policy = _policy(config)
    targets = [
        str(policy.root / path)
        for path in policy.rule_paths
        if (policy.root / path).exists()
    ]
    files = [
        load_rule_file(path, display)
        for path, display in discover(targets, Path.cwd(), policy.exclude, policy.root)
    ]
    facts = find_alert(alert, files, policy)
    document = plan_runbook(policy, facts, load_policy_catalog(policy), _env(policy))
    outcomes = apply([document], force=force, dry_run=dry_run or stdout)
    code = finish(outcomes, stdout)
    if print_url:
        write(
            f"runbook_url: {_runbook_url(policy, document.path)}\n",
            sys.stderr if stdout else sys.stdout,
        )
    raise typer.Exit(code)


def _runbook_url(policy: Any, path: Path) -> str:
    from incidentctl.learn.history import git_top, remote_web_url

    base = policy.data.get("runbooks_url")
    if base:
        return str(base).rstrip("/") + "/" + path.name
    top = git_top(policy.root)
    web = remote_web_url(policy.root) if top else None
    if top is None or web is None:
        write(
            "incidentctl: no runbooks_url and no git remote: showing the path\n",
            sys.stderr,
        )
        return display_path(str(path), Path.cwd())
    return f"{web}/{path.resolve().relative_to(top.resolve()).as_posix()}"


@app.command()
def handoff(
    week_of: Annotated[
        str | None,
        typer.Option(
            "--week-of",
            help="A date in the handoff week (its Monday names the file). "
            "Default: today.",
        ),
    ] = None,
    force: Force = False,
    dry_run: DryRun = False,
    stdout: Stdout = False,
    config: Config = None,
) -> None:
    """Write docs/handoffs/<monday>.md with the week's postmortems and changes."""
    from datetime import timedelta

    from incidentctl.learn.history import alert_changes, changed_files, git_top
    from incidentctl.learn.postmortems import read_postmortems
    from incidentctl.scaffold.apply import apply
    from incidentctl.scaffold.handoff import HandoffFacts, monday_of, plan_handoff
    from incidentctl.scaffold.plan import policy_dir

    policy = _policy(config)
    day = (
        parse_date(week_of, "--week-of")
        if week_of
        else datetime.now(timezone.utc).date()
    )
    monday = monday_of(day)
    start = monday - timedelta(days=7)
    top = git_top(policy.root)
    runbooks: list[str] = []
    alerts: list[Any] = []
    if top is not None:
        prefix = policy.root.resolve().relative_to(top.resolve())
        runbooks = changed_files(
            top, start, monday, (prefix / policy.data["paths"]["runbooks"]).as_posix()
        )
        rule_paths = [(prefix / path).as_posix() for path in policy.rule_paths]
        alerts = alert_changes(top, start, monday, rule_paths, policy.severity_label)
    facts = HandoffFacts(
        monday, read_postmortems(policy_dir(policy, "postmortems")), runbooks, alerts
    )
    outcomes = apply(
        [plan_handoff(policy, facts, _env(policy))],
        force=force,
        dry_run=dry_run or stdout,
    )
    raise typer.Exit(finish(outcomes, stdout))


@app.command("severity-matrix")
def severity_matrix(
    force: Force = False,
    dry_run: DryRun = False,
    stdout: Stdout = False,
    config: Config = None,
) -> None:
    """Write incident/severity-matrix.md from the policy (ack, mitigate, paging)."""
    from incidentctl.scaffold.apply import apply
    from incidentctl.scaffold.matrix import plan_matrix

    policy = _policy(config)
    outcomes = apply(
        [plan_matrix(policy, _env(policy))], force=force, dry_run=dry_run or stdout
    )
    raise typer.Exit(finish(outcomes, stdout))
