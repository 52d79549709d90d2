"""The policy: defaults are the seed's contract, discovery walks up, errors point at line:col."""

from __future__ import annotations

from pathlib import Path

import pytest

from incidentctl.errors import ConfigError
from incidentctl.findings import Severity
from incidentctl.policy import load_policy


def test_the_default_is_the_seed_contract(tmp_path: Path) -> None:
    policy = load_policy(None, tmp_path)
    assert policy.path is None
    assert policy.severity_names == ("P0", "P1", "P2", "P3")
    assert [
        (s.name, s.receiver, s.pagerduty_severity, s.repeat_interval)
        for s in policy.severities[:3]
    ] == [
        ("P0", "pagerduty-p0", "critical", "30m"),
        ("P1", "pagerduty-p1", "error", "1h"),
        ("P2", "pagerduty-p2", "warning", "12h"),
    ]
    assert policy.severity("P3").receiver == "slack-low-priority"  # type: ignore[union-attr]
    assert policy.default_receiver == "slack-hygiene"
    assert policy.required_labels == ("severity", "service", "team")
    assert policy.required_annotations == ("summary", "runbook_url", "dashboard_url")
    (rule,) = policy.inhibit_rules
    assert (rule.source, rule.target, rule.equal) == (
        ("P0",),
        ("P1", "P2", "P3"),
        ("service", "region"),
    )


def test_found_by_walking_up_and_paths_are_relative_to_it(tmp_path: Path) -> None:
    (tmp_path / ".incidentctl.yaml").write_text(
        "version: 1\nlabels:\n  required: [severity]\n"
    )
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    policy = load_policy(None, nested)
    assert policy.root == tmp_path.resolve()
    assert policy.required_labels == ("severity",)
    assert policy.required_annotations == ("summary", "runbook_url", "dashboard_url")


def test_a_severity_keeps_default_fields_it_does_not_set(tmp_path: Path) -> None:
    (tmp_path / ".incidentctl.yaml").write_text(
        "severities:\n  P0: {repeat_interval: 15m}\n  P1: {}\n"
    )
    policy = load_policy(None, tmp_path)
    assert policy.severity_names == ("P0", "P1")
    assert policy.severity("P0").repeat_interval == "15m"  # type: ignore[union-attr]
    assert policy.severity("P0").receiver == "pagerduty-p0"  # type: ignore[union-attr]


def test_rule_settings(tmp_path: Path) -> None:
    (tmp_path / ".incidentctl.yaml").write_text(
        "lint:\n  rules:\n    IC108: error\n    IC103: off\n    IC111: {options: {external_labels: [region]}}\n"
    )
    settings = load_policy(None, tmp_path).rule_settings
    assert settings["IC108"].severity is Severity.ERROR
    assert not settings["IC103"].enabled
    assert settings["IC111"].severity is None and settings["IC111"].options == {
        "external_labels": ["region"]
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "version: 1\nseverities:\n  P0:\n    receiver: pagerduty-p0\n    repeat_interval: 30 minutes\n",
            ".incidentctl.yaml:5:5: severities.P0.repeat_interval: '30 minutes' is not a duration (use 30s, 5m, 1h, 1d12h)",
        ),
        ("version: 2\n", ".incidentctl.yaml:1:1: version: 1 was expected"),
        (
            "labels:\n  requird: [team]\n",
            ".incidentctl.yaml:2:3: labels.requird: unknown key (expected one of required, severity, team, service)",
        ),
        (
            "lint:\n  rules:\n    IC101: loud\n",
            ".incidentctl.yaml:3:5: lint.rules.IC101: 'loud' is not one of off, error, warning, info or a mapping with severity/options",
        ),
        (
            "severities: [P0, P1]\n",
            ".incidentctl.yaml:1:1: severities: ['P0', 'P1'] is not of type 'object'",
        ),
        (
            "a: [1\n",
            ".incidentctl.yaml:2:1: while parsing a flow sequence: did not find expected ',' or ']'",
        ),
        (
            "a: 1\na: 2\n",
            '.incidentctl.yaml:2:1: mapping key "a" already defined at line 1',
        ),
        ("- a\n", ".incidentctl.yaml:1:1: the policy must be a mapping"),
        (
            "learn:\n  holidays: [christmas]\n",
            ".incidentctl.yaml:2:14: learn.holidays.0: 'christmas' is not a 'date'",
        ),
    ],
)
def test_invalid_policies_get_a_precise_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    (tmp_path / ".incidentctl.yaml").write_text(text)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as info:
        load_policy(None, tmp_path)
    assert str(info.value) == message


def test_empty_policy_file_is_the_default(tmp_path: Path) -> None:
    (tmp_path / ".incidentctl.yaml").write_text("# nothing yet\n")
    assert load_policy(None, tmp_path).severity_names == ("P0", "P1", "P2", "P3")


def test_explicit_config_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"policy file not found: nope\.yaml"):
        load_policy("nope.yaml", tmp_path)
