"""Legacy alerts: the baseline and its grace period (fixed clock); linting only what changed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BAD_RULES, GOOD_RULES

LEGACY = BAD_RULES  # CheckoutDown without a dashboard_url (IC102)
NEW_BAD = GOOD_RULES.replace("CheckoutDown", "SearchDown").replace(
    "          runbook_url: https://github.com/acme/p/blob/main/runbooks/checkout-down.md\n",
    "",
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".incidentctl.yaml").write_text("paths:\n  rules: [rules]\n")
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "legacy.yaml").write_text(LEGACY)
    return tmp_path


def _findings(cli, repo: Path, *args: str) -> tuple[int, list[tuple[str, str, str]]]:  # type: ignore[no-untyped-def]
    result = cli("lint", "-f", "json", *args, cwd=repo)
    data = json.loads(result.out)
    return result.code, [
        (f["rule_id"], f["severity"], f["message"]) for f in data["findings"]
    ]


def test_baselined_findings_are_warnings_during_the_grace_period_then_errors(
    cli, repo: Path
) -> None:  # type: ignore[no-untyped-def]
    assert _findings(cli, repo)[0] == 1
    made = cli("baseline", "--today", "2026-12-01", cwd=repo)
    assert made.code == 0
    assert made.out.startswith(
        "baselined 1 finding in .incidentctl-baseline.json (1 new, 0 fixed and dropped)"
    )
    stored = json.loads((repo / ".incidentctl-baseline.json").read_text())
    assert (
        stored["findings"][0]["first_seen"] == "2026-12-01"
        and stored["findings"][0]["rule_id"] == "IC102"
    )
    code, findings = _findings(cli, repo, "--today", "2026-12-31")
    assert code == 0
    assert findings == [
        (
            "IC102",
            "warning",
            'alert "CheckoutDown" has no dashboard_url annotation (baselined 2026-12-01; an error after 2026-12-31)',
        )
    ]
    code, findings = _findings(cli, repo, "--today", "2027-01-01")
    assert code == 1
    assert findings[0][1:] == (
        "error",
        'alert "CheckoutDown" has no dashboard_url annotation (baselined 2026-12-01; grace period ended 2026-12-31)',
    )
    assert _findings(cli, repo, "--today", "2026-12-05", "--no-baseline")[0] == 1


def test_the_grace_period_comes_from_the_policy(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / ".incidentctl.yaml").write_text(
        "paths:\n  rules: [rules]\ngrace_period_days: 7\n"
    )
    cli("baseline", "--today", "2026-12-01", cwd=repo)
    assert _findings(cli, repo, "--today", "2026-12-08")[0] == 0
    assert _findings(cli, repo, "--today", "2026-12-09")[0] == 1


def test_new_findings_fail_at_once_and_baselines_survive_line_moves(
    cli, repo: Path
) -> None:  # type: ignore[no-untyped-def]
    cli("baseline", "--today", "2026-12-01", cwd=repo)
    (repo / "rules" / "legacy.yaml").write_text(
        "# moved down by a comment\n\n" + LEGACY
    )
    (repo / "rules" / "new.yaml").write_text(NEW_BAD)
    code, findings = _findings(cli, repo, "--today", "2026-12-02")
    assert code == 1
    assert [(rule, severity) for rule, severity, _ in findings] == [
        ("IC102", "warning"),
        ("IC101", "error"),
    ]


def test_rebaselining_drops_fixed_findings_and_keeps_first_seen(
    cli, repo: Path
) -> None:  # type: ignore[no-untyped-def]
    cli("baseline", "--today", "2026-12-01", cwd=repo)
    (repo / "rules" / "new.yaml").write_text(NEW_BAD)
    again = cli("baseline", "--today", "2026-12-10", cwd=repo)
    assert "(1 new, 0 fixed and dropped)" in again.out
    dates = {
        f["rule_id"]: f["first_seen"]
        for f in json.loads((repo / ".incidentctl-baseline.json").read_text())[
            "findings"
        ]
    }
    assert dates == {"IC102": "2026-12-01", "IC101": "2026-12-10"}
    (repo / "rules" / "legacy.yaml").write_text(GOOD_RULES)
    fixed = cli("baseline", "--today", "2026-12-11", cwd=repo)
    assert "(0 new, 1 fixed and dropped)" in fixed.out
    assert [
        f["rule_id"]
        for f in json.loads((repo / ".incidentctl-baseline.json").read_text())[
            "findings"
        ]
    ] == ["IC101"]


def test_the_baseline_is_the_same_from_any_directory(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    cli("baseline", "--today", "2026-12-01", cwd=repo)
    first = (repo / ".incidentctl-baseline.json").read_text()
    cli("baseline", "--today", "2026-12-01", cwd=repo / "rules")
    fingerprints = [
        f["fingerprint"]
        for f in json.loads((repo / ".incidentctl-baseline.json").read_text())[
            "findings"
        ]
    ]
    assert fingerprints == [f["fingerprint"] for f in json.loads(first)["findings"]]


def test_a_corrupt_baseline_is_a_clear_error(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / ".incidentctl-baseline.json").write_text("{not json")
    result = cli("lint", cwd=repo)
    assert result.code == 2
    assert "cannot read the baseline" in result.err


def _git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)


def test_changed_since_reports_only_changed_rules(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    two = LEGACY + LEGACY.split("rules:\n", 1)[1].replace(
        "CheckoutDown", "CheckoutSlow"
    )
    (repo / "rules" / "legacy.yaml").write_text(two)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    assert [f[2][:21] for f in _findings(cli, repo)[1]] == [
        'alert "CheckoutDown" ',
        'alert "CheckoutSlow" ',
    ]
    # Change only CheckoutSlow's summary; add a new file with a violation.
    (repo / "rules" / "legacy.yaml").write_text(
        two.replace("summary: Checkout is down\n", "summary: Slow\n").replace(
            "summary: Slow\n", "summary: Checkout is down\n", 1
        )
    )
    (repo / "rules" / "new.yaml").write_text(NEW_BAD)
    code, findings = _findings(cli, repo, "--changed-since", "main")
    assert code == 1
    assert [(rule, message.split('"')[1]) for rule, _, message in findings] == [
        ("IC102", "CheckoutSlow"),
        ("IC101", "SearchDown"),
    ]
    # Nothing changed since HEAD: nothing is reported, though every file was linted.
    (repo / "rules" / "new.yaml").write_text(GOOD_RULES)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "second")
    assert _findings(cli, repo, "--changed-since", "HEAD")[1] == []


def test_changed_since_an_unknown_revision_says_how_to_fix_it(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    _git(repo, "init", "-q")
    result = cli("lint", "--changed-since", "origin/main", cwd=repo)
    assert result.code == 2
    assert "unknown revision 'origin/main'" in result.err and "git fetch" in result.err
