"""The ``incidentctl`` application: its command groups and exit codes."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from typing import Annotated

import typer

from incidentctl import __version__
from incidentctl.cli import generate as generate_cli
from incidentctl.cli import init as init_cli
from incidentctl.cli import lint as lint_cli
from incidentctl.cli import new as new_cli
from incidentctl.cli import rules as rules_cli
from incidentctl.cli.output import error

app = typer.Typer(
    name="incidentctl",
    help=(
        "Incident response as code: lint alert rules, generate Alertmanager routing, "
        "scaffold runbooks and postmortems."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.command()(lint_cli.lint)
app.command()(lint_cli.baseline)
app.command()(rules_cli.rules)
app.command()(rules_cli.explain)
app.command()(init_cli.init)
app.add_typer(generate_cli.app, name="generate")
app.add_typer(new_cli.app, name="new")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"incidentctl {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    version: Annotated[
        bool | None,
        typer.Option(
            "--version",
            "-V",
            callback=_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = None,
) -> None:
    """Incident response as code for Prometheus, Alertmanager and Backstage."""


def run() -> None:
    """Console-script entry point: every expected error is one line and exit code 2.

    A lint run allocates millions of small objects and then exits: the cyclic
    garbage collector and the interpreter's teardown would cost a third of the run
    on a large file, so both are skipped (output is flushed first).
    """
    gc.disable()
    code = _main(None)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(BrokenPipeError, ValueError):
            stream.flush()
    os._exit(code)


def _main(args: list[str] | None) -> int:
    """Run the application on ``args`` (None: sys.argv) and return the exit code."""
    from incidentctl.errors import IncidentctlError

    try:
        app(args=args, standalone_mode=True, prog_name="incidentctl")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except IncidentctlError as exc:
        error(str(exc))
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a traceback is a bug: say so in one line
        if os.environ.get("INCIDENTCTL_DEBUG"):
            raise
        error(
            f"internal error: {type(exc).__name__}: {exc} "
            "(set INCIDENTCTL_DEBUG=1 for the traceback and please report it)"
        )
        return 2
    return 0
