"""The Backstage catalog: loading, validation against the upstream schemas, the real corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from conftest import CORPORA, EXAMPLES
from incidentctl.sources.backstage import load_catalog, parse_ref, validate


def _backstage_files() -> list[Path]:
    example = EXAMPLES / "bookstore-platform" / "catalog-info.yaml"
    if not CORPORA.is_dir():
        return [example]
    roots = ("backstage__backstage", "backstage__demo", "npm__backstage-create-app")
    found = [p for root in roots for p in (CORPORA / root).rglob("*") if p.is_file()]
    return [*sorted(found), example]


def _schema_validator(oracles: Path, kind: str, spec_type: Any) -> Any:
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    base = oracles / "backstage"
    schemas = [json.loads(p.read_text()) for p in base.rglob("*.schema.json")]
    registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT7))
        for schema in schemas
    )
    by_id = {schema["$id"]: schema for schema in schemas}
    key = {
        "Component": "ComponentV1alpha1",
        "API": "ApiV1alpha1McpServer" if spec_type == "mcp-server" else "ApiV1alpha1",
        "System": "SystemV1alpha1",
        "Domain": "DomainV1alpha1",
        "Resource": "ResourceV1alpha1",
        "Group": "GroupV1alpha1",
        "User": "UserV1alpha1",
        "Location": "LocationV1alpha1",
    }.get(kind, "Entity")
    return jsonschema.Draft7Validator(by_id[key], registry=registry)


@pytest.mark.parametrize("path", _backstage_files(), ids=lambda p: p.name)
def test_validation_agrees_with_the_upstream_schemas(path: Path, oracles: Path) -> None:
    """Our envelope and spec verdict equals the upstream JSON Schema's, entity by entity.

    Name and namespace rules are enforced by Backstage in code, not in the schemas
    (they are compared separately); ``$text`` placeholders are substituted by
    Backstage before it validates, so such entities are skipped here.
    """
    catalog = load_catalog([(str(path), path.name)])
    if path.suffix == ".hbs":  # an unrendered Handlebars template: one IC001, no entity
        assert [p.rule_id for p in catalog.problems] == ["IC001"]
        assert "template" in catalog.problems[0].message
        return
    documents = [
        d
        for d in YAML(typ="safe", pure=True).load_all(path.read_text())
        if isinstance(d, dict)
    ]
    own = [e for e in catalog.entities if e.path == path.name]  # not Location targets
    entities = {(e.kind, e.namespace, e.name, e.line): e for e in own}
    assert len(own) == sum(
        1 for d in documents if "backstage.io" in str(d.get("apiVersion"))
    )
    for entity in entities.values():
        document = next(
            d
            for d in documents
            if d.get("kind") == entity.kind and d["metadata"].get("name") == entity.name
        )
        if "$text" in json.dumps(document.get("spec", {})):
            continue
        ours = [
            message
            for _, message in validate(entity)
            if "name" not in message.split(":")[0]
        ]
        ours = [
            m
            for m in ours
            if not m.startswith(("invalid name", "invalid namespace", 'name "'))
        ]
        owner_missing = entity.kind == "Component" and "owner" not in (
            document.get("spec") or {}
        )
        schema_ok = _schema_validator(
            oracles, entity.kind, (document.get("spec") or {}).get("type")
        ).is_valid(document)
        assert (not ours and not owner_missing) == schema_ok, (entity.name, ours)


def test_the_backstage_corpus_gives_the_expected_findings(
    cli, corpora: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    root = corpora / "backstage__backstage" / "packages" / "catalog-model" / "examples"
    (tmp_path / ".incidentctl.yaml").write_text(
        f"paths:\n  rules: [{root}]\n  catalog: ['{root}/**/*.yaml']\n"
    )
    result = cli("lint", "--format", "json", cwd=tmp_path)
    assert result.code == 1, result.err
    found = {
        (f["rule_id"], f["path"].split("examples/")[1], f["line"])
        for f in json.loads(result.out)["findings"]
    }
    expected = {
        ("IC201", "components/invalid-component.yaml", 4),  # name "invalid component"
        ("IC204", "components/petstore-component.yaml", 14),  # owner sre: no such group
        (
            "IC204",
            "systems/podcast-system.yaml",
            7,
        ),  # user:team-b: a group named with the user kind
        ("IC201", "all.yaml", 8),  # all.yaml's targets are not in the corpus copy
    }
    assert expected <= found
    # acme/team-a-group.yaml defines User guest twice, in two namespaces: not a duplicate.
    assert not any(rule == "IC202" for rule, _, _ in found)


@pytest.mark.parametrize(
    ("text", "kind", "namespace", "expected"),
    [
        ("team-a", "group", "default", "group:default/team-a"),
        ("Team-A", "group", "default", "group:default/team-a"),
        ("user:guest", "group", "default", "user:default/guest"),
        ("development/guest", "user", "default", "user:development/guest"),
        ("group:default/team-a", "user", "payments", "group:default/team-a"),
        ("team-a", "group", "payments", "group:payments/team-a"),
    ],
)
def test_references_resolve_the_backstage_way(
    text: str, kind: str, namespace: str, expected: str
) -> None:
    assert str(parse_ref(text, kind, namespace)) == expected


def test_a_missing_catalog_named_by_the_policy_is_a_policy_error(
    cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / ".incidentctl.yaml").write_text(
        "paths:\n  rules: [.]\n  catalog: [backstage/catalog-info.yaml]\n"
    )
    result = cli("lint", cwd=tmp_path)
    assert result.code == 2
    assert result.err == (
        "incidentctl: error: .incidentctl.yaml:3:3: paths.catalog: backstage/catalog-info.yaml does not exist\n"
    )


def test_broken_catalog_files_give_findings_not_tracebacks(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "catalog-info.yaml").write_text(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: [x\n"
    )
    (tmp_path / ".incidentctl.yaml").write_text("paths:\n  rules: [.]\n")
    result = cli("lint", "-f", "json", cwd=tmp_path)
    findings = json.loads(result.out)["findings"]
    assert {(f["rule_id"], f["path"], f["line"]) for f in findings} == {
        ("IC001", "catalog-info.yaml", 4)
    }
    assert result.err == ""
