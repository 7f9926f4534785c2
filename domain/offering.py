"""Training providers and their offerings: admission, validation, validity and revocation.

Any provider may apply (docs/domain.md, "Validation of offerings"): a :class:`Provider` aggregate
per provider (its id derived from the provider id its tokens carry), with a :class:`KvkIndex` saved
in the same write so one Chamber of Commerce number has one provider. A validator admits or refuses
it within two weeks.

An admitted provider submits :class:`Offering` s. A validator decides on each against the
validation criteria in force; the decision's receipt and trace go into the event like every
decision of the register. A validation holds from the day it was decided for the criteria's
validity period and can be revoked with reasons; neither can be dated back, so whether an
offering was validated on a past day never changes once that day has passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.errors import ConflictError, InvalidInputError
from domain.values import Actor
from policies.messages import M

NAMESPACE: Final = UUID("c3b1d7e2-45a9-4f06-8e1b-7a9d2c4f6e83")
SUBMITTED: Final = "submitted"
ADMITTED: Final = "admitted"
REFUSED: Final = "refused"
VALIDATED: Final = "validated"
REVOKED: Final = "revoked"


def provider_aggregate_id(provider_id: str) -> UUID:
    """The provider's aggregate, from the provider id its tokens carry as subject."""
    return uuid5(NAMESPACE, f"provider:{provider_id}")


def kvk_index_id(kvk_number: str) -> UUID:
    return uuid5(NAMESPACE, f"kvk:{kvk_number}")


class KvkIndex(Aggregate):
    """Points from a Chamber of Commerce number to the one provider that holds it."""

    class Indexed(Aggregate.Created):
        provider_id: str

    def __init__(self, provider_id: str) -> None:
        self.provider_id = provider_id

    @classmethod
    def create(cls, kvk_number: str, provider_id: str) -> KvkIndex:
        return cls._create(cls.Indexed, id=kvk_index_id(kvk_number), provider_id=provider_id)


class Provider(Aggregate):
    """A training provider: its answers to the admission questions and the decisions on them."""

    class Event(Aggregate.Event):
        actor: Actor
        reason: str | None
        correlation_id: str

    class Applied(Event, Aggregate.Created):
        """The provider applied for admission."""

        provider_id: str
        name: str
        kvk_number: str
        answers: dict[str, Any]
        submitted_on: date
        decide_by: date

        def apply(self, aggregate: Provider) -> None:
            aggregate.provider_id = self.provider_id
            aggregate._submit(self.name, self.answers, self.submitted_on, self.decide_by)
            aggregate.kvk_number = self.kvk_number

    class Reapplied(Event):
        """A refused provider applied again, with new answers."""

        name: str
        answers: dict[str, Any]
        submitted_on: date
        decide_by: date

        def apply(self, aggregate: Provider) -> None:
            aggregate._submit(self.name, self.answers, self.submitted_on, self.decide_by)

    class AdmissionDecided(Event):
        """A validator decided on the application; the receipt says how and why."""

        decision: dict[str, Any]

        def apply(self, aggregate: Provider) -> None:
            aggregate.status = str(self.decision["outcome"])
            aggregate.decisions.append({**self.decision, "version": self.originator_version})

    def __init__(self) -> None:
        self.provider_id = ""
        self.name = ""
        self.kvk_number = ""
        self.answers: dict[str, Any] = {}
        self.status = SUBMITTED
        self.submitted_on = date.min
        self.decide_by = date.min
        self.decisions: list[dict[str, Any]] = []

    def _submit(
        self, name: str, answers: dict[str, Any], submitted_on: date, decide_by: date
    ) -> None:
        self.name = name
        self.answers = dict(answers)
        self.status = SUBMITTED
        self.submitted_on = submitted_on
        self.decide_by = decide_by

    @classmethod
    def apply_for_admission(
        cls,
        *,
        provider_id: str,
        name: str,
        kvk_number: str,
        answers: dict[str, Any],
        submitted_on: date,
        decide_by: date,
        actor: Actor,
        correlation_id: str,
    ) -> Provider:
        return cls._create(
            cls.Applied,
            id=provider_aggregate_id(provider_id),
            provider_id=provider_id,
            name=name,
            kvk_number=kvk_number,
            answers=answers,
            submitted_on=submitted_on,
            decide_by=decide_by,
            actor=actor,
            reason=None,
            correlation_id=correlation_id,
        )

    def reapply(
        self,
        *,
        name: str,
        kvk_number: str,
        answers: dict[str, Any],
        submitted_on: date,
        decide_by: date,
        actor: Actor,
        correlation_id: str,
    ) -> None:
        if self.status != REFUSED:
            raise ConflictError(
                M.PROVIDER_ALREADY_APPLIED(provider_id=self.provider_id, status=self.status)
            )
        if kvk_number != self.kvk_number:
            raise InvalidInputError.of("kvk_number", M.PROVIDER_KVK_NUMBER_CHANGED())
        self.trigger_event(
            self.Reapplied,
            name=name,
            answers=answers,
            submitted_on=submitted_on,
            decide_by=decide_by,
            actor=actor,
            reason=None,
            correlation_id=correlation_id,
        )

    def decide(self, *, decision: dict[str, Any], actor: Actor, correlation_id: str) -> None:
        if self.status != SUBMITTED:
            raise ConflictError(
                M.APPLICATION_ALREADY_DECIDED(provider_id=self.provider_id, status=self.status)
            )
        self.trigger_event(
            self.AdmissionDecided,
            decision=decision,
            actor=actor,
            reason=None,
            correlation_id=correlation_id,
        )


