"""End to end: the real Alertmanager runs the generated config against fake PagerDuty and Slack.

The server listens on loopback only; a small HTTP server in the test plays the
PagerDuty Events API v2 and the Slack webhooks and records what arrives. Waits
are bounded polls on observable state (events received, an alert's
``inhibitedBy``), never sleeps for timing.
"""

from __future__ import annotations

import json
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from conftest import need_tool

DEADLINE = 40.0  # seconds for anything to arrive; group_wait is 1s


@dataclass
class Recorder:
    """What the fake PagerDuty and Slack endpoints received."""

    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, path: str, body: dict[str, Any]) -> None:
        with self.lock:
            self.events.append((path, body))

    def snapshot(self) -> list[tuple[str, dict[str, Any]]]:
        with self.lock:
            return list(self.events)


def _server(recorder: Recorder) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            recorder.add(self.path, body)
            reply = json.dumps(
                {
                    "status": "success",
                    "message": "Event processed",
                    "dedup_key": body.get("dedup_key", ""),
                }
            )
            self.send_response(202 if self.path.startswith("/v2/enqueue") else 200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(reply.encode())

        def log_message(self, *args: object) -> None:
            return

    return ThreadingHTTPServer(("127.0.0.1", 0), Handler)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(condition: Callable[[], Any], what: str) -> Any:
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


@dataclass
class Running:
    """A running Alertmanager and the fake endpoints."""

    url: str
    recorder: Recorder
    config: Path

    def post(self, alerts: list[dict[str, Any]]) -> None:
        request = urllib.request.Request(
            f"{self.url}/api/v2/alerts",
            data=json.dumps(alerts).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200

    def alerts(self) -> list[dict[str, Any]]:
        with urllib.request.urlopen(
            f"{self.url}/api/v2/alerts", timeout=10
        ) as response:
            return json.loads(response.read())  # type: ignore[no-any-return]

    def pagerduty(self, routing_key: str) -> list[dict[str, Any]]:
        return [
            body
            for path, body in self.recorder.snapshot()
            if path == "/v2/enqueue" and body["routing_key"] == routing_key
        ]

    def slack(self, channel_path: str) -> list[dict[str, Any]]:
        return [body for path, body in self.recorder.snapshot() if path == channel_path]


@pytest.fixture
def alertmanager(cli, tmp_path: Path) -> Iterator[Running]:  # type: ignore[no-untyped-def]
    binary = need_tool("prometheus-alertmanager")
    recorder = Recorder()
    fake = _server(recorder)
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    fake_url = f"http://127.0.0.1:{fake.server_address[1]}"
    secrets = tmp_path / "secrets"
    for secret, key, value in (
        ("pagerduty-keys", "p0-routing-key", "key-p0"),
        ("pagerduty-keys", "p1-routing-key", "key-p1"),
        ("pagerduty-keys", "p2-routing-key", "key-p2"),
        ("pagerduty-keys", "team-payments-routing-key", "key-team-payments"),
        (
            "slack-webhooks",
            "slack-low-priority-webhook-url",
            f"{fake_url}/slack/low-priority",
        ),
        ("slack-webhooks", "slack-hygiene-webhook-url", f"{fake_url}/slack/hygiene"),
    ):
        (secrets / secret).mkdir(parents=True, exist_ok=True)
        (secrets / secret / key).write_text(value + "\n")
    (tmp_path / ".incidentctl.yaml").write_text(
        "routing:\n"
        "  group_wait: 1s\n  group_interval: 2s\n  repeat_interval: 1h\n"
        f"  secrets_dir: {secrets}\n"
        f"  pagerduty_url: {fake_url}/v2/enqueue\n"
        "  teams: {payments: {}}\n"
    )
    config = tmp_path / "alertmanager.yml"
    assert (
        cli(
            "generate",
            "alertmanager",
            "--format",
            "plain",
            "-o",
            str(config),
            cwd=tmp_path,
        ).code
        == 0
    )
    port = _free_port()
    log = (tmp_path / "alertmanager.log").open("wb")
    process = subprocess.Popen(
        [
            binary,
            f"--config.file={config}",
            f"--storage.path={tmp_path / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
            "--cluster.listen-address=",
            "--log.level=warn",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(
            lambda: process.poll() is not None or _ready(url), "Alertmanager to start"
        )
        assert process.poll() is None, (tmp_path / "alertmanager.log").read_text()
        yield Running(url, recorder, config)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        fake.shutdown()
        fake.server_close()


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/-/ready", timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


def _alert(name: str, **labels: str) -> dict[str, Any]:
    return {
        "labels": {"alertname": name, **labels},
        "annotations": {
            "summary": f"{name} is firing",
            "runbook_url": f"https://github.com/acme/runbooks/blob/main/{name}.md",
            "dashboard_url": f"https://grafana.acme.io/d/{name}",
        },
    }


@pytest.mark.oracle
def test_pages_inhibition_and_slack_through_the_real_alertmanager(
    alertmanager: Running,
) -> None:
    am = alertmanager
    am.post(
        [
            _alert(
                "CheckoutDown",
                severity="P0",
                service="checkout",
                region="eu",
                team="web",
            )
        ]
    )
    _wait(lambda: am.pagerduty("key-p0"), "the P0 page")
    am.post(
        [
            _alert(
                "CheckoutSlow",
                severity="P1",
                service="checkout",
                region="eu",
                team="web",
            ),
            _alert(
                "CheckoutSlow",
                severity="P1",
                service="checkout",
                region="us",
                team="web",
            ),
            _alert(
                "SearchIndexOld",
                severity="P3",
                service="search",
                region="eu",
                team="catalog",
            ),
            _alert("NoSeverityHere", service="search", region="eu"),
            _alert(
                "PaymentsDown",
                severity="P0",
                service="payments-gateway",
                region="eu",
                team="payments",
            ),
        ]
    )
    # The P0: critical, to the P0 routing key, with the page context and links.
    (page,) = am.pagerduty("key-p0")
    assert page["event_action"] == "trigger"
    assert page["payload"]["severity"] == "critical"
    assert page["payload"]["summary"] == "CheckoutDown is firing"
    details = page["payload"]["custom_details"]
    assert {
        key: details[key]
        for key in ("severity", "alertname", "service", "region", "team")
    } == {
        "severity": "P0",
        "alertname": "CheckoutDown",
        "service": "checkout",
        "region": "eu",
        "team": "web",
    }
    assert page["links"] == [
        {
            "href": "https://github.com/acme/runbooks/blob/main/CheckoutDown.md",
            "text": "Runbook",
        },
        {"href": "https://grafana.acme.io/d/CheckoutDown", "text": "Dashboard"},
    ]
    # A P1 in another region pages; the P1 in the P0's (service, region) is inhibited.
    p1 = _wait(lambda: am.pagerduty("key-p1"), "the P1 page for region us")
    assert [event["payload"]["custom_details"]["region"] for event in p1] == ["us"]
    assert p1[0]["payload"]["severity"] == "error"
    inhibited = _wait(
        lambda: [
            a
            for a in am.alerts()
            if a["labels"]["alertname"] == "CheckoutSlow"
            and a["labels"]["region"] == "eu"
            and a["status"]["inhibitedBy"]
        ],
        "the eu P1 to be inhibited",
    )
    assert inhibited[0]["status"]["state"] == "suppressed"
    assert all(
        e["payload"]["custom_details"]["region"] != "eu" for e in am.pagerduty("key-p1")
    )
    # P3 goes to Slack only; an alert without a severity to the hygiene channel.
    low = _wait(lambda: am.slack("/slack/low-priority"), "the P3 in Slack")
    assert low[0]["channel"] == "#alerts-low-priority"
    assert "SearchIndexOld is firing" in low[0]["attachments"][0]["text"]
    hygiene = _wait(
        lambda: am.slack("/slack/hygiene"),
        "the no-severity alert in the hygiene channel",
    )
    assert hygiene[0]["channel"] == "#alert-hygiene"
    assert "NoSeverityHere" in hygiene[0]["attachments"][0]["title"]
    # A team with its own integration gets its own P0 routing key.
    team = _wait(lambda: am.pagerduty("key-team-payments"), "the payments team's page")
    assert team[0]["payload"]["custom_details"]["alertname"] == "PaymentsDown"
    assert team[0]["payload"]["severity"] == "critical"


@pytest.mark.oracle
def test_a_p0_without_service_and_region_does_not_silence_an_unrelated_p2(
    alertmanager: Running,
) -> None:
    am = alertmanager
    am.post([_alert("GlobalOutage", severity="P0")])
    _wait(lambda: am.pagerduty("key-p0"), "the label-less P0 page")
    am.post([_alert("DiskFull", severity="P2")])
    page = _wait(
        lambda: am.pagerduty("key-p2"), "the unrelated P2 page (not inhibited)"
    )
    assert page[0]["payload"]["custom_details"]["alertname"] == "DiskFull"
    (disk,) = [a for a in am.alerts() if a["labels"]["alertname"] == "DiskFull"]
    assert disk["status"]["inhibitedBy"] == []
