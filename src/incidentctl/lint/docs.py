"""Rule documentation: Markdown pages generated from the rule docstrings.

``python -m incidentctl.lint.docs docs/rules`` rewrites the pages; a test fails
when they drift from the docstrings.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

from incidentctl.lint.registry import RULES
from incidentctl.lint.rule import RuleModule, summary_line

DOCS_URL = "https://github.com/incidentctl/incidentctl/blob/main/docs/rules/{id}.md"


def render_markdown(rule: RuleModule) -> str:
    """One rule's page: title, one-line summary, facts, then the docstring body."""
    doc = inspect.cleandoc(rule.__doc__ or "")
    body = doc.split("\n", 1)[1].strip() if "\n" in doc else ""
    return (
        f"# {rule.ID} {rule.NAME}\n\n"
        f"{summary_line(rule)}\n\n"
        f"- Default severity: {rule.DEFAULT_SEVERITY.value}\n"
        f"- Checks: {rule.TARGET.value}\n"
        f'- Suppress: `# incidentctl disable={rule.ID} reason="..."`\n\n'
        f"{body}\n"
    )


def render_index() -> str:
    """The table of every rule (docs/rules/README.md)."""
    rows = "".join(
        f"| [{rule.ID}]({rule.ID}.md) | `{rule.NAME}` | "
        f"{rule.DEFAULT_SEVERITY.value} | {summary_line(rule)} |\n"
        for rule in RULES
    )
    return (
        "# incidentctl lint rules\n\n"
        "Generated from the rule docstrings by "
        "`python -m incidentctl.lint.docs docs/rules`.\n\n"
        "| id | name | default | checks that |\n|---|---|---|---|\n" + rows
    )


def pages() -> dict[str, str]:
    """Every generated page by file name."""
    out = {f"{rule.ID}.md": render_markdown(rule) for rule in RULES}
    out["README.md"] = render_index()
    return out


def main(argv: list[str]) -> int:
    """Write the pages into the directory given."""
    target = Path(argv[0] if argv else "docs/rules")
    target.mkdir(parents=True, exist_ok=True)
    for name, text in pages().items():
        (target / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
