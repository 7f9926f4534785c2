"""Append throughput: single commands and the demo bulk load, beside a raw insert baseline.

For each store (SQLite file, PostgreSQL schema) this prints, all measured in the same run:
- raw: rows of the same size as our stored events inserted into a plain table with
  `executemany`, 1,000 rows per transaction (sqlite3 or psycopg): the ceiling;
- commands/s: `record_activity` one command at a time through the application;
- demo events/s: `load_demo`, data generation included, many files per write;
and the ratio of each to raw; then the demo load and the single commands again on a store of
their own with personal fields in plain form (no data keys), and the ratio of encrypted to
plain (target: at least 0.8). Usage:

    .venv/bin/python bench/append.py [--teachers 5000] [--commands 2000] [--store both]
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path

import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.demo import load_demo
from api.privacy_setup import store_env
from domain.commands import RecordActivity
from domain.keystore import DataKeys
from domain.register import Context, Register
from domain.store import StoreConfig
from domain.values import Actor

PG_URL = os.environ.get("LR_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
TODAY = date(2026, 11, 28)


def raw_rows(n: int, state_size: int) -> list[tuple[uuid.UUID, int, str, bytes]]:
    topic = "domain.teacher:Teacher.ActivityRecorded"
    return [(uuid.uuid4(), 1, topic, os.urandom(state_size)) for _ in range(n)]


def raw_postgres(schema: str, rows: Iterable[tuple[uuid.UUID, int, str, bytes]]) -> float:
    """Rows per second of `executemany`, 1,000 rows per transaction. `rows` may be a
    generator: each transaction's rows are made before its clock starts, so a baseline of
    millions of rows never holds them all and never counts their making."""
    with psycopg.connect(PG_URL) as conn:
        table = sql.Identifier(schema, "raw_baseline")
        conn.execute(
            sql.SQL(
                "CREATE TABLE {} (originator_id uuid, originator_version bigint, topic text, "
                "state bytea, notification_id bigserial, PRIMARY KEY (originator_id, "
                "originator_version))"
            ).format(table)
        )
        conn.commit()
        insert = sql.SQL(
            "INSERT INTO {} (originator_id, originator_version, topic, state) "
            "VALUES (%s, %s, %s, %s)"
        ).format(table)
        source = iter(rows)
        count = 0
        elapsed = 0.0
        with conn.cursor() as cur:
            while chunk := list(itertools.islice(source, 1000)):
                started = time.perf_counter()
                cur.executemany(insert, chunk)
                conn.commit()
                elapsed += time.perf_counter() - started
                count += len(chunk)
        return count / elapsed


def raw_sqlite(path: Path, rows: list[tuple[uuid.UUID, int, str, bytes]]) -> float:
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(
        "CREATE TABLE raw_baseline (originator_id TEXT, originator_version INTEGER, "
        "topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))"
    )
    started = time.perf_counter()
    for i in range(0, len(rows), 1000):
        conn.executemany(
            "INSERT INTO raw_baseline VALUES (?, ?, ?, ?)",
            [(r[0].hex, r[1], r[2], r[3]) for r in rows[i : i + 1000]],
        )
        conn.commit()
    rate = len(rows) / (time.perf_counter() - started)
    conn.close()
    return rate


def single_commands(
    register: Register, teacher_ids: list[uuid.UUID], n: int
) -> tuple[float, float]:
    rng = random.Random(5)
    latencies = []
    started = time.perf_counter()
    for i in range(n):
        tid = rng.choice(teacher_ids)
        t0 = time.perf_counter()
        register.record_activity(
            tid,
            RecordActivity(
                kind="lesson_visit",
                title=f"Lesbezoek {i}",
                occurred_on=date(2026, 3, 1),
                contact_hours=Decimal(2),
                self_study_hours=Decimal(1),
                competence_areas=["pedagogy"],
                evidence="Bij een collega gekeken en nabesproken wat ik leerde.",
            ),
            ctx=Context(Actor("teacher", str(tid))),
        )
        latencies.append(time.perf_counter() - t0)
    rate = n / (time.perf_counter() - started)
    p99 = statistics.quantiles(latencies, n=100)[98] * 1000
    return rate, p99


def new_register(kind: str, *, encrypted: bool) -> tuple[Register, str]:
    """A register on a fresh store (and the PostgreSQL schema to drop afterwards)."""
    folder = Path(tempfile.mkdtemp(prefix="lr-bench-"))
    schema = f"lr_bench_{uuid.uuid4().hex[:8]}"
    if kind == "postgres":
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
        store = StoreConfig.from_settings(PG_URL, folder, schema)
    else:
        store = StoreConfig.from_settings(None, folder)
    store.prepare()
    keys = None
    if encrypted:
        keys = DataKeys(store, os.urandom(32))
        keys.create_tables()
    register = Register(
        store_env(store) if encrypted else store.eventsourcing_env(),
        secret=b"bench",
        clock=lambda: TODAY,
        rng=random.Random(1),
        keys=keys,
    )
    return register, schema


def drop(kind: str, register: Register, schema: str) -> None:
    register.close()
    if kind == "postgres":
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


def plain_rates(kind: str, teachers: int, commands: int) -> tuple[float, float]:
    """(demo events/s, commands/s) with personal fields in plain form, on a store of its own."""
    register, schema = new_register(kind, encrypted=False)
    try:
        started = time.perf_counter()
        summary = load_demo(register, teachers, seed=11)
        demo_rate = summary.events / (time.perf_counter() - started)
        sample = register.recorder.select_notifications(start=1, limit=2000)
        ids = [n.originator_id for n in sample if n.topic.endswith("Teacher.Admitted")][:500]
        cmd_rate, _ = single_commands(register, ids, commands)
        return demo_rate, cmd_rate
    finally:
        drop(kind, register, schema)


def run(kind: str, teachers: int, commands: int) -> None:
    plain_demo, plain_cmd = plain_rates(kind, teachers, commands)
    register, schema = new_register(kind, encrypted=True)
    try:
        started = time.perf_counter()
        summary = load_demo(register, teachers, seed=11)
        demo_rate = summary.events / (time.perf_counter() - started)
        sample = register.recorder.select_notifications(start=1, limit=2000)
        state_size = int(statistics.mean(len(n.state) for n in sample))
        rows = raw_rows(max(summary.events, 50_000), state_size)
        raw = (
            raw_postgres(schema, rows)
            if kind == "postgres"
            else raw_sqlite(Path(tempfile.mkdtemp(prefix="lr-bench-raw-")) / "raw.db", rows)
        )
        ids = [n.originator_id for n in sample if n.topic.endswith("Teacher.Admitted")][:500]
        cmd_rate, p99 = single_commands(register, ids, commands)
        print(f"\n{kind}: mean stored event {state_size} bytes")
        print(f"  raw executemany (1,000/tx)  {raw:>10,.0f} rows/s")
        print(
            f"  demo bulk load              {demo_rate:>10,.0f} events/s  "
            f"ratio {demo_rate / raw:.2f}  ({summary.events:,} events, generation included)"
        )
        print(
            f"  single commands             {cmd_rate:>10,.0f} cmd/s     "
            f"ratio {cmd_rate / raw:.3f}  (p99 {p99:.1f} ms)"
        )
        worst = min(demo_rate / plain_demo, cmd_rate / plain_cmd)
        print(
            f"  plain (no keys): demo {plain_demo:,.0f} events/s, commands {plain_cmd:,.0f} "
            f"cmd/s; encrypted/plain: demo {demo_rate / plain_demo:.2f}, commands "
            f"{cmd_rate / plain_cmd:.2f} (target >= 0.8: {'met' if worst >= 0.8 else 'NOT met'})"
        )
    finally:
        drop(kind, register, schema)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teachers", type=int, default=5000)
    parser.add_argument("--commands", type=int, default=2000)
    parser.add_argument("--store", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    for kind in ["sqlite", "postgres"] if args.store == "both" else [args.store]:
        run(kind, args.teachers, args.commands)


if __name__ == "__main__":
    main()
