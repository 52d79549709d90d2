"""Prometheus alert and recording rules from rule files, PrometheusRule CRs and Lists.

Reads what ``promtool check rules`` reads (``groups:`` files, rulefmt) and what the
prometheus-operator reads (``kind: PrometheusRule``), in multi-document files and
Kubernetes ``List`` objects. Every structure problem Prometheus or the Kubernetes
API would refuse becomes a :class:`StructureProblem` with its position; the rest of
the file is still loaded, so one bad rule never hides the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from incidentctl import yamlio
from incidentctl.errors import SourceError
from incidentctl.sources.templated import find_template_marker

GROUP_KEYS = frozenset(("name", "interval", "query_offset", "limit", "labels", "rules"))
CR_GROUP_KEYS = GROUP_KEYS | {"partial_response_strategy"}
RULE_KEYS = frozenset(
    ("record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations")
)
_LABEL_NAME = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*\Z")
_METRIC_NAME = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*\Z")
Position = tuple[int, int]


@dataclass(frozen=True)
class StructureProblem:
    """A shape Prometheus or Kubernetes refuses (IC002), or a YAML problem (IC001).

    ``key`` and ``scope`` are set for unknown keys so that the rule's options can
    allow extensions (Thanos' ``partial_response_strategy``, Mimir's tenants).
    """

    rule_id: str
    line: int
    column: int
    message: str
    key: str | None = None
    scope: str | None = None


@dataclass(frozen=True)
class SkippedDocument:
    """A document that holds no rules: counted and reported, never silently dropped."""

    line: int
    kind: str


@dataclass(eq=False)
class RuleGroup:
    """One rule group, with where it came from."""

    name: str
    line: int
    column: int
    raw: yamlio.Map
    origin: str  # "rule file" or "PrometheusRule <namespace>/<name>"
    rules: list[Rule] = field(default_factory=list)


@dataclass(eq=False)
class Rule:
    """An alerting or recording rule with the positions of all it holds."""

    kind: str  # "alert" or "record"
    name: str
    expr: str | None
    labels: dict[str, str]
    annotations: dict[str, str]
    line: int
    column: int
    end_line: int
    raw: yamlio.Map
    group: RuleGroup
    for_: str | None = None
    keep_firing_for: str | None = None
    # label or annotation name -> the policy glob whose defaults supplied it
    defaulted: dict[str, str] = field(default_factory=dict)

    @property
    def is_alert(self) -> bool:
        """True for an alerting rule."""
        return self.kind == "alert"

    def key_pos(self, key: str) -> Position:
        """Where ``key`` of this rule starts (the rule's start when absent)."""
        return self.raw.key_pos(key)

    def value_pos(self, key: str) -> Position:
        """Where the value of ``key`` starts (the rule's start when absent)."""
        return self.raw.value_pos(key)

    def label_pos(self, section: str, name: str) -> Position:
        """Where label or annotation ``name`` starts, else where its section starts."""
        mapping = self.raw.get(section)
        if isinstance(mapping, yamlio.Map):
            return (
                mapping.key_pos(name) if name in mapping else self.raw.key_pos(section)
            )
        return (
            self.raw.key_pos(section)
            if section in self.raw
            else (self.line, self.column)
        )

    def label_value_pos(self, section: str, name: str) -> Position:
        """Where the value of label or annotation ``name`` starts."""
        mapping = self.raw.get(section)
        if isinstance(mapping, yamlio.Map) and name in mapping:
            return mapping.value_pos(name)
        return self.label_pos(section, name)


@dataclass(eq=False)
class RuleFile:
    """Everything read from one file: groups and rules, or why there are none."""

    path: str
    text: str = ""
    groups: list[RuleGroup] = field(default_factory=list)
    problems: list[StructureProblem] = field(default_factory=list)
    skipped: list[SkippedDocument] = field(default_factory=list)
    documents: int = 0

    @property
    def rules(self) -> list[Rule]:
        """All rules of all groups, in file order."""
        return [rule for group in self.groups for rule in group.rules]

    def problems_of(self, rule_id: str) -> list[StructureProblem]:
        """The loader's problems that lint rule ``rule_id`` reports."""
        return [problem for problem in self.problems if problem.rule_id == rule_id]


def load_rule_file(
    path: str, display: str | None = None, max_bytes: int = yamlio.DEFAULT_MAX_BYTES
) -> RuleFile:
    """Read and load one file; never raises for anything the file contains."""
    out = RuleFile(display or path)
    try:
        text = yamlio.read_text(path, max_bytes)
    except SourceError as exc:
        out.problems.append(
            StructureProblem("IC004", exc.line or 1, exc.column or 1, exc.message)
        )
        return out
    return load_rule_text(text, out.path)


def load_rule_text(text: str, path: str) -> RuleFile:
    """Load rules from ``text``, reporting ``path`` in positions."""
    out = RuleFile(path, text)
    try:
        composed = yamlio.compose(text)
    except yamlio.YamlSyntaxError as exc:
        if path.endswith(".json") and "\t" in text:
            # JSON allows tabs as whitespace where YAML does not; JSON strings cannot
            # hold a raw tab, so replacing them keeps every position.
            return load_rule_text(text.replace("\t", " "), path)
        out.problems.append(_syntax_problem(text, exc.line, exc.column, exc.message))
        return out
    marker = find_template_marker(text) if composed.problems else None
    if marker is not None:
        out.problems.append(_template_problem(marker))
        return out
    for problem in composed.problems:
        out.problems.append(
            StructureProblem("IC001", problem.line, problem.column, problem.message)
        )
    for document in composed.documents:
        out.documents += 1
        _load_document(document.root, document.line, document.column, out)
    return out


def _syntax_problem(
    text: str, line: int, column: int, message: str
) -> StructureProblem:
    marker = find_template_marker(text)
    if marker is not None:
        return _template_problem(marker)
    return StructureProblem("IC001", line, column, f"YAML syntax error: {message}")


def _template_problem(marker: tuple[int, int, str]) -> StructureProblem:
    line, column, engine = marker
    return StructureProblem(
        "IC001",
        line,
        column,
        f"unrendered {engine} template: render it first"
        + (" (helm template)" if engine == "Helm" else "")
        + " and lint the output",
    )


def _load_document(root: Any, line: int, column: int, out: RuleFile) -> None:
    if root is None or (isinstance(root, yamlio.Map) and not root):
        return  # empty, null, {} or comment-only: nothing to check
    if not isinstance(root, yamlio.Map):
        out.problems.append(
            StructureProblem(
                "IC002",
                line,
                column,
                f"expected a mapping with 'groups', got {_type_name(root)}",
            )
        )
        return
    kind = root.get("kind")
    if kind == "List" and "items" in root:
        _load_list(root, out)
    elif kind == "PrometheusRule":
        _load_prometheus_rule(root, out)
    elif kind is None and "groups" in root:
        _check_keys(root, frozenset(("groups",)), "file", out)
        _load_groups(root, "groups", "rule file", GROUP_KEYS, out)
    else:
        out.skipped.append(SkippedDocument(root.line, _describe_kind(root)))


def _load_list(root: yamlio.Map, out: RuleFile) -> None:
    items = root["items"]
    if items is None:
        return
    if not isinstance(items, yamlio.Seq):
        line, column = root.value_pos("items")
        out.problems.append(
            StructureProblem("IC002", line, column, "List 'items' must be a list")
        )
        return
    for item, (line, column) in zip(items, items.pos, strict=True):
        _load_document(item, line, column, out)


def _load_prometheus_rule(root: yamlio.Map, out: RuleFile) -> None:
    api_version = root.get("apiVersion")
    if not isinstance(api_version, str) or not api_version.startswith(
        "monitoring.coreos.com/"
    ):
        line, column = root.key_pos("apiVersion")
        out.problems.append(
            StructureProblem(
                "IC002",
                line,
                column,
                "PrometheusRule apiVersion must be monitoring.coreos.com/v1, "
                f"got {api_version!r}",
            )
        )
    metadata = root.get("metadata")
    name = metadata.get("name") if isinstance(metadata, yamlio.Map) else None
    namespace = metadata.get("namespace") if isinstance(metadata, yamlio.Map) else None
    origin = f"PrometheusRule {namespace + '/' if namespace else ''}{name or '?'}"
    spec = root.get("spec")
    if spec is None:
        line, column = root.key_pos("spec")
        out.problems.append(
            StructureProblem("IC002", line, column, "PrometheusRule has no spec")
        )
        return
    if not isinstance(spec, yamlio.Map):
        line, column = root.value_pos("spec")
        out.problems.append(
            StructureProblem(
                "IC002", line, column, f"spec must be a mapping, got {_type_name(spec)}"
            )
        )
        return
    _load_groups(spec, "groups", origin, CR_GROUP_KEYS, out, kubernetes=True)


def _load_groups(
    parent: yamlio.Map,
    key: str,
    origin: str,
    group_keys: frozenset[str],
    out: RuleFile,
    kubernetes: bool = False,
) -> None:
    groups = parent.get(key)
    if groups is None:
        return
    if not isinstance(groups, yamlio.Seq):
        line, column = parent.value_pos(key)
        out.problems.append(
            StructureProblem(
                "IC002",
                line,
                column,
                f"'groups' must be a list, got {_type_name(groups)}",
            )
        )
        return
    seen: dict[str, int] = {}
    for item, (line, column) in zip(groups, groups.pos, strict=True):
        if not isinstance(item, yamlio.Map):
            out.problems.append(
                StructureProblem(
                    "IC002",
                    line,
                    column,
                    f"a group must be a mapping, got {_type_name(item)}",
                )
            )
            continue
        group = _load_group(item, origin, group_keys, out, kubernetes)
        if group is None:
            continue
        if group.name in seen:
            out.problems.append(
                StructureProblem(
                    "IC002",
                    *item.value_pos("name"),
                    f'group name "{group.name}" is repeated '
                    f"(first at line {seen[group.name]})",
                )
            )
        else:
            seen[group.name] = group.line
        out.groups.append(group)


def _load_group(
    item: yamlio.Map,
    origin: str,
    group_keys: frozenset[str],
    out: RuleFile,
    kubernetes: bool,
) -> RuleGroup | None:
    _check_keys(item, group_keys, "group", out)
    name = item.get("name")
    if not isinstance(name, str) or not name:
        line, column = item.key_pos("name") if "name" in item else (item.line, item.col)
        out.problems.append(
            StructureProblem("IC002", line, column, "group name must not be empty")
        )
        name = "" if not isinstance(name, str) else name
    for key in ("interval", "query_offset"):
        _check_duration(item, key, out)
    group = RuleGroup(name, item.line, item.col, item, origin)
    rules = item.get("rules")
    if rules is None:
        return group
    if not isinstance(rules, yamlio.Seq):
        out.problems.append(
            StructureProblem(
                "IC002",
                *item.value_pos("rules"),
                f"'rules' must be a list, got {_type_name(rules)}",
            )
        )
        return group
    ends = [pos[0] - 1 for pos in rules.pos[1:]]
    if rules:
        ends.append(_last_line(rules[-1]))
    for raw, (line, column), end in zip(rules, rules.pos, ends, strict=True):
        rule = _load_rule(raw, line, column, end, group, out, kubernetes)
        if rule is not None:
            group.rules.append(rule)
    return group


def _load_rule(
    raw: Any,
    line: int,
    column: int,
    end: int,
    group: RuleGroup,
    out: RuleFile,
    kubernetes: bool,
) -> Rule | None:
    if not isinstance(raw, yamlio.Map):
        out.problems.append(
            StructureProblem(
                "IC002",
                line,
                column,
                f"a rule must be a mapping, got {_type_name(raw)}",
            )
        )
        return None
    _check_keys(raw, RULE_KEYS, "rule", out)
    alert, record = raw.get("alert"), raw.get("record")
    if (alert is None) == (record is None):
        message = "a rule needs exactly one of 'alert' and 'record'"
        out.problems.append(
            StructureProblem(
                "IC002",
                line,
                column,
                message + (", not both" if alert is not None else ""),
            )
        )
        if alert is None:
            return None
    kind = "alert" if alert is not None else "record"
    name = _scalar_text(raw, kind, out)
    if kind == "record" and not _METRIC_NAME.match(name):
        out.problems.append(
            StructureProblem(
                "IC002",
                *raw.value_pos("record"),
                f'invalid recording rule name "{name}"',
            )
        )
    if kind == "record":
        for key in ("annotations", "for", "keep_firing_for"):
            if key in raw:
                out.problems.append(
                    StructureProblem(
                        "IC002",
                        *raw.key_pos(key),
                        f"'{key}' is not allowed in a recording rule",
                    )
                )
    expr = raw.get("expr")
    if isinstance(expr, (yamlio.Map, yamlio.Seq)):
        out.problems.append(
            StructureProblem(
                "IC002",
                *raw.value_pos("expr"),
                f"'expr' must be a string, got {_type_name(expr)}",
            )
        )
        expr = None
    elif expr is None or expr == "":
        out.problems.append(
            StructureProblem(
                "IC002", *raw.key_pos("expr"), f"{kind} \"{name}\" has no 'expr'"
            )
        )
        expr = None
    for key in ("for", "keep_firing_for"):
        _check_duration(raw, key, out)
    return Rule(
        kind=kind,
        name=name,
        expr=str(expr) if expr is not None else None,
        labels=_string_map(raw, "labels", out, kubernetes, names_are_labels=True),
        annotations=_string_map(
            raw, "annotations", out, kubernetes, names_are_labels=False
        ),
        line=line,
        column=column,
        end_line=max(end, line),
        raw=raw,
        group=group,
        for_=_optional_text(raw.get("for")),
        keep_firing_for=_optional_text(raw.get("keep_firing_for")),
    )


def _scalar_text(raw: yamlio.Map, key: str, out: RuleFile) -> str:
    value = raw.get(key)
    if isinstance(value, (yamlio.Map, yamlio.Seq)):
        out.problems.append(
            StructureProblem(
                "IC002",
                *raw.value_pos(key),
                f"'{key}' must be a string, got {_type_name(value)}",
            )
        )
        return ""
    if value is None or value == "":
        out.problems.append(
            StructureProblem("IC002", *raw.key_pos(key), f"'{key}' must not be empty")
        )
        return ""
    return str(value)


def _optional_text(value: Any) -> str | None:
    return (
        None
        if value is None or isinstance(value, (yamlio.Map, yamlio.Seq))
        else str(value)
    )


def _check_duration(raw: yamlio.Map, key: str, out: RuleFile) -> None:
    value = raw.get(key)
    if value is not None and isinstance(value, (yamlio.Map, yamlio.Seq)):
        out.problems.append(
            StructureProblem(
                "IC002",
                *raw.value_pos(key),
                f"'{key}' must be a duration, got {_type_name(value)}",
            )
        )


def _string_map(
    raw: yamlio.Map, key: str, out: RuleFile, kubernetes: bool, names_are_labels: bool
) -> dict[str, str]:
    mapping = raw.get(key)
    if mapping is None:
        return {}
    if not isinstance(mapping, yamlio.Map):
        out.problems.append(
            StructureProblem(
                "IC002",
                *raw.value_pos(key),
                f"'{key}' must be a mapping, got {_type_name(mapping)}",
            )
        )
        return {}
    result: dict[str, str] = {}
    what = "label" if names_are_labels else "annotation"
    for name, value in mapping.items():
        name_text = str(name)
        if not _LABEL_NAME.match(name_text):
            out.problems.append(
                StructureProblem(
                    "IC002",
                    *mapping.key_pos(name),
                    f'invalid {what} name "{name_text}"',
                )
            )
        if isinstance(value, (yamlio.Map, yamlio.Seq)):
            out.problems.append(
                StructureProblem(
                    "IC002",
                    *mapping.value_pos(name),
                    f'{what} "{name_text}" must be a string, got {_type_name(value)}',
                )
            )
            continue
        if kubernetes and type(value) is yamlio.Plain:
            out.problems.append(
                StructureProblem(
                    "IC002",
                    *mapping.value_pos(name),
                    f'{what} "{name_text}" value {value} is not a string '
                    "in Kubernetes YAML; quote it",
                )
            )
        result[name_text] = "" if value is None else str(value)
    return result


def _check_keys(
    raw: yamlio.Map, allowed: frozenset[str], scope: str, out: RuleFile
) -> None:
    for key in raw:
        if key not in allowed:
            line, column = raw.key_pos(key)
            out.problems.append(
                StructureProblem(
                    "IC002",
                    line,
                    column,
                    f'unknown {scope} key "{key}"',
                    key=str(key),
                    scope=scope,
                )
            )


def _last_line(value: Any) -> int:
    """The last line a value's keys or items start on (block scalars run past)."""
    line = getattr(value, "line", 0)
    while isinstance(value, (yamlio.Map, yamlio.Seq)) and value:
        if isinstance(value, yamlio.Map):
            key = next(reversed(value))
            line = max(line, value.vpos[key][0])
            value = value[key]
        else:
            line = max(line, value.pos[-1][0])
            value = value[-1]
    return line


def _describe_kind(root: yamlio.Map) -> str:
    kind = root.get("kind")
    api_version = root.get("apiVersion")
    if isinstance(api_version, str) and "backstage.io" in api_version:
        return f"Backstage {kind or 'entity'}"
    if isinstance(kind, str):
        return kind
    if "route" in root or "receivers" in root:
        return "Alertmanager config"
    if "rule_files" in root and "tests" in root:
        return "promtool rule tests"
    if "scrape_configs" in root or "global" in root:
        return "Prometheus config"
    return "unknown document"


def _type_name(value: Any) -> str:
    if isinstance(value, yamlio.Map):
        return "a mapping"
    if isinstance(value, yamlio.Seq):
        return "a list"
    if value is None:
        return "null"
    return f'"{value}"'
