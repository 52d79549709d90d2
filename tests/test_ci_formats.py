"""Output for CI: GitHub workflow commands and step summary, SARIF 2.1.0 validated by its schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import EXAMPLES, golden
from incidentctl.lint.registry import RULES


def test_github_annotations_match_the_golden_file(
    cli, request: pytest.FixtureRequest
) -> None:  # type: ignore[no-untyped-def]
    result = cli(
        "lint", "broken", "--today", "2026-12-04", "-f", "github", cwd=EXAMPLES
    )
    assert result.code == 1
    golden(request, "broken.github.txt", result.out)
    lines = result.out.splitlines()
    assert lines[0] == "::group::broken/duplicates.yaml"
    assert lines[1] == (
        "::error file=broken/duplicates.yaml,line=12,col=9,endLine=12,title=IC109 prometheus/duplicate-alert"
        '::alert "CheckoutDown" with the same labels is already defined at line 4 (in the same group)'
    )
    assert "::warning file=broken/structure.yaml,line=5,col=9" in result.out


def test_github_escapes_properties_and_data() -> None:
    from incidentctl.findings import Finding, Severity
    from incidentctl.lint.formatters.github import annotation

    finding = Finding(
        "a,b:c.yaml",
        1,
        2,
        "IC101",
        "prometheus/runbook-url",
        Severity.ERROR,
        "50% bad\nnext",
    )
    assert annotation(finding) == (
        "::error file=a%2Cb%3Ac.yaml,line=1,col=2,endLine=1,title=IC101 prometheus/runbook-url::50%25 bad%0Anext"
    )


def test_auto_picks_github_inside_actions_and_writes_the_step_summary(
    cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, request: pytest.FixtureRequest
) -> None:  # type: ignore[no-untyped-def]
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = cli("lint", "broken", "--today", "2026-12-04", "-f", "auto", cwd=EXAMPLES)
    assert result.out.startswith("::group::")
    text = summary.read_text()
    assert text.startswith(
        "earlier step\n### incidentctl lint\n"
    )  # appended, never replaced
    golden(request, "broken.step-summary.md", text)
    table = [line for line in text.splitlines() if line.startswith("| `")]
    assert len(table) == 29 - 10 - 1  # 28 errors and 1 warning; 10 errors are annotated


def test_auto_is_text_outside_actions(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("lint", "broken", "--today", "2026-12-04", "-f", "auto", cwd=EXAMPLES)
    assert result.out.startswith("broken/duplicates.yaml:12:9")


def test_sarif_validates_against_the_official_schema(cli, oracles: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("lint", "broken", "--today", "2026-12-04", "-f", "sarif", cwd=EXAMPLES)
    log = json.loads(result.out)
    schema = json.loads((oracles / "sarif" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(log, schema)
    run = log["runs"][0]
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == [
        rule.ID for rule in RULES
    ]
    first = run["results"][0]
    assert first["ruleId"] == "IC109"
    assert run["tool"]["driver"]["rules"][first["ruleIndex"]]["id"] == "IC109"
    assert first["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 12,
        "startColumn": 9,
    }
    assert (
        first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "broken/duplicates.yaml"
    )
    assert all(r["partialFingerprints"]["incidentctl/v1"] for r in run["results"])
    assert "timestamp" not in result.out and "Time" not in json.dumps(log)
    assert run["tool"]["driver"]["rules"][4]["helpUri"].endswith("/docs/rules/IC101.md")


def test_sarif_fingerprints_survive_lines_moving(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = (EXAMPLES / "broken" / "legacy-alerts.yaml").read_text()
    (tmp_path / "rules.yaml").write_text(source)
    before = json.loads(cli("lint", "rules.yaml", "-f", "sarif", cwd=tmp_path).out)[
        "runs"
    ][0]["results"]
    (tmp_path / "rules.yaml").write_text("# a new comment\n# and another\n" + source)
    after = json.loads(cli("lint", "rules.yaml", "-f", "sarif", cwd=tmp_path).out)[
        "runs"
    ][0]["results"]
    assert [r["partialFingerprints"] for r in before] == [
        r["partialFingerprints"] for r in after
    ]
    assert before[0]["locations"] != after[0]["locations"]
    assert len({r["partialFingerprints"]["incidentctl/v1"] for r in before}) == len(
        before
    )


def test_the_documented_workflow_lints_and_uploads_sarif() -> None:
    from ruamel.yaml import YAML

    workflow = YAML(typ="safe", pure=True).load(
        (EXAMPLES.parent / "docs" / "ci" / "github-actions.yml").read_text()
    )
    steps = workflow["jobs"]["lint"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert "incidentctl lint --format auto" in runs
    assert "incidentctl lint --format sarif > incidentctl.sarif" in runs
    assert any(
        step.get("uses", "").startswith("github/codeql-action/upload-sarif")
        for step in steps
    )
