"""The national-scale bench (issue 17): load, rebuild, busy day and impact, each beside its
baseline measured in the same run, on PostgreSQL, with the peak memory of each command.

Every measured command runs as the operator runs it, as its own `lerarenregister` process on
a schema of its own (`lr_bench_national_<pid>`, created and dropped here); its peak memory is
that process's resident high-water mark (`wait4`'s `ru_maxrss`).

- load: `lerarenregister demo --teachers N` until it returns, which is when the read models
  and the ledger have caught up, in events per second of the whole command, beside raw
  `executemany` of as many rows of the stored events' mean size, 1,000 rows per transaction
  (bench/append.py's baseline). Target at least 0.3.
- rebuild: `lerarenregister projections rebuild` (every read model and the ledger, side by
  side, from the log), beside a binary `COPY` of as many rows of that size (bench/rebuild.py's
  baseline; the faster of one before and one after). Target at least 0.15.
- busy day: `lerarenregister run-due` on the demo's date, when every period that ended is due
  (a third of the demo's registrations began four to six years before its date: a busier day
  than the issue's 25%), in decisions per second of the whole command (target at least 300);
  and public lookups (`GET /api/public/register/{number}`, a paced sampler at `--lookup-rate`
  per second against a `lerarenregister serve` process following the log) while it runs,
  beside the same sampler idle just before: p99 during at most twice p99 idle.
- impact: a draft weighed against the register (as bench/decide.py: 100 hours instead of 160,
  governing every period ending 2021-2030, which is every period on file) in a process of its
  own, beside a plain scan of the same rows in the same process before and after
  (bench/decide.py's baseline); and the same draft as an impact run, end to end: drafted into
  the book, `POST /api/criteria/impact-runs` to a `serve` process whose worker thread runs it,
  polled until `GET` answers it completed. Target at most 10 times the scan, for both.

The machine may be shared: run `uptime` beside it and report the load with the figures.

    .venv/bin/python bench/national.py [--teachers 20000] [--only load,rebuild,busy,impact]
    .venv/bin/python bench/national.py --teachers 250000     # the national figure
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
import psycopg
from psycopg import sql

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from append import raw_postgres
from decide import draft, scan_rows
from rebuild import event_shape, percentile, raw_baseline

from api.bootstrap import Services, build_services
from api.logging import configure_logging
from api.settings import Settings
from domain.teacher_scan import TeacherScan

PG_URL = os.environ.get("LR_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
#: The register's date: a realistic 1 August, when many periods end.
TODAY = date(2026, 8, 1)
PHASES = ("load", "rebuild", "busy", "impact")
CLI = str(ROOT / ".venv" / "bin" / "lerarenregister")
PYTHON = sys.executable


@dataclass
class Ran:
    """A finished command: wall seconds, peak resident memory (bytes) and its output."""

    seconds: float
    peak: int
    stdout: str


def mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


class Bench:
    def __init__(self, teachers: int, lookup_rate: float, idle_seconds: float) -> None:
        self.teachers = teachers
        self.lookup_rate = lookup_rate
        self.idle_seconds = idle_seconds
        self.schema = f"lr_bench_national_{os.getpid()}"
        self.folder = Path(tempfile.mkdtemp(prefix="lr-bench-national-"))
        self.env = {
            **os.environ,
            "LR_DATABASE_URL": PG_URL,
            "LR_DATABASE_SCHEMA": self.schema,
            "LR_DATA_DIR": str(self.folder),
            "LR_SECRET_KEY": "bench-national",
            "LR_TODAY": TODAY.isoformat(),
            "LR_PROJECTIONS": "off",
            "LR_LOG_LEVEL": "warning",
            "LR_PUBLIC_RATE_LIMIT": "0",
        }
        self.results: list[str] = []
        self._services: Services | None = None

    # -- setting up and tearing down ----------------------------------------------------------

    def __enter__(self) -> Bench:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(self.schema)))
        return self

    def __exit__(self, *_: object) -> None:
        if self._services is not None:
            self._services.close()
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(self.schema))
            )
        shutil.rmtree(self.folder, ignore_errors=True)

    def services(self) -> Services:
        """The bench's own view of the store, for baselines and samples (no projections)."""
        if self._services is None:
            settings = Settings(
                database_url=PG_URL,
                database_schema=self.schema,
                data_dir=self.folder,
                secret_key="bench-national",
                projections="off",
                log_level="warning",
            )
            self._services = build_services(settings, clock=lambda: TODAY, start_projections=False)
        return self._services

    def run(self, *args: str, env: dict[str, str] | None = None) -> Ran:
        """Run a command to its end; its stderr (the progress bars) passes through."""
        with tempfile.TemporaryFile("w+") as out:
            started = time.perf_counter()
            proc = subprocess.Popen(args, env=env or self.env, stdout=out)
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - started
            proc.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            text = out.read()
        sys.stdout.write(text)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed with status {proc.returncode}")
        return Ran(seconds, usage.ru_maxrss * 1024, text)

    def report(self, line: str) -> None:
        print(line, flush=True)
        self.results.append(line)

    # -- the phases ---------------------------------------------------------------------------

    def load(self) -> None:
        ran = self.run(CLI, "demo", "--teachers", str(self.teachers), "--seed", "1")
        count, state_size = event_shape(self.services())
        rate = count / ran.seconds

        def rows() -> Iterator[tuple[uuid.UUID, int, str, bytes]]:
            topic = "domain.teacher:Teacher.ActivityRecorded"
            states = [os.urandom(state_size) for _ in range(1000)]
            for i in range(count):
                yield uuid.uuid4(), 1, topic, states[i % 1000]

        raw = raw_postgres(self.schema, rows())
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP TABLE {}").format(sql.Identifier(self.schema, "raw_baseline"))
            )
        self.report(
            f"load     demo --teachers {self.teachers:,} until ready: {count:,} events in "
            f"{ran.seconds:,.1f}s = {rate:,.0f} events/s; raw executemany (1,000/tx, "
            f"{state_size} B rows) {raw:,.0f} rows/s; ratio {rate / raw:.2f} (target >= 0.3: "
            f"{verdict(rate / raw >= 0.3)}); peak {mib(ran.peak)} "
            f"(target <= 1 GiB: {verdict(ran.peak <= 2**30)})"
        )

    def rebuild(self) -> None:
        services = self.services()
        count, state_size = event_shape(services)
        before = raw_baseline(services, count, state_size)
        ran = self.run(CLI, "projections", "rebuild")
        after = raw_baseline(services, count, state_size)
        raw = max(before, after)
        rate = count / ran.seconds
        self.report(
            f"rebuild  projections rebuild (all, ledger included): {count:,} events in "
            f"{ran.seconds:,.1f}s = {rate:,.0f} events/s; raw binary COPY {raw:,.0f} rows/s "
            f"(best of before/after); ratio {rate / raw:.3f} (target >= 0.15: "
            f"{verdict(rate / raw >= 0.15)}); peak {mib(ran.peak)} "
            f"(target <= 1 GiB: {verdict(ran.peak <= 2**30)})"
        )

    def busy(self) -> None:
        numbers = self._register_numbers()
        port = _free_port()
        env = {**self.env, "LR_PROJECTIONS": "inprocess"}
        server = subprocess.Popen(
            [CLI, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_ready(base)
            sampler = Sampler(base, numbers, self.lookup_rate)
            idle = sampler.sample_for(self.idle_seconds)
            sampler.start()
            ran = self.run(CLI, "run-due")
            during = sampler.stop()
        finally:
            server.terminate()
            server.wait(timeout=30)
        decided = _decided(ran.stdout)
        rate = decided / ran.seconds
        idle_p99, during_p99 = percentile(idle, 99), percentile(during, 99)
        self.report(
            f"busy     run-due on {TODAY.isoformat()}: {decided:,} decisions in "
            f"{ran.seconds:,.1f}s = {rate:,.0f} decisions/s (target >= 300: "
            f"{verdict(rate >= 300)}); peak {mib(ran.peak)} "
            f"(target <= 1 GiB: {verdict(ran.peak <= 2**30)})"
        )
        self.report(
            f"         public lookups at {self.lookup_rate:g}/s: p99 idle "
            f"{idle_p99 * 1000:.1f} ms ({len(idle)} requests), during run-due "
            f"{during_p99 * 1000:.1f} ms ({len(during)} requests, p50 "
            f"{statistics.median(during) * 1000:.1f} ms); ratio {during_p99 / idle_p99:.2f} "
            f"(target <= 2: {verdict(during_p99 <= 2 * idle_p99)})"
        )

    def impact(self) -> None:
        self.run(CLI, "criteria", "init")
        with tempfile.NamedTemporaryFile("wb", suffix=".json", delete=False) as f:
            f.write(draft())
        try:
            ran = self.run(PYTHON, __file__, "--impact-child", f.name, env=self.env)
        finally:
            os.unlink(f.name)
        data = json.loads(ran.stdout.strip().splitlines()[-1])
        ratio = data["impact_s"] / data["scan_s"]
        self.report(
            f"impact   draft over {data['qualifications']:,} periods: {data['impact_s']:.2f}s; "
            f"plain scan of the same {data['rows']:,} rows {data['scan_s']:.2f}s (mean of "
            f"before/after); {ratio:.1f}x (target <= 10x: {verdict(ratio <= 10)}); peak "
            f"{mib(ran.peak)} (process of its own, scans included)"
        )
        job_s, worker_s, periods = self.impact_job()
        ratio = job_s / data["scan_s"]
        self.report(
            f"impact   as a job (POST /api/criteria/impact-runs to its completed GET, a serve "
            f"process's worker) over {periods:,} periods: {job_s:.2f}s end to end "
            f"({worker_s:.2f}s analysing); plain scan {data['scan_s']:.2f}s; {ratio:.1f}x "
            f"(target <= 10x: {verdict(ratio <= 10)})"
        )

    def impact_job(self) -> tuple[float, float, int]:
        """The same draft as an impact run: drafted into the book, started over HTTP against a
        `serve` process whose worker runs it, polled until completed; (seconds from the start
        to the result, the worker's analysis seconds, periods weighed)."""
        with tempfile.NamedTemporaryFile("wb", suffix=".json", delete=False) as f:
            f.write(draft())
        try:
            self.run(CLI, "criteria", "draft", f.name)
        finally:
            os.unlink(f.name)
        token = self.run(CLI, "token", "issue", "--role", "standards").stdout.split()[-1]
        port = _free_port()
        env = {**self.env, "LR_IMPACT_WORKER": "inprocess"}
        server = subprocess.Popen(
            [CLI, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_healthy(base)
            with httpx.Client(
                base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60
            ) as http:
                started = time.perf_counter()
                answer = http.post(
                    "/api/criteria/impact-runs",
                    json={
                        "version": 2,
                        "due_from": "2021-01-01",
                        "due_to": "2030-12-31",
                        "effective_from": "2017-01-01",
                    },
                )
                if answer.status_code != 202:
                    raise SystemExit(f"impact run not started: {answer.status_code} {answer.text}")
                location = answer.headers["location"]
                while True:
                    run = http.get(location).json()
                    if run["status"] not in ("queued", "running"):
                        break
                    time.sleep(0.05)
                job_s = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
        if run["status"] != "completed":
            raise SystemExit(f"impact run ended {run['status']}: {run['error']}")
        return job_s, float(run["result"]["seconds"]), int(run["result"]["qualifications"])

    def _register_numbers(self) -> list[str]:
        with self.services().projections.readers.connection() as db:
            rows = db.fetchall("SELECT register_number FROM public_register LIMIT 2000")
        numbers = [str(r[0]) for r in rows]
        if not numbers:
            raise SystemExit("the public register is empty: run the load phase first")
        return numbers


class Sampler:
    """Public lookups at a steady pace on one keep-alive connection, each timed."""

    def __init__(self, base: str, numbers: list[str], rate: float) -> None:
        self.client = httpx.Client(base_url=base, timeout=30)
        self.numbers = numbers
        self.interval = 1.0 / rate
        self.rng = random.Random(7)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._latencies: list[float] = []

    def _loop(self, until: float, into: list[float]) -> None:
        begin = time.perf_counter()
        n = 0
        while not self._stop.is_set() and time.perf_counter() < until:
            pause = begin + n * self.interval - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            number = self.rng.choice(self.numbers)
            started = time.perf_counter()
            response = self.client.get(f"/api/public/register/{number}")
            into.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise RuntimeError(f"lookup answered {response.status_code}")
            n += 1

    def sample_for(self, seconds: float) -> list[float]:
        out: list[float] = []
        self._loop(time.perf_counter() + seconds, out)
        return out

    def start(self) -> None:
        self._latencies = []
        self._thread = threading.Thread(
            target=self._loop, args=(float("inf"), self._latencies), daemon=True
        )
        self._thread.start()

    def stop(self) -> list[float]:
        self._stop.set()
        assert self._thread is not None
        self._thread.join()
        self.client.close()
        return self._latencies


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_ready(base: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not become ready")


def _wait_healthy(base: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not come up")


def _decided(stdout: str) -> int:
    for line in stdout.splitlines():
        if line.startswith("decided "):
            return int(line.split()[1])
    raise SystemExit("run-due printed no count")


def impact_child(path: str) -> int:
    """In a process of its own: scan, impact, scan; prints one JSON line."""
    configure_logging("console", "warning")
    services = build_services(Settings(), start_projections=False)
    try:
        register = services.register
        scan = TeacherScan(register)
        scan_rows(scan)  # warm the cache once, so neither side pays for the first read
        started = time.perf_counter()
        rows = scan_rows(scan)
        scan_before = time.perf_counter() - started
        started = time.perf_counter()
        analysis = register.impact(
            Path(path).read_bytes(),
            # every period on file: the run-due above decided those that ended, so the
            # window reaches the end of the periods that run now; the draft governs all
            due_from=date(2021, 1, 1),
            due_to=date(2030, 12, 31),
            effective_from=date(2017, 1, 1),
        )
        impact_s = time.perf_counter() - started
        started = time.perf_counter()
        scan_rows(scan)
        scan_after = time.perf_counter() - started
    finally:
        services.close()
    print(
        json.dumps(
            {
                "rows": rows,
                "scan_s": (scan_before + scan_after) / 2,
                "impact_s": impact_s,
                "qualifications": analysis["qualifications"],
                "changed": analysis["changed"],
            }
        )
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teachers", type=int, default=20_000)
    parser.add_argument(
        "--only", default=",".join(PHASES), help=f"comma-separated subset of {','.join(PHASES)}"
    )
    parser.add_argument("--lookup-rate", type=float, default=100.0, help="lookups/s (busy day)")
    parser.add_argument("--idle-seconds", type=float, default=10.0, help="idle lookup sample")
    parser.add_argument("--impact-child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.impact_child:
        return impact_child(args.impact_child)
    phases = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = sorted(set(phases) - set(PHASES))
    if unknown:
        parser.error(f"unknown phase(s) {', '.join(unknown)}; choose from {', '.join(PHASES)}")
    configure_logging("console", "warning")
    load_before = os.getloadavg()
    with Bench(args.teachers, args.lookup_rate, args.idle_seconds) as bench:
        # Every later phase needs a register: the load runs whatever was asked.
        bench.load() if "load" in phases else bench.run(
            CLI, "demo", "--teachers", str(args.teachers), "--seed", "1"
        )
        for phase in PHASES[1:]:
            if phase in phases:
                getattr(bench, phase)()
        print(f"\n=== national bench, {args.teachers:,} teachers, PostgreSQL ===")
        for line in bench.results:
            print(line)
    load_after = os.getloadavg()
    print(
        f"machine load average (1/5/15 min) before {load_before[0]:.2f}/{load_before[1]:.2f}/"
        f"{load_before[2]:.2f}, after {load_after[0]:.2f}/{load_after[1]:.2f}/"
        f"{load_after[2]:.2f}; {os.cpu_count()} cores"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
