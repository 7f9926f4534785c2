"""The public register: anyone may look a teacher up.

Reads only the `public_register` read model; never the event store. Answers carry the public
fields of docs/domain.md, "What is public", and nothing else.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Depends, Query, Request, Response

from api.direct_route import DirectRoute
from api.problems import problem_responses
from api.public_lookup import PublicLookup
from api.readmodels import Page, PageDep, ReadDbDep, min_position
from api.schemas.public_register import (
    RegisterEntriesPublic,
    RegisterEntryDetail,
    register_detail,
    register_entry,
)
from domain.errors import NotFoundError
from projections import public_register, public_register_queries
from projections.common import encode_cursor
from projections.db import Db, DbPool

router = APIRouter(prefix="/api/public/register", tags=["public register"])
CONSISTENT = [Depends(min_position(public_register.PublicRegister.name))]


@router.get(
    "",
    response_model=RegisterEntriesPublic,
    dependencies=CONSISTENT,
    responses=problem_responses(400, 422, 503),
)
def search_register(
    db: ReadDbDep,
    page: PageDep,
    name: Annotated[
        str | None,
        Query(max_length=100, description="start of a family name, at least 3 characters"),
    ] = None,
    register_number: Annotated[str | None, Query(max_length=20)] = None,
) -> RegisterEntriesPublic:
    """Find entries by family name (prefix; case and accents do not matter) or register number."""
    return answer_search_register(db, page, name, register_number)


def answer_search_register(
    db: Db, page: Page, name: str | None, register_number: str | None
) -> RegisterEntriesPublic:
    """One page of entries found by name or register number; the web pages show the same."""
    after = page.after(str, str)
    found = public_register_queries.search(
        db,
        name=name,
        register_number=register_number,
        after=(after[0], after[1]) if after else None,
        limit=page.limit + 1,
    )
    more = len(found) > page.limit
    found = found[: page.limit]
    last = found[-1] if found else None
    return RegisterEntriesPublic(
        data=[register_entry(f) for f in found],
        next_cursor=encode_cursor(last["family_key"], last["register_number"])
        if more and last
        else None,
    )


async def read_entry(
    register_number: str,
    request: Request,
    on: Annotated[date | None, Query(description="the entry as it stood on this day")] = None,
) -> Response:
    """One entry with the history of its statuses; `?on=` shows it as it stood that day."""
    # The busiest read of the register: the answer as the projection keeps it, one row sent
    # as it is (api/public_lookup.py); `response_model` documents it. A request without a
    # query string comes straight here (api/direct_route.py).
    body = await entry_answer(request, register_number, on)
    return Response(body, media_type="application/json")


async def entry_answer(request: Request, register_number: str, on: date | None = None) -> str:
    """The answer of `read_entry` as JSON text; the web page shows the same entry."""
    lookup: PublicLookup = request.app.state.public_lookup
    if on is None:
        try:
            body = await lookup.document(register_number)
        except public_register_queries.DocumentsNotBuiltError:
            body = await anyio.to_thread.run_sync(_rendered, lookup.readers, register_number)
        if body is None:
            raise _not_found(register_number, None)
        return body
    body = await anyio.to_thread.run_sync(_rendered, lookup.readers, register_number, on)
    assert body is not None  # an entry not there on that day is a 404
    return body


router.add_api_route(
    "/{register_number}",
    read_entry,
    methods=["GET"],
    response_model=RegisterEntryDetail,
    dependencies=CONSISTENT,
    responses=problem_responses(400, 404, 422, 503),
    route_class_override=DirectRoute,
)


def _rendered(readers: DbPool, register_number: str, on: date | None = None) -> str | None:
    """The answer read from the entry's rows (`?on=`, or tables without documents)."""
    with readers.connection() as db:
        found = public_register_queries.entry(db, register_number, on=on)
    if found is None:
        if on is not None:
            raise _not_found(register_number, on)
        return None
    return register_detail(found, on).model_dump_json(by_alias=True)


def _not_found(register_number: str, on: date | None) -> NotFoundError:
    when = f" on {on.isoformat()}" if on else ""
    return NotFoundError(f"register number {register_number} is not in the register{when}")


def find_entry(register_number: str, db: Db, on: date | None = None) -> RegisterEntryDetail:
    """The public entry as it stands (or stood on `on`); the web pages show the same."""
    if on is None:
        try:
            document = public_register_queries.stored_document(db, register_number)
        except public_register_queries.DocumentsNotBuiltError:
            pass
        else:
            if document is None:
                raise _not_found(register_number, None)
            return RegisterEntryDetail.model_validate_json(document)
    found = public_register_queries.entry(db, register_number, on=on)
    if found is None:
        raise _not_found(register_number, on)
    return register_detail(found, on)
