"""The ceiling for bench/http_lookup.py: a bare FastAPI endpoint doing the public register's
primary-key lookup with psycopg and nothing else (no middleware, no auth, no models).

Served by uvicorn exactly like the register (`uvicorn bench.ceiling:app`); reads
LR_DATABASE_URL and LR_DATABASE_SCHEMA.
"""

from __future__ import annotations

import os
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from psycopg_pool import ConnectionPool

SCHEMA = os.environ["LR_DATABASE_SCHEMA"]
pool = ConnectionPool(
    os.environ["LR_DATABASE_URL"],
    min_size=4,
    max_size=40,
    kwargs={"autocommit": True, "options": f"-c search_path={SCHEMA}"},
    open=True,
)
app = FastAPI()


@app.get("/api/public/register/{register_number}")
def lookup(register_number: str) -> Any:
    with pool.connection() as conn:
        row = conn.execute(
            "SELECT teacher_id, register_number, initials, prefix, family_name "
            "FROM public_register WHERE register_number = %s",
            (register_number,),
        ).fetchone()
    if row is None:
        return JSONResponse({"detail": "not found"}, status_code=404)
    return {
        "register_number": row[1],
        "name": {"initials": row[2], "prefix": row[3], "family_name": row[4]},
    }
