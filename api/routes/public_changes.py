"""The public register's change feed (docs/api.md, "Routes added to the contract").

Changes of the public register after a log position, in log order, a page at a time: each
with the public entry as it stood after the change (or its removal) and the ledger leaf of the
event that made it, so an HR system stays in step with one request per page instead of
asking for every entry. Read from the public register's change log (a read model); rate
limited like every public route.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from api.problems import problem_responses
from api.readmodels import ReadDbDep, min_position
from api.schemas.public_changes import PublicChange, PublicChanges
from api.schemas.public_register import register_detail
from projections import public_register, public_register_queries
from projections.ledger.projection import Ledger

router = APIRouter(prefix="/api/public/changes", tags=["public register"])
CONSISTENT = [Depends(min_position(public_register.PublicRegister.name, Ledger.name))]
#: Changes per page at most.
MAX_LIMIT = 1000


@router.get(
    "",
    response_model=PublicChanges,
    dependencies=CONSISTENT,
    responses=problem_responses(400, 422, 503),
)
def list_changes(
    db: ReadDbDep,
    after: Annotated[
        int,
        Query(ge=0, le=2**62, description="a log position: changes after it (0: from the start)"),
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="changes per page")] = 100,
) -> PublicChanges:
    """Changes of the public register after `after`, oldest first, with their ledger leaves."""
    found = public_register_queries.changes(db, after, limit + 1)
    more = len(found) > limit
    found = found[:limit]
    return PublicChanges(
        data=[
            PublicChange(
                position=c["position"],
                leaf_index=c["leaf_index"],
                register_number=c["register_number"],
                change="entry" if c["entry"] is not None else "removed",
                entry=register_detail(c["entry"], None) if c["entry"] is not None else None,
            )
            for c in found
        ],
        next_position=found[-1]["position"] if found else after,
        more=more,
    )
