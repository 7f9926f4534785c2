"""The demand signal (issue 18, item 4): where teachers fall short, for providers and the
profession.

Read-only and aggregated: per sector and hours criterion, counted by the decision engine over
the portfolio and catalogue read models (:mod:`domain.demand`, :mod:`projections.demand`),
with no cell under ten persons. `X-Min-Position` waits for both read models.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from api.access import DemandReaders
from api.deps import RegisterDep
from api.problems import problem_responses
from api.readmodels import ReadDbDep, min_position
from api.schemas.demand import DemandSignalPublic
from domain.register import Register
from projections import demand
from projections.db import Db

router = APIRouter(tags=["demand signal"])
Consistent = Annotated[None, Depends(min_position(*demand.READ_MODELS))]


@router.get(
    "/api/demand-signal",
    response_model=DemandSignalPublic,
    responses=problem_responses(400, 401, 403, 503),
)
def demand_signal(
    _: DemandReaders, _consistent: Consistent, db: ReadDbDep, register: RegisterDep
) -> DemandSignalPublic:
    """Per sector and hours criterion (and `any`), how many persons whose registration period
    ends in the next twelve months fall short today and by how many hours, counted as a
    re-registration decision counts; a cell under ten persons is suppressed (figures null)."""
    return answer_demand_signal(db, register)


def answer_demand_signal(db: Db, register: Register) -> DemandSignalPublic:
    """The demand signal over the read models (the role and consistency are the caller's)."""
    return DemandSignalPublic(**register.demand_signal(demand.ReadModelDemand(db)))
