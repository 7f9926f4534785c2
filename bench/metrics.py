"""What counting a request for `/metrics` costs on the hot path, beside the edge without it.

In one run: the edge middleware (`api.middleware.EdgeMiddleware`: request id, context, the
access line; no database) around a bare ASGI app that answers 200 at once, driven in-process
with no network, with metrics off (the baseline) and on (`api.metrics.Recorder`, files in a
temporary folder), alternating rounds; and `Recorder.request` alone. The access line is
logged at `warning` level, so it is filtered (as a JSON log to a file would be cheap beside
the request anyway). Usage:

    .venv/bin/python bench/metrics.py [--requests 20000] [--rounds 5]

Target: under 10 % of the edge alone, which is itself a small part of a public lookup
through the whole stack (bench/http_lookup.py). Measured on the development machine (2 shared
CPUs under the load of other work, so absolute figures are inflated and noisy; 10,000 requests,
median of 7 rounds; two runs): edge 352 / 328 us without metrics, 385 / 365 us with
(+9.4 % / +11.3 %); `Recorder.request` alone 3.8 / 15 us a call (an empty Python call took
0.4-1.6 us on the same machine then, some 20 times its usual cost).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.logging import configure_logging
from api.metrics import Metrics
from api.middleware import EdgeMiddleware

ROUTE = type("Route", (), {"path": "/api/public/register/{register_number}"})()


class _Access:
    """The access log is not written by this route (no file is disclosed)."""

    def record(self, _entries: Any) -> None:  # pragma: no cover
        raise AssertionError


async def _bare(scope: Any, _receive: Any, send: Any) -> None:
    scope["route"] = ROUTE
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})


async def _drive(edge: EdgeMiddleware, requests: int) -> float:
    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(_message: Any) -> None:
        return None

    started = time.perf_counter()
    for n in range(requests):
        scope = {
            "type": "http",
            "method": "GET",
            "path": f"/api/public/register/{100000 + n}",
            "headers": [],
            "client": ("127.0.0.1", 5000),
        }
        await edge(scope, receive, send)
    return (time.perf_counter() - started) / requests


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    configure_logging("json", "warning")
    with tempfile.TemporaryDirectory() as folder:
        metrics = Metrics(Path(folder))
        metrics.start()
        recorder = metrics.recorder
        assert recorder is not None

        def edge(metrics: Metrics | None) -> EdgeMiddleware:
            return EdgeMiddleware(
                _bare,
                access=_Access(),  # type: ignore[arg-type]
                limiter=None,
                clock=lambda: date(2026, 1, 1),
                metrics=metrics,
            )

        without, with_metrics = edge(None), edge(metrics)
        base: list[float] = []
        counted: list[float] = []
        for _ in range(args.rounds):
            base.append(asyncio.run(_drive(without, args.requests)))
            counted.append(asyncio.run(_drive(with_metrics, args.requests)))
        started = time.perf_counter()
        for n in range(args.requests):
            recorder.request("GET", ROUTE.path, 200 + n % 2, 0.0004, None)
        alone = (time.perf_counter() - started) / args.requests
        metrics.stop()
    b, c = statistics.median(base), statistics.median(counted)
    print(f"edge without metrics: {b * 1e6:7.2f} us/request (median of {args.rounds} rounds)")
    print(f"edge with metrics:    {c * 1e6:7.2f} us/request ({(c / b - 1) * 100:+.1f} %)")
    print(f"Recorder.request:     {alone * 1e6:7.2f} us/call")


if __name__ == "__main__":
    main()
