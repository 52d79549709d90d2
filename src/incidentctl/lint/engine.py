"""The lint engine: run the configured rules over loaded files, apply suppressions.

Pure over its inputs: files are loaded by :func:`lint_paths` (the only place that
reads) and findings are returned, never printed.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from incidentctl.errors import ConfigError
from incidentctl.findings import Finding, Severity, Violation
from incidentctl.lint import suppressions
from incidentctl.lint.defaults import apply_defaults
from incidentctl.lint.registry import RULES, rule_lookup
from incidentctl.lint.rule import Options, RuleModule, Target, option_defaults
from incidentctl.policy import Policy
from incidentctl.sources.discover import display_path
from incidentctl.sources.prometheus import RuleFile, load_rule_file

# Below this many files a process pool costs more than it saves.
PARALLEL_MIN_FILES = 48


@dataclass(frozen=True)
class ConfiguredRule:
    """A rule with the severity and options the policy gave it."""

    module: RuleModule
    severity: Severity
    options: Options


@dataclass
class FileReport:
    """Findings and counts of one file (what a worker process sends back)."""

    path: str
    findings: list[Finding]
    groups: int = 0
    alerts: int = 0
    records: int = 0
    suppressed: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class LintResult:
    """Everything ``incidentctl lint`` reports."""

    findings: list[Finding]
    files: int = 0
    groups: int = 0
    alerts: int = 0
    records: int = 0
    suppressed: int = 0
    skipped: list[tuple[str, int, str]] = field(default_factory=list)

    def by_rule(self) -> dict[str, int]:
        """How many findings each rule produced, by rule id."""
        return dict(sorted(Counter(f.rule_id for f in self.findings).items()))

    def count(self, severity: Severity) -> int:
        """How many findings have ``severity``."""
        return sum(1 for finding in self.findings if finding.severity is severity)

    def failed(self, fail_on: Severity) -> bool:
        """True when a finding is at least as severe as ``fail_on``."""
        return any(finding.severity.rank >= fail_on.rank for finding in self.findings)


def configure(policy: Policy, today: date, catalog: Any = None) -> list[ConfiguredRule]:
    """Apply the policy's ``lint.rules`` settings to the registry."""
    known = rule_lookup()
    for key in policy.rule_settings:
        if key not in known:
            raise ConfigError(
                f"lint.rules.{key}: no such rule (see `incidentctl rules`)",
                policy.display_path(),
            )
    configured = []
    for rule in RULES:
        setting = policy.rule_settings.get(rule.ID)
        if setting is not None and not setting.enabled:
            continue
        user_options = dict(setting.options) if setting else {}
        if user_options:
            _validate_options(rule, user_options, policy)
        severity = (
            setting.severity if setting and setting.severity else rule.DEFAULT_SEVERITY
        )
        values = {**option_defaults(rule), **user_options}
        configured.append(
            ConfiguredRule(rule, severity, Options(policy, values, today, catalog))
        )
    return configured


def _validate_options(
    rule: RuleModule, options: dict[str, Any], policy: Policy
) -> None:
    import jsonschema

    try:
        jsonschema.validate(options, rule.OPTIONS)
    except jsonschema.ValidationError as exc:
        where = ".".join(str(part) for part in exc.absolute_path)
        raise ConfigError(
            f"lint.rules.{rule.ID}.options{'.' + where if where else ''}: "
            f"{exc.message}",
            policy.display_path(),
        ) from None


