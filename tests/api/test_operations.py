"""Operations: a request id on every log line, one access line per request, clean shutdown."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import httpx
import pytest
import structlog
from fastapi.testclient import TestClient
from structlog.testing import capture_logs

import api.logging
from api.app import create_app
from api.bootstrap import Services
from api.logging import configure_logging
from tests.api.test_teachers import ACTIVITY, admit

Tokens = Callable[..., dict[str, str]]


def test_request_id_is_bound_to_domain_and_access_log_lines(
    client: TestClient, token_for: Tokens
) -> None:
    """The application's own log lines and the access line carry the request's id."""
    tid = admit(client, token_for)["teacher_id"]
    with capture_logs(processors=[structlog.contextvars.merge_contextvars]) as logs:
        response = client.post(
            f"/api/teachers/{tid}/activities",
            json=ACTIVITY,
            headers={**token_for("teacher", tid), "X-Request-Id": "req-42"},
        )
    assert response.headers["x-request-id"] == "req-42"
    recorded = [e for e in logs if e["event"] == "activity_recorded"]
    access = [e for e in logs if e["event"] == "request"]
    assert recorded[0]["request_id"] == "req-42"
    assert recorded[0]["correlation_id"] == "req-42"
    assert len(access) == 1
    assert access[0]["request_id"] == "req-42"
    assert access[0]["status"] == 201
    assert access[0]["route"] == "/api/teachers/{teacher_id}/activities"
    assert access[0]["role"] == "teacher"
    assert access[0]["subject"] == tid
    assert access[0]["duration_ms"] >= 0


@pytest.mark.parametrize(
    "given",
    [
        pytest.param(None, id="absent"),
        pytest.param("x" * 101, id="too-long"),
        pytest.param("", id="empty"),
    ],
)
def test_request_id_is_made_when_not_usable(client: TestClient, given: str | None) -> None:
    """Without a usable X-Request-Id the register makes one."""
    headers = {"X-Request-Id": given} if given is not None else {}
    made = client.get("/healthz", headers=headers).headers["x-request-id"]
    assert made != given
    assert len(made) == 32


def test_made_request_ids_are_hex_and_never_repeat(client: TestClient) -> None:
    """Made ids (no `uuid4` per request: a random prefix per process and a count) are 32 hex
    digits and differ from request to request."""
    made = [client.get("/healthz").headers["x-request-id"] for _ in range(50)]
    assert len(set(made)) == len(made)
    assert all(len(m) == 32 and int(m, 16) >= 0 for m in made)


def test_errors_carry_the_request_id(client: TestClient) -> None:
    """Also a 404 for an unknown route and a 405 answer with the id and as problem+json."""
    for response in (client.get("/api/nothing"), client.delete("/api/teachers")):
        assert response.headers["x-request-id"]
        assert response.headers["content-type"].startswith("application/problem+json")
    assert client.delete("/api/teachers").headers["allow"] == "POST"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_server_shuts_down_cleanly_on_sigterm(tmp_path: Path) -> None:
    """SIGTERM: the server stops taking requests, stops the projections, and exits."""
    port = _free_port()
    env = {
        **os.environ,
        "LR_DATA_DIR": str(tmp_path),
        "LR_SECRET_KEY": "test-secret",
        "LR_LOG_FORMAT": "json",
        "LR_PROJECTIONS": "inprocess",
    }
    env.pop("LR_DATABASE_URL", None)
    cli = Path(sys.executable).parent / "lerarenregister"
    server = subprocess.Popen(
        [str(cli), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not come up"
            time.sleep(0.1)
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=20)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    output = server.stdout.read().decode() if server.stdout else ""
    if server.stdout:
        server.stdout.close()
    # uvicorn re-raises the signal after a clean shutdown, as service managers expect
    assert code in (0, -signal.SIGTERM), output
    assert '"event": "stopped"' in output, output
    assert "Traceback" not in output


def test_unexpected_error_is_a_logged_500_problem_with_the_request_id(
    services: Services,
) -> None:
    """A bug answers 500 problem+json (never a traceback), and the log line has the id."""
    app = create_app(services)

    def boom() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/boom", boom)
    with (
        TestClient(app, raise_server_exceptions=False) as client,
        capture_logs(processors=[structlog.contextvars.merge_contextvars]) as logs,
    ):
        response = client.get("/boom", headers={"X-Request-Id": "bug-1"})
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["x-request-id"] == "bug-1"
    assert "a bug" not in response.text
    errors = [e for e in logs if e["event"] == "unhandled_error"]
    assert errors
    assert errors[0]["request_id"] == "bug-1"
    assert [e["status"] for e in logs if e["event"] == "request"] == [500]


def test_the_json_request_line_is_the_line_structlog_writes(
    client: TestClient, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """In production (JSON) the edge writes the request line itself, cheaply: the same text
    structlog's chain writes (keys, order, bound request id, level), only the times differ."""

    def request_lines() -> list[str]:
        client.get("/api/public/register/0000000000", headers={"X-Request-Id": "req-7"})
        err = capsys.readouterr().err
        return [line for line in err.splitlines() if '"event": "request"' in line]

    configure_logging("json", "info")
    try:
        capsys.readouterr()
        direct = request_lines()
        monkeypatch.setattr(api.logging, "_direct", None)
        chained = request_lines()
    finally:
        structlog.reset_defaults()
    assert len(direct) == len(chained) == 1

    def timeless(line: str) -> str:
        line = re.sub(r'"duration_ms": [0-9.e-]+', '"duration_ms": 0', line)
        return re.sub(r'"timestamp": "[0-9T:.-]+Z"', '"timestamp": ""', line)

    assert timeless(direct[0]) == timeless(chained[0])
    fields = json.loads(direct[0])
    assert list(fields) == [
        "method",
        "path",
        "route",
        "status",
        "duration_ms",
        "role",
        "subject",
        "token_id",
        "event",
        "request_id",
        "level",
        "timestamp",
    ]
    assert fields["request_id"] == "req-7"
    assert fields["status"] == 404
    assert fields["route"] == "/api/public/register/{register_number}"
    assert datetime.fromisoformat(fields["timestamp"]).tzinfo is not None
