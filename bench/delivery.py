"""Employer data delivery throughput on PostgreSQL, beside a raw COPY of the same rows.

In a fresh schema of the test database (dropped afterwards) this:

1. admits the people of half the rows (bulk, not timed), so the delivery touches files that
   exist as well as people not on file;
2. times a raw psycopg ``COPY`` of the same CSV rows into a plain ten-column table: the ceiling;
3. times ``POST /api/employers/{board}/deliveries`` with the CSV (10,000 rows, 1% invalid)
   through the real app (in-process ASGI, projections off): parse, check every row, load the
   files it touches, apply, save in one write, answer;
4. times the same delivery id again (changes nothing) and a second delivery that changes every
   appointment on file (updates);
5. times the read models catching up with the second delivery's events.

Figures depend on the machine and on what else runs on it: the raw COPY of the same rows is
measured in the same run so the ratio is comparable; the load average is printed.

Usage:

    .venv/bin/python bench/delivery.py [--rows 10000] [--invalid 0.01] [--on-file 0.5]
"""

from __future__ import annotations

import argparse
import io
import os
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

# The repository instead of this folder: a bench module named like a standard module would shadow
# it for everything imported below.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from fastapi.testclient import TestClient

from api.app import create_app
from api.bootstrap import build_services
from api.demo import DemoGenerator, valid_bsn
from api.settings import Settings
from domain.commands.tokens import IssueToken
from domain.register import Context
from domain.values import Actor

