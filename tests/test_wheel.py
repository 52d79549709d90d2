"""The built wheel carries its data files: install it in a fresh venv and run it elsewhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT


@pytest.mark.slow
def test_wheel_installs_and_runs_from_another_directory(tmp_path: Path) -> None:
    pytest.importorskip("build")
    dist = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    (wheel,) = dist.glob("incidentctl-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr[-2000:]
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    clean_env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "VIRTUAL_ENV")
    }
    clean_env["NO_COLOR"] = "1"
    tool = str(env_dir / "bin" / "incidentctl")
    lint = subprocess.run(
        [tool, "lint", "-f", "json", str(EXAMPLES / "bookstore-platform")],
        cwd=workdir,
        capture_output=True,
        text=True,
        env=clean_env,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    summary = json.loads(lint.stdout)["summary"]
    assert (summary["alerts"], summary["findings"]) == (9, 0)
    # The policy schema ships in the wheel: an invalid policy is refused by it.
    (workdir / ".incidentctl.yaml").write_text(
        "severities:\n  P0: {repeat_interval: soon}\n"
    )
    (workdir / "rules.yaml").write_text("groups: []\n")
    bad = subprocess.run(
        [tool, "lint", "rules.yaml"],
        cwd=workdir,
        capture_output=True,
        text=True,
        env=clean_env,
        check=False,
    )
    assert bad.returncode == 2
    assert "is not a duration" in bad.stderr
    imported = subprocess.run(
        [
            str(python),
            "-c",
            "import incidentctl.resources as r; print(r.data_dir('schemas'))",
        ],
        cwd=workdir,
        capture_output=True,
        text=True,
        env=clean_env,
        check=False,
    )
    assert str(env_dir) in imported.stdout, "schemas must come from the installed wheel"
