"""``incidentctl new`` and ``init``: templates, numbering, deadlines, and never losing a document."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import jsonschema
import pytest

from conftest import EXAMPLES, GOOD_RULES, golden
from incidentctl import yamlio
from incidentctl.learn.deadlines import BusinessCalendar, calendar_weekend, deadlines
from incidentctl.resources import load_schema
from incidentctl.scaffold.apply import apply
from incidentctl.scaffold.plan import Document, NumberedDocument, slug

BOOKSTORE = EXAMPLES / "bookstore-platform"
PM_ARGS = (
    "new",
    "postmortem",
    "--title",
    "Checkout outage during the Spring Sale",
    "--severity",
    "P0",
    "--service",
    "checkout",
    "--started",
    "2026-04-15T14:06:00Z",
    "--resolved",
    "2026-04-15T14:45:00Z",
    "--ic",
    "Alice Archer",
    "--author",
    "Bob Baker",
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".incidentctl.yaml").write_text("paths:\n  rules: [rules]\n")
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "checkout.yaml").write_text(GOOD_RULES)
    return tmp_path


def front_matter(path: Path) -> dict:  # type: ignore[type-arg]
    text = path.read_text()
    assert text.startswith("---\n")
    return yamlio.plain(
        yamlio.compose(text.split("\n---\n", 1)[0][4:], typed=True).documents[0].root
    )  # type: ignore[no-any-return]


# -- templates: golden files ---------------------------------------------------


def test_postmortem_golden_and_schema(
    cli, repo: Path, request: pytest.FixtureRequest
) -> None:  # type: ignore[no-untyped-def]
    result = cli(*PM_ARGS, cwd=repo)
    assert result.code == 0, result.err
    assert result.out == (
        "created  docs/postmortems/INC-2026-04-15-001.md\n"
        "         draft due 2026-04-17T14:45:00Z · publish by end of Wed 2026-04-22 (UTC)\n"
    )
    path = repo / "docs" / "postmortems" / "INC-2026-04-15-001.md"
    golden(request, "postmortem.md", path.read_text())
    matter = front_matter(path)
    jsonschema.validate(matter, load_schema("postmortem.schema.json"))
    assert (
        matter["status"] == "draft" and matter["resolved_at"] == "2026-04-15T14:45:00Z"
    )
    text = path.read_text()
    for section in (
        "## Summary",
        "## Customer impact",
        "## Detection",
        "## Response and recovery",
        "## Timeline (UTC)",
        "## Trigger",
        "## Root cause: 5 Whys",
        "## Contributing factors",
        "### What went well",
        "### What went wrong",
        "### Where we got lucky",
        "## Action items",
        "| id | action (verb first) | type | priority | owner | due | tracking link | status |",
        "## Messaging",
        "## Sign-off",
    ):
        assert section in text
    assert (
        sum(
            1
            for line in text.splitlines()
            if line[:3] in ("1. ", "2. ", "3. ", "4. ", "5. ")
        )
        == 5
    )


def test_runbook_golden_and_print_url(cli, request: pytest.FixtureRequest) -> None:  # type: ignore[no-untyped-def]
    result = cli(
        "new",
        "runbook",
        "BookstorePaymentsGatewayDown",
        "--stdout",
        "--print-url",
        cwd=BOOKSTORE,
    )
    assert result.code == 0, result.err
    golden(request, "runbook.md", result.out)
    assert "| Owner | group:default/team-payments |" in result.out
    assert "PagerDuty service PBK0PAY" in result.out
    assert "stored-in-vault-not-here" not in result.out  # never copy an integration key
    assert result.err == (
        "runbook_url: https://github.com/acme-books/bookstore-platform/blob/main/runbooks/"
        "bookstore-payments-gateway-down.md\n"
    )


def test_runbook_without_a_catalog_degrades_gracefully(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("new", "runbook", "CheckoutDown", cwd=repo)
    assert result.code == 0, result.err
    text = (repo / "runbooks" / "checkout-down.md").read_text()
    assert "| Owner | — |" in text and "sum by (service, region)" in text
    assert (
        "## 1. Check" in text
        and "## 2. Diagnose" in text
        and "## 3. Mitigate" in text
        and "## 4. Escalate" in text
    )
    assert "| Rollback | the cause is a recent deploy | 60–180 s |" in text


def test_unknown_alert_gets_a_did_you_mean(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("new", "runbook", "CheckoutDwn", cwd=repo)
    assert result.code == 2
    assert (
        result.err
        == "incidentctl: error: no alert named 'CheckoutDwn' in the policy's rule paths; did you mean CheckoutDown?\n"
    )


def test_severity_matrix_golden(cli, request: pytest.FixtureRequest) -> None:  # type: ignore[no-untyped-def]
    result = cli("new", "severity-matrix", "--stdout", cwd=BOOKSTORE)
    assert result.code == 0
    golden(request, "severity-matrix.md", result.out)
    assert result.out == (BOOKSTORE / "incident" / "severity-matrix.md").read_text()


def test_init_creates_the_tree_and_skips_what_exists(
    cli, tmp_path: Path, request: pytest.FixtureRequest
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "incident").mkdir()
    (tmp_path / "incident" / "README.md").write_text("ours\n")
    result = cli("init", str(tmp_path), cwd=tmp_path)
    assert result.code == 0
    assert result.out.splitlines() == [
        "created  .incidentctl.yaml",
        "skip     incident/README.md",
        "created  incident/severity-matrix.md",
        "created  incident/postmortem-template.md",
        "created  incident/oncall-handoff-template.md",
        "created  incident/sample-prometheusrule.yaml",
    ]
    assert (tmp_path / "incident" / "README.md").read_text() == "ours\n"
    for name in (
        "severity-matrix.md",
        "postmortem-template.md",
        "oncall-handoff-template.md",
        "sample-prometheusrule.yaml",
    ):
        golden(request, f"init-{name}", (tmp_path / "incident" / name).read_text())
    golden(request, "init-policy.yaml", (tmp_path / ".incidentctl.yaml").read_text())
    assert cli("init", str(tmp_path), cwd=tmp_path).out.count("skip") == 6
    assert (
        cli("lint", str(tmp_path / "incident"), cwd=tmp_path).code == 0
    )  # the sample is clean


def test_the_init_policy_is_the_built_in_default(tmp_path: Path) -> None:
    from incidentctl.cli.main import _main
    from incidentctl.policy import DEFAULT_POLICY, load_policy

    assert _main(["init", str(tmp_path)]) == 0
    loaded = load_policy(None, tmp_path)
    for key in (
        "severities",
        "receivers",
        "inhibit_rules",
        "labels",
        "annotations",
        "learn",
        "paths",
    ):
        assert loaded.data[key] == DEFAULT_POLICY[key], key


def test_init_in_an_empty_new_directory(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "new-repo"
    assert cli("init", str(target), cwd=tmp_path).code == 0
    assert (target / "incident" / "README.md").is_file()


def test_handoff_prefilled_from_git(
    cli, repo: Path, request: pytest.FixtureRequest
) -> None:  # type: ignore[no-untyped-def]
    if shutil.which("git") is None:
        pytest.skip("git is not installed")

    def git(*args: str, when: str) -> None:
        env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        subprocess.run(
            ["git", *args], cwd=repo, env=env, check=True, capture_output=True
        )

    git("init", "-q", when="2026-11-01T10:00:00Z")
    git(
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "add",
        "-A",
        when="2026-11-01T10:00:00Z",
    )
    git(
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "commit",
        "-qm",
        "base",
        when="2026-11-01T10:00:00Z",
    )
    (repo / "runbooks").mkdir()
    (repo / "runbooks" / "checkout-down.md").write_text("# CheckoutDown\n")
    added = GOOD_RULES.replace("CheckoutDown", "CheckoutSlow").replace("groups:\n", "")
    (repo / "rules" / "checkout.yaml").write_text(
        GOOD_RULES + added.split("rules:\n", 1)[1]
    )
    git(
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "add",
        "-A",
        when="2026-11-25T10:00:00Z",
    )
    git(
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "commit",
        "-qm",
        "week",
        when="2026-11-25T10:00:00Z",
    )
    assert (
        cli(
            *PM_ARGS[:-8],
            "--started",
            "2026-11-24T09:00:00Z",
            "--resolved",
            "2026-11-24T10:00:00Z",
            cwd=repo,
        ).code
        == 0
    )
    assert (
        cli(
            *PM_ARGS[:-8],
            "--started",
            "2026-10-01T09:00:00Z",
            "--resolved",
            "2026-10-01T10:00:00Z",
            cwd=repo,
        ).code
        == 0
    )
    result = cli("new", "handoff", "--week-of", "2026-12-02", cwd=repo)
    assert result.code == 0, result.err
    assert result.out == "created  docs/handoffs/2026-11-30.md\n"
    text = (repo / "docs" / "handoffs" / "2026-11-30.md").read_text()
    golden(request, "handoff.md", text)
    assert "| Reviewed period (UTC) | 2026-11-23 00:00 → 2026-11-30 00:00 |" in text
    assert "- added: `CheckoutSlow` (P0) in `rules/checkout.yaml`" in text
    assert "- `runbooks/checkout-down.md`" in text
    assert (
        "INC-2026-11-24-001" in text and "INC-2026-10-01-001" in text
    )  # this week's, and an overdue draft
    assert "**overdue**" in text


# -- numbering and concurrency ---------------------------------------------------


def test_numbers_are_per_date_and_increase(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    for expected in ("001", "002", "003"):
        result = cli(*PM_ARGS, cwd=repo)
        assert result.out.startswith(
            f"created  docs/postmortems/INC-2026-04-15-{expected}.md"
        )
    other = cli(*PM_ARGS[:-8], "--resolved", "2026-04-16T01:00:00Z", cwd=repo)
    assert other.out.startswith("created  docs/postmortems/INC-2026-04-16-001.md")
    assert (
        front_matter(repo / "docs/postmortems/INC-2026-04-15-003.md")["id"]
        == "INC-2026-04-15-003"
    )


def test_a_stale_view_of_the_directory_never_clobbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a racing process sees: the number it computed was taken meanwhile."""
    import incidentctl.scaffold.apply as apply_module

    (tmp_path / "INC-2026-04-15-001.md").write_text("someone else's\n")
    monkeypatch.setattr(apply_module, "next_number", lambda directory, pattern: 1)
    document = NumberedDocument(
        tmp_path,
        r"INC-2026-04-15-(\d{3,})\.md",
        lambda n: Document(tmp_path / f"INC-2026-04-15-{n:03d}.md", f"mine {n}\n"),
    )
    (outcome,) = apply([document])
    assert outcome.path.name == "INC-2026-04-15-002.md"
    assert (tmp_path / "INC-2026-04-15-001.md").read_text() == "someone else's\n"