PG_URL = os.environ.get("LR_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
TODAY = date(2026, 11, 28)
BOARD = "41234"
COLUMNS = (
    "bsn",
    "gender",
    "birth_date",
    "basis",
    "brin",
    "start",
    "end",
    "contract_start",
    "contract_end",
    "fte",
)


def make_rows(
    people: list[tuple[str, date]], n: int, invalid: float, rng: random.Random
) -> list[list[str]]:
    """n rows: one per person on file (with their date of birth), the rest for people not on
    file, a fraction invalid (spread evenly: a BSN failing the elfproef and an FTE too high)."""
    seen = {bsn for bsn, _ in people}
    rows: list[list[str]] = []
    bad_every = max(1, round(1 / invalid)) if invalid > 0 else 0
    for i in range(n):
        if i < len(people):
            bsn, born = people[i]
        else:
            bsn = valid_bsn(rng)
            while bsn in seen:
                bsn = valid_bsn(rng)
            seen.add(bsn)
            born = date(rng.randint(1960, 1998), 5, 1)
        start = f"{rng.randint(born.year + 22, 2026)}-{rng.randint(1, 12):02d}-01"
        fte = rng.choice(["0.4", "0.6", "0.8", "1.0"])
        brin = f"{rng.randint(0, 99):02d}{rng.choice('ABCDEFGH')}{rng.choice('KLMNPRST')}"
        row = [bsn, rng.choice("MV"), born.isoformat(), "diploma", brin, start, "", start, "", fte]
        if bad_every and i % bad_every == bad_every // 2:
            row[0] = "123456789"  # fails the elfproef
            row[9] = "1.9"  # above the FTE range
        rows.append(row)
    rng.shuffle(rows)
    return rows


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    out.write(",".join(COLUMNS) + "\n")
    for r in rows:
        out.write(",".join(r) + "\n")
    return out.getvalue().encode("utf-8")


def raw_copy(schema: str, rows: list[list[str]], name: str) -> float:
    """Rows per second of a plain COPY of the same rows into a ten-column table."""
    with psycopg.connect(PG_URL) as conn:
        table = sql.Identifier(schema, name)
        conn.execute(
            sql.SQL(
                "CREATE TABLE {} (bsn text, gender text, birth_date date, basis text, brin text, "
                "start_on date, end_on date, contract_start date, contract_end date, fte numeric)"
            ).format(table)
        )
        conn.commit()
        started = time.perf_counter()
        with conn.cursor() as cur, cur.copy(sql.SQL("COPY {} FROM STDIN").format(table)) as copy:
            for r in rows:
                copy.write_row([v or None for v in r])
        conn.commit()
        return len(rows) / (time.perf_counter() - started)


def admit_people(
    services: Any, generator: DemoGenerator, n: int, offset: int
) -> list[tuple[str, date]]:
    """n demo files with their history (appointments, activities, leave, decisions), saved
    many per write as the demo loader does; their BSNs and dates of birth."""
    register = services.register
    people: list[tuple[str, date]] = []
    batch: list[Any] = []
    for i in range(offset, offset + n):
        aggregates = generator.teacher(i)
        teacher = aggregates[0]
        people.append((teacher.bsn, teacher.birth_date))
        batch += aggregates
        if len(batch) >= 3000:
            register.save(*batch)
            batch = []
    if batch:
        register.save(*batch)
    return people


def deliver(
    client: TestClient, headers: dict[str, str], body: bytes, the_id: str
) -> tuple[float, Any]:
    started = time.perf_counter()
    answer = client.post(
        f"/api/employers/{BOARD}/deliveries",
        content=body,
        headers={**headers, "Delivery-Id": the_id},
    )
    elapsed = time.perf_counter() - started
    assert answer.status_code == 200, answer.text
    return elapsed, answer.json()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--invalid", type=float, default=0.01)
    parser.add_argument("--on-file", type=float, default=0.5, help="share of people on file")
    parser.add_argument("--repeat", type=int, default=3, help="deliveries measured")
    args = parser.parse_args()
    rng = random.Random(17)
    schema = f"lr_bench_delivery_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    folder = Path(tempfile.mkdtemp(prefix="lr-bench-"))
    settings = Settings(
        data_dir=folder,
        database_url=PG_URL,
        database_schema=schema,
        secret_key="bench",
        projections="off",
        public_rate_limit=0,
    )
    services = build_services(
        settings, clock=lambda: TODAY, rng=random.Random(1), start_projections=False
    )
    try:
        token, _ = services.register.issue_token(
            IssueToken(role="employer", subject=BOARD, expires_at=None),
            ctx=Context(Actor("system", "bench")),
        )
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "text/csv"}
        on_file = int(args.rows * args.on_file)
        print(
            f"PostgreSQL, schema {schema} (dropped afterwards), load average "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        results = []
        generator = DemoGenerator(services.register, 11, TODAY)
        with TestClient(create_app(services)) as client:
            for run in range(args.repeat):
                t0 = time.perf_counter()
                people = admit_people(services, generator, on_file, offset=run * on_file)
                rows = make_rows(people, args.rows, args.invalid, rng)
                setup = time.perf_counter() - t0
                body = csv_bytes(rows)
                raw = raw_copy(schema, rows, f"raw_{run}")
                before = services.register.head_position()
                cpu = time.process_time()
                first, data = deliver(client, headers, body, f"bench-{run}")
                cpu = time.process_time() - cpu
                events = services.register.head_position() - before
                rate = args.rows / first
                results.append((rate / raw, rate, raw, first))
                print(
                    f"  run {run + 1}: raw COPY {raw:>9,.0f} rows/s | delivery {first:5.2f} s "
                    f"({cpu:4.2f} s CPU here), {rate:>6,.0f} rows/s, ratio {rate / raw:.3f} | "
                    f"accepted {data['accepted']:,}, rejected {len(data['rejected'])}, new "
                    f"{data['new']:,}, not on file {data['not_on_file']:,}, {events:,} events "
                    f"| {on_file:,} demo files set up in {setup:.1f} s"
                )
            repeat, again = deliver(client, headers, body, f"bench-{args.repeat - 1}")
            assert again["repeated"] is True
            services.projections.catch_up_all()  # the demo files: not timed
            before = services.register.head_position()
            changed = [[*r[:9], "0.2" if r[9] != "0.2" else "0.3"] for r in rows]
            update, second = deliver(client, headers, csv_bytes(changed), "bench-changed")
            events = services.register.head_position() - before
        started = time.perf_counter()
        services.projections.catch_up_all()
        catch_up = time.perf_counter() - started
        ratios = sorted(r[0] for r in results)
        median = ratios[len(ratios) // 2]
        print(f"  median ratio delivery/raw COPY: {median:.3f} (target >= 0.02)")
        print(f"  same delivery id again: {repeat:.2f} s (changes nothing)")
        print(
            f"  second delivery, every row changed: {update:.2f} s, "
            f"{args.rows / update:,.0f} rows/s (updated {second['updated']:,}, "
            f"kept {second['not_on_file']:,})"
        )
        print(
            f"  read models (all {len(services.projections.projections)}) catching up with "
            f"that delivery's {events:,} events: {catch_up:.2f} s"
        )
    finally:
        services.close()
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


if __name__ == "__main__":
    main()
