"""A write whose commit landed but whose reply was lost answers its result, never a 409 about
itself, and is stored once.

Injected: on PostgreSQL, the connection fails right after the insert transaction committed
(as when a proxy cuts the reply), once; the library retries the insert, which collides with
the rows it wrote itself.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import OperationalError
from fastapi.testclient import TestClient

from api.app import create_app
from api.bootstrap import Services, build_services
from domain.store.recorder import ArrayInsertApplicationRecorder
from tests.api.test_teachers import ACTIVITY, ADMISSION
from tests.conftest import TODAY, settings_for
from tests.faults.helpers import tokens_for

pytestmark = pytest.mark.postgres


class LostReply:
    """Arm it, and the next committed insert of events loses its reply (once)."""

    def __init__(self, services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
        self.armed = False
        self.cut = 0
        self._inserting = threading.local()
        datastore: Any = services.register.recorder.datastore  # type: ignore[attr-defined]
        original_connection = datastore.get_connection
        original_lock = ArrayInsertApplicationRecorder._lock_table

        def lock_table(recorder: Any, curs: Any) -> None:
            self._inserting.flag = True
            original_lock(recorder, curs)

        @contextmanager
        def get_connection(*args: Any, **kwargs: Any) -> Iterator[Any]:
            self._inserting.flag = False
            with original_connection(*args, **kwargs) as conn:
                yield conn
            # The block ended normally: an insert in it has committed.
            if self.armed and getattr(self._inserting, "flag", False):
                self.armed = False
                self.cut += 1
                raise OperationalError("server closed the connection unexpectedly")

        monkeypatch.setattr(ArrayInsertApplicationRecorder, "_lock_table", lock_table)
        monkeypatch.setattr(datastore, "get_connection", get_connection)


@pytest.fixture
def services(pg_schema: str, tmp_path: Path) -> Iterator[Services]:
    svc = build_services(
        settings_for("postgres", tmp_path, pg_schema), clock=lambda: TODAY, start_projections=False
    )
    yield svc
    svc.close()


@pytest.mark.parametrize("key", [None, "retry-key-1"], ids=["no-key", "idempotency-key"])
def test_an_activity_whose_reply_was_lost_answers_201_and_is_recorded_once(
    services: Services, monkeypatch: pytest.MonkeyPatch, key: str | None
) -> None:
    fault = LostReply(services, monkeypatch)
    token_for = tokens_for(services)
    with TestClient(create_app(services)) as client:
        admitted = client.post("/api/teachers", json=ADMISSION, headers=token_for("registrar"))
        tid = admitted.json()["teacher_id"]
        me = token_for("teacher", tid)
        headers = {**me, "Idempotency-Key": key} if key else me
        fault.armed = True
        answer = client.post(f"/api/teachers/{tid}/activities", json=ACTIVITY, headers=headers)
        assert fault.cut == 1
        assert answer.status_code == 201, answer.text
        assert answer.json()["version"] == 2
        assert answer.json()["position"] > admitted.json()["position"]
        file = client.get(f"/api/teachers/{tid}", headers=me).json()
        assert (file["version"], len(file["activities"])) == (2, 1)


def test_an_admission_whose_reply_was_lost_answers_201_with_the_teacher_id(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, it answered 409 "already on file", without the file's id."""
    fault = LostReply(services, monkeypatch)
    registrar = tokens_for(services)("registrar")
    with TestClient(create_app(services)) as client:
        fault.armed = True
        answer = client.post("/api/teachers", json=ADMISSION, headers=registrar)
        assert fault.cut == 1
        assert answer.status_code == 201, answer.text
        found = client.post(
            "/api/teachers/lookup", json={"bsn": ADMISSION["bsn"]}, headers=registrar
        )
        assert found.json()["teacher_id"] == answer.json()["teacher_id"]
