"""Plan the severity matrix: the policy rendered for humans."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from incidentctl.policy import Policy, SeverityLevel
from incidentctl.scaffold import templates
from incidentctl.scaffold.plan import Document, policy_dir


def matrix_context(policy: Policy) -> dict[str, Any]:
    """What severity-matrix.md.j2 needs."""
    learn = policy.data["learn"]

    def postmortem_text(level: SeverityLevel) -> str:
        return {
            "required": f"required: draft {learn['draft_hours']} h, "
            f"publish {learn['publish_business_days']} business days",
            "optional": "optional",
            "none": "not required",
        }[level.postmortem]

    calendar = learn.get("calendar") or "weekends " + "/".join(learn["weekend"])
    if learn["holidays"]:
        calendar += f" and {len(learn['holidays'])} listed holidays"
    return {
        "policy_file": Path(policy.path).name
        if policy.path
        else "the built-in default policy",
        "severities": policy.severities,
        "default_receiver": policy.default_receiver,
        "inhibit_rules": policy.inhibit_rules,
        "postmortem_text": postmortem_text,
        "draft_hours": learn["draft_hours"],
        "business_days": learn["publish_business_days"],
        "calendar_text": calendar,
        "timezone": learn["timezone"],
    }


def plan_matrix(policy: Policy, env: Any, directory: Path | None = None) -> Document:
    """incident/severity-matrix.md."""
    target = directory or policy_dir(policy, "incident")
    text = templates.render(env, "severity-matrix.md.j2", matrix_context(policy))
    return Document(target / "severity-matrix.md", text)
