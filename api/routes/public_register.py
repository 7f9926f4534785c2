"""The public register: anyone may look a teacher up.

Reads only the `public_register` read model; never the event store. Answers carry the public
fields of docs/domain.md, "What is public", and nothing else.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from api.problems import problem_responses
from api.readmodels import Page, PageDep, ReadDbDep, min_position
from api.schemas.public_register import (
    RegisterEntriesPublic,
    RegisterEntryDetail,
    register_detail,
    register_entry,
)
from domain.errors import NotFoundError
from projections import public_register
from projections.common import encode_cursor
from projections.db import Db

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
    found = public_register.search(
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


@router.get(
    "/{register_number}",
    response_model=RegisterEntryDetail,
    dependencies=CONSISTENT,
    responses=problem_responses(400, 404, 422, 503),
)
def read_entry(
    register_number: str,
    db: ReadDbDep,
    on: Annotated[date | None, Query(description="the entry as it stood on this day")] = None,
) -> Response:
    """One entry with the history of its statuses; `?on=` shows it as it stood that day."""
    # The busiest read of the register: the model is dumped once, not validated again by
    # FastAPI on the way out (`response_model` still documents it).
    body = find_entry(register_number, db, on).model_dump_json(by_alias=True)
    return Response(body, media_type="application/json")


def find_entry(register_number: str, db: Db, on: date | None = None) -> RegisterEntryDetail:
    """The public entry as it stands (or stood on `on`); the web pages show the same."""
    found = public_register.entry(db, register_number, on=on)
    if found is None:
        when = f" on {on.isoformat()}" if on else ""
        raise NotFoundError(f"register number {register_number} is not in the register{when}")
    return register_detail(found, on)
