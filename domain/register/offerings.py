"""Commands on offerings: submit, validate, revoke, rate.

Every decision here is decided first and then recorded with its receipt, as the decisions on
qualifications are (docs/architecture.md): the policy and its sha256, the facts it was evaluated on,
the trace, the reasons in words and the objection deadline. The validation criteria come from the
criteria book (`validation`), so the profession's adopted version in force is the one applied.
The providers who submit offerings apply and are admitted in `providers.py`.

This module also answers the question the decisions on qualifications ask of every activity:
did it come from an offering that was validated on the activity's date?
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any, Final
from uuid import UUID, uuid5

import structlog
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from domain.activity_rules import OfferingTerms
from domain.commands.offerings import (
    OfferingRevocationData,
    OfferingSubmittedData,
    OfferingValidationData,
    RateOffering,
    RatingData,
    RevokeOffering,
    SubmitOffering,
    ValidateOffering,
)
from domain.criteria_book import CriteriaVersion, document_errors
from domain.errors import ConflictError, FieldError, InvalidInputError, NotFoundError
from domain.offering import ADMITTED, NAMESPACE, Offering, Provider, Validity
from domain.register.base import CommandResult, Context, RegisterBase, check_expected_version
from domain.register.providers import MAX_TEXT, decision_words, legal_basis, load_provider
from domain.teacher import Activity, Teacher
from domain.values import CompetenceArea, Sector
from policies import (
    ENGINE_VERSION,
    CriteriaDocumentError,
    OfferingFacts,
    ValidationCriteria,
    document_sha256,
    evaluate_offering,
    parse_validation,
)
from policies.messages import M
from policies.terms import objection_deadline, provider_decision_due

log = structlog.get_logger("lerarenregister.offerings")

VALIDATION: Final = "validation"
#: Cached validity answers (offering id -> (fetched on, validity)); cleared when full.
VALIDITY_CACHE_ENTRIES: Final = 100_000
_AREAS: Final = frozenset(a.value for a in CompetenceArea)
_SECTORS: Final = frozenset(s.value for s in Sector)


class OfferingCommands(RegisterBase):
    """Admitted providers' offerings are submitted, validated, revoked and rated."""

    # -- reads ----------------------------------------------------------------------------

    def get_provider(self, provider_id: str) -> Provider:
        """The provider ``provider_id`` (the offerings' checks of their provider read it here)."""
        return load_provider(self.repository, provider_id)

    def get_offering(self, offering_id: str) -> Offering:
        try:
            oid = UUID(offering_id)
        except ValueError:
            raise NotFoundError(M.OFFERING_NOT_FOUND(offering_id=offering_id)) from None
        try:
            offering: Offering = self.repository.get(oid)
        except AggregateNotFoundError:
            raise NotFoundError(M.OFFERING_NOT_FOUND(offering_id=offering_id)) from None
        if not isinstance(offering, Offering):
            raise NotFoundError(M.OFFERING_NOT_FOUND(offering_id=offering_id))
        return offering

    # -- commands -------------------------------------------------------------------------

    def submit_offering(
        self, provider_id: str, command: SubmitOffering, *, ctx: Context
    ) -> CommandResult[OfferingSubmittedData]:
        """An admitted provider submits an offering for validation."""
        title, description, sector = command.title, command.description, command.sector
        competence_areas = list(command.competence_areas)
        contact_hours, self_study_hours = command.contact_hours, command.self_study_hours
        price = command.price
        errors: list[FieldError] = []
        if not title.strip() or len(title) > 300:
            errors.append(FieldError("title", M.TITLE_LENGTH()))
        if len(description) > MAX_TEXT:
            errors.append(FieldError("description", M.DESCRIPTION_TOO_LONG(max_length=MAX_TEXT)))
        if sector is not None and sector not in _SECTORS:
            errors.append(
                FieldError("sector", M.CHOICE_UNKNOWN(choices=", ".join(sorted(_SECTORS))))
            )
        if not competence_areas:
            errors.append(FieldError("competence_areas", M.COMPETENCE_AREA_REQUIRED()))
        for i, area in enumerate(competence_areas):
            if area not in _AREAS:
                errors.append(FieldError(f"competence_areas[{i}]", M.AREA_UNKNOWN(area=repr(area))))
        if len(set(competence_areas)) != len(competence_areas):
            errors.append(FieldError("competence_areas", M.COMPETENCE_AREA_NAMED_TWICE()))
        for name_, hours in (
            ("contact_hours", contact_hours),
            ("self_study_hours", self_study_hours),
        ):
            if not hours.is_finite() or hours < 0 or hours > 2000:
                errors.append(FieldError(name_, M.HOURS_OUT_OF_RANGE()))
        if not price.is_finite() or price < 0:
            errors.append(FieldError("price", M.PRICE_NEGATIVE()))
        if errors:
            raise InvalidInputError(M.OFFERING_REFUSED(), errors)
        today = self.clock()
        offering_id = uuid.uuid4()
        payload = command.payload(provider=provider_id)

        def run() -> tuple[list[Aggregate], CommandResult[OfferingSubmittedData]]:
            provider = self.get_provider(provider_id)
            offering = Offering.submit(
                offering_id=offering_id,
                provider=provider,
                title=title.strip(),
                description=description.strip(),
                sector=sector,
                competence_areas=competence_areas,
                contact_hours=contact_hours,
                self_study_hours=self_study_hours,
                has_assessment=command.has_assessment,
                price=price.quantize(Decimal("0.01")),
                submitted_on=today,
                decide_by=provider_decision_due(today),
                actor=ctx.actor,
                correlation_id=ctx.correlation_id,
            )
            data: OfferingSubmittedData = {
                "offering_id": str(offering_id),
                "status": offering.status,
                "decide_by": offering.decide_by.isoformat(),
            }
            return [offering], CommandResult(offering.id, offering.version, 0, data)

        result = self._idempotent(ctx, payload, run)
        log.info(
            "offering_submitted", offering_id=result.data["offering_id"], position=result.position
        )
        return result

    def _validation_criteria(self, on: date) -> tuple[Any, CriteriaVersion, ValidationCriteria]:
        book = self.criteria_book(VALIDATION)
        version = book.in_force(on)
        if version is None:
            raise ConflictError(M.VALIDATION_CRITERIA_NOT_IN_FORCE(on_date=on.isoformat()))
        if document_sha256(version.raw) != version.sha256:
            raise ConflictError(M.VALIDATION_CRITERIA_HASH_MISMATCH(version=version.version))
        try:
            criteria = parse_validation(version.raw)
        except CriteriaDocumentError as exc:
            raise document_errors(exc) from None
        return book, version, criteria

    def validate_offering(
        self, offering_id: str, command: ValidateOffering, *, ctx: Context
    ) -> CommandResult[OfferingValidationData]:
        """Decide on an offering against the validation criteria in force, with a receipt."""
        today = self.clock()

        def run() -> tuple[list[Aggregate], CommandResult[OfferingValidationData]]:
            offering = self.get_offering(offering_id)
            check_expected_version(ctx, offering.version)
            provider = self.get_provider(offering.provider_id)
            if provider.status != ADMITTED:
                raise ConflictError(
                    M.OFFERING_PROVIDER_NOT_ADMITTED(
                        provider_id=provider.provider_id, status=provider.status
                    )
                )
            if offering.status != "submitted":
                raise ConflictError(
                    M.OFFERING_ALREADY_DECIDED(offering_id=offering_id, status=offering.status)
                )
            book, version, criteria = self._validation_criteria(today)
            facts = OfferingFacts(
                contact_hours=offering.contact_hours,
                self_study_hours=offering.self_study_hours,
                has_assessment=offering.has_assessment,
                competence_areas=tuple(offering.competence_areas),
                sector=offering.sector,
                event_ref=f"{offering.id}/{offering.version}",
            )
            verdict = evaluate_offering(facts, criteria, today)
            trace = [r.to_dict() for r in verdict.trace]
            deadline = objection_deadline(today).isoformat()
            receipt: OfferingValidationData = {
                "decision_id": str(uuid5(NAMESPACE, f"offering-validation:{offering.id}")),
                "kind": "offering_validation",
                "offering_id": offering_id,
                "provider_id": offering.provider_id,
                "outcome": verdict.outcome,
                "met": verdict.met,
                "decided_on": today.isoformat(),
                "decided_by": ctx.actor.to_dict(),
                "legal_basis": legal_basis(),
                "policy": {
                    "name": version.name,
                    "version": version.version,
                    "sha256": version.sha256,
                },
                "engine_version": ENGINE_VERSION,
                "as_of_version": offering.version,
                "inputs": {
                    "contact_hours": str(offering.contact_hours),
                    "self_study_hours": str(offering.self_study_hours),
                    "has_assessment": offering.has_assessment,
                    "competence_areas": list(offering.competence_areas),
                    "sector": offering.sector,
                },
                "trace": trace,
                "validity": {
                    "from": verdict.period_start.isoformat(),
                    "until": verdict.period_end.isoformat(),
                }
                if verdict.met
                else None,
                "reasons": decision_words("offering_validation", verdict.outcome, trace, deadline),
                "objection_deadline": deadline,
            }
            if verdict.met:
                offering.record_validation(
                    decision=dict(receipt),
                    valid_from=verdict.period_start,
                    valid_until=verdict.period_end,
                    actor=ctx.actor,
                    correlation_id=ctx.correlation_id,
                )
            else:
                offering.record_refusal(
                    decision=dict(receipt), actor=ctx.actor, correlation_id=ctx.correlation_id
                )
            aggregates: list[Aggregate] = [offering]
            if book.pending_events:
                aggregates.append(book)
            return aggregates, CommandResult(offering.id, offering.version, 0, receipt)

        payload = command.payload(offering=offering_id)
        try:
            result = self._idempotent(ctx, payload, run)
        except IntegrityError:
            raise ConflictError(M.OFFERING_DECIDED_CONCURRENTLY(offering_id=offering_id)) from None
        log.info("offering_decided", offering_id=offering_id, outcome=result.data["outcome"])
        return result

    def revoke_offering(
        self, offering_id: str, command: RevokeOffering, *, ctx: Context
    ) -> CommandResult[OfferingRevocationData]:
        """Revoke a validation from today, with reasons; past days stay validated."""
        today = self.clock()

        def run() -> tuple[list[Aggregate], CommandResult[OfferingRevocationData]]:
            offering = self.get_offering(offering_id)
            check_expected_version(ctx, offering.version)
            deadline = objection_deadline(today).isoformat()
            receipt: OfferingRevocationData = {
                "decision_id": str(uuid5(NAMESPACE, f"offering-revocation:{offering.id}")),
                "kind": "offering_revocation",
                "offering_id": offering_id,
                "provider_id": offering.provider_id,
                "outcome": "revoked",
                "decided_on": today.isoformat(),
                "decided_by": ctx.actor.to_dict(),
                "legal_basis": legal_basis(),
                "as_of_version": offering.version,
                "revoked_on": today.isoformat(),
                "reasons": {
                    "nl": [
                        f"De validering is ingetrokken per {today.isoformat()}: {ctx.reason}",
                        f"U kunt tot en met {deadline} bezwaar maken.",
                    ],
                    "en": [
                        f"The validation is revoked from {today.isoformat()}: {ctx.reason}",
                        f"You may object until {deadline} inclusive.",
                    ],
                },
                "objection_deadline": deadline,
            }
            offering.revoke(
                revoked_on=today,
                decision=dict(receipt),
                actor=ctx.actor,
                reason=ctx.reason,
                correlation_id=ctx.correlation_id,
            )
            return [offering], CommandResult(offering.id, offering.version, 0, receipt)

        payload = command.payload(offering=offering_id, reason=ctx.reason)
        try:
            result = self._idempotent(ctx, payload, run)
        except IntegrityError:
            raise ConflictError(M.OFFERING_CHANGED_CONCURRENTLY(offering_id=offering_id)) from None
        log.info("offering_revoked", offering_id=offering_id, position=result.position)
        return result

    def rate_offering(
        self, teacher_id: UUID, command: RateOffering, *, ctx: Context
    ) -> CommandResult[RatingData]:
        """A teacher rates an offering they followed; once per teacher and offering."""
        score, comment = command.score, command.comment
        offering = self.get_offering(command.offering_id)
        if comment is not None and len(comment) > 2000:
            raise InvalidInputError.of("comment", M.COMMENT_TOO_LONG())

        def change(t: Teacher) -> RatingData:
            t.rate_offering(
                offering_id=offering.offering_id,
                score=score,
                comment=comment,
                actor=ctx.actor,
                correlation_id=ctx.correlation_id,
            )
            return {"offering_id": offering.offering_id, "score": score}

        payload = command.payload(id=teacher_id)
        return self._change_teacher(
            teacher_id, ctx, payload, change, commutes=True, event_name="offering_rated"
        )

    def offering_terms(self, offering_id: str, day: date) -> OfferingTerms | None:
        """The offering's validated hours, and whether its validation covered ``day``; None for
        an offering the register does not know."""
        try:
            offering = self.get_offering(offering_id)
        except NotFoundError:
            return None
        return OfferingTerms(
            offering_id=offering.offering_id,
            title=offering.title,
            provider_id=offering.provider_id,
            validated=offering.validated_on(day),
            contact_hours=offering.contact_hours,
            self_study_hours=offering.self_study_hours,
            competence_areas=tuple(offering.competence_areas),
        )

    # -- the hook of the decisions: was the activity's offering validated that day? ------

    def activity_validated(self, teacher: Teacher, activity: Activity) -> bool:
        """An activity counts as from a validated offering only if the offering it names was
        validated on the activity's date.

        Validations and revocations take effect from the day they are decided and cannot be
        dated back, so the answer for a day before today never changes: it is cached, and a
        decision reproduces years later.
        """
        if activity.offering_id is None:
            return False
        validity = self._validity_on(activity.offering_id, activity.occurred_on)
        return validity is not None and validity.covers(activity.occurred_on)

    def _validity_on(self, offering_id: str, day: date) -> Validity | None:
        cache: dict[str, tuple[date, Validity | None]] = self.__dict__.setdefault(
            "_validity_cache", {}
        )
        hit = cache.get(offering_id)
        if hit is not None and day < hit[0]:
            return hit[1]
        try:
            offering: Offering | None = self.get_offering(offering_id)
        except NotFoundError:
            offering = None
        validity = offering.validity if offering is not None else None
        if len(cache) >= VALIDITY_CACHE_ENTRIES:
            cache.clear()
        cache[offering_id] = (self.clock(), validity)
        return validity
