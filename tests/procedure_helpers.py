"""Builders shared by the procedure tests: delivery rows, CSV text, admitted providers."""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal
from typing import Any

from api.demo import valid_bsn
from domain.commands.offerings import ApplyAsProvider, DecideProvider, SubmitOffering
from domain.register import Context, Register
from domain.values import Actor

BOARD = "41234"
EMPLOYER = Context(Actor("employer", BOARD), reason="test")
VALIDATOR = Context(Actor("validator", "v1"), reason="test")
APPEALS = Context(Actor("appeals", "commissie"), reason="test")
PROVIDER_ID = "acme-academie"
PROVIDER = Context(Actor("provider", PROVIDER_ID))

_rng = random.Random(29)


def new_bsn() -> str:
    return valid_bsn(_rng)


def row(bsn: str | None = None, **changes: Any) -> dict[str, Any]:
    """A valid delivery row (a vo teacher at school 01AB since August 2024), with changes."""
    base: dict[str, Any] = {
        "bsn": bsn or new_bsn(),
        "gender": "V",
        "birth_date": "1980-05-01",
        "basis": "diploma",
        "brin": "01AB",
        "start": "2024-08-01",
        "end": None,
        "contract_start": "2024-08-01",
        "contract_end": None,
        "fte": "0.8",
    }
    base.update(changes)
    return base


def csv_of(rows: list[dict[str, Any]], delimiter: str = ",") -> bytes:
    """Rows as a CSV file with the header of a delivery (docs/domain.md, "Data that employers deliver")."""
    columns = list(row("111222333"))
    lines = [delimiter.join(columns)]
    for r in rows:
        lines.append(delimiter.join("" if r.get(c) is None else str(r[c]) for c in columns))
    return ("\n".join(lines) + "\n").encode("utf-8")


def provider_answers(**changes: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "name": "Acme Academie",
        "kvk_number": "12345678",
        "staff_level": "hbo",
        "practice_alignment": "Elke cursus wordt met twee scholen ontwikkeld en getest.",
        "quality_monitoring": "Evaluatie na elke cursus; jaarlijkse audit door een externe partij.",
        "complaints_procedure": True,
        "complaint_decision_days": 10,
    }
    answers.update(changes)
    return answers


def admitted_provider(
    register: Register, provider_id: str = PROVIDER_ID, kvk: str = "12345678"
) -> str:
    """A provider that applied and was admitted."""
    ctx = Context(Actor("provider", provider_id))
    register.apply_as_provider(
        provider_id, ApplyAsProvider(**provider_answers(kvk_number=kvk)), ctx=ctx
    )
    register.decide_provider(
        provider_id,
        DecideProvider(practice_alignment_sufficient=True, quality_monitoring_sufficient=True),
        ctx=VALIDATOR,
    )
    return provider_id


def offering(register: Register, provider_id: str = PROVIDER_ID, **changes: Any) -> str:
    """A submitted offering of 8 contact hours and 4 of self-study; returns its id."""
    fields: dict[str, Any] = {
        "title": "Formatief evalueren in de wiskundeles",
        "description": "Twee middagen en een opdracht in de eigen klas.",
        "sector": "vo",
        "competence_areas": ["didactics", "subject_matter"],
        "contact_hours": Decimal(8),
        "self_study_hours": Decimal(4),
        "has_assessment": False,
        "price": Decimal("250.00"),
    }
    fields.update(changes)
    ctx = replace(PROVIDER, actor=Actor("provider", provider_id))
    result = register.submit_offering(provider_id, SubmitOffering(**fields), ctx=ctx)
    return str(result.data["offering_id"])
