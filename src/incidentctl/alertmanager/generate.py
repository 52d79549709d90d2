"""``generate alertmanager``: policy (and catalog) → model → header and YAML text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from incidentctl.alertmanager import render
from incidentctl.alertmanager.build import build, teams_from
from incidentctl.alertmanager.write import MARKER
from incidentctl.errors import ConfigError
from incidentctl.policy import Policy
from incidentctl.sources.backstage import Catalog, load_catalog


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
    model = build(policy, teams_from(policy, read_catalog(policy)))
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


def read_catalog(policy: Policy) -> Catalog | None:
    """The policy's catalog files; a missing one is an error only when named."""
    explicit = policy.raw is not None and "catalog" in (policy.raw.get("paths") or {})
    paths = []
    for entry in policy.catalog_paths:
        path = policy.root / entry
        if path.is_file():
            paths.append((str(path), entry))
        elif explicit:
            line, column = policy.position("paths", "catalog")
            raise ConfigError(
                f"paths.catalog: {entry} does not exist",
                policy.display_path(),
                line,
                column,
            )
    return load_catalog(paths) if paths else None
