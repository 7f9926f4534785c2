"""The ceiling for bench/http_lookup.py: a bare FastAPI endpoint that answers the public
register's lookup with one primary-key SELECT on a plain table, over an async psycopg pool,
and nothing else (no middleware, no request id, no log line, no model).

The table (`bench_ceiling`: register number, the JSON document) is filled by the bench with
the very documents the register answers, byte for byte, so both send the same bodies.

Served by uvicorn exactly like the register (`uvicorn bench.ceiling:app`); reads
LR_DATABASE_URL, LR_DATABASE_SCHEMA and LR_BENCH_POOL (connections, default 10).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Response
from fastapi.responses import JSONResponse
from psycopg_pool import AsyncConnectionPool

TABLE = "bench_ceiling"
SIZE = int(os.environ.get("LR_BENCH_POOL", "10"))
pool = AsyncConnectionPool(
    os.environ["LR_DATABASE_URL"],
    min_size=SIZE,
    max_size=SIZE,
    kwargs={"autocommit": True, "options": f"-c search_path={os.environ['LR_DATABASE_SCHEMA']}"},
    open=False,
)


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    await pool.open(wait=True)
    yield
    await pool.close()


app = FastAPI(lifespan=lifespan)


@app.get("/api/public/register/{register_number}")
async def lookup(register_number: str) -> Response:
    async with pool.connection() as conn:
        cur = await conn.execute(
            f"SELECT document FROM {TABLE} WHERE register_number = %s",
            (register_number,),
        )
        row = await cur.fetchone()
    if row is None:
        return JSONResponse({"detail": "not found"}, status_code=404)
    return Response(row[0], media_type="application/json")
