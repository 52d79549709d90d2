"""The command line: exit codes, formats, the JSON envelope's schema, help and version."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from conftest import BAD_RULES, GOOD_RULES
from incidentctl import __version__
from incidentctl.resources import load_schema

GOOD = GOOD_RULES
BAD = BAD_RULES
WARN = GOOD.replace("          summary: Checkout is down\n", "")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "good.yaml").write_text(GOOD)
    return tmp_path


def test_clean_exit_0(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("lint", "rules", cwd=repo)
    assert result.code == 0
    assert result.out == "✔ no problems · 1 file, 1 alert, 0 recording rules checked\n"


def test_failing_findings_exit_1_with_exact_positions(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "rules" / "bad.yaml").write_text(BAD)
    result = cli("lint", "rules", cwd=repo)
    assert result.code == 1
    assert result.out.splitlines() == [
        'rules/bad.yaml:7:9  IC102  error    alert "CheckoutDown" has no dashboard_url annotation',
        "",
        "✖ 1 problem (1 error, 0 warnings) in 1 file · 2 files, 2 alerts, 0 recording rules checked",
    ]


def test_warnings_pass_unless_fail_on_warning(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "rules" / "good.yaml").write_text(WARN)
    assert cli("lint", "rules", cwd=repo).code == 0
    assert cli("lint", "rules", "--fail-on", "warning", cwd=repo).code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("lint", "missing.yaml"),
            "incidentctl: error: no such file or directory: missing.yaml\n",
        ),
        (
            ("lint", "--config", "nope.yaml"),
            "incidentctl: error: policy file not found: nope.yaml\n",
        ),
        (
            ("lint", "--today", "someday"),
            "incidentctl: error: --today 'someday' is not a date (YYYY-MM-DD)\n",
        ),
    ],
)
def test_usage_and_policy_errors_exit_2_in_one_line(
    cli, repo: Path, args: tuple[str, ...], message: str
) -> None:  # type: ignore[no-untyped-def]
    result = cli(*args, cwd=repo)
    assert result.code == 2
    assert result.err == message


def test_invalid_policy_exits_2(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / ".incidentctl.yaml").write_text(
        "severities:\n  P0:\n    repeat_interval: soon\n"
    )
    result = cli("lint", "rules", cwd=repo)
    assert result.code == 2
    assert result.err == (
        "incidentctl: error: .incidentctl.yaml:3:5: severities.P0.repeat_interval: "
        "'soon' is not a duration (use 30s, 5m, 1h, 1d12h)\n"
    )


def test_unknown_option_exits_2(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("lint", "--no-such-option", cwd=repo).code == 2


def test_no_paths_lints_the_policy_rule_paths(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / ".incidentctl.yaml").write_text("paths:\n  rules: [rules]\n")
    (repo / "elsewhere.yaml").write_text(BAD)
    result = cli("lint", cwd=repo / "rules")
    assert result.code == 0, result.out
    (repo / ".incidentctl.yaml").write_text("paths:\n  rules: [alerts]\n")
    missing = cli("lint", cwd=repo)
    assert missing.code == 2 and "paths.rules names" in missing.err


def test_json_envelope_validates_against_its_schema(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "rules" / "bad.yaml").write_text(BAD)
    (repo / "rules" / "am.yaml").write_text(
        "route: {receiver: x}\nreceivers: [{name: x}]\n"
    )
    result = cli("lint", "rules", "--format", "json", cwd=repo)
    assert result.code == 1
    data = json.loads(result.out)
    jsonschema.validate(data, load_schema("lint-output.schema.json"))
    assert data["summary"]["findings_by_rule"] == {"IC102": 1}
    assert data["summary"]["skipped_documents"] == [
        {"path": "rules/am.yaml", "line": 1, "kind": "Alertmanager config"}
    ]
    assert data["findings"][0] == {
        "rule_id": "IC102",
        "rule_name": "prometheus/dashboard-url",
        "severity": "error",
        "message": 'alert "CheckoutDown" has no dashboard_url annotation',
        "path": "rules/bad.yaml",
        "line": 7,
        "column": 9,
    }


def test_output_is_deterministic(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    for index in range(5):
        (repo / "rules" / f"bad{index}.yaml").write_text(BAD)
    first = cli("lint", "rules", "-f", "json", "-j", "1", cwd=repo).out
    assert cli("lint", "rules", "-f", "json", cwd=repo).out == first


def test_skipped_documents_are_reported_not_silent(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "rules" / "deploy.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n"
    )
    result = cli("lint", "rules", "-v", cwd=repo)
    assert (
        "note: skipped 1 document that holds no alert rules (Deployment)" in result.out
    )
    assert "  rules/deploy.yaml:1  Deployment" in result.out


def test_color_only_when_asked_or_on_a_terminal(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "rules" / "bad.yaml").write_text(BAD)
    assert "\x1b[" not in cli("lint", "rules", cwd=repo).out
    assert "\x1b[" in cli("lint", "rules", "--color", cwd=repo).out


def test_rules_lists_every_rule(cli) -> None:  # type: ignore[no-untyped-def]
    from incidentctl.lint.registry import RULES

    out = cli("rules").out.splitlines()
    assert [line.split()[0] for line in out] == [rule.ID for rule in RULES]


@pytest.mark.parametrize("command", [(), ("lint",), ("rules",), ("explain",)])
def test_help_on_every_command(cli, command: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    result = cli(*command, "--help")
    assert result.code == 0
    assert "Usage: incidentctl" in result.out


def test_version(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("--version").out == f"incidentctl {__version__}\n"


def test_console_script_runs_as_a_process(repo: Path) -> None:
    """The real entry point (gc off, os._exit) flushes output and keeps exit codes."""
    (repo / "rules" / "bad.yaml").write_text(BAD)
    done = subprocess.run(
        [sys.executable, "-m", "incidentctl", "lint", "rules", "-f", "json"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert json.loads(done.stdout)["summary"]["errors"] == 1


def test_policy_excludes_are_relative_to_the_policy(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "rules" / "vendor").mkdir()
    (repo / "rules" / "vendor" / "mixin.yaml").write_text(BAD)
    (repo / ".incidentctl.yaml").write_text(
        "paths:\n  rules: [rules]\n  exclude: ['rules/vendor/**']\n"
    )
    assert cli("lint", cwd=repo / "rules").code == 0
    assert cli("lint", "vendor/mixin.yaml", cwd=repo / "rules").out.startswith(
        "✔ no problems · 0 files"
    )


def test_policy_is_found_from_the_linted_path(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "rules" / ".incidentctl.yaml").write_text(
        "annotations:\n  required: [summary]\n"
    )
    (repo / "rules" / "bad.yaml").write_text(BAD)
    assert cli("lint", "rules", cwd=repo).code == 0
