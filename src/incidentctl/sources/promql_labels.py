"""Which labels an alert's expression can put on the alerts it fires.

``sum by (service) (...)`` keeps only ``service``; ``sum(...)`` keeps nothing;
``rate(x[5m])`` keeps whatever the series carry. The result is an
:class:`OutputLabels`: either a closed set (exactly these labels, at most) or an
open one (the input's labels, minus some). A label is *provably missing* when the
closed set lacks it or the open set excludes it; anything else may be present.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import promql_parser as pp

# Functions whose result carries no labels of their argument.
_NO_LABELS = frozenset(
    (
        "time",
        "vector",
        "scalar",
        "pi",
        "minute",
        "hour",
        "day_of_month",
        "day_of_week",
        "day_of_year",
        "days_in_month",
        "month",
        "year",
    )
)
# Aggregations that return input series unchanged (labels kept).
_KEEP_LABELS_AGGREGATIONS = frozenset(("topk", "bottomk", "limitk", "limit_ratio"))


@dataclass(frozen=True)
class OutputLabels:
    """Output labels: closed = only ``labels``; open = all but ``excluded``."""

    closed: bool
    labels: frozenset[str] = frozenset()
    excluded: frozenset[str] = frozenset()

    def provably_missing(self, name: str) -> bool:
        """True when no alert from this expression can carry label ``name``."""
        return name not in self.labels if self.closed else name in self.excluded

    def add(self, names: frozenset[str]) -> OutputLabels:
        """These labels are (possibly) present too."""
        if self.closed:
            return OutputLabels(True, self.labels | names)
        return OutputLabels(False, excluded=self.excluded - names)


OPEN = OutputLabels(False)
NONE = OutputLabels(True)


def output_labels(node: Any) -> OutputLabels:
    """Compute the labels ``node`` (a promql_parser tree) can output."""
    if isinstance(node, (pp.VectorSelector, pp.MatrixSelector)):
        return OPEN
    if isinstance(node, (pp.NumberLiteral, pp.StringLiteral)):
        return NONE
    if isinstance(node, (pp.ParenExpr, pp.SubqueryExpr, pp.UnaryExpr)):
        return output_labels(node.expr)
    if isinstance(node, pp.AggregateExpr):
        return _aggregate(node)
    if isinstance(node, pp.BinaryExpr):
        return _binary(node)
    if isinstance(node, pp.Call):
        return _call(node)
    return OPEN  # unknown node: assume nothing


def _aggregate(node: Any) -> OutputLabels:
    inner = output_labels(node.expr)
    name = str(node.op).lower()
    if name in _KEEP_LABELS_AGGREGATIONS:
        return inner
    modifier = node.modifier
    result = NONE
    if modifier is not None:
        names = frozenset(modifier.labels)
        if "without" in str(modifier.type).lower():
            result = (
                OutputLabels(True, inner.labels - names)
                if inner.closed
                else OutputLabels(False, excluded=inner.excluded | names)
            )
        else:
            possible = frozenset(n for n in names if not inner.provably_missing(n))
            result = OutputLabels(True, possible)
    if name == "count_values" and isinstance(node.param, pp.StringLiteral):
        result = result.add(frozenset((node.param.val,)))
    return result


def _binary(node: Any) -> OutputLabels:
    lhs, rhs = output_labels(node.lhs), output_labels(node.rhs)
    lhs_scalar = _is_scalar(node.lhs)
    rhs_scalar = _is_scalar(node.rhs)
    if lhs_scalar and not rhs_scalar:
        return rhs
    if rhs_scalar:
        return lhs
    if str(node.op).lower() == "or":
        return _union(lhs, rhs)
    modifier = node.modifier
    if modifier is None:
        return lhs
    card = str(modifier.card)
    included = frozenset(getattr(modifier, "group_labels", None) or ())
    if card.endswith("OneToMany"):  # group_right: the right side's labels
        return rhs.add(included)
    if card.endswith("ManyToOne"):  # group_left
        return lhs.add(included)
    return lhs


def _union(lhs: OutputLabels, rhs: OutputLabels) -> OutputLabels:
    if lhs.closed and rhs.closed:
        return OutputLabels(True, lhs.labels | rhs.labels)
    excluded = (lhs.excluded if not lhs.closed else frozenset()) & (
        rhs.excluded if not rhs.closed else frozenset()
    )
    return OutputLabels(False, excluded=excluded)


def _call(node: Any) -> OutputLabels:
    name = node.func.name
    args = list(node.args.args) if hasattr(node.args, "args") else list(node.args)
    if name in _NO_LABELS:
        return NONE
    if name in {"absent", "absent_over_time"}:
        return _absent_labels(args[0] if args else None)
    if name in ("label_replace", "label_join") and len(args) >= 2:
        base = output_labels(args[0])
        target = args[1]
        if isinstance(target, pp.StringLiteral):
            return base.add(frozenset((target.val,)))
        return base
    if name in {"sort_by_label", "sort_by_label_desc"}:
        return output_labels(args[0]) if args else OPEN
    for arg in args:
        if not _is_scalar(arg) and not isinstance(arg, pp.StringLiteral):
            return output_labels(arg)
    return NONE


def _absent_labels(arg: Any) -> OutputLabels:
    """absent() outputs the equality matchers of its selector, and nothing else."""
    if isinstance(arg, pp.MatrixSelector):
        arg = arg.vector_selector
    if not isinstance(arg, pp.VectorSelector):
        return NONE
    names = frozenset(
        m.name
        for m in arg.matchers.matchers
        if str(m.op).endswith("Equal") and m.name != "__name__"
    )
    return OutputLabels(True, names)


def _is_scalar(node: Any) -> bool:
    if isinstance(node, pp.NumberLiteral):
        return True
    if isinstance(node, (pp.ParenExpr, pp.UnaryExpr)):
        return _is_scalar(node.expr)
    if isinstance(node, pp.Call):
        return str(node.func.name) in ("scalar", "time", "pi")
    if isinstance(node, pp.BinaryExpr):
        return _is_scalar(node.lhs) and _is_scalar(node.rhs)
    return False
