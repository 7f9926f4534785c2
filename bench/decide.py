"""Benchmark: `run-due` decisions per second and the impact analysis, beside a plain scan.

For each store (SQLite file, PostgreSQL schema) it loads a demo register, then times, in the
same run:

- scan: a plain SELECT of the rows both read (every teacher event, in primary-key order, in
  the same pages), fetched and not decoded;
- impact: a draft (100 hours instead of 160) weighed against the criteria in force over every
  registered qualification (window wide enough to hold them all);
- run-due: every re-registration due today decided and recorded, then run again (idempotent:
  nothing new).

Target: impact at most ten times the scan. PostgreSQL uses a fresh schema in the database of
--pg-url (default the test database), dropped afterwards.

    .venv/bin/python bench/decide.py --teachers 20000
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
from domain.teacher_scan import TeacherScan
from domain.values import Actor
from policies import load_default

TODAY = date(2026, 11, 28)
ACTOR = Context(Actor("system", "bench"), reason="bench")


def draft() -> bytes:
    raw, _ = load_default("reregistration")
    data = json.loads(raw)
    data.update(version=2, min_total_hours=100)
    data["area_minimums"][0]["min_hours"] = 80
    return json.dumps(data).encode()


def timed(fn: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def scan_rows(scan: TeacherScan) -> int:
    return sum(len(page) for page in scan.raw_pages())


def run_store(kind: str, teachers: int, seed: int, pg_url: str) -> dict[str, Any]:
    tmp = tempfile.TemporaryDirectory(prefix="lr-bench-")
    schema = f"bench_decide_{uuid.uuid4().hex[:8]}"
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
        scan = TeacherScan(register)
        register.ensure_criteria_books(ACTOR)
        scan_rows(scan)  # warm the cache once, so neither side pays for the first read
        scan_seconds, rows = timed(lambda: scan_rows(scan))
        impact_seconds, impact = timed(
            # effective from 2017, so the draft governs every period: both documents judge each
            lambda: register.impact(
                draft(),
                due_from=date(2017, 1, 1),
                due_to=date(2026, 12, 31),
                effective_from=date(2017, 1, 1),
            )
        )
        scan_after, _ = timed(lambda: scan_rows(scan))
        due_seconds, report = timed(lambda: register.run_due(TODAY, ctx=ACTOR))
        again_seconds, again = timed(lambda: register.run_due(TODAY, ctx=ACTOR))
        scan_mean = (scan_seconds + scan_after) / 2
        result = {
            "store": kind,
            "teachers": teachers,
            "events": summary.events,
            "rows_scanned": rows,
            "scan_s": round(scan_mean, 3),
            "impact_s": round(impact_seconds, 3),
            "impact_over_scan": round(impact_seconds / scan_mean, 2),
            "impact_qualifications": impact["qualifications"],
            "impact_changed": impact["changed"],
            "run_due_s": round(due_seconds, 3),
            "decided": report.decided,
            "decisions_per_s": round(report.decided / due_seconds, 1) if due_seconds else 0.0,
            "run_due_over_scan": round(due_seconds / scan_mean, 2),
            "outcomes": report.outcomes,
            "writes": report.writes,
            "second_run_s": round(again_seconds, 3),
            "second_run_decided": again.decided,
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
    parser.add_argument("--teachers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--store", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    kinds = ["sqlite", "postgres"] if args.store == "both" else [args.store]
    results = [run_store(kind, args.teachers, args.seed, args.pg_url) for kind in kinds]
    print()
    print(
        f"{'store':<9} {'teachers':>8} {'rows':>9} {'scan s':>7} {'impact s':>8} {'x scan':>6} "
        f"{'decided':>8} {'run-due s':>9} {'dec/s':>8} {'2nd run s':>9}"
    )
    for r in results:
        print(
            f"{r['store']:<9} {r['teachers']:>8} {r['rows_scanned']:>9} {r['scan_s']:>7.2f} "
            f"{r['impact_s']:>8.2f} {r['impact_over_scan']:>6.1f} {r['decided']:>8} "
            f"{r['run_due_s']:>9.2f} {r['decisions_per_s']:>8.0f} {r['second_run_s']:>9.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
