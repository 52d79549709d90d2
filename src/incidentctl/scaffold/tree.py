"""Plan ``incidentctl init``: the incident/ tree and the policy for a repository."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from incidentctl.policy import Policy
from incidentctl.scaffold import templates
from incidentctl.scaffold.matrix import plan_matrix
from incidentctl.scaffold.plan import Document

PLACEHOLDER = "…"


def plan_tree(policy: Policy, root: Path, env: Any) -> list[Document]:
    """Every file ``init`` creates, in the order they are reported."""
    incident = root / policy.data["paths"]["incident"]
    common = {
        "policy_file": ".incidentctl.yaml",
        "runbooks_dir": policy.data["paths"]["runbooks"],
    }
    return [
        Document(
            root / ".incidentctl.yaml",
            templates.render(env, "policy.yaml.j2", _policy_context(policy)),
        ),
        Document(
            incident / "README.md",
            templates.render(env, "incident-readme.md.j2", common),
        ),
        plan_matrix(policy, env, incident),
        Document(
            incident / "postmortem-template.md",
            templates.render(env, "postmortem.md.j2", _postmortem_blank(policy)),
        ),
        Document(
            incident / "oncall-handoff-template.md",
            templates.render(env, "handoff.md.j2", _handoff_blank()),
        ),
        Document(
            incident / "sample-prometheusrule.yaml",
            templates.render(
                env,
                "sample-prometheusrule.yaml.j2",
                {
                    **common,
                    "required_labels": policy.required_labels,
                    "required_annotations": policy.required_annotations,
                    "top_severity": policy.severity_names[0],
                },
            ),
        ),
    ]


def _policy_context(policy: Policy) -> dict[str, Any]:
    return {
        "severities": policy.severities,
        "default_receiver": policy.default_receiver,
        "receivers": policy.receivers,
        "inhibit_rules": policy.inhibit_rules,
        "required_labels": policy.required_labels,
        "required_annotations": policy.required_annotations,
        "url_annotations": policy.url_annotations,
    }


def _postmortem_blank(policy: Policy) -> dict[str, Any]:
    from incidentctl.yamlio import dump_documents

    matter = {
        "id": "INC-YYYY-MM-DD-NNN",
        "title": "<one line: what happened>",
        "severity": "|".join(policy.severity_names),
        "status": "draft",
        "services": ["<service>"],
        "ic": "<incident commander>",
        "author": "<author>",
        "started_at": "<YYYY-MM-DDTHH:MM:SSZ>",
        "detected_at": "<YYYY-MM-DDTHH:MM:SSZ>",
        "mitigated_at": "<YYYY-MM-DDTHH:MM:SSZ>",
        "resolved_at": "<all-clear, YYYY-MM-DDTHH:MM:SSZ>",
        "draft_due": "<all-clear + 48 h>",
        "publish_due": "<5 business days after the all-clear>",
        "timezone": policy.data["learn"]["timezone"],
    }
    return {
        **matter,
        "front_matter": dump_documents([matter]),
        "draft_due_text": "48 hours after the all-clear",
        "publish_due_text": "5 business days after the all-clear "
        "(incidentctl new postmortem fills both in)",
        "postmortem_note": "",
        "started_at": None,
        "detected_at": None,
        "mitigated_at": None,
        "resolved_at": None,
        "services": [],
        "ic": "",
        "author": "",
    }


def _handoff_blank() -> dict[str, Any]:
    return {
        "week_start": "<Monday before>",
        "week_end": "<Monday>",
        "recent_postmortems": [],
        "open_postmortems": [],
        "changed_runbooks": [],
        "changed_alerts": [],
    }
