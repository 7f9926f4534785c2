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
from api.settings import Settings
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
