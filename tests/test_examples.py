"""The shipped examples: the bookstore platform lints clean, the broken tree fails exactly as documented."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import EXAMPLES, golden, need_tool
from incidentctl import __version__

BOOKSTORE = EXAMPLES / "bookstore-platform"


def test_bookstore_platform_is_lint_clean(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("lint", "--format", "json", cwd=BOOKSTORE)
    summary = json.loads(result.out)["summary"]
    assert result.code == 0, result.out
    assert summary["findings"] == 0
    assert (summary["files"], summary["alerts"], summary["records"]) == (4, 9, 2)


def test_every_runbook_url_points_at_a_shipped_runbook() -> None:
    prefix = "https://github.com/acme-books/bookstore-platform/blob/main/"
    for path in sorted((BOOKSTORE / "rules").glob("*.yaml")):
        for url in _annotation_values(path, "runbook_url"):
            assert url.startswith(prefix)
            assert (BOOKSTORE / url[len(prefix) :]).is_file(), url


def _annotation_values(path: Path, name: str) -> list[str]:
    doc = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    groups = doc["spec"]["groups"] if "spec" in doc else doc["groups"]
    return [
        rule["annotations"][name]
        for group in groups
        for rule in group["rules"]
        if "alert" in rule
    ]


def test_promtool_accepts_the_bookstore_rules(tmp_path: Path) -> None:
    promtool = need_tool("promtool")
    for path in sorted((BOOKSTORE / "rules").glob("*.yaml")):
        doc = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
        target = tmp_path / (path.stem + ".json")
        target.write_text(
            json.dumps(
                {"groups": doc["spec"]["groups"] if "spec" in doc else doc["groups"]}
            )
        )
        done = subprocess.run(
            [promtool, "check", "rules", str(target)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_broken_examples_match_the_golden_output(
    cli, request: pytest.FixtureRequest
) -> None:  # type: ignore[no-untyped-def]
    result = cli("lint", "broken", "--today", "2026-12-04", cwd=EXAMPLES)
    assert result.code == 1
    golden(request, "broken.txt", result.out)


def test_broken_examples_cover_every_documented_rule(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("lint", "broken", "--today", "2026-12-04", "-f", "json", cwd=EXAMPLES)
    found = set(json.loads(result.out)["summary"]["findings_by_rule"])
    assert {
        "IC001",
        "IC002",
        "IC003",
        "IC101",
        "IC102",
        "IC103",
        "IC105",
        "IC106",
        "IC107",
        "IC109",
        "IC110",
        "IC111",
    } <= found


def test_broken_examples_json_matches_the_golden_output(
    cli, request: pytest.FixtureRequest
) -> None:  # type: ignore[no-untyped-def]
    result = cli("lint", "broken", "--today", "2026-12-04", "-f", "json", cwd=EXAMPLES)
    golden(
        request,
        "broken.json",
        result.out.replace(f'"version": "{__version__}"', '"version": "X"'),
    )


def test_the_readme_quickstart_lint_passes_from_the_repository_root(cli) -> None:  # type: ignore[no-untyped-def]
    readme = (EXAMPLES.parent / "README.md").read_text()
    assert (
        "python -m pip install . && incidentctl lint examples/bookstore-platform"
        in readme
    )
    result = cli("lint", "examples/bookstore-platform", cwd=EXAMPLES.parent)
    assert result.code == 0, result.out
