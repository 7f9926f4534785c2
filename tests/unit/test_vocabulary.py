"""One vocabulary: the API's `Literal`s say exactly what the domain's enums hold.

The request schemas spell each vocabulary as a `Literal` (so the OpenAPI document lists the
values); the domain decides with its enums (`domain/values.py`). A value added to one and not
the other would be refused at the edge, or accepted there and refused inside with a 409.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, get_args

import pytest

from api.schemas import common
from domain.values import (
    ActivityKind,
    Basis,
    CompetenceArea,
    LeaveKind,
    Payer,
    Sector,
    StrikeOffGround,
)

PAIRS: list[tuple[Any, type[StrEnum]]] = [
    (common.SectorT, Sector),
    (common.BasisT, Basis),
    (common.KindT, ActivityKind),
    (common.AreaT, CompetenceArea),
    (common.PayerT, Payer),
    (common.LeaveKindT, LeaveKind),
    (common.GroundT, StrikeOffGround),
]

#: Values only stored events hold: a new request cannot name them.
STORED_ONLY: dict[type[StrEnum], set[str]] = {LeaveKind: {LeaveKind.ILLNESS.value}}


@pytest.mark.parametrize(("literal", "enum"), PAIRS, ids=[e.__name__ for _, e in PAIRS])
def test_the_schema_says_what_the_domain_holds(literal: Any, enum: type[StrEnum]) -> None:
    named = {member.value for member in enum} - STORED_ONLY.get(enum, set())
    assert set(get_args(literal)) == named


def test_every_vocabulary_literal_of_the_schemas_is_checked() -> None:
    checked = {id(literal) for literal, _ in PAIRS}
    literals = [
        name
        for name, value in vars(common).items()
        if name.endswith("T")
        and get_args(value)
        and all(isinstance(a, str) for a in get_args(value))
    ]
    assert literals, "no vocabulary found in api.schemas.common"
    unchecked = [name for name in literals if id(getattr(common, name)) not in checked]
    assert not unchecked, f"vocabularies without a domain counterpart checked: {unchecked}"
