"""Dependencies for routes that read read models: a connection, read-your-writes, paging.

A write answers with the log `position` of its last event. A read that sends
`X-Min-Position: N` is answered once the read models it uses have passed N; after a bounded
wait (`LR_MIN_POSITION_WAIT` seconds) it gets 503 with `Retry-After` instead of stale data.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Annotated, Any

import anyio.to_thread
from fastapi import Depends, Query, Request

from api.context import on_exit
from api.problems import ApiProblem
from projections.common import decode_cursor
from projections.db import Db, DbPool

#: What a 503 for a read model that has not caught up asks clients to wait (seconds).
RETRY_AFTER_SECONDS = 1
MIN_POSITION_HEADER = "x-min-position"
MIN_POSITION_DOC = (
    "Answer only once the read models have passed this log position (the `position` a write "
    "answered with); 503 with Retry-After if they do not within LR_MIN_POSITION_WAIT seconds."
)


async def read_db(request: Request) -> Db:
    """A read-model connection from the pool, given back when the request is over.

    Neither a thread hop nor a `yield` dependency (on the public register's hot path each
    costs about as much as the lookup): an idle connection is taken on the event loop, a new
    one is opened in a worker thread, and the edge middleware gives it back after the answer.
    """
    pool: DbPool = request.app.state.services.projections.readers
    db = pool.take()
    if db is None:
        db = await anyio.to_thread.run_sync(pool.open)
    on_exit(partial(_give_back, pool, db))
    return db


async def _give_back(pool: DbPool, db: Db) -> None:
    surplus = pool.give_back(db)  # a closed (broken) connection is not kept
    if surplus is not None:
        await anyio.to_thread.run_sync(surplus.close)


ReadDbDep = Annotated[Db, Depends(read_db)]


def min_position(*names: str) -> Callable[..., Awaitable[None]]:
    """A dependency that waits until the named read models passed `X-Min-Position`."""

    async def wait(request: Request) -> None:
        # The header is read here rather than declared as a parameter (which FastAPI would
        # validate on every request); api/openapi.py documents it on every route using this.
        x_min_position = request.headers.get(MIN_POSITION_HEADER)
        if x_min_position is None:
            return
        services = request.app.state.services
        text = x_min_position.strip()
        if not text.isascii() or not text.isdigit() or len(text) > 18:
            raise ApiProblem(
                400, "Malformed request", "X-Min-Position must be a log position such as 42"
            )
        position = int(text)
        head = await anyio.to_thread.run_sync(services.register.head_position)
        if position > head:
            # No write has answered with this position (yet): waiting cannot help.
            raise ApiProblem(
                422,
                "Position beyond the log",
                f"X-Min-Position {position} is beyond the newest event of the log ({head});"
                " send the position a write answered with",
                kind="position-beyond-log",
            )
        timeout = services.settings.min_position_wait
        reached = await anyio.to_thread.run_sync(
            partial(services.projections.wait_for, position, list(names), timeout=timeout)
        )
        if not reached:
            raise ApiProblem(
                503,
                "Not yet consistent",
                f"the read models have not reached position {position} yet; try again shortly",
                kind="not-consistent",
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            )

    wait.__name__ = "min_position_" + "_".join(names)
    return wait


class Page:
    """`?limit=` and `?cursor=` of a list request."""

    def __init__(
        self,
        limit: Annotated[int, Query(ge=1, le=500, description="rows per page")] = 50,
        cursor: Annotated[
            str | None,
            Query(max_length=500, description="`next_cursor` of the previous page"),
        ] = None,
    ) -> None:
        self.limit = limit
        self.cursor = cursor

    def after(self, *kinds: type) -> list[Any] | None:
        """The sort key in the cursor, one value of each kind (`str` or `int`), or None on the
        first page; 400 for a cursor this API did not give out (another shape, other types, a
        NUL or a lone surrogate, a number beyond 64 bits), so no foreign value ever reaches a
        query."""
        if self.cursor is None:
            return None
        values = decode_cursor(self.cursor, len(kinds))
        if values is None or not all(map(_fits, values, kinds)):
            raise ApiProblem(400, "Malformed request", "the cursor is not one this API gave out")
        return values


#: Bounds of a cursor's values: what a sort key of ours can hold.
MAX_CURSOR_TEXT = 400
INT64 = 2**63


def _fits(value: Any, kind: type) -> bool:
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool) and -INT64 <= value < INT64
    if kind is str:
        return (
            isinstance(value, str)
            and len(value) <= MAX_CURSOR_TEXT
            and "\x00" not in value
            and _encodable(value)
        )
    return False


def _encodable(text: str) -> bool:
    """Whether the text is UTF-8 (JSON's `\\ud800` decodes to a lone surrogate, which no
    database driver can send)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


async def page(
    limit: Annotated[int, Query(ge=1, le=500, description="rows per page")] = 50,
    cursor: Annotated[
        str | None, Query(max_length=500, description="`next_cursor` of the previous page")
    ] = None,
) -> Page:
    """The paging of a list request (an `async` function: FastAPI would call the class in
    the thread pool)."""
    return Page(limit, cursor)


PageDep = Annotated[Page, Depends(page)]