class Linter:
    """Runs configured rules over files; one per process."""

    def __init__(
        self,
        policy: Policy,
        today: date,
        report_unused: bool = False,
        catalog: Any = None,
    ) -> None:
        self.policy = policy
        self.today = today
        self.report_unused = report_unused
        self.catalog = catalog
        self.rules = configure(policy, today, catalog)
        self.by_target: dict[Target, list[ConfiguredRule]] = {
            target: [] for target in Target
        }
        for rule in self.rules:
            self.by_target[rule.module.TARGET].append(rule)

    def lint_file(self, file: RuleFile, real_path: str | None = None) -> FileReport:
        """Lint one loaded file (``real_path`` locates it for the policy's defaults)."""
        apply_defaults(
            file, real_path or file.path, self.policy.root, self.policy.data["defaults"]
        )
        raw: list[Finding] = []
        for rule in self.by_target[Target.FILE]:
            raw.extend(self._run(rule, file, file.path))
        for group in file.groups:
            for rule in self.by_target[Target.GROUP]:
                raw.extend(self._run(rule, group, file.path))
        alerts = records = 0
        rule_checks = self.by_target[Target.RULE]
        alert_checks = self.by_target[Target.ALERT]
        for item in file.rules:
            for rule in rule_checks:
                raw.extend(self._run(rule, item, file.path))
            if item.is_alert:
                alerts += 1
                for rule in alert_checks:
                    raw.extend(self._run(rule, item, file.path))
            else:
                records += 1
        findings, suppressed = self._suppress(file, raw)
        return FileReport(
            file.path,
            findings,
            groups=len(file.groups),
            alerts=alerts,
            records=records,
            suppressed=suppressed,
            skipped=[(doc.line, doc.kind) for doc in file.skipped],
        )

    def lint_catalog(self) -> list[Finding]:
        """The catalog rules (IC2xx), and the catalog files' YAML and read errors."""
        if self.catalog is None:
            return []
        findings = []
        by_id = {rule.module.ID: rule for rule in self.rules}
        for problem in self.catalog.problems:
            rule = by_id.get(problem.rule_id)
            if rule is not None and rule.module.TARGET is not Target.CATALOG:
                violation = Violation(problem.message, problem.line, problem.column)
                findings.append(
                    _finding(
                        rule.module,
                        rule.severity,
                        problem.path,
                        violation,
                        "",
                        self.policy.root,
                    )
                )
        for rule in self.by_target[Target.CATALOG]:
            findings.extend(self._run(rule, self.catalog, ""))
        return findings

    def _run(self, rule: ConfiguredRule, target: Any, path: str) -> Iterable[Finding]:
        module = rule.module
        identity: str | None = None  # computed only when there is something to report
        for violation in module.check(target, rule.options):
            if identity is None:
                identity = _identity(target)
            yield _finding(
                module, rule.severity, path, violation, identity, self.policy.root
            )

    def _suppress(
        self, file: RuleFile, raw: list[Finding]
    ) -> tuple[list[Finding], int]:
        if "incidentctl" not in file.text:
            return raw, 0
        parsed = suppressions.parse(file, rule_lookup())
        kept: list[Finding] = []
        suppressed = 0
        for finding in raw:
            match = next(
                (s for s in parsed.items if s.covers(finding.rule_id, finding.line)),
                None,
            )
            if match is None:
                kept.append(finding)
            elif match.expired(self.today):
                match.used.add(finding.rule_id)
                kept.append(
                    _with_message(
                        finding, f"{finding.message} (snooze expired {match.until})"
                    )
                )
            else:
                match.used.add(finding.rule_id)
                suppressed += 1
        if self.report_unused:
            kept.extend(self._unused(file, parsed.items))
        return kept, suppressed

    def _unused(
        self, file: RuleFile, items: list[suppressions.Suppression]
    ) -> list[Finding]:
        ic003 = next((rule for rule in self.rules if rule.module.ID == "IC003"), None)
        if ic003 is None:
            return []
        return [
            _finding(
                ic003.module,
                Severity.WARNING,
                file.path,
                Violation(
                    f"unused suppression: {rule_id} reports nothing here",
                    item.line,
                    item.column,
                ),
                "",
                self.policy.root,
            )
            for item, rule_id in suppressions.unused(items, self.today)
        ]


@lru_cache(maxsize=4096)
def _rooted(path: str, root: Any) -> str:
    """``path`` relative to the policy's directory (cached: once per file)."""
    return display_path(path, root)


def _identity(target: Any) -> str:
    """What a finding is about, independent of line numbers (for fingerprints)."""
    group = getattr(target, "group", None)
    if group is not None:  # a rule
        labels = ",".join(f"{k}={v}" for k, v in sorted(target.labels.items()))
        return f"{target.kind}:{group.name}:{target.name}:{labels}"
    if hasattr(target, "rules") and hasattr(target, "origin"):  # a group
        return f"group:{target.name}"
    return ""


