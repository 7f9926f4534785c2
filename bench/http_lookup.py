"""HTTP throughput on PostgreSQL: public register lookups beside a bare ceiling, and POSTs.

In one run, against one demo register in one PostgreSQL schema:

1. ceiling: `bench/ceiling.py`, a bare FastAPI endpoint that looks the register number up by
   primary key in a plain table over an async psycopg pool and answers the JSON document
   stored there, nothing else; the bench fills that table (`bench_ceiling`) with the documents
   the register itself answers, byte for byte, for every entry;
2. register: `GET /api/public/register/{register_number}` of the real app (`lerarenregister
   serve`, everything on: middleware, request ids, access log line, read-model pool);
3. page: the same entry as the public web page `GET /register/{register_number}` (the same
   route function, then rendered as HTML with its history, in Dutch);
4. writes: `POST /api/teachers/{id}/activities` with a teacher token per file.

Each is served by uvicorn in its own process (one at a time, same settings) and driven by
`wrk` with 32 connections over random register numbers (random teachers for the POSTs);
requests/s and p50/p99 latency are printed, and the register's ratio to the ceiling
(target: at least 0.7 of the throughput, a p99 at most 1.5 times). Usage:

    apt-get install -y wrk   # once
    .venv/bin/python bench/http_lookup.py [--teachers 100000] [--seconds 20] [--rounds 3]
        [--connections 32] [--projections inprocess|off]

The demo register is loaded once into the schema `lr_bench_http_<teachers>` and reused by
later runs (`--fresh` loads it again). LR_BENCH_DATABASE_URL names the server.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named like the standard library's `http`: keep its folder off the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time
from typing import Any

import httpx
import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.bootstrap import build_services
from api.demo import load_demo
from api.logging import configure_logging
from api.routes.public_register import find_entry
from api.settings import Settings
from domain.commands.tokens import IssueToken
from domain.register import Context
from domain.values import Actor
from projections.db import Db

PG_URL = os.environ.get("LR_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
SECRET = "bench-secret"
#: A fixed key-encryption key: the data folder is temporary, the loaded schema is reused.
KEK = "6c" * 32
TARGET_RATIO, TARGET_P99 = 0.7, 1.5
CEILING = "ceiling (bare FastAPI, async pool)"
REGISTER = "register GET public entry"
PAGE = "register public entry page (HTML)"
CEILING_TABLE = "bench_ceiling"
SAMPLE_NUMBERS = 20_000
POST_TEACHERS = 1_000


def settings_for(schema: str, data_dir: Path, **extra: Any) -> Settings:
    return Settings(
        database_url=PG_URL,
        database_schema=schema,
        data_dir=data_dir,
        secret_key=SECRET,
        kek=KEK,
        projections="off",
        public_rate_limit=0,
        **extra,
    )


def prepare(schema: str, teachers: int, fresh: bool, data_dir: Path) -> dict[str, Any]:
    """Load the demo register (once) and bring the read models up to date."""
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        if fresh:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
    services = build_services(settings_for(schema, data_dir), start_projections=False)
    try:
        register = services.register
        if register.head_position() == 0:
            started = time.perf_counter()
            summary = load_demo(register, teachers, seed=1, progress=_progress("demo"))
            print(
                f"demo: {summary.teachers} teachers, {summary.events} events in "
                f"{time.perf_counter() - started:.0f}s"
            )
        started = time.perf_counter()
        rebuilt = services.projections.rebuild_outdated()
        services.projections.catch_up_all()
        print(
            f"read models caught up in {time.perf_counter() - started:.0f}s"
            + (f" (rebuilt for their new code: {', '.join(rebuilt)})" if rebuilt else "")
        )
        with services.projections.readers.connection() as db:
            numbers = [
                r[0]
                for r in db.fetchall(
                    "SELECT register_number FROM public_register ORDER BY teacher_id LIMIT ?",
                    (SAMPLE_NUMBERS,),
                )
            ]
            ids = [
                r[0]
                for r in db.fetchall(
                    "SELECT teacher_id FROM public_register ORDER BY register_number LIMIT ?",
                    (POST_TEACHERS,),
                )
            ]
            count = db.fetchone("SELECT count(*) FROM public_register")
        documents = ceiling_table(schema, db, count[0] if count else 0)
        ctx = Context(Actor("system", "bench"), reason="bench")
        tokens = [
            (
                tid,
                register.issue_token(
                    IssueToken(role="teacher", subject=tid, expires_at=None), ctx=ctx
                )[0],
            )
            for tid in ids
        ]
        return {
            "numbers": numbers,
            "tokens": tokens,
            "entries": count[0] if count else 0,
            "document_bytes": documents,
        }
    finally:
        services.close()


def ceiling_table(schema: str, db: Db, entries: int) -> float:
    """The ceiling's plain table: every entry's register number (primary key) and the JSON
    document `GET /api/public/register/{number}` answers for it, as the register's own code
    renders it. Made once per schema; returns the documents' average size in bytes."""
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {CEILING_TABLE} "
            "(register_number TEXT PRIMARY KEY, document TEXT NOT NULL)"
        )
        row = conn.execute(
            f"SELECT count(*), coalesce(avg(octet_length(document)), 0) FROM {CEILING_TABLE}"
        ).fetchone()
        assert row is not None
        if row[0] == entries:
            return float(row[1])
        started = time.perf_counter()
        conn.execute(f"TRUNCATE {CEILING_TABLE}")
        numbers = [r[0] for r in db.fetchall("SELECT register_number FROM public_register")]
        with conn.cursor() as cur, cur.copy(f"COPY {CEILING_TABLE} FROM STDIN") as copy:
            for number in numbers:
                document = find_entry(number, db).model_dump_json(by_alias=True)
                copy.write_row((number, document))
        conn.execute(f"ANALYZE {CEILING_TABLE}")
        row = conn.execute(
            f"SELECT coalesce(avg(octet_length(document)), 0) FROM {CEILING_TABLE}"
        ).fetchone()
        assert row is not None
        print(f"ceiling table: {len(numbers):,} documents in {time.perf_counter() - started:.0f}s")
        return float(row[0])


