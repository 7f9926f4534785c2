"""Benchmark of the audit ledger on PostgreSQL, each figure beside its baseline in the same run.

    .venv/bin/python bench/ledger.py [--events 1000000] [--url postgresql://...] [--proofs 2000]

Fills a fresh schema with demo events (api.demo.load_demo, about 20 events per teacher), then
measures:

1. building the ledger from scratch (a side-by-side rebuild of the ledger projection: leaf
   hashes, tree nodes and signed checkpoints, written in the runner's batches), in events/s,
   against a plain SELECT scan of the same rows that hashes each row's state once (target: at
   least 0.5 of it);
2. inclusion-proof generation as the API serves it (checkpoint, leaf and proof nodes), against
   one primary-key SELECT of an event (target: at most 5 times it);
3. full `verify` (recompute every leaf, compare with the ledger, check every checkpoint),
   against the same scan (target: at least 0.3 of it).

The schema is dropped afterwards, also when interrupted.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.bootstrap import Services, build_services
from api.demo import load_demo
from api.ledger_setup import ledger_key
from api.logging import configure_logging
from api.settings import Settings
from projections.db import Db
from projections.ledger import queries as ledger_queries
from projections.ledger.projection import Ledger
from projections.ledger.proof.merkle import verify_inclusion
from projections.ledger.verify import verify_ledger

EVENTS_PER_TEACHER = 20.2  # what the demo generator makes on average


def progress(label: str) -> Callable[[int, int], None]:
    started = time.perf_counter()
    last = [0.0]

    def report(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] < 1.0 and done < total:
            return
        last[0] = now
        sys.stderr.write(f"\r{label}: {done:,}/{total:,} ({now - started:,.0f}s) ")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return report


def scan_and_hash(db: Db, table: str) -> tuple[int, float]:
    """The baseline: read every stored event once and hash its state once."""
    started = time.perf_counter()
    count = 0
    sha256 = hashlib.sha256
    with db.pg.transaction(), db.pg.cursor(name="bench_scan", binary=True) as cursor:
        cursor.itersize = 10_000
        cursor.execute(
            "SELECT notification_id, originator_id, originator_version, topic, state "
            f"FROM {table} ORDER BY notification_id"
        )
        for row in cursor:
            sha256(row[4]).digest()
            count += 1
    return count, time.perf_counter() - started


def timed_pair(
    repeat: int, first: Callable[[int], object], second: Callable[[int], object], keys: list[int]
) -> tuple[float, float]:
    """Median seconds per call of first(key) and second(key), interleaved call by call so that
    both see the same load, after a warm-up."""
    for key in keys[:50]:
        first(key)
        second(key)
    a, b = [], []
    clock = time.perf_counter
    for key in keys[:repeat]:
        started = clock()
        first(key)
        middle = clock()
        second(key)
        a.append(middle - started)
        b.append(clock() - middle)
    return statistics.median(a), statistics.median(b)


def run(services: Services, args: argparse.Namespace) -> None:
    register, runner, store = services.register, services.projections, services.store
    teachers = max(1, round(args.events / EVENTS_PER_TEACHER))
    started = time.perf_counter()
    summary = load_demo(register, teachers, args.seed, progress=progress("demo teachers"))
    head = register.head_position()
    print(
        f"loaded {summary.events:,} events ({teachers:,} teachers) in "
        f"{time.perf_counter() - started:,.1f}s; log head {head:,}"
    )
    db = Db(store)
    try:
        with db.pg.cursor() as cur:  # a fair start for all: statistics and a warm cache
            cur.execute(f"VACUUM ANALYZE {store.events_table}")
        scan_and_hash(db, store.events_table)

        # Each figure is set against baseline scans run right before and after it, so that
        # both see the same machine (it is shared).
        rows, scan_before = scan_and_hash(db, store.events_table)
        result = runner.rebuild("ledger", progress=progress("ledger build"))
        _, scan_after = scan_and_hash(db, store.events_table)
        scan_rate = rows / ((scan_before + scan_after) / 2)
        build_rate = result["events"] / result["seconds"]
        size = ledger_queries.latest_checkpoint(db).tree_size
        print(
            f"baseline scan+hash: {rows:,} rows in {scan_before:.2f}s / {scan_after:.2f}s "
            f"(before / after) = {scan_rate:,.0f} rows/s"
        )
        print(
            f"ledger build: {result['events']:,} events in {result['seconds']:.2f}s = "
            f"{build_rate:,.0f} events/s = {build_rate / scan_rate:.2f} of the scan "
            f"(target >= 0.5); newest checkpoint at size {size:,}"
        )

        rng = random.Random(args.seed)
        positions = [
            int(row[0])
            for row in db.fetchall(
                "SELECT position FROM ledger_leaves WHERE leaf_index < ?", (size,)
            )
        ]
        keys = [rng.choice(positions) for _ in range(args.proofs + 50)]
        pk = {
            int(r[0]): (r[1], int(r[2]))
            for r in db.fetch_in(
                "SELECT notification_id, originator_id, originator_version "
                f"FROM {store.events_table} WHERE notification_id IN ({{keys}})",
                keys,
            )
        }
        statement = (
            f"SELECT state FROM {store.events_table} "
            "WHERE originator_id = ? AND originator_version = ?"
        )
        baseline, proof_time = timed_pair(
            args.proofs,
            lambda k: db.fetchone(statement, pk[k]),
            lambda k: ledger_queries.inclusion(db, k, size),
            keys,
        )
        sample = ledger_queries.inclusion(db, keys[0], size)
        assert sample.checkpoint is not None
        assert verify_inclusion(
            sample.leaf_hash, sample.leaf_index, size, sample.proof, sample.checkpoint.root_hash
        )
        print(
            f"inclusion proof: {proof_time * 1e6:,.0f} us median vs one primary-key SELECT "
            f"{baseline * 1e6:,.0f} us = {proof_time / baseline:.2f}x (target <= 5x); "
            f"{len(sample.proof)} hashes at size {size:,}"
        )

        public_key = ledger_key(services.settings).public_key()
        _, scan_before = scan_and_hash(db, store.events_table)
        started = time.perf_counter()
        report = verify_ledger(store, [public_key], progress=progress("verify"))
        verify_seconds = time.perf_counter() - started
        _, scan_after = scan_and_hash(db, store.events_table)
    finally:
        db.close()
    assert report.ok(), report.findings[:3]
    scan_rate = rows / ((scan_before + scan_after) / 2)
    verify_rate = report.events / verify_seconds
    print(
        f"full verify: {report.events:,} events, {report.checkpoints:,} checkpoints in "
        f"{verify_seconds:.2f}s = {verify_rate:,.0f} events/s = {verify_rate / scan_rate:.2f} "
        f"of the scan at {scan_rate:,.0f} rows/s (target >= 0.3)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument(
        "--url",
        default=os.environ.get("LR_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"),
    )
    parser.add_argument("--proofs", type=int, default=2000, help="proofs to time")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--checkpoint-every", type=int, default=1000)
    args = parser.parse_args()
    configure_logging("console", "warning")
    schema = f"lr_bench_{os.getpid()}"
    with psycopg.connect(args.url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    try:
        with tempfile.TemporaryDirectory() as data_dir:
            settings = Settings(
                database_url=args.url,
                database_schema=schema,
                data_dir=Path(data_dir),
                secret_key="bench",
                projections="off",
                ledger_checkpoint_every=args.checkpoint_every,
                log_level="warning",
            )
            services = build_services(settings, projections=[Ledger()], start_projections=False)
            try:
                run(services, args)
            finally:
                services.close()
    finally:
        with psycopg.connect(args.url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
