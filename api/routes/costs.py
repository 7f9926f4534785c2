"""Costs of professional development (issue 4): who pays what, per year, sector, employer.

Reads only the `costs` read model. The profession (standards) and the registrar see every
employer; an employer sees its own board only.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from api.access import CostReaders
from api.auth import Principal, forbid
from api.problems import problem_responses
from api.readmodels import Page, PageDep, ReadDbDep, min_position
from api.schemas.common import PayerT, SectorT
from api.schemas.costs import CostRow, CostsPublic, CostSum, CostTotals
from domain.values import Role
from projections import costs as costs_model
from projections.common import encode_cursor, money
from projections.db import Db

router = APIRouter(prefix="/api/costs", tags=["costs"])


@router.get("", response_model=CostsPublic, responses=problem_responses(400, 401, 403, 422, 503))
def read_costs(
    principal: CostReaders,
    _consistent: Annotated[None, Depends(min_position(costs_model.Costs.name))],
    db: ReadDbDep,
    page: PageDep,
    year: Annotated[int | None, Query(ge=1900, le=2999)] = None,
    sector: SectorT | None = None,
    payer: PayerT | None = None,
    board_number: Annotated[str | None, Query(max_length=20)] = None,
) -> CostsPublic:
    """Totals and counts per year, sector, employer and payer, with sums per year, sector
    and payer over everything the filters select."""
    return answer_read_costs(principal, db, page, year, sector, payer, board_number)


def answer_read_costs(
    principal: Principal,
    db: Db,
    page: Page,
    year: int | None = None,
    sector: SectorT | None = None,
    payer: PayerT | None = None,
    board_number: str | None = None,
) -> CostsPublic:
    """One page of costs as this caller may see them (an employer only its own board's;
    consistency is the caller's)."""
    if principal.role == Role.EMPLOYER:
        if board_number is not None and board_number != principal.subject:
            raise forbid("an employer sees only the costs of its own board")
        board_number = principal.subject
    after = page.after(str)
    rows, sums = costs_model.totals(
        db,
        board_number=board_number,
        year=year,
        sector=sector,
        payer=payer,
        after=str(after[0]) if after else None,
        limit=page.limit + 1,
    )
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    return CostsPublic(
        data=[
            CostRow(
                year=r["year"],
                sector=r["sector"],
                board_number=r["board_number"],
                payer=r["payer"],
                total=money(r["total_cents"]),
                count=r["count"],
            )
            for r in rows
        ],
        next_cursor=encode_cursor(rows[-1]["bucket"]) if more and rows else None,
        totals=CostTotals(
            **{
                f"by_{column}": [
                    CostSum(key=s[column], total=money(s["total_cents"]), count=s["count"])
                    for s in sums[column]
                ]
                for column in ("year", "sector", "payer")
            }
        ),
    )
