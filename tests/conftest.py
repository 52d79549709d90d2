"""Shared fixtures: the CLI in-process, the shared oracles and corpora, the real tools."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# One clean alert (every rule passes) and the same alert without its dashboard.
GOOD_RULES = """groups:
  - name: checkout
    rules:
      - alert: CheckoutDown
        expr: sum by (service, region) (up{service="checkout"}) == 0
        labels: {severity: P0, service: checkout, team: payments}
        annotations:
          summary: Checkout is down
          runbook_url: https://github.com/acme/p/blob/main/runbooks/checkout-down.md
          dashboard_url: https://grafana.acme.io/d/checkout
"""
BAD_RULES = GOOD_RULES.replace(
    "          dashboard_url: https://grafana.acme.io/d/checkout\n", ""
)
EXAMPLES = ROOT / "examples"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite golden files"
    )


def _shared(kind: str, variable: str) -> Path:
    configured = os.environ.get(variable)
    return Path(configured) if configured else ROOT.parent / "shared" / kind


ORACLES = _shared("oracles", "INCIDENTCTL_ORACLES")
CORPORA = _shared("corpora", "INCIDENTCTL_CORPORA")


def need(condition: bool, reason: str) -> None:
    """Skip when an oracle is absent; fail instead when CI requires every oracle."""
    if condition:
        return
    if os.environ.get("INCIDENTCTL_REQUIRE_ORACLES") == "1":
        pytest.fail(f"required oracle missing: {reason}")
    pytest.skip(reason)


def need_tool(name: str) -> str:
    """The path of a real tool (promtool, amtool, ...), or skip/fail."""
    path = shutil.which(name)
    need(
        path is not None,
        f"{name} is not installed (Debian package prometheus / prometheus-alertmanager)",
    )
    assert path is not None
    return path


@pytest.fixture
def oracles() -> Path:
    need(ORACLES.is_dir(), f"oracles not found at {ORACLES} (set INCIDENTCTL_ORACLES)")
    return ORACLES


@pytest.fixture
def corpora() -> Path:
    need(CORPORA.is_dir(), f"corpora not found at {CORPORA} (set INCIDENTCTL_CORPORA)")
    return CORPORA


@dataclass
class Run:
    """What one CLI invocation did."""

    code: int
    out: str
    err: str


@pytest.fixture
def cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Run]:
    """Run ``incidentctl ARGS`` in-process (the same path as the console script)."""
    from incidentctl.cli.main import _main

    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)

    def run(*args: str, cwd: Path | None = None) -> Run:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        code = _main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def golden(request: pytest.FixtureRequest, name: str, actual: str) -> None:
    """Compare ``actual`` with tests/golden/NAME (rewrite it with --update-golden)."""
    path = ROOT / "tests" / "golden" / name
    if request.config.getoption("--update-golden"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"golden file {path} is missing; run pytest --update-golden"
    assert actual == path.read_text(encoding="utf-8")
