"""Black-box acceptance: the register's date moves by restarting with a later ``LR_TODAY``.

Real ``lerarenregister serve`` processes over one store (an SQLite file, or a fresh PostgreSQL
schema), stopped and started again with a later date, driven over HTTP as a user would: the
transition follows the period, criteria adopted after a period began do not govern it, and
there is no way to strike off on criteria before the transition or without a hearing.
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.browser.harness import _command, _wait_ready, free_port
from tests.conftest import PG_URL
from tests.decision_helpers import document

pytestmark = pytest.mark.slow

SECRET = "acceptance-secret"


class Store:
    """One store, and how to run the register's commands and server on it at a date."""

    def __init__(self, data_dir: Path, schema: str | None) -> None:
        self.data_dir = data_dir
        self.schema = schema

    def env(self, today: date) -> dict[str, str]:
        env = {
            **os.environ,
            "LR_DATA_DIR": str(self.data_dir),
            "LR_SECRET_KEY": SECRET,
            "LR_PUBLIC_RATE_LIMIT": "0",
            "LR_TODAY": today.isoformat(),
            "LR_LOG_FORMAT": "console",
        }
        env.pop("LR_DATABASE_URL", None)
        if self.schema is not None:
            env["LR_DATABASE_URL"] = PG_URL
            env["LR_DATABASE_SCHEMA"] = self.schema
        return env

    def token(self, today: date, role: str, subject: str | None = None) -> str:
        args = [*_command(), "token", "issue", "--role", role]
        if subject:
            args += ["--subject", subject]
        done = subprocess.run(
            args, env=self.env(today), capture_output=True, text=True, check=True, timeout=60
        )
        return done.stdout.strip().splitlines()[-1]

    @contextmanager
    def serving(self, today: date) -> Iterator[Client]:
        port = free_port()
        log_path = self.data_dir / f"serve-{today.isoformat()}.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [*_command(), "serve", "--host", "127.0.0.1", "--port", str(port)],
                env=self.env(today),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                url = f"http://127.0.0.1:{port}"
                _wait_ready(url, process, log_path)
                yield Client(url)
            finally:
                process.terminate()
                process.wait(timeout=30)


class Client:
    def __init__(self, url: str) -> None:
        self.url = url

    def call(
        self, method: str, path: str, token: str | None = None, body: Any = None, raw: bytes = b""
    ) -> tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else (raw or None)
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, json.loads(answer.read() or b"null")
        except urllib.error.HTTPError as failed:
            return failed.code, json.loads(failed.read() or b"null")


@pytest.fixture
def store(store_kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Store:
    schema = request.getfixturevalue("pg_schema") if store_kind == "postgres" else None
    return Store(tmp_path, schema)


def _admit(client: Client, token: str, bsn: str, family: str) -> dict[str, Any]:
    status, body = client.call(
        "POST",
        "/api/teachers",
        token,
        {
            "bsn": bsn,
            "name": {"initials": "A.", "given_name": "Anna", "prefix": "", "family_name": family},
            "birth_date": "1980-05-01",
            "qualifications": [{"sector": "po", "basis": "diploma"}],
        },
    )
    assert status == 201, body
    return body


def _path(teacher: dict[str, Any], action: str) -> str:
    q = teacher["qualifications"][0]["qualification_id"]
    return f"/api/teachers/{teacher['teacher_id']}/qualifications/{q}/{action}"


def test_moving_the_registers_date_across_the_transition(store: Store) -> None:
    """Admitted on 1 August 2023 (period to 31 July 2027) and on 1 September 2023 (to 31 August
    2027), both without any development; decided in September 2027 after restarts."""
    start, later = date(2023, 8, 1), date(2023, 9, 1)
    registrar = store.token(start, "registrar")
    standards = store.token(start, "standards")
    with store.serving(start) as client:
        status, health = client.call("GET", "/healthz")
        assert (status, health["today"], health["today_fixed"]) == (200, "2023-08-01", True)
        before = _admit(client, registrar, "111222333", "Voor")
    with store.serving(later) as client:
        after = _admit(client, registrar, "123456782", "Na")
        # A version asking nothing, adopted while both periods run, does not govern them.
        nothing = document(
            version=2,
            min_total_hours=0,
            area_minimums=[],
            sector_minimums=[],
            work_experience=None,
        )
        status, body = client.call("POST", "/api/criteria", standards, raw=nothing)
        assert status == 201, body
    assert any(
        qualification["period_end"] == "2027-08-31" for qualification in after["qualifications"]
    )
    decide_day = date(2027, 9, 20)
    with store.serving(date(2025, 1, 1)) as client:
        status, body = client.call(
            "POST",
            "/api/criteria/reregistration/2/adoption",
            standards,
            {
                "effective_from": "2025-02-01",
                "consultation": {"with": ["AOb"], "held_on": "2024-12-01"},
            },
        )
        assert status == 201, body
    with store.serving(decide_day) as client:
        status, health = client.call("GET", "/healthz")
        assert health["today"] == "2027-09-20"
        # No strike-off on criteria for a period that ended before the transition.
        status, refused = client.call(
            "POST",
            _path(before, "strike-off-proposal"),
            registrar,
            {"ground": "criteria_not_met", "reason": "tekort"},
        )
        assert status == 409, refused
        assert "before the transition date 2027-08-01" in refused["detail"]
        status, annotated = client.call("POST", _path(before, "re-registration"), registrar, {})
        assert status == 201, annotated
        assert (annotated["outcome"], annotated["decided_on"]) == ("annotated", "2027-09-20")
        assert annotated["policy"]["version"] == 1
        assert annotated["policy"]["governs"]["rule"] == "in_force_at_period_start"
        status, proposed = client.call("POST", _path(after, "re-registration"), registrar, {})
        assert status == 201, proposed
        assert proposed["outcome"] == "strike_off_proposed"
        # Nor without a hearing, nor with a decision date of one's choosing.
        status, refused = client.call(
            "POST",
            _path(after, "strike-off"),
            registrar,
            {"ground": "criteria_not_met", "effective_on": "2027-09-20", "reason": "tekort"},
        )
        assert status == 422, refused
        assert refused["errors"][0]["field"] == "ground"
        status, refused = client.call(
            "POST", _path(after, "re-registration"), registrar, {"decided_on": "2027-08-01"}
        )
        assert status == 422
