"""Benchmark: the demand signal computed at a request, beside a plain scan of the same rows.

For each store (SQLite file, PostgreSQL schema) it loads a demo register, brings the read
models up to date, then times, in the same run:

- scan: plain SELECTs of the rows the signal reads, by the same keys (the registered
  qualifications whose period may end in the window and their teachers' approved leave, every
  activity of the teachers whose period does, the offerings those name), fetched and not
  decoded;
- signal: `Register.demand_signal` over the read models, as `GET /api/demand-signal` runs it
  (the same reads, the facts built, the criteria of each period chosen, the engine run per
  period in the window, the cells aggregated and suppressed).

Reported: both times, their ratio, the periods in the window and the rows scanned. There is
no target: the figure says whether computing at each request is still acceptable at that size
(docs/open.md, "Cost"). PostgreSQL uses a fresh schema in the database of --pg-url (default
the test database), dropped afterwards.

    .venv/bin/python bench/demand.py --teachers 20000
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.bootstrap import build_services
from api.demo import load_demo
from api.settings import Settings
from domain.register import Context
from domain.values import Actor
from projections.db import Db
from projections.demand import ReadModelDemand

TODAY = date(2026, 11, 28)
ACTOR = Context(Actor("system", "bench"), reason="bench")


class Recording(ReadModelDemand):
    """The read-model source, noting the keys each read was asked for."""

    def __init__(self, db: Db) -> None:
        super().__init__(db)
        self.asked: dict[str, Any] = {}

    def periods(self, started_by: date) -> Any:
        self.asked["periods"] = started_by.isoformat()
        return super().periods(started_by)

    def leaves(self, teacher_ids: Any) -> Any:
        self.asked["leaves"] = list(teacher_ids)
        return super().leaves(self.asked["leaves"])

    def activities(self, teacher_ids: Any) -> Any:
        self.asked["activities"] = list(teacher_ids)
        return super().activities(self.asked["activities"])

    def validities(self, offering_ids: Any) -> Any:
        self.asked["validities"] = list(offering_ids)
        return super().validities(self.asked["validities"])


def timed(fn: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def scan(db: Db, asked: dict[str, Any]) -> int:
    """The rows the signal read, by the same keys, as plain SELECTs: fetched, not decoded."""
    rows = db.fetchall(
        "SELECT teacher_id, qualification_id, sector, subject, basis, status, admitted_on, "
        "period_start FROM portfolio_qualification "
        "WHERE status = 'registered' AND period_start <= ?",
        (asked["periods"],),
    )
    rows += db.fetch_in(
        "SELECT teacher_id, leave_id, start_on, end_on, event_ref FROM portfolio_leave "
        "WHERE status = 'approved' AND teacher_id IN ({keys})",
        asked["leaves"],
    )
    rows += db.fetch_in(
        "SELECT teacher_id, activity_id, event_ref, kind, occurred_on, contact_hours, "
        "self_study_hours, competence_areas, offering_id, has_evidence, has_reflection, "
        "withdrawn, qualification_ids, peer_confirmation, peer_same_board "
        "FROM portfolio_activity WHERE teacher_id IN ({keys})",
        asked["activities"],
    )
    rows += db.fetch_in(
        "SELECT offering_id, valid_from, valid_until, revoked_on FROM catalogue_offering "
        "WHERE valid_from IS NOT NULL AND offering_id IN ({keys})",
        asked["validities"],
    )
    return len(rows)


def run_store(kind: str, teachers: int, seed: int, pg_url: str) -> dict[str, Any]:
    tmp = tempfile.TemporaryDirectory(prefix="lr-bench-")
    schema = f"bench_demand_{uuid.uuid4().hex[:8]}"
    if kind == "sqlite":
        settings = Settings(data_dir=Path(tmp.name), secret_key="bench", projections="off")
    else:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
        settings = Settings(
            data_dir=Path(tmp.name),
            database_url=pg_url,
            database_schema=schema,
            secret_key="bench",
            projections="off",
        )
    services = build_services(
        settings, clock=lambda: TODAY, rng=random.Random(seed), start_projections=False
    )
    register = services.register
    try:
        load_seconds, summary = timed(lambda: load_demo(register, teachers, seed))
        print(f"[{kind}] demo: {teachers} teachers, {summary.events} events in {load_seconds:.1f}s")
        register.ensure_criteria_books(ACTOR)
        fold_seconds, _ = timed(services.projections.catch_up_all)
        print(f"[{kind}] read models caught up in {fold_seconds:.1f}s")
        with services.projections.readers.connection() as db:
            source = Recording(db)
            register.demand_signal(source)  # warm the caches once, and learn the keys read
            scan_seconds, rows = timed(lambda: scan(db, source.asked))
            signal_seconds, signal = timed(lambda: register.demand_signal(ReadModelDemand(db)))
            scan_after, _ = timed(lambda: scan(db, source.asked))
        scan_mean = (scan_seconds + scan_after) / 2
        shown = [c for c in signal["cells"] if not c["suppressed"]]
        result = {
            "store": kind,
            "teachers": teachers,
            "events": summary.events,
            "rows_scanned": rows,
            "scan_s": round(scan_mean, 3),
            "signal_s": round(signal_seconds, 3),
            "signal_over_scan": round(signal_seconds / scan_mean, 2) if scan_mean else 0.0,
            "periods": signal["periods"],
            "cells": len(signal["cells"]),
            "cells_shown": len(shown),
            "window": [signal["periods_ending_from"], signal["periods_ending_until"]],
        }
        print(f"[{kind}] " + json.dumps(result))
        return result
    finally:
        services.close()
        tmp.cleanup()
        if kind == "postgres":
            with psycopg.connect(pg_url, autocommit=True) as conn:
                conn.execute(
                    sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema))
                )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teachers", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--store", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    kinds = ["sqlite", "postgres"] if args.store == "both" else [args.store]
    results = [run_store(kind, args.teachers, args.seed, args.pg_url) for kind in kinds]
    print()
    print(
        f"{'store':<9} {'teachers':>8} {'periods':>8} {'rows':>9} {'scan s':>7} "
        f"{'signal s':>8} {'x scan':>7}"
    )
    for r in results:
        print(
            f"{r['store']:<9} {r['teachers']:>8} {r['periods']:>8} {r['rows_scanned']:>9} "
            f"{r['scan_s']:>7.3f} {r['signal_s']:>8.3f} {r['signal_over_scan']:>7.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