_LINE_NUMBERS = re.compile(r"\bline \d+")


def fingerprint(rule_id: str, path: str, identity: str, message: str) -> str:
    """A stable id for a finding: it survives lines moving, not the alert changing."""
    text = "\0".join((rule_id, path, identity, _LINE_NUMBERS.sub("line N", message)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _finding(
    module: RuleModule,
    severity: Severity,
    path: str,
    violation: Violation,
    identity: str,
    root: Any,
) -> Finding:
    path = violation.path or path
    # Fingerprints name the file relative to the policy, not to the working
    # directory, so a baseline made from the root matches a run from anywhere.
    rooted = _rooted(path, root)
    return Finding(
        path=path,
        line=violation.line,
        column=violation.column,
        rule_id=module.ID,
        rule_name=module.NAME,
        severity=severity,
        message=violation.message,
        end_line=violation.end_line,
        end_column=violation.end_column,
        hint=violation.hint,
        fingerprint=fingerprint(module.ID, rooted, identity, violation.message),
    )


def _with_message(finding: Finding, message: str) -> Finding:
    from dataclasses import replace

    return replace(finding, message=message)


# Worker-process state for the pool (set once per process by _init_worker).
_WORKER: Linter | None = None
_MAX_BYTES = 0


def _init_worker(
    policy: Policy, today: date, report_unused: bool, max_bytes: int, catalog: Any
) -> None:
    global _WORKER, _MAX_BYTES  # noqa: PLW0603 - one linter per worker process
    _WORKER = Linter(policy, today, report_unused, catalog)
    _MAX_BYTES = max_bytes


def _lint_one(item: tuple[str, str]) -> FileReport:
    assert _WORKER is not None
    path, display = item
    return _WORKER.lint_file(load_rule_file(path, display, _MAX_BYTES), path)


@dataclass(frozen=True)
class Run:
    """How to lint: the policy, the clock, the catalog and what to report."""

    policy: Policy
    today: date
    report_unused: bool = False
    catalog: Any = None
    # Catalog files whose findings are reported (None: all of them).
    catalog_scope: frozenset[str] | None = None


def lint_paths(
    files: Sequence[tuple[str, str]],
    run: Run,
    jobs: int | None = None,
    max_bytes: int | None = None,
) -> LintResult:
    """Load and lint ``files`` ((real path, display path) pairs), then the catalog."""
    limit = max_bytes or run.policy.max_file_bytes
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    linter = Linter(run.policy, run.today, run.report_unused, run.catalog)
    if workers > 1 and len(files) >= PARALLEL_MIN_FILES:
        reports = _lint_parallel(files, run, workers, limit)
    else:
        reports = [
            linter.lint_file(load_rule_file(path, display, limit), path)
            for path, display in files
        ]
    result = _merge(reports)
    catalog_findings = [
        finding
        for finding in linter.lint_catalog()
        if run.catalog_scope is None or finding.path in run.catalog_scope
    ]
    if catalog_findings:
        result.findings = sorted(
            result.findings + catalog_findings, key=Finding.sort_key
        )
    return result


def _lint_parallel(
    files: Sequence[tuple[str, str]], run: Run, workers: int, limit: int
) -> list[FileReport]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    chunk = max(1, len(files) // (workers * 4))
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init_worker,
        initargs=(run.policy, run.today, run.report_unused, limit, run.catalog),
    ) as pool:
        return list(pool.map(_lint_one, files, chunksize=chunk))


def _merge(reports: Iterable[FileReport]) -> LintResult:
    result = LintResult(findings=[])
    for report in reports:
        result.files += 1
        result.findings.extend(report.findings)
        result.groups += report.groups
        result.alerts += report.alerts
        result.records += report.records
        result.suppressed += report.suppressed
        result.skipped.extend(
            (report.path, line, kind) for line, kind in report.skipped
        )
    result.findings.sort(key=Finding.sort_key)
    return result
