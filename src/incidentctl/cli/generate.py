"""``incidentctl generate``: artefacts generated from the policy (Alertmanager)."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from incidentctl.cli.output import write
from incidentctl.sources.discover import display_path

app = typer.Typer(
    help="Generate artefacts from the policy, so they always match what lint enforces.",
    no_args_is_help=True,
)


class RoutingFormat(str, Enum):
    """Output formats of ``generate alertmanager``."""

    crd = "crd"
    plain = "plain"


class ApiVersion(str, Enum):
    """AlertmanagerConfig API versions."""

    v1alpha1 = "v1alpha1"
    v1beta1 = "v1beta1"


@app.command()
def alertmanager(
    output_format: Annotated[
        RoutingFormat | None,
        typer.Option(
            "--format",
            help="crd: a prometheus-operator AlertmanagerConfig plus Secret templates; "
            "plain: alertmanager.yml. Default: the policy's routing.format (crd).",
        ),
    ] = None,
    api_version: Annotated[
        ApiVersion | None,
        typer.Option(
            help="AlertmanagerConfig version. Default: routing.api_version (v1alpha1)."
        ),
    ] = None,
    namespace: Annotated[
        str | None,
        typer.Option(
            help="Namespace of the CR and Secrets. Default: routing.namespace."
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(help="Name of the CR. Default: routing.name."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write here (atomically); - for stdout. "
            "Default: routing.output, else stdout.",
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Exit 1 with a diff when the output file is out of date."
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace an output file that incidentctl did not generate."
        ),
    ] = False,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            "-c",
            help="Policy file. Default: the nearest .incidentctl.yaml.",
        ),
    ] = None,
) -> None:
    """Generate the severity-keyed Alertmanager routing, receivers and inhibit rules."""
    from incidentctl.alertmanager.generate import GenerateOptions, generate
    from incidentctl.alertmanager.write import check_output, write_output
    from incidentctl.errors import UsageError
    from incidentctl.policy import load_policy

    cwd = Path.cwd()
    policy = load_policy(str(config) if config else None, cwd)
    routing = policy.data["routing"]
    chosen_format = output_format.value if output_format else routing["format"]
    chosen_version = api_version.value if api_version else routing["api_version"]
    target = None if output == Path("-") else output
    as_configured = (chosen_format, chosen_version) == (
        routing["format"],
        routing["api_version"],
    )
    if output is None and routing.get("output") and as_configured:
        target = (
            policy.root / routing["output"]
        )  # the policy's file is for its own format
    options = GenerateOptions(
        format=chosen_format,
        api_version=chosen_version,
        namespace=namespace or routing["namespace"],
        name=name or routing["name"],
        output=display_path(str(target), policy.root) if target else None,
    )
    text = generate(policy, options)
    if check:
        if target is None:
            raise UsageError(
                "--check needs an output file (-o FILE or the policy's routing.output)"
            )
        diff = check_output(target, text, display_path(str(target), cwd))
        if diff:
            write(diff)
            write(
                f"{display_path(str(target), cwd)} is out of date: "
                "run incidentctl generate alertmanager\n",
                sys.stderr,
            )
            raise typer.Exit(1)
        write(f"{display_path(str(target), cwd)} is up to date\n", sys.stderr)
        return
    if target is None:
        write(text)
        return
    status = write_output(target, text, force=force)
    write(f"{status} {display_path(str(target), cwd)}\n", sys.stderr)
