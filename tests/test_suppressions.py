"""Suppression comments applied end to end: disable, disable-file, snooze before and after its date."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import BAD_RULES

SNOOZED = BAD_RULES.replace(
    "      - alert: CheckoutDown",
    '      # incidentctl snooze=2027-01-31 IC102 reason="dashboard rebuild, OPS-311"\n      - alert: CheckoutDown',
)


def _lint(cli, path: Path, *args: str) -> dict:  # type: ignore[no-untyped-def, type-arg]
    return json.loads(cli("lint", str(path), "-f", "json", *args, cwd=path.parent).out)  # type: ignore[no-any-return]


def test_a_snooze_suppresses_until_the_end_of_its_date(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "rules.yaml"
    path.write_text(SNOOZED)
    before = _lint(cli, path, "--today", "2027-01-31")
    assert before["findings"] == [] and before["summary"]["suppressed"] == 1
    after = _lint(cli, path, "--today", "2027-02-01")
    assert [f["message"] for f in after["findings"]] == [
        'alert "CheckoutDown" has no dashboard_url annotation (snooze expired 2027-01-31)'
    ]


def test_disable_on_the_rule_line_and_disable_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "rules.yaml"
    path.write_text(
        BAD_RULES.replace(
            "- alert: CheckoutDown",
            '- alert: CheckoutDown  # incidentctl disable=prometheus/dashboard-url reason="x"',
        )
    )
    assert _lint(cli, path)["summary"]["suppressed"] == 1
    path.write_text(
        '# incidentctl disable-file=IC102,IC108 reason="vendored"\n' + BAD_RULES
    )
    result = _lint(cli, path)
    assert result["findings"] == [] and result["summary"]["suppressed"] == 1


def test_a_suppression_only_covers_its_own_rule(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "rules.yaml"
    second = BAD_RULES.split("rules:\n", 1)[1].replace("CheckoutDown", "CheckoutSlow")
    path.write_text(SNOOZED + second)
    result = _lint(cli, path, "--today", "2027-01-01")
    assert [f["message"] for f in result["findings"]] == [
        'alert "CheckoutSlow" has no dashboard_url annotation'
    ]


def test_unused_suppressions_are_reported_on_request(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "rules.yaml"
    path.write_text(SNOOZED.replace("IC102", "IC101"))
    assert _lint(cli, path)["summary"]["findings_by_rule"] == {"IC102": 1}
    unused = _lint(cli, path, "--report-unused-suppressions")
    assert unused["summary"]["findings_by_rule"] == {"IC003": 1, "IC102": 1}