def test_concurrent_processes_get_different_numbers(repo: Path) -> None:
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "incidentctl", *PM_ARGS],
            cwd=repo,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = [process.communicate(timeout=60) for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0, 0], outputs
    names = sorted(p.name for p in (repo / "docs" / "postmortems").iterdir())
    assert names == [f"INC-2026-04-15-00{n}.md" for n in (1, 2, 3, 4)]
    assert sorted(
        front_matter(repo / "docs" / "postmortems" / name)["id"] for name in names
    ) == [n[:-3] for n in names]


# -- never lose a document --------------------------------------------------------


def test_an_existing_document_is_never_replaced_without_force(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    target = repo / "runbooks" / "checkout-down.md"
    target.parent.mkdir()
    target.write_text("my notes\n")
    refused = cli("new", "runbook", "CheckoutDown", cwd=repo)
    assert refused.code == 1
    assert refused.out == "exists   runbooks/checkout-down.md\n"
    assert target.read_text() == "my notes\n"
    forced = cli("new", "runbook", "CheckoutDown", "--force", cwd=repo)
    assert forced.code == 0 and forced.out == "overwritten runbooks/checkout-down.md\n"
    assert (repo / "runbooks" / "checkout-down.md.bak").read_text() == "my notes\n"


def test_dry_run_and_stdout_write_nothing(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    dry = cli("new", "runbook", "CheckoutDown", "--dry-run", cwd=repo)
    assert dry.code == 0 and dry.out == "would create runbooks/checkout-down.md\n"
    printed = cli("new", "severity-matrix", "--stdout", cwd=repo)
    assert printed.out.startswith("# Severity matrix")
    pm = cli(*PM_ARGS, "--dry-run", cwd=repo)
    assert pm.out.startswith("would create docs/postmortems/INC-2026-04-15-001.md")
    assert (
        not (repo / "runbooks").exists()
        and not (repo / "docs").exists()
        and not (repo / "incident").exists()
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("CheckoutErrorRateHigh", "checkout-error-rate-high"),
        ("KubePodCrashLooping", "kube-pod-crash-looping"),
        ("HTTPErrorsHigh", "http-errors-high"),
        ("../../etc/passwd", "etc-passwd"),
        ("/absolute/path", "absolute-path"),
        ("Überlast ☃ alert", "uberlast-alert"),
        ("a" * 300, "a" * 100),
    ],
)
def test_names_from_users_are_slugged(name: str, expected: str) -> None:
    assert slug(name, "alert name") == expected


@pytest.mark.parametrize(
    ("name", "message"),
    [("bad\x00name", "contains a NUL byte"), ("☃☃", "has no letters or digits")],
)
def test_unusable_names_are_refused(name: str, message: str) -> None:
    from incidentctl.errors import UsageError

    with pytest.raises(UsageError, match=message):
        slug(name, "alert name")


def test_paths_in_the_policy_cannot_escape_the_workspace(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / ".incidentctl.yaml").write_text("paths:\n  postmortems: ../../outside\n")
    result = cli(*PM_ARGS, cwd=repo)
    assert result.code == 2
    assert "paths.postmortems '../../outside' is outside" in result.err
    assert not (repo.parent.parent / "outside").exists()


def test_a_hostile_alert_name_stays_inside_runbooks(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "rules" / "checkout.yaml").write_text(
        GOOD_RULES.replace("alert: CheckoutDown", 'alert: "../../../tmp/evil"')
    )
    result = cli("new", "runbook", "../../../tmp/evil", cwd=repo)
    assert result.code == 0, result.err
    assert result.out == "created  runbooks/tmp-evil.md\n"


# -- user templates -----------------------------------------------------------------


def test_a_team_template_overrides_the_built_in(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / ".incidentctl.yaml").write_text(
        "paths:\n  rules: [rules]\ntemplates_dir: team-templates\n"
    )
    (repo / "team-templates").mkdir()
    (repo / "team-templates" / "runbook.md.j2").write_text(
        "# {{ alert.name }} ({{ alert.team }})\nOur own format.\n"
    )
    result = cli("new", "runbook", "CheckoutDown", "--stdout", cwd=repo)
    assert result.out == "# CheckoutDown (payments)\nOur own format.\n"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "# {{ alert.name }}\n{{ nope }}\n",
            "team-templates/runbook.md.j2:2: template variable error: 'nope' is undefined",
        ),
        (
            "# ok\n\n{% if %}\n",
            "team-templates/runbook.md.j2:3: template syntax error: Expected an expression, got 'end of statement block'",
        ),
        (
            "{{ alert.__class__.__mro__ }}\n",
            "team-templates/runbook.md.j2:1: template blocked by the sandbox: access to attribute '__class__' of 'AlertFacts' object is unsafe.",
        ),
    ],
)
def test_errors_in_a_user_template_name_the_template_line_and_variable(
    cli, repo: Path, template: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    (repo / ".incidentctl.yaml").write_text(
        "paths:\n  rules: [rules]\ntemplates_dir: team-templates\n"
    )
    (repo / "team-templates").mkdir()
    (repo / "team-templates" / "runbook.md.j2").write_text(template)
    result = cli("new", "runbook", "CheckoutDown", cwd=repo)
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err
    assert not (repo / "runbooks").exists()


# -- deadlines ---------------------------------------------------------------------


def _due(
    all_clear: str, tz: str = "UTC", calendar: BusinessCalendar | None = None
) -> date:
    moment = datetime.fromisoformat(all_clear.replace("Z", "+00:00"))
    return deadlines(moment, tz, calendar or BusinessCalendar()).publish_due


@pytest.mark.parametrize(
    ("all_clear", "expected", "why"),
    [
        (
            "2026-12-04T16:00:00Z",
            date(2026, 12, 11),
            "Friday all-clear: the next Friday",
        ),
        (
            "2026-12-05T16:00:00Z",
            date(2026, 12, 11),
            "Saturday all-clear counts from Monday",
        ),
        ("2026-12-06T23:59:00Z", date(2026, 12, 11), "Sunday too"),
        (
            "2026-12-07T00:30:00Z",
            date(2026, 12, 14),
            "Monday: the all-clear day never counts",
        ),
    ],
)
def test_publish_due_business_days(all_clear: str, expected: date, why: str) -> None:
    assert _due(all_clear) == expected, why


def test_publish_due_skips_a_holiday_week() -> None:
    gb = BusinessCalendar(calendar_weekend("GB"), frozenset(), "GB")
    # Christmas Eve 2026 (Thu) in London: 25 Dec and 28 Dec (Boxing Day observed) and 1 Jan are holidays.
    assert _due("2026-12-24T10:00:00Z", "Europe/London", gb) == date(2027, 1, 5)
    listed = BusinessCalendar(
        holidays=frozenset({date(2026, 12, 7), date(2026, 12, 8)})
    )
    assert _due("2026-12-04T16:00:00Z", calendar=listed) == date(2026, 12, 15)


def test_publish_due_uses_the_local_date_not_the_utc_date() -> None:
    # 01:00 UTC on Monday 8 Dec 2025 is still Sunday 7 Dec in Los Angeles.
    assert _due("2025-12-08T01:00:00Z", "America/Los_Angeles") == date(2025, 12, 12)
    assert _due("2025-12-08T01:00:00Z", "UTC") == date(2025, 12, 15)


def test_weekends_follow_the_calendar() -> None:
    israel = BusinessCalendar(calendar_weekend("IL"), frozenset(), "IL")
    # Thu 2026-12-03: Fri/Sat are the weekend in Israel, Sunday is a working day.
    assert _due("2026-12-03T10:00:00Z", "Asia/Jerusalem", israel) == date(2026, 12, 10)


def test_draft_due_is_48_wall_clock_hours() -> None:
    moment = datetime(2026, 12, 4, 16, 0, tzinfo=timezone.utc)
    assert deadlines(moment, "UTC", BusinessCalendar()).draft_due == datetime(
        2026, 12, 6, 16, 0, tzinfo=timezone.utc
    )


def test_policy_time_zone_and_holidays_reach_the_document(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / ".incidentctl.yaml").write_text(
        "learn:\n  timezone: America/Los_Angeles\n  holidays: ['2025-12-10']\n"
    )
    result = cli(*PM_ARGS[:-8], "--resolved", "2025-12-08T01:00:00Z", cwd=repo)
    assert result.code == 0, result.err
    (path,) = (repo / "docs" / "postmortems").iterdir()
    matter = front_matter(path)
    assert (matter["publish_due"], matter["timezone"], matter["draft_due"]) == (
        "2025-12-15",
        "America/Los_Angeles",
        "2025-12-10T01:00:00Z",
    )


def test_a_severity_without_a_required_postmortem_gets_a_note(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli(
        "new",
        "postmortem",
        "--severity",
        "P3",
        "--resolved",
        "2026-12-04T10:00:00Z",
        cwd=repo,
    )
    assert result.code == 0
    assert "note: the policy does not require a postmortem for P3 (none)" in result.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--severity", "critical"),
            "--severity 'critical' is not one of P0, P1, P2, P3; did you mean P0 or P1?",
        ),
        (
            ("--resolved", "yesterday"),
            "--resolved 'yesterday' is not an ISO 8601 time (2026-12-04T14:03Z)",
        ),
        (
            ("--started", "2026-12-04T12:00Z", "--resolved", "2026-12-04T11:00Z"),
            "--resolved (2026-12-04T11:00:00Z) is before --started (2026-12-04T12:00:00Z)",
        ),
    ],
)
def test_bad_postmortem_arguments(
    cli, repo: Path, args: tuple[str, ...], message: str
) -> None:  # type: ignore[no-untyped-def]
    result = cli("new", "postmortem", *args, cwd=repo)
    assert result.code == 2
    assert result.err == f"incidentctl: error: {message}\n"


def test_front_matter_schema_is_valid_json_schema() -> None:
    schema = load_schema("postmortem.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    assert json.dumps(schema)
