"""``incidentctl rules`` and ``incidentctl explain``: the rule catalogue."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from incidentctl.cli.output import use_color, write


def rules() -> None:
    """List every lint rule: id, name, default severity and what it checks."""
    from incidentctl.lint.registry import RULES
    from incidentctl.lint.rule import summary_line

    width = max(len(rule.NAME) for rule in RULES)
    lines = [
        f"{rule.ID}  {rule.NAME.ljust(width)}  "
        f"{rule.DEFAULT_SEVERITY.value.ljust(7)}  {summary_line(rule)}"
        for rule in RULES
    ]
    write("\n".join(lines) + "\n")


def explain(
    rule: Annotated[
        str, typer.Argument(help="A rule id (IC101) or name (prometheus/runbook-url).")
    ],
) -> None:
    """Print a rule's documentation: why, a bad and a good example, its options."""
    from incidentctl.errors import UsageError
    from incidentctl.lint.docs import render_markdown
    from incidentctl.lint.registry import get_rule

    module = get_rule(rule)
    if module is None:
        raise UsageError(f"no such rule: {rule} (see `incidentctl rules`)")
    markdown = render_markdown(module)
    if use_color(sys.stdout, None):
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(markdown))
    else:
        write(markdown)
