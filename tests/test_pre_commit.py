"""The shipped pre-commit hooks, exercised the way other repositories use them (try-repo)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BAD_RULES, GOOD_RULES, ROOT

GOOD = GOOD_RULES
BAD = BAD_RULES


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def _try_repo(repo: Path, hook: str, *files: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-cache"),
        "NO_COLOR": "1",
    }
    command = ["pre-commit", "try-repo", str(ROOT), hook, "--verbose"]
    command += ["--files", *files] if files else ["--all-files"]
    return subprocess.run(
        command, cwd=repo, capture_output=True, text=True, env=env, check=False
    )


@pytest.fixture(scope="module")
def user_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("pre-commit") is None or shutil.which("git") is None:
        pytest.skip("pre-commit and git are needed (pip install -e '.[test]')")
    if not (ROOT / ".git").exists():
        pytest.skip("try-repo needs incidentctl as a git repository")
    repo = tmp_path_factory.mktemp("user") / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "test@example.invalid")
    _git(repo, "config", "user.name", "test")
    (repo / "rules").mkdir()
    (repo / "rules" / "good.yaml").write_text(GOOD)
    (repo / "rules" / "bad.yaml").write_text(BAD)
    (repo / ".incidentctl.yaml").write_text(
        "routing:\n  output: incident/routing.yaml\n"
    )
    _git(repo, "add", "-A")
    return repo


@pytest.mark.slow
def test_lint_hook_fails_on_a_violation_and_passes_on_a_clean_file(
    user_repo: Path,
) -> None:
    failing = _try_repo(user_repo, "incidentctl-lint", "rules/bad.yaml")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert (
        'rules/bad.yaml:7:9  IC102  error    alert "CheckoutDown" has no dashboard_url annotation'
        in failing.stdout
    )
    passing = _try_repo(user_repo, "incidentctl-lint", "rules/good.yaml")
    assert passing.returncode == 0, passing.stdout + passing.stderr


@pytest.mark.slow
def test_generate_check_hook_fails_until_the_routing_is_generated(
    user_repo: Path,
) -> None:
    missing = _try_repo(user_repo, "incidentctl-generate-check")
    assert missing.returncode == 1, missing.stdout + missing.stderr
    assert "incident/routing.yaml is missing" in missing.stdout
    generated = subprocess.run(
        ["incidentctl", "generate", "alertmanager"],
        cwd=user_repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert generated.returncode == 0, generated.stderr
    _git(user_repo, "add", "-A")
    current = _try_repo(user_repo, "incidentctl-generate-check")
    assert current.returncode == 0, current.stdout + current.stderr
