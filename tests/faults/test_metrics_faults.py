"""The 503 counter of `/metrics` counts each outside fault under its cause, and `/metrics` itself
answers while the store is away (`lr_store_up 0`, the request counts still there).

Injected: on PostgreSQL a private cluster (never the shared server) crashed with
`pg_ctl stop -m immediate`, as in test_postgres_restart.py; on SQLite a full disk (the page
limit lowered to the file's size), as in test_sqlite_disk_full.py.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.bootstrap import Services, build_services
from api.settings import Settings
from tests.api.test_metrics import LOOPBACK, scrape, value
from tests.api.test_teachers import ACTIVITY, admit
from tests.conftest import TODAY
from tests.faults.helpers import PrivateCluster, tokens_for
from tests.faults.test_postgres_restart import cluster  # noqa: F401 (the fixture)
from tests.faults.test_sqlite_disk_full import SmallDisk, disk, sqlite_services  # noqa: F401

UNAVAILABLE = "lr_http_unavailable_total"


@pytest.fixture
def pg_services(cluster: PrivateCluster, tmp_path: Path) -> Iterator[Services]:  # noqa: F811
    settings = Settings(
        data_dir=tmp_path,
        database_url=cluster.url,
        database_schema=f"lrmetrics_{tmp_path.name[-6:].lower().replace('-', '_')}",
        secret_key="test-secret",
        projections="off",
        public_rate_limit=0,
        token_cache_seconds=0,
    )
    svc = build_services(settings, clock=lambda: TODAY, start_projections=False)
    yield svc
    svc.close()


@pytest.mark.postgres
@pytest.mark.slow
def test_postgres_away_counts_database_unavailable_and_metrics_still_answer(
    cluster: PrivateCluster,  # noqa: F811
    pg_services: Services,
) -> None:
    token_for = tokens_for(pg_services)
    with TestClient(create_app(pg_services), client=LOOPBACK) as client:
        tid = admit(client, token_for)["teacher_id"]
        me = token_for("teacher", tid)
        _, before = scrape(client)
        assert value(before, "lr_store_up") == 1

        cluster.stop("immediate")
        try:
            read = client.get(f"/api/teachers/{tid}", headers=me)
            assert read.status_code == 503, read.text
            assert read.json()["type"].endswith("/database-unavailable")
            assert client.get("/readyz").status_code == 503
            started = time.monotonic()
            _, away = scrape(client)
            assert time.monotonic() - started < 9  # the read budget, with room for a busy host
        finally:
            cluster.start()

        assert value(away, "lr_store_up") == 0
        assert "lr_projection_lag" not in {name for name, _ in away}
        assert value(away, UNAVAILABLE, cause="database-unavailable") == 1 + value(
            before, UNAVAILABLE, cause="database-unavailable"
        )
        assert value(away, UNAVAILABLE, cause="not-ready") == 1
        template = "/api/teachers/{teacher_id}"
        assert value(away, "lr_http_requests_total", method="GET", route=template, status="503")
        assert value(away, UNAVAILABLE, cause="disk-full") == 0


def test_sqlite_disk_full_counts_disk_full(
    disk: SmallDisk,  # noqa: F811
    sqlite_services: Services,  # noqa: F811
) -> None:
    token_for = tokens_for(sqlite_services)
    with TestClient(create_app(sqlite_services), client=LOOPBACK) as client:
        tid = admit(client, token_for)["teacher_id"]
        me = token_for("teacher", tid)
        big = {**ACTIVITY, "reflection": "r" * 4000}

        disk.fill()
        try:
            full = client.post(f"/api/teachers/{tid}/activities", json=big, headers=me)
            assert full.status_code == 503, full.text
            assert client.get("/readyz").status_code == 503
            _, samples = scrape(client)
        finally:
            disk.free()

        assert value(samples, "lr_store_up") == 1  # reads still work on a full disk
        assert value(samples, UNAVAILABLE, cause="disk-full") == 1
        assert value(samples, UNAVAILABLE, cause="not-ready") == 1
        assert value(samples, UNAVAILABLE, cause="database-unavailable") == 0
        route = "/api/teachers/{teacher_id}/activities"
        assert value(samples, "lr_http_requests_total", method="POST", route=route, status="503")
