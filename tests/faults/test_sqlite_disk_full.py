"""A full disk under SQLite: writes answer 503 with Retry-After, `/readyz` says 503, both recover.

Injected: SQLite's page limit (`PRAGMA max_page_count`) lowered to the file's current size on
every connection of the store, so the next write finds the "disk" full, as on a full volume.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.sqlite import SQLiteConnectionPool
from fastapi.testclient import TestClient

from api.app import create_app
from api.bootstrap import Services, build_services
from tests.api.test_teachers import ACTIVITY, admit
from tests.conftest import TODAY, settings_for
from tests.faults.helpers import tokens_for


class SmallDisk:
    """Every connection the store opens, and a switch to fill or free their 'disk'."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.connections: list[sqlite3.Connection] = []
        original = SQLiteConnectionPool._create_connection

        def tracked(pool: Any) -> Any:
            connection = original(pool)
            self.connections.append(connection._sqlite_conn)
            return connection

        monkeypatch.setattr(SQLiteConnectionPool, "_create_connection", tracked)

    def fill(self) -> None:
        for conn in self.connections:
            (pages,) = conn.execute("PRAGMA page_count").fetchone()
            conn.execute(f"PRAGMA max_page_count = {pages}")

    def free(self) -> None:
        for conn in self.connections:
            conn.execute("PRAGMA max_page_count = 1073741823")


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> SmallDisk:
    return SmallDisk(monkeypatch)


@pytest.fixture
def sqlite_services(disk: SmallDisk, tmp_path: Path) -> Iterator[Services]:
    svc = build_services(settings_for("sqlite", tmp_path, None), clock=lambda: TODAY)
    yield svc
    svc.close()


def test_a_full_disk_answers_503_and_readyz_says_so_until_a_write_lands_again(
    disk: SmallDisk, sqlite_services: Services
) -> None:
    register = sqlite_services.register
    with TestClient(create_app(sqlite_services)) as client:
        token_for = tokens_for(sqlite_services)
        tid = admit(client, token_for)["teacher_id"]
        me = token_for("teacher", tid)
        url = f"/api/teachers/{tid}/activities"
        assert client.get("/readyz").status_code == 200
        big = {**ACTIVITY, "reflection": "r" * 4000}

        disk.fill()
        full = client.post(url, json=big, headers=me)
        assert full.status_code == 503, full.text
        assert full.headers["content-type"] == "application/problem+json"
        assert int(full.headers["retry-after"]) > 0
        assert full.json()["type"].endswith("/disk-full")
        assert client.get("/readyz").status_code == 503
        assert register.get_teacher(UUID(tid)).version == 1  # nothing half-written

        disk.free()
        assert client.post(url, json=big, headers=me).status_code == 201
        assert client.get("/readyz").status_code == 200
