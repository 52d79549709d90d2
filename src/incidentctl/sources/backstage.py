"""Backstage catalog entities: loading (with Location fan-out), validation, references.

Entity references (``[kind:][namespace/]name``) resolve the Backstage way: the
kind defaults per field (a Component's owner is a Group), the namespace to the
referring entity's own, and comparison is case-insensitive.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from incidentctl import yamlio
from incidentctl.errors import SourceError

CORE_KINDS = (
    "Component",
    "System",
    "Group",
    "User",
    "Resource",
    "API",
    "Domain",
    "Location",
)
ROOT_KEYS = frozenset(("apiVersion", "kind", "metadata", "spec", "relations", "status"))
CORE_API_VERSIONS = frozenset(("backstage.io/v1alpha1", "backstage.io/v1beta1"))
# (field, expected type) required in spec, per kind (catalog-model 1.10.3 schemas).
REQUIRED_SPEC: dict[str, tuple[tuple[str, type], ...]] = {
    "Component": (("type", str), ("lifecycle", str), ("owner", str)),
    "API": (("type", str), ("lifecycle", str), ("owner", str), ("definition", str)),
    "System": (("owner", str),),
    "Domain": (("owner", str),),
    "Resource": (("type", str), ("owner", str)),
    "Group": (("type", str), ("children", list)),
    "User": (("memberOf", list),),
    "Location": (),
}
_NAME = re.compile(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\Z")
_NAMESPACE = re.compile(r"[a-z0-9]+(?:-+[a-z0-9]+)*\Z")
_KIND = re.compile(r"[a-zA-Z][a-z0-9A-Z]*\Z")
_API_VERSION = re.compile(
    r"(?:[a-z0-9]([-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[a-z0-9A-Z]+\Z"
)
_PLACEHOLDERS = frozenset(("$text", "$json", "$yaml"))


@dataclass(frozen=True)
class EntityRef:
    """A normalised entity reference: lower-case kind, namespace and name."""

    kind: str
    namespace: str
    name: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.namespace}/{self.name}"


@dataclass(eq=False)
class Entity:
    """One catalog entity with where it was defined."""

    kind: str
    namespace: str
    name: str
    annotations: dict[str, str]
    spec: dict[str, Any]
    path: str
    line: int
    column: int
    raw: yamlio.Map

    @property
    def ref(self) -> EntityRef:
        """This entity's normalised reference."""
        return EntityRef(self.kind.lower(), self.namespace.lower(), self.name.lower())

    def pos(self, *keys: str) -> tuple[int, int]:
        """Where ``keys`` (e.g. "spec", "owner") is in the entity's document."""
        node: Any = self.raw
        position = (self.line, self.column)
        for key in keys:
            if isinstance(node, yamlio.Map) and key in node:
                position = node.key_pos(key)
                node = node[key]
            else:
                break
        return position

    def value_pos(self, *keys: str) -> tuple[int, int]:
        """Where the value of ``keys`` starts."""
        node: Any = self.raw
        for key in keys[:-1]:
            node = node.get(key) if isinstance(node, yamlio.Map) else None
        if isinstance(node, yamlio.Map) and keys and keys[-1] in node:
            return node.value_pos(keys[-1])
        return self.pos(*keys)


@dataclass(frozen=True)
class CatalogProblem:
    """Something wrong in a catalog file, with the rule that reports it."""

    rule_id: str
    path: str
    line: int
    column: int
    message: str


