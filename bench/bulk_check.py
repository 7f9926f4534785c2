"""The employer's bulk check of 1,000 pairs on PostgreSQL, beside a raw baseline.

In one run, against one demo register in one PostgreSQL schema, with the same 1,000 register
numbers (nine in ten with their right date of birth, one in ten with a wrong one):

1. baseline: one plain `SELECT ... FROM public_register JOIN public_register_qualification
   WHERE register_number = ANY(%s)` with psycopg on the same numbers, nothing else (no
   hashing, no check of the dates, no answer);
2. query: the check's own read, `projections.identity_check.matches`, on the pairs' keyed
   hashes (one set-based query joined to the public register);
3. HTTP: `POST /api/employers/{board}/bulk-check` of the real app in process (FastAPI with
   every middleware: body limit, token, request id, access log lines for the ~900 persons
   found), the CSV parsed, every row checked, the hashes computed, the JSON answer built.

Each is run `--rounds` times after a warm-up; the median and the slowest are printed, and
whether the HTTP check answers 1,000 pairs in under a second (the issue's target). Usage:

    .venv/bin/python bench/bulk_check.py [--teachers 20000] [--pairs 1000] [--rounds 20]
        [--fresh]

The demo register is loaded once into the schema `lr_bench_bulk_<teachers>`, its keys in the
folder `<tmp>/lr_bench_bulk_<teachers>`, and both are reused by later runs (`--fresh` loads it
again). LR_BENCH_DATABASE_URL names the server.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient

from api.app import create_app
from api.bootstrap import Services, build_services
from api.demo import load_demo
from api.logging import configure_logging
from api.settings import Settings
from domain.commands.tokens import IssueToken
from domain.identity_check import check_key, pair_digest
from domain.register import Context
from domain.values import Actor
from projections import identity_check

PG_URL = os.environ.get("LR_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
SECRET = "bench-secret"
BOARD = "41234"
TARGET_SECONDS = 1.0


def settings_for(schema: str, data_dir: Path) -> Settings:
    return Settings(
        database_url=PG_URL,
        database_schema=schema,
        data_dir=data_dir,
        secret_key=SECRET,
        projections="off",
        public_rate_limit=0,
        log_level="warning",
    )


def prepare(services: Services, teachers: int) -> None:
    """Load the demo register (once) and bring the read models up to date."""
    register = services.register
    if register.head_position() == 0:
        started = time.perf_counter()
        summary = load_demo(register, teachers, seed=1)
        print(f"demo: {summary.teachers} teachers in {time.perf_counter() - started:.0f}s")
    started = time.perf_counter()
    services.projections.catch_up_all()
    print(f"read models caught up in {time.perf_counter() - started:.1f}s")


def pairs(services: Services, count: int) -> list[tuple[str, str]]:
    """`count` (register number, date of birth) pairs of the register, one in ten wrong."""
    with services.projections.readers.connection() as db:
        rows = db.fetchall(
            "SELECT teacher_id, register_number FROM public_register ORDER BY teacher_id LIMIT ?",
            (count,),
        )
    out = []
    for i, (tid, number) in enumerate(rows):
        born = services.register.get_teacher(UUID(tid)).birth_date
        if i % 10 == 9:
            born += timedelta(days=1)
        out.append((number, born.isoformat()))
    random.Random(1).shuffle(out)
    return out


def timed(work: Callable[[], Any], rounds: int) -> list[float]:
    work()  # warm-up: connections, prepared plans, caches
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return times


def report(label: str, times: list[float]) -> float:
    median = statistics.median(times)
    print(f"{label:<44} median {median * 1000:8.1f} ms   slowest {max(times) * 1000:8.1f} ms")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--teachers", type=int, default=20_000)
    parser.add_argument("--pairs", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args()
    configure_logging("console", "warning")
    schema = f"lr_bench_bulk_{args.teachers}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        if args.fresh:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
    # The persons' data keys are wrapped by a key-encryption key kept in the data folder: the
    # folder lives as long as the schema.
    data_dir = Path(tempfile.gettempdir()) / schema
    if args.fresh:
        shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(exist_ok=True)
    services = build_services(settings_for(schema, data_dir), start_projections=False)
    try:
        prepare(services, args.teachers)
        asked = pairs(services, args.pairs)
        numbers = [n for n, _ in asked]
        print(f"{len(asked)} pairs over a register of {args.teachers} teachers")

        pg = psycopg.connect(PG_URL, autocommit=True)
        pg.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))
        raw = (
            "SELECT p.register_number, p.initials, p.prefix, p.family_name, q.sector, "
            "q.subject, q.status FROM public_register p LEFT JOIN "
            "public_register_qualification q ON q.teacher_id = p.teacher_id "
            "WHERE p.register_number = ANY(%s)"
        )

        def baseline() -> None:
            pg.execute(raw, (numbers,), prepare=True).fetchall()

        key = check_key(services.register.secret)

        dated = [(n, date.fromisoformat(b)) for n, b in asked]

        def query() -> None:
            digests = [pair_digest(key, n, b) for n, b in dated]
            with services.projections.readers.connection() as db:
                identity_check.matches(db, digests)

        token, _ = services.register.issue_token(
            IssueToken(role="employer", subject=BOARD, expires_at=None),
            ctx=Context(Actor("system", "bench"), reason="bench"),
        )
        body = ("register_number,birth_date\n" + "".join(f"{n},{b}\n" for n, b in asked)).encode()
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "text/csv"}
        with TestClient(create_app(services)) as client:

            def http() -> None:
                answer = client.post(
                    f"/api/employers/{BOARD}/bulk-check", content=body, headers=headers
                )
                assert answer.status_code == 200, answer.text
                found = answer.json()["found"]
                assert found == len(asked) - len(asked) // 10, found

            base = report("baseline: plain SELECT ... = ANY(numbers)", timed(baseline, args.rounds))
            mine = report("check query: keyed hashes, one query", timed(query, args.rounds))
            whole = report("HTTP: POST bulk-check, 1,000 rows", timed(http, args.rounds))
        pg.close()
        print(f"check query / baseline: {mine / base:.2f}x; HTTP / baseline: {whole / base:.1f}x")
        verdict = "meets" if whole < TARGET_SECONDS else "MISSES"
        print(f"HTTP median {whole:.3f} s {verdict} the target of {TARGET_SECONDS:.0f} s")
    finally:
        services.close()


if __name__ == "__main__":
    main()
