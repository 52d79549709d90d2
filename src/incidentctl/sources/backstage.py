"""Backstage catalog entities (catalog-info.yaml): kind, namespace, name, annotations.

Entity references (``[kind:][namespace/]name``) resolve the Backstage way: the
kind defaults per field, the namespace to ``default``, and comparison is
case-insensitive.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from incidentctl import yamlio
from incidentctl.errors import SourceError


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


@dataclass
class Catalog:
    """Every entity loaded, and the files that could not be read."""

    entities: list[Entity] = field(default_factory=list)
    problems: list[tuple[str, int, int, str]] = field(default_factory=list)

    def find(self, ref: EntityRef) -> Entity | None:
        """The entity with this reference, if loaded."""
        for entity in self.entities:
            if entity.ref == ref:
                return entity
        return None


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
    """Load entities from (path, display) pairs; unreadable files become problems."""
    catalog = Catalog()
    for path, display in paths:
        try:
            composed = yamlio.compose(yamlio.read_text(path))
        except SourceError as exc:
            catalog.problems.append(
                (display, exc.line or 1, exc.column or 1, exc.message)
            )
            continue
        except yamlio.YamlSyntaxError as exc:
            catalog.problems.append((display, exc.line, exc.column, exc.message))
            continue
        for document in composed.documents:
            entity = _entity(document.root, display)
            if entity is not None:
                catalog.entities.append(entity)
    return catalog


def _entity(root: Any, path: str) -> Entity | None:
    if not isinstance(root, yamlio.Map):
        return None
    api_version, kind, metadata = (
        root.get("apiVersion"),
        root.get("kind"),
        root.get("metadata"),
    )
    if not isinstance(api_version, str) or "backstage.io" not in api_version:
        return None
    if not isinstance(kind, str) or not isinstance(metadata, yamlio.Map):
        return None
    name = metadata.get("name")
    if not isinstance(name, str):
        return None
    namespace = metadata.get("namespace")
    annotations = metadata.get("annotations")
    spec = root.get("spec")
    return Entity(
        kind=kind,
        namespace=namespace if isinstance(namespace, str) and namespace else "default",
        name=name,
        annotations={str(k): str(v) for k, v in annotations.items()}
        if isinstance(annotations, yamlio.Map)
        else {},
        spec=spec if isinstance(spec, yamlio.Map) else {},
        path=path,
        line=root.line,
        column=root.col,
        raw=root,
    )