@dataclass
class Catalog:
    """Every entity loaded, the files read, and the problems found reading them."""

    entities: list[Entity] = field(default_factory=list)
    problems: list[CatalogProblem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    _by_ref: dict[EntityRef, Entity] = field(
        default_factory=dict, repr=False, compare=False
    )
    _indexed: int = field(default=-1, repr=False, compare=False)

    def find(self, ref: EntityRef) -> Entity | None:
        """The first entity with this reference, if loaded."""
        if self._indexed != len(self.entities):  # rebuilt only when entities were added
            self._by_ref = {}
            for entity in self.entities:
                self._by_ref.setdefault(entity.ref, entity)
            self._indexed = len(self.entities)
        return self._by_ref.get(ref)

    def of_kind(self, kind: str) -> Iterator[Entity]:
        """Entities of ``kind`` (case-insensitive)."""
        return (e for e in self.entities if e.kind.lower() == kind.lower())


def parse_ref(
    text: str, default_kind: str, default_namespace: str = "default"
) -> EntityRef:
    """Parse ``[kind:][namespace/]name`` with the given defaults, case-insensitively."""
    kind, _, rest = text.partition(":") if ":" in text else (default_kind, "", text)
    namespace, _, name = (
        rest.partition("/") if "/" in rest else (default_namespace, "", rest)
    )
    return EntityRef(
        kind.strip().lower(), namespace.strip().lower(), name.strip().lower()
    )


def load_catalog(paths: Iterable[tuple[str, str]]) -> Catalog:
    """Load entities from (path, display) pairs, following Location targets.

    Relative targets resolve against the Location's own file; URLs are not
    followed offline; a cycle or a missing required target is a problem, never
    a loop or a crash.
    """
    catalog = Catalog()
    seen: set[str] = set()
    queue: list[tuple[str, str, tuple[str, int, int] | None]] = [
        (os.path.realpath(path), display, None) for path, display in paths
    ]
    while queue:
        real, display, origin = queue.pop(0)
        if real in seen:
            if origin is not None:
                catalog.problems.append(
                    CatalogProblem(
                        "IC201",
                        *origin,
                        f"Location target {display} is already loaded (a cycle)",
                    )
                )
            continue
        seen.add(real)
        if not os.path.isfile(real):
            if origin is not None:
                catalog.problems.append(
                    CatalogProblem(
                        "IC201", *origin, f"Location target {display} does not exist"
                    )
                )
            continue
        catalog.files.append(display)
        for entity in _load_file(real, display, catalog):
            catalog.entities.append(entity)
            if entity.kind == "Location":
                queue.extend(_targets(entity, real, display, catalog))
    return catalog


def _load_file(real: str, display: str, catalog: Catalog) -> Iterator[Entity]:
    from incidentctl.sources.templated import find_template_marker

    try:
        text = yamlio.read_text(real)
    except SourceError as exc:
        line, column = exc.line or 1, exc.column or 1
        catalog.problems.append(
            CatalogProblem("IC004", display, line, column, exc.message)
        )
        return
    try:
        composed = yamlio.compose(text)
    except yamlio.YamlSyntaxError as exc:
        composed = None
        line, column, message = (
            exc.line,
            exc.column,
            f"YAML syntax error: {exc.message}",
        )
    marker = (
        find_template_marker(text) if composed is None or composed.problems else None
    )
    if marker is not None:  # an unrendered template: one finding, no entities
        message = f"unrendered {marker[2]} template: render it first"
        catalog.problems.append(
            CatalogProblem("IC001", display, marker[0], marker[1], message)
        )
        return
    if composed is None:
        catalog.problems.append(CatalogProblem("IC001", display, line, column, message))
        return
    for problem in composed.problems:
        where = (problem.line, problem.column)
        catalog.problems.append(
            CatalogProblem("IC001", display, *where, problem.message)
        )
    for document in composed.documents:
        entity = _entity(document.root, display, catalog)
        if entity is not None:
            yield entity


def _targets(
    entity: Entity, real: str, display: str, catalog: Catalog
) -> Iterator[tuple[str, str, tuple[str, int, int]]]:
    """Each local target with where it is written (for messages)."""
    spec = entity.raw.get("spec")
    if not isinstance(spec, yamlio.Map):
        return
    listed: list[tuple[Any, tuple[int, int]]] = []
    if isinstance(spec.get("target"), str):
        listed.append((spec["target"], spec.value_pos("target")))
    many = spec.get("targets")
    if isinstance(many, yamlio.Seq):
        listed.extend(zip(many, many.pos, strict=True))
    base = os.path.dirname(real)
    display_base = os.path.dirname(display)
    for target, (line, column) in listed:
        if not isinstance(target, str) or re.match(r"[a-z][a-z0-9+.-]*://", target):
            continue  # URLs are not followed offline
        resolved = os.path.join(base, target)
        if spec.get("presence") == "optional" and not os.path.exists(resolved):
            continue
        shown = os.path.normpath(os.path.join(display_base, target))
        yield os.path.realpath(resolved), shown, (display, line, column)


def _entity(root: Any, path: str, catalog: Catalog) -> Entity | None:
    if not isinstance(root, yamlio.Map):
        return None
    api_version, kind, metadata = (
        root.get("apiVersion"),
        root.get("kind"),
        root.get("metadata"),
    )
    if not isinstance(api_version, str) or "backstage.io" not in api_version:
        return None  # not a Backstage document (or a Kubernetes one in the same file)
    if (
        not isinstance(kind, str)
        or not isinstance(metadata, yamlio.Map)
        or not isinstance(metadata.get("name"), str)
    ):
        catalog.problems.append(
            CatalogProblem(
                "IC201",
                path,
                root.line,
                root.col,
                "entity needs a kind and metadata.name",
            )
        )
        return None
    namespace = metadata.get("namespace")
    annotations = metadata.get("annotations")
    spec = root.get("spec")
    return Entity(
        kind=kind,
        namespace=namespace if isinstance(namespace, str) and namespace else "default",
        name=metadata["name"],
        annotations={str(k): str(v) for k, v in annotations.items()}
        if isinstance(annotations, yamlio.Map)
        else {},
        spec=spec if isinstance(spec, yamlio.Map) else {},
        path=path,
        line=root.line,
        column=root.col,
        raw=root,
    )


def validate(entity: Entity) -> Iterator[tuple[tuple[int, int], str]]:
    """Envelope, name rules and required spec fields, as Backstage checks them."""
    root = entity.raw
    for key in root:
        if key not in ROOT_KEYS:
            yield (
                root.key_pos(key),
                f'unknown top-level key "{key}" in {entity.kind} {entity.name}',
            )
    api_version = root.get("apiVersion")
    if not _API_VERSION.match(str(api_version)):
        yield entity.value_pos("apiVersion"), f'invalid apiVersion "{api_version}"'
    elif entity.kind in CORE_KINDS and api_version not in CORE_API_VERSIONS:
        yield (
            entity.value_pos("apiVersion"),
            f"{entity.kind} needs apiVersion backstage.io/v1alpha1, got {api_version}",
        )
    if not _KIND.match(entity.kind):
        yield entity.value_pos("kind"), f'invalid kind "{entity.kind}"'
    yield from _validate_names(entity)
    if entity.kind not in REQUIRED_SPEC:
        return  # unknown kinds are kept and skipped by the checks
    yield from _validate_spec(entity)


def _validate_names(entity: Entity) -> Iterator[tuple[tuple[int, int], str]]:
    name = entity.name
    if "${{" in name or "{{" in name:
        yield (
            entity.value_pos("metadata", "name"),
            f'name "{name}" is an unrendered template',
        )
    elif not (1 <= len(name) <= 63 and _NAME.match(name)):
        yield (
            entity.value_pos("metadata", "name"),
            f'invalid name "{name}": sequences of [a-zA-Z0-9] separated by any of '
            "[-_.], at most 63 characters",
        )
    metadata = entity.raw.get("metadata")
    namespace = metadata.get("namespace") if isinstance(metadata, yamlio.Map) else None
    if namespace is not None and not (
        isinstance(namespace, str)
        and len(namespace) <= 63
        and _NAMESPACE.match(namespace)
    ):
        yield (
            entity.value_pos("metadata", "namespace"),
            f'invalid namespace "{namespace}": a lower-case DNS label',
        )


def _validate_spec(entity: Entity) -> Iterator[tuple[tuple[int, int], str]]:
    spec = entity.raw.get("spec")
    if not isinstance(spec, yamlio.Map):
        yield entity.pos("spec"), f"{entity.kind} {entity.name} needs a spec mapping"
        return
    required = REQUIRED_SPEC[entity.kind]
    if entity.kind == "API" and spec.get("type") == "mcp-server":
        required = (
            ("type", str),
            ("lifecycle", str),
            ("owner", str),
            ("remotes", list),
        )
    for name, expected in required:
        if entity.kind == "Component" and name == "owner":
            continue  # IC203's business
        value = spec.get(name)
        if value is None:
            yield entity.pos("spec"), f"{entity.kind} {entity.name} has no spec.{name}"
        elif (
            name == "definition"
            and isinstance(value, yamlio.Map)
            and set(value) & _PLACEHOLDERS
        ):
            continue  # $text/$json/$yaml are substituted by Backstage before validation
        elif not isinstance(value, expected) or (expected is str and not value):
            what = "a string" if expected is str else "a list"
            yield (
                entity.value_pos("spec", name),
                f"spec.{name} of {entity.kind} {entity.name} must be {what}",
            )


def load_policy_catalog(policy: Any, cwd: Any = None) -> Catalog | None:
    """The catalog files the policy names, shown relative to ``cwd``.

    A missing file is a policy error when the policy names it explicitly, and is
    ignored when it is only the default (``catalog-info.yaml``).
    """
    from pathlib import Path

    from incidentctl.errors import ConfigError
    from incidentctl.sources.discover import display_path

    explicit = policy.raw is not None and "catalog" in (policy.raw.get("paths") or {})
    base = Path(cwd) if cwd is not None else policy.root
    paths: list[tuple[str, str]] = []
    for entry in policy.catalog_paths:
        pattern = str(policy.root / entry)  # absolute entries stay absolute
        glob_chars = any(c in entry for c in "*?[")
        found = glob.glob(pattern, recursive=True) if glob_chars else []
        matches = sorted(Path(match) for match in found)
        if matches:  # a glob: every matching file
            paths.extend(
                (str(p), display_path(str(p), base)) for p in matches if p.is_file()
            )
            continue
        path = policy.root / entry
        if path.is_file():
            paths.append((str(path), display_path(str(path), base)))
        elif explicit:
            line, column = policy.position("paths", "catalog")
            raise ConfigError(
                f"paths.catalog: {entry} does not exist",
                policy.display_path(),
                line,
                column,
            )
    return load_catalog(paths) if paths else None
