"""The registrar's list of strike-off proposals (docs/procedures.md, "Hearing before an adverse
decision").

Which hearings await a decision: open proposals, those that may be decided now (the teacher
gave their view, or the term for it has passed) first, then those still awaiting the view,
each by the day the view was due. Reads the `proposals` read model, with names and register
numbers from the `staff` one; each proposal itself is read from the file
(`GET /api/teachers/{teacher_id}/strike-off-proposals/{proposal_id}`).

The registrar decides them; an auditor, who may read every proposal, may read the list too.
The appeals committee may not: it sees a proposal only through the decision objected to.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from api.access import RegistrarOrAuditor
from api.context import note_file_read
from api.deps import RegisterDep
from api.problems import ApiProblem, problem_responses
from api.readmodels import Page, PageDep, ReadDbDep, min_position
from api.schemas.proposals import ProposalList, ProposalListItem
from domain.register import Register
from projections import proposals as proposals_model
from projections import staff as staff_model
from projections.common import encode_cursor
from projections.db import Db

router = APIRouter(tags=["decisions"])

Consistent = Annotated[
    None, Depends(min_position(proposals_model.Proposals.name, staff_model.Staff.name))
]


def _after(values: list[object] | None) -> tuple[int, str, str] | None:
    """The cursor's (rank, view_due, proposal_id); 400 for one of another shape."""
    if values is None:
        return None
    rank, due, pid = values
    if not (
        isinstance(rank, int)
        and not isinstance(rank, bool)
        and isinstance(due, str)
        and isinstance(pid, str)
    ):
        raise ApiProblem(400, "Malformed request", "the cursor is not one this API gave out")
    return rank, due, pid


@router.get(
    "/api/strike-off-proposals",
    response_model=ProposalList,
    responses=problem_responses(400, 401, 403, 503),
)
def list_proposals(
    _: RegistrarOrAuditor,
    _consistent: Consistent,
    db: ReadDbDep,
    page: PageDep,
    register: RegisterDep,
    status_: Annotated[
        str, Query(alias="status", pattern="^(open|all)$", description="default open")
    ] = "open",
) -> ProposalList:
    """Strike-off proposals, those that may be decided now at the top (`may_be_decided`: the
    view is in or its term has passed), then those awaiting the view, then (`status=all`) the
    decided and withdrawn ones; each group by the day the view was due."""
    return answer_list_proposals(db, page, register, status_)


def answer_list_proposals(db: Db, page: Page, register: Register, status_: str) -> ProposalList:
    """One page of the list (the role and consistency are the caller's to check)."""
    rows = proposals_model.listing(
        db,
        on=register.clock(),
        status=None if status_ == "all" else status_,
        after=_after(page.after(int, str, str)),
        limit=page.limit + 1,
    )
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    for row in rows:
        note_file_read(row["teacher_id"])  # an intended strike-off is not public
    last = rows[-1] if rows else None
    return ProposalList(
        data=[ProposalListItem(**r) for r in rows],
        next_cursor=encode_cursor(last["rank"], last["view_due"], last["proposal_id"])
        if more and last
        else None,
    )
