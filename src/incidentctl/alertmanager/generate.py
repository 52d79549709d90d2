"""``generate alertmanager``: policy (and catalog) → model → header and YAML text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from incidentctl.alertmanager import render
from incidentctl.alertmanager.build import build, teams_from
from incidentctl.alertmanager.write import MARKER
from incidentctl.policy import Policy
from incidentctl.sources.backstage import load_policy_catalog


@dataclass(frozen=True)
class GenerateOptions:
    """What to render and for where."""

    format: str  # crd | plain
    api_version: str
    namespace: str
    name: str
    output: str | None  # relative to the policy's directory, for the header


def generate(policy: Policy, options: GenerateOptions) -> str:
    """The complete output text; deterministic for the same policy and catalog."""
    model = build(policy, teams_from(policy, load_policy_catalog(policy)))
    if options.format == "plain":
        secrets_dir = policy.data["routing"]["secrets_dir"]
        documents = [render.plain(model, secrets_dir)]
        files = [
            f"{secrets_dir.rstrip('/')}/{ref.secret}/{ref.key}" for ref in model.secrets
        ]
        notes = ["Secrets are read from files at send time (never inline):"] + [
            f"  {f}" for f in files
        ]
    else:
        documents = render.crd(
            model, options.api_version, options.namespace, options.name
        )
        notes = [
            "The Secret templates list the keys the receivers read; fill in the values",
            "out of band (kubectl create secret, ExternalSecrets); never commit them.",
        ]
    return render.render(documents, _header(policy, options, notes))


def _header(policy: Policy, options: GenerateOptions, notes: list[str]) -> str:
    source = Path(policy.path).name if policy.path else "the built-in default policy"
    flags = [f"--format {options.format}"]
    if options.format == "crd":
        flags.append(f"--api-version {options.api_version}")
    if options.output:
        flags.append(f"-o {options.output}")
    lines = [
        f"{MARKER} from {source}: do not edit by hand.",
        f"# Regenerate: incidentctl generate alertmanager {' '.join(flags)}",
        *(f"# {note}" if note else "#" for note in notes),
    ]
    return "\n".join(lines) + "\n"
