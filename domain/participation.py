"""Participation that providers deliver: who completed which of their offerings.

A provider delivers participation the way an employer delivers appointments (CSV or JSON,
every row judged on its own, every fault named with its row and field, once per delivery id).
Each valid row is kept in the teacher's file as a reported participation
(:class:`domain.teacher.Teacher.ParticipationReported`); the teacher sees it and confirms it
with one click, which records the activity with the offering's title, areas and the hours
reported. A delivery is one atomic write together with its :class:`ParticipationDelivery`
record, whose id is derived from the provider and the delivery id: a second delivery with the
same id collides with it and changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Final
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.activity_rules import OfferingTerms, hours_errors
from domain.delivery import NAMESPACE
from domain.delivery_rows import check_date, restored_bsn
from domain.errors import FieldError
from domain.values import Actor, bsn_is_valid
from policies.messages import M

COLUMNS: Final = ("bsn", "offering_id", "completed_on", "contact_hours", "self_study_hours")
REQUIRED: Final = ("bsn", "offering_id", "completed_on")
MAX_ROWS: Final = 10_000
#: A key the CSV reader sets on a row whose number of fields differs from the header's.
SHAPE: Final = "(row)"


def participation_delivery_id(provider_id: str, delivery_id: str) -> UUID:
    """Id of the record of one participation delivery: one per provider and delivery id."""
    return uuid5(NAMESPACE, f"participation-delivery:{provider_id}:{delivery_id}")


def participation_id_for(offering_id: str, person_key: str, completed_on: date) -> str:
    """A participation is the same when offering, person and day of completion agree."""
    return str(uuid5(NAMESPACE, f"participation:{offering_id}:{person_key}:{completed_on}"))


@dataclass(frozen=True, slots=True)
class ReportedRow:
    """One row whose values are well-formed (the offering and person are checked after)."""

    row: int
    bsn: str
    offering_id: str
    completed_on: date
    contact_hours: Decimal | None
    self_study_hours: Decimal | None


@dataclass
class CheckedParticipation:
    """Rows split into the well-formed ones and the faults of the others, and the warnings."""

    valid: list[ReportedRow] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)

    def reject(self, row: int, errors: list[FieldError]) -> None:
        self.rejected.append({"row": row, "errors": [e.to_dict() for e in errors]})


def _text(raw: Mapping[str, Any], name: str) -> str:
    value = raw.get(name)
    return "" if value is None else str(value).strip()


def _hours(raw: Mapping[str, Any], name: str, errors: list[FieldError]) -> Decimal | None:
    text = _text(raw, name).replace(",", ".")
    if not text:
        return None
    try:
        hours = Decimal(text)
    except InvalidOperation:
        errors.append(FieldError(name, M.VALUE_NOT_NUMERIC(name=name)))
        return None
    if not hours.is_finite() or hours < 0:
        errors.append(FieldError(name, M.HOURS_NEGATIVE()))
        return None
    return hours


def check_participation_row(
    number: int,
    raw: Mapping[str, Any],
    today: date,
    *,
    spreadsheet: bool,
    warnings: list[dict[str, Any]],
) -> ReportedRow | list[FieldError]:
    """One row's values, or every fault in them."""
    errors: list[FieldError] = []
    if SHAPE in raw:
        errors.append(
            FieldError(SHAPE, raw[SHAPE] if isinstance(raw[SHAPE], str) else str(raw[SHAPE]))
        )
    errors += [
        FieldError(k, M.COLUMN_UNKNOWN(column=repr(k)))
        for k in sorted(raw)
        if k not in (*COLUMNS, SHAPE)
    ]
    bsn = _text(raw, "bsn")
    restored = restored_bsn(bsn) if spreadsheet else None
    if restored is not None and bsn_is_valid(restored):
        bsn = restored
        warnings.append(
            {
                "row": number,
                "field": "bsn",
                "message": M.LEADING_ZERO_RESTORED(),
            }
        )
    if not bsn_is_valid(bsn):
        errors.append(FieldError("bsn", M.BSN_INVALID()))
    offering_id = _text(raw, "offering_id")
    if not offering_id:
        errors.append(FieldError("offering_id", M.FIELD_REQUIRED(name="offering_id")))
    completed_on = check_date(raw, "completed_on", errors, required=True)
    if completed_on is not None and completed_on > today:
        errors.append(FieldError("completed_on", M.PARTICIPATION_IN_FUTURE()))
    contact = _hours(raw, "contact_hours", errors)
    self_study = _hours(raw, "self_study_hours", errors)
    if errors:
        return errors
    assert completed_on is not None
    return ReportedRow(number, bsn, offering_id, completed_on, contact, self_study)


def check_participation_rows(
    rows: Sequence[Mapping[str, Any]], today: date, *, spreadsheet: bool = False
) -> CheckedParticipation:
    """Every row's values checked, numbered from 1."""
    checked = CheckedParticipation()
    for number, raw in enumerate(rows, start=1):
        row_warnings: list[dict[str, Any]] = []
        result = check_participation_row(
            number, raw, today, spreadsheet=spreadsheet, warnings=row_warnings
        )
        if isinstance(result, list):
            checked.reject(number, result)
            continue
        checked.valid.append(result)
        checked.warnings += row_warnings
    return checked


def offering_errors(
    provider_id: str, terms: OfferingTerms | None, row: ReportedRow
) -> list[FieldError]:
    """A provider reports participation only in its own offerings, validated on the day
    completed, for at most the validated hours."""
    if terms is None or terms.provider_id != provider_id:
        return [
            FieldError(
                "offering_id",
                M.PROVIDER_NO_OFFERING(provider_id=provider_id, offering_id=row.offering_id),
            )
        ]
    if not terms.validated:
        return [
            FieldError(
                "offering_id",
                M.OFFERING_NOT_VALIDATED(
                    offering_id=row.offering_id, completed_date=row.completed_on.isoformat()
                ),
            )
        ]
    return hours_errors(
        terms,
        terms.contact_hours if row.contact_hours is None else row.contact_hours,
        terms.self_study_hours if row.self_study_hours is None else row.self_study_hours,
    )


class ParticipationDelivery(Aggregate):
    """The record of one participation delivery: what was accepted and rejected."""

    class Received(Aggregate.Created):
        """A provider delivered participation; the answer it got is kept here."""

        provider_id: str
        delivery_id: str
        fingerprint: str
        received_on: date
        answer: dict[str, Any]
        actor: Actor
        correlation_id: str

    def __init__(
        self,
        provider_id: str,
        delivery_id: str,
        fingerprint: str,
        received_on: date,
        answer: dict[str, Any],
    ) -> None:
        self.provider_id = provider_id
        self.delivery_id = delivery_id
        self.fingerprint = fingerprint
        self.received_on = received_on
        self.answer = answer

    @classmethod
    def receive(
        cls,
        *,
        provider_id: str,
        delivery_id: str,
        fingerprint: str,
        received_on: date,
        answer: dict[str, Any],
        actor: Actor,
        correlation_id: str,
    ) -> ParticipationDelivery:
        return cls._create(
            cls.Received,
            id=participation_delivery_id(provider_id, delivery_id),
            provider_id=provider_id,
            delivery_id=delivery_id,
            fingerprint=fingerprint,
            received_on=received_on,
            answer=answer,
            actor=actor,
            correlation_id=correlation_id,
        )
