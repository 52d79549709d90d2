"""Benchmark: ``incidentctl lint`` against ``promtool check rules`` in the same run.

Usage: python bench/lint_vs_promtool.py [--runs 5] [--alerts 10000] [--corpora DIR]

Reports median wall times and the ratio incidentctl / promtool (lower is better)
for a generated N-alert rule file and for the plain rule files of the shared
corpus, plus the wall time of a one-file run (what a pre-commit hook does).
Machines are noisy: compare ratios taken in the same run, not absolute times.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


def generate(path: Path, alerts: int) -> None:
    """A rule file of ``alerts`` realistic alerts, 50 per group."""
    lines = ["groups:"]
    for index in range(alerts):
        if index % 50 == 0:
            lines += [f"  - name: group-{index // 50}", "    rules:"]
        lines += [
            f"      - alert: HighErrorRate{index}",
            "        expr: |",
            "          sum by (service, region) (rate(http_requests_total"
            f'{{job="svc{index}",code=~"5.."}}[5m]))',
            "            / sum by (service, region) (rate(http_requests_total"
            f'{{job="svc{index}"}}[5m])) > 0.05',
            "        for: 5m",
            "        labels:",
            f"          severity: P{index % 4}",
            f"          service: svc{index}",
            f"          team: team-{index % 7}",
            "        annotations:",
            f'          summary: "Error rate high on svc{index}"',
            '          description: "{{ $value | humanizePercentage }} fail"',
            "          runbook_url: "
            f"https://github.com/acme/runbooks/blob/main/svc{index}.md",
            f"          dashboard_url: https://grafana.acme.io/d/svc{index}",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def wall(command: list[str]) -> float:
    """Wall time of one run (output discarded; both tools may fail some files)."""
    start = time.perf_counter()
    subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    return time.perf_counter() - start


def compare(
    name: str, ours: list[str], theirs: list[str], runs: int
) -> tuple[str, float, float]:
    """Alternate the two commands ``runs`` times; return medians."""
    wall(ours)  # warm the page cache and the bytecode cache
    wall(theirs)
    ours_times, theirs_times = [], []
    for _ in range(runs):
        ours_times.append(wall(ours))
        theirs_times.append(wall(theirs))
    return name, statistics.median(ours_times), statistics.median(theirs_times)


def corpus_rule_files(corpora: Path) -> list[str]:
    """Plain rule files of the corpus (promtool cannot read PrometheusRule CRs)."""
    sys.path.insert(0, str(ROOT / "src"))
    from incidentctl.sources.prometheus import load_rule_file

    files = []
    for path in sorted(corpora.rglob("*.y*ml")):
        loaded = load_rule_file(str(path))
        if loaded.groups and all(
            group.origin == "rule file" for group in loaded.groups
        ):
            files.append(str(path))
    return files


def main() -> int:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--alerts", type=int, default=10_000)
    parser.add_argument(
        "--corpora", type=Path, default=ROOT.parent / "shared" / "corpora"
    )
    args = parser.parse_args()
    promtool = shutil.which("promtool")
    incidentctl = shutil.which("incidentctl")
    if promtool is None or incidentctl is None:
        print(
            "needs promtool (Debian package prometheus) and incidentctl on PATH",
            file=sys.stderr,
        )
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    big = OUT / f"rules-{args.alerts}.yaml"
    generate(big, args.alerts)
    rows = [
        compare(
            f"{args.alerts:,} alerts, one file ({big.stat().st_size / 1e6:.1f} MB)",
            [incidentctl, "lint", "-f", "json", str(big)],
            [promtool, "check", "rules", str(big)],
            args.runs,
        )
    ]
    if args.corpora.is_dir():
        files = corpus_rule_files(args.corpora)
        rows.append(
            compare(
                f"shared corpus, {len(files)} rule files",
                [incidentctl, "lint", "-f", "json", *files],
                [promtool, "check", "rules", *files],
                args.runs,
            )
        )
    one = str(ROOT / "examples" / "bookstore-platform" / "rules" / "checkout.yaml")
    single = statistics.median(
        wall([incidentctl, "lint", one]) for _ in range(max(args.runs, 5))
    )
    python = sys.version.split()[0]
    print(f"machine: {os.cpu_count()} cores, Python {python}, {_version(promtool)}")
    print()
    print("| input | incidentctl (s) | promtool (s) | ratio |")
    print("|---|---:|---:|---:|")
    for name, ours, theirs in rows:
        print(f"| {name} | {ours:.2f} | {theirs:.2f} | {ours / theirs:.2f}x |")
    print(f"| one file (pre-commit), incidentctl only | {single:.2f} | | |")
    return 0


def _version(tool: str) -> str:
    done = subprocess.run(
        [tool, "--version"], capture_output=True, text=True, check=False
    )
    text = (done.stdout or done.stderr).strip()
    return text.splitlines()[0].split("(")[0].strip() if text else tool


if __name__ == "__main__":
    raise SystemExit(main())
