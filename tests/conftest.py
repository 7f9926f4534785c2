"""Shared fixtures: a real SQLite file and a real PostgreSQL schema per test, same tests on both.

PostgreSQL tests need a server at LR_TEST_DATABASE_URL (default
postgresql://postgres@127.0.0.1:5432/test). Without one they are skipped with one notice,
unless LR_REQUIRE_POSTGRES=1 (as in CI), when they fail instead.
"""

from __future__ import annotations

import itertools
import os
import random
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from api.bootstrap import Services, build_services
from api.settings import Settings

PG_URL = os.environ.get("LR_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("LR_REQUIRE_POSTGRES") == "1"
TODAY = date(2026, 11, 28)
_counter = itertools.count()
_pg_state: dict[str, bool | str] = {}


def postgres_available() -> bool:
    if "ok" not in _pg_state:
        try:
            with psycopg.connect(PG_URL, connect_timeout=2):
                _pg_state["ok"] = True
        except psycopg.Error as exc:
            _pg_state["ok"] = False
            _pg_state["why"] = str(exc).strip().splitlines()[0]
    return bool(_pg_state["ok"])


def pytest_report_header(config: pytest.Config) -> str:
    if postgres_available():
        return f"postgresql: {PG_URL} (tests run on SQLite and PostgreSQL)"
    return (
        f"postgresql: NOT AVAILABLE at {PG_URL} ({_pg_state.get('why')}); "
        "PostgreSQL tests are skipped" + (" -- but LR_REQUIRE_POSTGRES=1" if REQUIRE_PG else "")
    )


def require_postgres() -> None:
    if postgres_available():
        return
    if REQUIRE_PG:
        pytest.fail(
            f"PostgreSQL is required (LR_REQUIRE_POSTGRES=1) but not reachable: "
            f"{_pg_state.get('why')}"
        )
    pytest.skip(f"no PostgreSQL at {PG_URL}: PostgreSQL tests skipped")


@pytest.fixture
def pg_schema() -> Iterator[str]:
    """A fresh schema in the test database, dropped afterwards (only what we created)."""
    require_postgres()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"lrt_{worker}_{os.getpid()}_{next(_counter)}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
    yield name
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))


def settings_for(kind: str, tmp_path: Path, schema: str | None) -> Settings:
    if kind == "sqlite":
        return Settings(
            data_dir=tmp_path,
            secret_key="test-secret",
            projections="off",
            public_rate_limit=0,
            impact_worker="off",
        )
    return Settings(
        data_dir=tmp_path,
        database_url=PG_URL,
        database_schema=schema or "public",
        secret_key="test-secret",
        projections="off",
        public_rate_limit=0,
        impact_worker="off",
    )


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_kind(request: pytest.FixtureRequest) -> str:
    if request.param == "postgres":
        require_postgres()
    return str(request.param)


@pytest.fixture
def settings(store_kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    schema = request.getfixturevalue("pg_schema") if store_kind == "postgres" else None
    return settings_for(store_kind, tmp_path, schema)


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    """The real composition root on a fresh store, with a fixed clock and seed."""
    svc = build_services(
        settings, clock=lambda: TODAY, rng=random.Random(7), start_projections=False
    )
    yield svc
    svc.close()
