"""Several processes start on a fresh store at the same moment: each one comes up.

On PostgreSQL a fresh schema's tables, functions and triggers are made by whichever process
starts first; `CREATE ... IF NOT EXISTS` is not safe against a second session doing the same
at the same time (a unique violation in the catalogue, or "tuple concurrently updated"). The
setup is serialised by an advisory lock (`StoreConfig.setup_lock`), so every starter waits
for the first and then finds the tables made.
"""

from __future__ import annotations

import threading
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from api.bootstrap import Services, build_services
from api.settings import Settings, key_file_text
from tests.conftest import PG_URL, TODAY, settings_for

STARTERS = 6


@pytest.mark.parametrize("round_", range(3))
def test_starters_on_a_fresh_store_all_come_up(
    store_kind: str, tmp_path: Path, request: pytest.FixtureRequest, round_: int
) -> None:
    schema = f"{request.getfixturevalue('pg_schema')}_fresh" if store_kind == "postgres" else None
    settings: Settings = settings_for(store_kind, tmp_path, schema)
    barrier = threading.Barrier(STARTERS)
    failures: list[BaseException] = []
    started: list[Services] = []
    lock = threading.Lock()

    def start() -> None:
        barrier.wait()
        try:
            svc = build_services(settings, clock=lambda: TODAY, start_projections=False)
            svc.projections.catch_up()
        except BaseException as exc:  # every failure is the finding
            with lock:
                failures.append(exc)
            return
        with lock:
            started.append(svc)

    threads = [threading.Thread(target=start) for _ in range(STARTERS)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not failures, [repr(f) for f in failures]
        assert len(started) == STARTERS
    finally:
        for svc in started:
            svc.close()
        if schema is not None:
            with psycopg.connect(PG_URL, autocommit=True) as conn:
                conn.execute(
                    sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema))
                )


def test_starters_on_a_fresh_data_folder_agree_on_one_secret(tmp_path: Path) -> None:
    """The BSN-hash secret and the KEK are made once: every starter reads the same value, and
    none reads a half-written file (before, two makers could each write their own)."""
    path = tmp_path / "fresh" / "kek.key"
    barrier = threading.Barrier(STARTERS * 2)
    read: list[str] = []
    lock = threading.Lock()

    def start() -> None:
        barrier.wait()
        value = key_file_text(path)
        with lock:
            read.append(value)

    threads = [threading.Thread(target=start) for _ in range(STARTERS * 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(read) == STARTERS * 2
    assert len(set(read)) == 1
    assert len(read[0]) == 64
    assert set(read[0]) <= set("0123456789abcdef")
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["kek.key"]  # no temporary file left
