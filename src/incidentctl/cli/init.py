"""``incidentctl init``: the incident/ tree and a commented policy for a repository."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def init(
    directory: Annotated[Path, typer.Argument(help="The repository to set up.")] = Path(
        "."
    ),
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be written.")
    ] = False,
) -> None:
    """Create incident/ (README, matrix, templates, a sample rule) and the policy.

    Existing files are left alone and reported as `skip`.
    """
    from incidentctl.cli.new import finish
    from incidentctl.errors import UsageError
    from incidentctl.policy import DEFAULT_POLICY, build_policy, load_policy
    from incidentctl.scaffold import templates
    from incidentctl.scaffold.apply import apply
    from incidentctl.scaffold.tree import plan_tree

    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} is not a directory")
    root = directory.resolve()
    existing = root / ".incidentctl.yaml"
    # A repository that has a policy keeps it, and the matrix follows it.
    policy = load_policy(str(existing), root) if existing.is_file() else None
    policy = policy or build_policy(dict(DEFAULT_POLICY), None, root)
    documents = plan_tree(policy, root, templates.environment(None))
    outcomes = apply(list(documents), dry_run=dry_run, existing="skip")
    raise typer.Exit(finish(outcomes, stdout=False, existing_fails=False))
