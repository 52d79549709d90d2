"""Vendored mixins lint clean through the policy alone: severity_map and path-glob defaults."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import CORPORA, GOOD_RULES, need

POLICY = """\
severity_map: {critical: P1, warning: P2, info: P3, none: P3}
defaults:
  - paths: ["vendor/**"]
    labels: {team: platform, service: kubernetes, region: eu-west-1}
    annotations: {dashboard_url: "https://grafana.acme.io/d/kubernetes"}
"""


def test_kube_prometheus_lints_clean_without_editing_it(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = CORPORA / "prometheus-operator__kube-prometheus" / "manifests"
    need(source.is_dir(), f"corpora not found at {CORPORA}")
    (tmp_path / "vendor").mkdir()
    for path in source.glob("*rometheusRule.yaml"):
        shutil.copy(path, tmp_path / "vendor" / path.name)
    before = json.loads(cli("lint", "vendor", "-f", "json", cwd=tmp_path).out)[
        "summary"
    ]
    assert before["errors"] > 100  # critical/warning, no team, no service, no dashboard
    (tmp_path / ".incidentctl.yaml").write_text(POLICY)
    after = json.loads(cli("lint", "vendor", "-f", "json", cwd=tmp_path).out)
    assert after["summary"]["alerts"] == 139
    assert after["summary"]["errors"] == 0
    # The one alert upstream ships without a summary is still a warning.
    assert [(f["rule_id"], f["path"]) for f in after["findings"]] == [
        ("IC108", "vendor/grafana-prometheusRule.yaml")
    ]


def test_defaults_apply_only_under_their_globs_and_never_override(
    cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / ".incidentctl.yaml").write_text(POLICY)
    rule = GOOD_RULES.replace(
        "labels: {severity: P0, service: checkout, team: payments}",
        "labels: {severity: P0}",
    )
    for directory in ("vendor/mixin", "rules"):
        (tmp_path / directory).mkdir(parents=True)
        (tmp_path / directory / "alerts.yaml").write_text(rule)
    result = json.loads(cli("lint", ".", "-f", "json", cwd=tmp_path).out)
    paths = {(f["rule_id"], f["path"]) for f in result["findings"]}
    assert ("IC106", "rules/alerts.yaml") in paths and (
        "IC107",
        "rules/alerts.yaml",
    ) in paths
    assert not any(path.startswith("vendor/") for _, path in paths)


def test_findings_say_when_a_default_supplied_the_value(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / ".incidentctl.yaml").write_text(
        POLICY + "paths:\n  catalog: [catalog-info.yaml]\n"
    )
    (tmp_path / "catalog-info.yaml").write_text(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: checkout}\n"
        "spec: {type: service, lifecycle: production, owner: payments}\n"
    )
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "alerts.yaml").write_text(
        GOOD_RULES.replace("service: checkout, team: payments", "region: eu")
    )
    result = cli("lint", "vendor/alerts.yaml", cwd=tmp_path)
    assert (
        'service "kubernetes" (from defaults for vendor/**) of alert "CheckoutDown" names '
        "component:default/kubernetes, which is not in the catalog" in result.out
    )
