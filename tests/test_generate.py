"""``incidentctl generate alertmanager``: schemas, amtool, determinism, safety of the output file."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from conftest import EXAMPLES, golden, need_tool

BOOKSTORE = EXAMPLES / "bookstore-platform"
TEAM_POLICY = "routing:\n  teams:\n    payments: {}\n"


def _load_all(text: str) -> list[dict]:  # type: ignore[type-arg]
    return list(YAML(typ="safe", pure=True).load_all(text))


@pytest.fixture
def platform(tmp_path: Path) -> Path:
    (tmp_path / ".incidentctl.yaml").write_text(TEAM_POLICY)
    return tmp_path


@pytest.mark.parametrize("version", ["v1alpha1", "v1beta1"])
def test_cr_validates_against_the_strict_operator_schema(
    cli, oracles: Path, version: str
) -> None:  # type: ignore[no-untyped-def]
    result = cli(
        "generate", "alertmanager", "--api-version", version, "-o", "-", cwd=BOOKSTORE
    )
    assert result.code == 0, result.err
    documents = _load_all(result.out)
    schema = json.loads(
        (oracles / "crds" / f"alertmanagerconfig-{version}.strict.json").read_text()
    )
    (resource,) = [d for d in documents if d["kind"] == "AlertmanagerConfig"]
    jsonschema.validate(resource, schema)
    assert resource["apiVersion"] == f"monitoring.coreos.com/{version}"
    secrets = [d for d in documents if d["kind"] == "Secret"]
    assert {s["metadata"]["name"] for s in secrets} == {
        "pagerduty-keys",
        "slack-webhooks",
    }
    for secret in secrets:  # key names only, never a value
        assert set(secret["stringData"].values()) == {""}


def test_cr_secret_templates_name_every_key_the_receivers_read(cli) -> None:  # type: ignore[no-untyped-def]
    documents = _load_all(cli("generate", "alertmanager", "-o", "-", cwd=BOOKSTORE).out)
    (resource,) = [d for d in documents if d["kind"] == "AlertmanagerConfig"]
    referenced = {
        (ref["name"], ref["key"])
        for receiver in resource["spec"]["receivers"]
        for config in receiver.get("pagerdutyConfigs", [])
        + receiver.get("slackConfigs", [])
        for ref in [config.get("routingKey") or config.get("apiURL")]
    }
    provided = {
        (d["metadata"]["name"], key)
        for d in documents
        if d["kind"] == "Secret"
        for key in d["stringData"]
    }
    assert referenced == provided
    assert ("pagerduty-keys", "team-payments-routing-key") in referenced


def test_plain_config_passes_amtool_check_config(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    amtool = need_tool("amtool")
    target = tmp_path / "alertmanager.yml"
    result = cli(
        "generate",
        "alertmanager",
        "--format",
        "plain",
        "-o",
        str(target),
        cwd=BOOKSTORE,
    )
    assert result.code == 0, result.err
    done = subprocess.run(
        [amtool, "check-config", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS" in done.stdout
    assert (
        "routing_key:" not in target.read_text()
    )  # keys come from files, never inline


ROUTES = [
    ("severity=P0", "pagerduty-p0"),
    ("severity=P1", "pagerduty-p1"),
    ("severity=P2", "pagerduty-p2"),
    ("severity=P3", "slack-low-priority"),
    ("alertname=NoSeverity", "slack-hygiene"),
    ("severity=P5", "slack-hygiene"),
    ("severity=critical", "slack-hygiene"),
    ("severity=p0", "slack-hygiene"),
    ("severity=P0 team=payments", "pagerduty-payments-p0"),
    ("severity=P1 team=payments", "pagerduty-payments-p1"),
    ("severity=P2 team=payments", "pagerduty-p2"),
    ("severity=P0 team=catalog", "pagerduty-p0"),
]


@pytest.mark.parametrize(("labels", "receiver"), ROUTES)
def test_amtool_routes_every_severity_and_team(
    cli, tmp_path: Path, labels: str, receiver: str
) -> None:  # type: ignore[no-untyped-def]
    amtool = need_tool("amtool")
    target = tmp_path / "alertmanager.yml"
    assert (
        cli(
            "generate",
            "alertmanager",
            "--format",
            "plain",
            "-o",
            str(target),
            cwd=BOOKSTORE,
        ).code
        == 0
    )
    done = subprocess.run(
        [
            amtool,
            "config",
            "routes",
            "test",
            f"--config.file={target}",
            f"--verify.receivers={receiver}",
            *labels.split(),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout
    assert done.stdout.strip() == receiver


def test_severity_map_routes_vendored_values_like_lint_reads_them(
    cli, platform: Path
) -> None:  # type: ignore[no-untyped-def]
    amtool = need_tool("amtool")
    (platform / ".incidentctl.yaml").write_text(
        "severity_map: {critical: P1, warning: P2}\n"
    )
    target = platform / "am.yml"
    assert (
        cli(
            "generate",
            "alertmanager",
            "--format",
            "plain",
            "-o",
            str(target),
            cwd=platform,
        ).code
        == 0
    )
    for labels, receiver in (
        ("severity=critical", "pagerduty-p1"),
        ("severity=warning", "pagerduty-p2"),
    ):
        done = subprocess.run(
            [amtool, "config", "routes", "test", f"--config.file={target}", labels],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.stdout.strip() == receiver
    rule = YAML(typ="safe", pure=True).load(target.read_text())["inhibit_rules"][0]
    assert rule["target_matchers"] == ['severity=~"P1|critical|P2|warning|P3"']


def test_inhibit_rules_guard_against_missing_labels(cli) -> None:  # type: ignore[no-untyped-def]
    plain = YAML(typ="safe", pure=True).load(
        cli("generate", "alertmanager", "--format", "plain", cwd=BOOKSTORE).out
    )
    assert plain["inhibit_rules"] == [
        {
            "source_matchers": ['severity="P0"', 'service=~".+"', 'region=~".+"'],
            "target_matchers": ['severity=~"P1|P2|P3"'],
            "equal": ["service", "region"],
        }
    ]


def test_nothing_alertmanager_0_25_refuses_is_emitted(cli) -> None:  # type: ignore[no-untyped-def]
    text = cli("generate", "alertmanager", "--format", "plain", cwd=BOOKSTORE).out
    data = YAML(typ="safe", pure=True).load(text)

    def walk(node: object, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                assert key not in ("timeout", "labels", "name") or path.endswith(
                    "receivers[]"
                ), f"{path}.{key}"
                assert not (
                    key == "details"
                    and any(isinstance(v, (dict, list)) for v in value.values())
                ), path
                walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            assert None not in node, f"null list item at {path}"
            for item in node:
                walk(item, f"{path}[]")

    walk(data, "")
    for receiver in data["receivers"]:
        for pd in receiver.get("pagerduty_configs", []):
            assert "routing_key" not in pd and "routing_key_file" in pd


def test_output_is_byte_identical_and_matches_the_golden_files(
    cli, request: pytest.FixtureRequest
) -> None:  # type: ignore[no-untyped-def]
    for fmt in ("plain", "crd"):
        first = cli(
            "generate", "alertmanager", "--format", fmt, "-o", "-", cwd=BOOKSTORE
        ).out
        assert (
            cli(
                "generate", "alertmanager", "--format", fmt, "-o", "-", cwd=BOOKSTORE
            ).out
            == first
        )
        golden(request, f"bookstore-alertmanager-{fmt}.yaml", first)


def test_the_example_ships_its_generated_routing_and_it_is_current(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("generate", "alertmanager", "--check", cwd=BOOKSTORE)
    assert result.code == 0, result.out
    assert result.err == "incident/pagerduty-integration.yaml is up to date\n"


def test_check_reports_drift_with_a_diff(cli, platform: Path) -> None:  # type: ignore[no-untyped-def]
    target = platform / "routing.yaml"
    assert cli("generate", "alertmanager", "-o", str(target), cwd=platform).code == 0
    assert (
        cli("generate", "alertmanager", "--check", "-o", str(target), cwd=platform).code
        == 0
    )
    (platform / ".incidentctl.yaml").write_text(
        TEAM_POLICY
        + "severities:\n  P0: {repeat_interval: 15m}\n  P1: {}\n  P2: {}\n  P3: {}\n"
    )
    result = cli("generate", "alertmanager", "--check", "-o", str(target), cwd=platform)
    assert result.code == 1
    assert "-        repeatInterval: 30m\n+        repeatInterval: 15m\n" in result.out
    assert (
        result.err
        == "routing.yaml is out of date: run incidentctl generate alertmanager\n"
    )
    missing = cli(
        "generate",
        "alertmanager",
        "--check",
        "-o",
        str(platform / "nope.yaml"),
        cwd=platform,
    )
    assert missing.code == 1 and "nope.yaml is missing" in missing.out


def test_a_hand_written_file_is_never_replaced_without_force(
    cli, platform: Path
) -> None:  # type: ignore[no-untyped-def]
    target = platform / "alertmanager.yml"
    target.write_text("# my own config\nroute: {receiver: me}\n")
    refused = cli("generate", "alertmanager", "-o", str(target), cwd=platform)
    assert refused.code == 2
    assert "was not generated by incidentctl; use --force" in refused.err
    assert target.read_text() == "# my own config\nroute: {receiver: me}\n"
    forced = cli("generate", "alertmanager", "-o", str(target), "--force", cwd=platform)
    assert forced.code == 0
    assert (
        platform / "alertmanager.yml.bak"
    ).read_text() == "# my own config\nroute: {receiver: me}\n"
    assert target.read_text().startswith("# Generated by incidentctl")
    again = cli("generate", "alertmanager", "-o", str(target), cwd=platform)
    assert again.code == 0 and again.err == "unchanged alertmanager.yml\n"


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        (
            "severities:\n  P0: {receiver: pagerduty-p9}\n",
            ".incidentctl.yaml:2:8: severities.P0.receiver: unknown receiver 'pagerduty-p9' (receivers: pagerduty-p0, pagerduty-p1, pagerduty-p2, slack-hygiene, slack-low-priority)",
        ),
        (
            "default_receiver: nowhere\n",
            ".incidentctl.yaml:1:1: default_receiver: unknown receiver 'nowhere' (receivers: pagerduty-p0, pagerduty-p1, pagerduty-p2, slack-hygiene, slack-low-priority)",
        ),
        (
            "inhibit_rules:\n  - {source: [P0, P1], target: [P1, P2], equal: [service]}\n",
            ".incidentctl.yaml:2:5: inhibit_rules.0: severity P1 would inhibit itself (it is both source and target)",
        ),
        (
            "inhibit_rules:\n  - {source: [P0], target: [P7], equal: [service]}\n",
            ".incidentctl.yaml:2:20: inhibit_rules.0.target: unknown severity 'P7' (severities: P0, P1, P2, P3)",
        ),
        (
            "inhibit_rules:\n  - {source: [P0], target: [P1], equal: []}\n",
            ".incidentctl.yaml:2:34: inhibit_rules.0.equal is empty: any P0 would silence every target everywhere",
        ),
        (
            "receivers:\n  a: {type: slack, channel: '#a'}\n  a: {type: slack, channel: '#b'}\n",
            '.incidentctl.yaml:3:3: mapping key "a" already defined at line 2',
        ),
        (
            "routing:\n  teams: {payments: {}}\ndefault_receiver: pagerduty-payments-p0\nseverities: {P0: {receiver: pagerduty-payments-p0}}\n"
            "inhibit_rules: []\nreceivers:\n  pagerduty-payments-p0: {type: pagerduty}\n",
            ".incidentctl.yaml:7:3: receivers.pagerduty-payments-p0: the name is taken by the receiver generated for team 'payments' (policy routing.teams)",
        ),
    ],
)
def test_contradictory_policies_are_refused_before_writing(
    cli, tmp_path: Path, policy: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / ".incidentctl.yaml").write_text(policy)
    target = tmp_path / "out.yaml"
    result = cli("generate", "alertmanager", "-o", str(target), cwd=tmp_path)
    assert result.code == 2
    assert result.err == f"incidentctl: error: {message}\n"
    assert not target.exists()


def test_teams_come_from_the_catalog(cli) -> None:  # type: ignore[no-untyped-def]
    plain = YAML(typ="safe", pure=True).load(
        cli("generate", "alertmanager", "--format", "plain", cwd=BOOKSTORE).out
    )
    names = [receiver["name"] for receiver in plain["receivers"]]
    assert "pagerduty-payments-p0" in names and "pagerduty-catalog-p0" not in names
    team = next(r for r in plain["receivers"] if r["name"] == "pagerduty-payments-p0")
    assert (
        team["pagerduty_configs"][0]["routing_key_file"]
        == "/etc/alertmanager/secrets/pagerduty-keys/team-payments-routing-key"
    )
    assert team["pagerduty_configs"][0]["severity"] == "critical"


def test_check_needs_an_output(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("generate", "alertmanager", "--check", cwd=tmp_path)
    assert result.code == 2 and "--check needs an output file" in result.err


def test_no_secret_value_is_ever_written(cli) -> None:  # type: ignore[no-untyped-def]
    """The catalog's integration-key annotation value never reaches the routing."""
    catalog = (BOOKSTORE / "catalog-info.yaml").read_text()
    assert "pagerduty.com/integration-key: stored-in-vault-not-here" in catalog
    for fmt in ("crd", "plain"):
        text = cli(
            "generate", "alertmanager", "--format", fmt, "-o", "-", cwd=BOOKSTORE
        ).out
        assert "stored-in-vault-not-here" not in text
        assert "routing_key:" not in text and "routingKey: {" not in text
