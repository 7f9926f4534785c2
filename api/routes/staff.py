"""Staff lists for employers (docs/access.md): who works here and may they teach.

Reads only the `staff` read model. An employer sees its own board's staff, nothing else.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from api.access import Employer
from api.auth import Principal, forbid
from api.deps import RegisterDep
from api.problems import problem_responses
from api.readmodels import Page, PageDep, ReadDbDep, min_position
from api.schemas.staff import NotRegisteredPerson, StaffList, staff_member
from domain.register import Register
from projections import deliveries as deliveries_model
from projections import staff as staff_model
from projections.common import encode_cursor
from projections.db import Db

router = APIRouter(prefix="/api/employers", tags=["employers"])


@router.get(
    "/{board_number}/staff",
    response_model=StaffList,
    responses=problem_responses(400, 401, 403, 503),
)
def staff_list(
    board_number: str,
    principal: Employer,
    _consistent: Annotated[
        None, Depends(min_position(staff_model.Staff.name, deliveries_model.Deliveries.name))
    ],
    db: ReadDbDep,
    page: PageDep,
    register: RegisterDep,
) -> StaffList:
    """People with an appointment at this board; per qualification, whether they may teach."""
    return answer_staff_list(board_number, principal, db, page, register)


def answer_staff_list(
    board_number: str, principal: Principal, db: Db, page: Page, register: Register
) -> StaffList:
    """One page of the caller's own board's staff (consistency is the caller's)."""
    if principal.subject != board_number:
        raise forbid("an employer sees only the staff of its own board")
    after = page.after(str, str)
    rows = staff_model.staff(
        db,
        board_number,
        on=register.clock(),
        after=(after[0], after[1]) if after else None,
        limit=page.limit + 1,
    )
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    last = rows[-1] if rows else None
    return StaffList(
        not_registered=[
            NotRegisteredPerson(**p) for p in deliveries_model.not_registered(db, board_number)
        ]
        if after is None
        else [],
        data=[staff_member(r) for r in rows],
        next_cursor=encode_cursor(last["sort_key"], last["register_number"])
        if more and last
        else None,
    )
