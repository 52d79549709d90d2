"""Every rule's YAML case file (tests/rules/cases/ICxxx.yaml): pass, fail and with-options cases."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from incidentctl.findings import Finding
from incidentctl.lint.engine import Linter
from incidentctl.lint.registry import RULES
from incidentctl.policy import DEFAULT_POLICY, build_policy, merge_policy
from incidentctl.sources.backstage import load_catalog
from incidentctl.sources.prometheus import load_rule_file, load_rule_text

CASES = Path(__file__).parent / "rules" / "cases"
TODAY = date(2026, 12, 4)


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("IC*.yaml")):
        spec = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            params.append(
                pytest.param(spec["rule"], case, id=f"{spec['rule']}-{case['name']}")
            )
    return params


def test_every_rule_has_a_case_file_with_a_pass_and_a_fail_case() -> None:
    for rule in RULES:
        path = CASES / f"{rule.ID}.yaml"
        assert path.exists(), f"{rule.ID} has no case file {path}"
        spec = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
        expectations = [bool(case["expect"]) for case in spec["cases"]]
        assert True in expectations and False in expectations, (
            f"{rule.ID} needs pass and fail cases"
        )


@pytest.mark.parametrize(("rule_id", "case"), _cases())
def test_rule_case(rule_id: str, case: dict[str, Any], tmp_path: Path) -> None:
    user = dict(case.get("policy") or {})
    if "options" in case:
        user.setdefault("lint", {}).setdefault("rules", {})[rule_id] = {
            "options": case["options"]
        }
    policy = build_policy(merge_policy(DEFAULT_POLICY, user), None, Path.cwd())
    today = date.fromisoformat(case["today"]) if "today" in case else TODAY
    catalog = None
    if "catalog" in case:  # a catalog-info.yaml text, or {file name: text}
        files = (
            case["catalog"]
            if isinstance(case["catalog"], dict)
            else {"catalog-info.yaml": case["catalog"]}
        )
        for name, text in files.items():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name).write_text(text)
        first = next(iter(files))
        catalog = load_catalog([(str(tmp_path / first), first)])
    linter = Linter(
        policy, today, report_unused=bool(case.get("report_unused")), catalog=catalog
    )
    if "bytes" in case:  # raw bytes, written as YAML escapes: "\\xe9" is byte 0xe9
        path = tmp_path / "rules.yaml"
        path.write_bytes(case["bytes"].encode("latin-1"))
        file = load_rule_file(str(path), "rules.yaml", case.get("max_bytes", 1 << 20))
    else:
        file = load_rule_text(
            case.get("file", "groups: []\n"), case.get("path", "rules.yaml")
        )
    everything = linter.lint_file(file).findings + linter.lint_catalog()
    findings = sorted(
        (f for f in everything if f.rule_id == rule_id), key=Finding.sort_key
    )
    # Findings in the rule file are written "line:col message"; elsewhere "path:line:col".
    actual = [
        f"{'' if f.path == file.path else f.path + ':'}{f.line}:{f.column} {f.message}"
        for f in findings
    ]
    assert actual == case["expect"]