@dataclass(frozen=True, slots=True)
class Validity:
    """The days on which an offering counts as validated: from, until, and revoked from."""

    valid_from: date
    valid_until: date
    revoked_on: date | None = None

    def covers(self, day: date) -> bool:
        if self.revoked_on is not None and day >= self.revoked_on:
            return False
        return self.valid_from <= day <= self.valid_until


class Offering(Aggregate):
    """A training offering of an admitted provider, and the decisions on it."""

    class Event(Aggregate.Event):
        actor: Actor
        reason: str | None
        correlation_id: str

    class Submitted(Event, Aggregate.Created):
        """An admitted provider submitted an offering for validation."""

        provider_id: str
        provider_name: str
        title: str
        description: str
        sector: str | None
        competence_areas: list[str]
        contact_hours: Decimal
        self_study_hours: Decimal
        has_assessment: bool
        price: Decimal
        submitted_on: date
        decide_by: date

    class Validated(Event):
        """A validator validated the offering; it counts as validated over the period."""

        decision: dict[str, Any]
        valid_from: date
        valid_until: date

        def apply(self, aggregate: Offering) -> None:
            aggregate.status = VALIDATED
            aggregate.validity = Validity(self.valid_from, self.valid_until)
            aggregate.decisions.append({**self.decision, "version": self.originator_version})

    class Refused(Event):
        """A validator refused the offering; the trace says which criteria were not met."""

        decision: dict[str, Any]

        def apply(self, aggregate: Offering) -> None:
            aggregate.status = REFUSED
            aggregate.decisions.append({**self.decision, "version": self.originator_version})

    class Revoked(Event):
        """The validation was revoked from `revoked_on`; `reason` says why."""

        revoked_on: date
        decision: dict[str, Any]

        def apply(self, aggregate: Offering) -> None:
            aggregate.status = REVOKED
            assert aggregate.validity is not None
            aggregate.validity = Validity(
                aggregate.validity.valid_from, aggregate.validity.valid_until, self.revoked_on
            )
            aggregate.decisions.append({**self.decision, "version": self.originator_version})

    def __init__(
        self,
        provider_id: str,
        provider_name: str,
        title: str,
        description: str,
        sector: str | None,
        competence_areas: list[str],
        contact_hours: Decimal,
        self_study_hours: Decimal,
        has_assessment: bool,
        price: Decimal,
        submitted_on: date,
        decide_by: date,
    ) -> None:
        self.provider_id = provider_id
        self.provider_name = provider_name
        self.title = title
        self.description = description
        self.sector = sector
        self.competence_areas = list(competence_areas)
        self.contact_hours = contact_hours
        self.self_study_hours = self_study_hours
        self.has_assessment = has_assessment
        self.price = price
        self.submitted_on = submitted_on
        self.decide_by = decide_by
        self.status = SUBMITTED
        self.validity: Validity | None = None
        self.decisions: list[dict[str, Any]] = []

    @classmethod
    def submit(
        cls,
        *,
        offering_id: UUID,
        provider: Provider,
        title: str,
        description: str,
        sector: str | None,
        competence_areas: list[str],
        contact_hours: Decimal,
        self_study_hours: Decimal,
        has_assessment: bool,
        price: Decimal,
        submitted_on: date,
        decide_by: date,
        actor: Actor,
        correlation_id: str,
    ) -> Offering:
        """Submit an offering; only an admitted provider may."""
        if provider.status != ADMITTED:
            raise ConflictError(
                M.PROVIDER_NOT_ADMITTED(provider_id=provider.provider_id, status=provider.status)
            )
        return cls._create(
            cls.Submitted,
            id=offering_id,
            provider_id=provider.provider_id,
            provider_name=provider.name,
            title=title,
            description=description,
            sector=sector,
            competence_areas=list(competence_areas),
            contact_hours=contact_hours,
            self_study_hours=self_study_hours,
            has_assessment=has_assessment,
            price=price,
            submitted_on=submitted_on,
            decide_by=decide_by,
            actor=actor,
            reason=None,
            correlation_id=correlation_id,
        )

    @property
    def offering_id(self) -> str:
        return str(self.id)

    def validated_on(self, day: date) -> bool:
        """Whether the offering counted as validated on ``day``."""
        return self.validity is not None and self.validity.covers(day)

    def record_validation(
        self,
        *,
        decision: dict[str, Any],
        valid_from: date,
        valid_until: date,
        actor: Actor,
        correlation_id: str,
    ) -> None:
        self._check_undecided()
        self.trigger_event(
            self.Validated,
            decision=decision,
            valid_from=valid_from,
            valid_until=valid_until,
            actor=actor,
            reason=None,
            correlation_id=correlation_id,
        )

    def record_refusal(
        self, *, decision: dict[str, Any], actor: Actor, correlation_id: str
    ) -> None:
        self._check_undecided()
        self.trigger_event(
            self.Refused, decision=decision, actor=actor, reason=None, correlation_id=correlation_id
        )

    def _check_undecided(self) -> None:
        if self.status != SUBMITTED:
            raise ConflictError(
                M.OFFERING_ALREADY_DECIDED(offering_id=self.offering_id, status=self.status)
            )

    def revoke(
        self,
        *,
        revoked_on: date,
        decision: dict[str, Any],
        actor: Actor,
        reason: str | None,
        correlation_id: str,
    ) -> None:
        if not (reason and reason.strip()):
            raise InvalidInputError.of("reason", M.REVOCATION_REASONS_REQUIRED())
        if self.status != VALIDATED or self.validity is None:
            raise ConflictError(
                M.OFFERING_NOT_REVOCABLE(offering_id=self.offering_id, status=self.status)
            )
        if revoked_on > self.validity.valid_until:
            raise ConflictError(
                M.VALIDATION_ALREADY_ENDED(
                    offering_id=self.offering_id, until_date=self.validity.valid_until.isoformat()
                )
            )
        self.trigger_event(
            self.Revoked,
            revoked_on=revoked_on,
            decision=decision,
            actor=actor,
            reason=reason.strip(),
            correlation_id=correlation_id,
        )
