"""The real-world corpus (shared/corpora): every file loads without a traceback, with the right counts.

Counts are checked against an independent reader (ruamel.yaml's pure-Python safe
loader, a different parser from the libyaml one incidentctl uses), counted the
way shared/corpora/README.md counts them. Verdicts are checked against the real
``promtool check rules``.
"""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from conftest import CORPORA, need, need_tool
from incidentctl.lint.engine import Linter, Run, lint_paths
from incidentctl.policy import load_policy
from incidentctl.sources.prometheus import load_rule_file

TODAY = date(2026, 12, 4)
# promtool 2.42 (Debian 12) predates Prometheus 3's quoted UTF-8 metric names.
PROMTOOL_TOO_OLD = {"FUSAKLA__promruval/examples/rules/rules.yaml"}


def _files() -> list[Path]:
    if not CORPORA.is_dir():
        return []
    return sorted(
        p
        for p in CORPORA.rglob("*")
        if p.is_file() and p.name not in ("MANIFEST.tsv", "README.md")
    )


def _independent_count(path: Path) -> tuple[int, int] | None:
    try:
        docs = list(
            YAML(typ="safe", pure=True).load_all(path.read_text(encoding="utf-8"))
        )
    except Exception:
        return None
    alerts = records = 0
    for doc in docs:
        for rule in _rules_of(doc):
            alerts += "alert" in rule
            records += "record" in rule
    return alerts, records


def _rules_of(doc: Any) -> list[dict[str, Any]]:
    if not isinstance(doc, dict):
        return []
    if doc.get("kind") == "List" and isinstance(doc.get("items"), list):
        return [rule for item in doc["items"] for rule in _rules_of(item)]
    if doc.get("kind") == "PrometheusRule":
        spec = doc.get("spec")
        groups = spec.get("groups") if isinstance(spec, dict) else None
    elif "kind" not in doc:
        groups = doc.get("groups")
    else:
        return []
    if not isinstance(groups, list):
        return []
    return [
        r
        for g in groups
        if isinstance(g, dict) and isinstance(g.get("rules"), list)
        for r in g["rules"]
        if isinstance(r, dict)
    ]


def test_corpus_is_present() -> None:
    need(CORPORA.is_dir(), f"corpora not found at {CORPORA} (set INCIDENTCTL_CORPORA)")
    assert len(_files()) > 400


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(CORPORA)))
def test_every_corpus_file_loads_with_the_independent_counts(path: Path) -> None:
    file = load_rule_file(str(path), str(path.relative_to(CORPORA)))
    expected = _independent_count(path)
    alerts = sum(1 for rule in file.rules if rule.is_alert)
    records = sum(1 for rule in file.rules if not rule.is_alert)
    if expected is None:
        assert any(p.rule_id in ("IC001", "IC004") for p in file.problems), (
            "unparseable file without IC001"
        )
        assert (alerts, records) == (0, 0)
    else:
        assert (alerts, records) == expected


def test_corpus_totals_match_the_manifest(corpora: Path) -> None:
    policy = load_policy(None, corpora)
    files = [(str(p), str(p.relative_to(corpora))) for p in _files()]
    result = lint_paths(files, Run(policy, TODAY))
    # shared/corpora/README.md: 1,932 alert rules and 400 recording rules.
    assert (result.alerts, result.records) == (1932, 400)
    assert result.files == len(files)
    parse_failures = {
        f.path
        for f in result.findings
        if (f.rule_id == "IC001" and "YAML syntax" in f.message)
        or "template" in f.message
    }
    assert "samber__awesome-prometheus-alerts/dist/template.yml" in parse_failures


def _promtool_verdict(promtool: str, path: Path) -> bool:
    done = subprocess.run(
        [promtool, "check", "rules", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode == 0


@pytest.mark.oracle
def test_promtool_agrees_on_every_rule_file(corpora: Path, tmp_path: Path) -> None:
    """Where promtool refuses a rule file, incidentctl reports IC001/IC002/IC110, and only there."""
    promtool = need_tool("promtool")
    linter = Linter(load_policy(None, corpora), TODAY)
    disagreements = []
    checked = 0
    for path in _files():
        relative = str(path.relative_to(corpora))
        file = load_rule_file(str(path), relative)
        if file.skipped or (not file.groups and not file.problems):
            continue
        ours = {f.rule_id for f in linter.lint_file(file).findings} & {
            "IC001",
            "IC002",
            "IC110",
        }
        target = path
        if any(group.origin != "rule file" for group in file.groups):
            target = _as_rule_file(
                path, tmp_path / f"{checked}.json"
            )  # promtool reads spec.groups of a PrometheusRule
            if target is None:
                continue
        checked += 1
        accepted = _promtool_verdict(promtool, target)
        if accepted == bool(ours) and relative not in PROMTOOL_TOO_OLD:
            disagreements.append((relative, accepted, sorted(ours)))
    assert checked > 200
    assert disagreements == []


def _as_rule_file(path: Path, target: Path) -> Path | None:
    docs = list(YAML(typ="safe", pure=True).load_all(path.read_text(encoding="utf-8")))
    groups = [
        g
        for doc in docs
        if isinstance(doc, dict) and doc.get("kind") == "PrometheusRule"
        for g in (doc.get("spec") or {}).get("groups") or []
    ]
    if len(docs) != 1 or not groups:
        return None
    target.write_text(
        json.dumps({"groups": groups}), encoding="utf-8"
    )  # JSON is YAML to promtool
    return target