def _progress(label: str) -> Any:
    last = [0.0]

    def show(done: int, total: int) -> None:
        if time.perf_counter() - last[0] > 5 or done == total:
            last[0] = time.perf_counter()
            print(f"  {label}: {done}/{total}", flush=True)

    return show


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A uvicorn process, started and stopped around one measurement."""

    def __init__(self, argv: list[str], env: dict[str, str], port: int) -> None:
        self.port = port
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=self.log
        )
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/nothing", timeout=1)
                return
            except httpx.TransportError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.log.seek(0)
                    raise RuntimeError(self.log.read().decode()[-2000:]) from None
                time.sleep(0.2)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def base_env(schema: str, data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "LR_DATABASE_URL": PG_URL,
        "LR_DATABASE_SCHEMA": schema,
        "LR_DATA_DIR": str(data_dir),
        "LR_SECRET_KEY": SECRET,
        "LR_KEK": KEK,
        "LR_PUBLIC_RATE_LIMIT": "0",
        "LR_LOG_FORMAT": "json",
        "PYTHONPATH": str(ROOT),
    }


def register_server(schema: str, data_dir: Path, projections: str) -> Server:
    port = free_port()
    env = {**base_env(schema, data_dir), "LR_PROJECTIONS": projections}
    cli = str(Path(sys.executable).parent / "lerarenregister")
    return Server([cli, "serve", "--port", str(port)], env, port)


def ceiling_server(schema: str, data_dir: Path) -> Server:
    port = free_port()
    argv = [
        sys.executable,
        "-m",
        "uvicorn",
        "bench.ceiling:app",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    return Server(argv, base_env(schema, data_dir), port)


GET_SCRIPT = """
local numbers = {%s}
request = function()
  return wrk.format("GET", "/api/public/register/" .. numbers[math.random(#numbers)])
end
"""

PAGE_SCRIPT = """
local numbers = {%s}
request = function()
  return wrk.format("GET", "/register/" .. numbers[math.random(#numbers)])
end
"""

POST_SCRIPT = """
local files = {%s}
local n = 0
request = function()
  n = n + 1
  local f = files[math.random(#files)]
  local body = '{"kind":"course","title":"bench ' .. n .. '","occurred_on":"2025-03-01",' ..
    '"contact_hours":4,"competence_areas":["didactics"]}'
  return wrk.format("POST", "/api/teachers/" .. f[1] .. "/activities",
    {["Authorization"] = "Bearer " .. f[2], ["Content-Type"] = "application/json"}, body)
end
"""

STATUS_SCRIPT = """
local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
done = function(summary, latency, requests)
  for s, n in pairs(statuses) do io.write(string.format("status %%d %%d\\n", s, n)) end
end
"""


def wrk(port: int, script: str, seconds: int, connections: int) -> dict[str, float]:
    """Run wrk; requests/s, p50 and p99 in ms, and the share of non-2xx answers."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
        path = f.name
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{seconds}s",
                "--latency",
                "-s",
                path,
                f"http://127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(path)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    pct = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
    statuses = {int(s): int(n) for s, n in re.findall(r"^status (\d+) (\d+)", out, re.M)}
    total = sum(statuses.values()) or 1
    bad = sum(n for s, n in statuses.items() if not 200 <= s < 300) / total
    return {"rps": rate, "p50": _ms(pct["50"]), "p99": _ms(pct["99"]), "errors": bad}


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def show(label: str, r: dict[str, float]) -> None:
    print(
        f"{label:<34} {r['rps']:>9,.0f} req/s   p50 {r['p50']:>7.2f} ms   "
        f"p99 {r['p99']:>7.2f} ms   non-2xx {r['errors']:.1%}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teachers", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3, help="alternating GET rounds")
    parser.add_argument("--fresh", action="store_true", help="load the demo register again")
    parser.add_argument("--drop", action="store_true", help="drop the schema at the end")
    parser.add_argument("--prepare-only", action="store_true", help="load the register, stop")
    parser.add_argument("--no-posts", action="store_true", help="measure the GETs only")
    parser.add_argument(
        "--projections",
        default="inprocess",
        choices=["inprocess", "off"],
        help="read models in the API process during the POST run",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    configure_logging("console", "warning")
    schema = f"lr_bench_http_{args.teachers}"
    data_dir = Path(tempfile.mkdtemp(prefix="lr-bench-http-"))
    print(
        f"PostgreSQL {PG_URL}, schema {schema}; {args.connections} connections, "
        f"{args.seconds}s per run, {os.cpu_count()} CPUs"
    )
    world = prepare(schema, args.teachers, args.fresh, data_dir)
    print(
        f"{world['entries']:,} public entries; {len(world['numbers']):,} sampled numbers; "
        f"documents of {world['document_bytes']:,.0f} bytes on average"
    )
    if args.prepare_only:
        return
    numbers = ",".join(json.dumps(n) for n in world["numbers"])
    get_script = GET_SCRIPT % numbers + STATUS_SCRIPT
    page_script = PAGE_SCRIPT % numbers + STATUS_SCRIPT
    files = ",".join(f"{{{json.dumps(t)},{json.dumps(k)}}}" for t, k in world["tokens"])
    post_script = POST_SCRIPT % files + STATUS_SCRIPT
    runs: dict[str, list[dict[str, float]]] = {CEILING: [], REGISTER: [], PAGE: []}
    post_label = f"register POST activity (projections {args.projections})"
    try:
        for round_ in range(1, args.rounds + 1):
            # Alternate, so that load from elsewhere on the machine hits both alike.
            for label, start, script in (
                (CEILING, lambda: ceiling_server(schema, data_dir), get_script),
                (REGISTER, lambda: register_server(schema, data_dir, "off"), get_script),
                (PAGE, lambda: register_server(schema, data_dir, "off"), page_script),
            ):
                server = start()
                try:
                    wrk(server.port, script, 3, args.connections)  # warm up
                    runs[label].append(wrk(server.port, script, args.seconds, args.connections))
                finally:
                    server.stop()
                show(f"{label} #{round_}", runs[label][-1])
        post = None
        if not args.no_posts:
            server = register_server(schema, data_dir, args.projections)
            try:
                wrk(server.port, post_script, 2, args.connections)  # warm up: token cache
                post = wrk(server.port, post_script, args.seconds, args.connections)
            finally:
                server.stop()
    finally:
        if args.drop:
            with psycopg.connect(PG_URL, autocommit=True) as conn:
                conn.execute(
                    sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema))
                )
        shutil.rmtree(data_dir, ignore_errors=True)
    print(f"-- medians of {args.rounds} rounds")
    ceiling = {k: statistics.median(r[k] for r in runs[CEILING]) for k in runs[CEILING][0]}
    ours = {k: statistics.median(r[k] for r in runs[REGISTER]) for k in runs[REGISTER][0]}
    page = {k: statistics.median(r[k] for r in runs[PAGE]) for k in runs[PAGE][0]}
    show(CEILING, ceiling)
    show(REGISTER, ours)
    show(PAGE, page)
    if post is not None:
        show(post_label, post)
    print(
        f"page/API: throughput {page['rps'] / ours['rps']:.2f}, "
        f"p99 {page['p99'] / ours['p99']:.2f}x (the cost of rendering the entry as a page)"
    )
    ratio = ours["rps"] / ceiling["rps"]
    p99 = ours["p99"] / ceiling["p99"]
    print(
        f"register/ceiling: throughput {ratio:.2f} (target >= {TARGET_RATIO}), "
        f"p99 {p99:.2f}x (target <= {TARGET_P99}x) -> "
        f"{'MET' if ratio >= TARGET_RATIO and p99 <= TARGET_P99 else 'NOT MET'}"
    )


if __name__ == "__main__":
    main()
