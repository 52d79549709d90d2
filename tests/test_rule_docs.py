"""The rule registry and its documentation: complete, well-formed, and the examples do not lie."""

from __future__ import annotations

import pkgutil
import re
from datetime import date
from pathlib import Path

import pytest

import incidentctl.lint.rules as rules_package
from incidentctl.findings import Finding, Severity
from incidentctl.lint import docs
from incidentctl.lint.engine import Linter
from incidentctl.lint.registry import RULES
from incidentctl.lint.rule import RuleModule, Target
from incidentctl.policy import DEFAULT_POLICY, Policy, build_policy, merge_policy
from incidentctl.sources.backstage import Catalog, load_catalog
from incidentctl.sources.prometheus import load_rule_text

ROOT = Path(__file__).resolve().parents[1]
_FENCE = re.compile(
    r"^(Bad|Good)\b[^\n]*:\n\n```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL
)


def test_every_rule_module_is_registered_once() -> None:
    modules = {name for _, name, _ in pkgutil.iter_modules(rules_package.__path__)}
    registered = [rule.__name__.rsplit(".", 1)[1] for rule in RULES]
    assert sorted(registered) == sorted(modules)
    assert len(set(registered)) == len(registered)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.ID)
def test_rule_module_shape(rule: RuleModule) -> None:
    module_name = rule.__name__.rsplit(".", 1)[1]
    assert re.fullmatch(r"IC\d{3}", rule.ID)
    assert module_name.startswith(rule.ID.lower() + "_"), (
        "module is named after its rule"
    )
    assert re.fullmatch(r"[a-z]+/[a-z0-9-]+", rule.NAME)
    assert isinstance(rule.TARGET, Target)
    assert isinstance(rule.DEFAULT_SEVERITY, Severity)
    assert rule.OPTIONS.get("type") == "object"
    doc = rule.__doc__ or ""
    for section in ("Why:", "Bad", "Good:", "Options"):
        assert section in doc, f"{rule.ID} docstring lacks {section}"


def test_ids_and_names_are_unique() -> None:
    assert len({rule.ID for rule in RULES}) == len(RULES)
    assert len({rule.NAME for rule in RULES}) == len(RULES)


def test_generated_docs_are_current() -> None:
    for name, text in docs.pages().items():
        path = ROOT / "docs" / "rules" / name
        assert path.exists(), (
            f"{path} missing: run python -m incidentctl.lint.docs docs/rules"
        )
        assert path.read_text(encoding="utf-8") == text, (
            f"{path} drifted: regenerate it"
        )


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.ID)
def test_docstring_examples_do_what_they_say(rule: RuleModule, tmp_path: Path) -> None:
    examples = {
        kind: (lang, body) for kind, lang, body in _FENCE.findall(rule.__doc__ or "")
    }
    assert set(examples) == {"Bad", "Good"}, (
        f"{rule.ID}: needs a Bad and a Good example"
    )
    user = getattr(rule, "DOC_POLICY", {})
    policy = build_policy(merge_policy(DEFAULT_POLICY, user), None, ROOT)
    good_lang, good = examples["Good"]
    bad_lang, bad = examples["Bad"]
    assert good_lang == "yaml"
    if rule.TARGET is Target.CATALOG:  # the examples are catalog files
        assert _catalog_findings(policy, good, tmp_path / "good") == []
        bad_ids = {f.rule_id for f in _catalog_findings(policy, bad, tmp_path / "bad")}
        assert rule.ID in bad_ids, f"{rule.ID}: the Bad example does not trigger it"
        return
    healthy = _catalog(HEALTHY_CATALOG, tmp_path / "healthy")
    linter = Linter(policy, date(2026, 12, 4), catalog=healthy)
    good_findings = linter.lint_file(load_rule_text(good, "good.yaml")).findings
    assert good_findings == [], f"{rule.ID}: the Good example is not clean"
    if bad_lang == "yaml":
        doc_catalog = getattr(rule, "DOC_CATALOG", None)
        if doc_catalog is not None:
            bad_catalog = _catalog(doc_catalog, tmp_path / "doc")
            linter = Linter(policy, date(2026, 12, 4), catalog=bad_catalog)
        bad_ids = {
            f.rule_id
            for f in linter.lint_file(load_rule_text(bad, "bad.yaml")).findings
        }
        assert rule.ID in bad_ids, f"{rule.ID}: the Bad example does not trigger it"


# The catalog the rule-file examples assume: checkout, owned by a pageable team.
HEALTHY_CATALOG = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: checkout}
spec: {type: service, lifecycle: production, owner: payments}
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: payments, annotations: {pagerduty.com/service-id: PBK0PAY}}
spec: {type: team, children: []}
"""


def _catalog(text: str, directory: Path) -> Catalog:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "catalog-info.yaml").write_text(text)
    return load_catalog([(str(directory / "catalog-info.yaml"), "catalog-info.yaml")])


def _catalog_findings(policy: Policy, text: str, directory: Path) -> list[Finding]:
    linter = Linter(policy, date(2026, 12, 4), catalog=_catalog(text, directory))
    return linter.lint_catalog()


def test_explain_prints_the_page(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("explain", "prometheus/runbook-url")
    assert result.code == 0
    assert result.out == docs.render_markdown(next(r for r in RULES if r.ID == "IC101"))
    assert cli("explain", "IC999").code == 2
