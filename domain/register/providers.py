"""Commands on providers: apply for admission (again, after a refusal) and the decision on it.

Every decision here is decided first and then recorded with its receipt, as the decisions on
qualifications are (docs/architecture.md): the policy and its sha256, the facts it was evaluated on,
the trace, the reasons in words and the objection deadline. The words of a provider's or an
offering's decision and their legal basis are here, and so is the read of a provider: the
offerings (`offerings.py`) use them, as an offering needs an admitted provider.
"""

from __future__ import annotations

from typing import Any, Final
from uuid import uuid5

import structlog
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from domain.commands.offerings import (
    ApplyAsProvider,
    DecideProvider,
    ProviderAppliedData,
    ProviderDecisionData,
)
from domain.errors import ConflictError, FieldError, InvalidInputError, NotFoundError
from domain.offering import NAMESPACE, KvkIndex, Provider, provider_aggregate_id
from domain.receipts import AWB, reference
from domain.register.base import CommandResult, Context, RegisterBase, check_expected_version
from policies import ENGINE_VERSION
from policies.messages import M
from policies.providers import (
    RULES,
    RULES_SHA256,
    STAFF_LEVELS,
    ProviderFacts,
    evaluate_provider,
    kvk_is_valid,
)
from policies.terms import objection_deadline, provider_decision_due

# The providers' and the offerings' commands log under one name, as they did as one group.
log = structlog.get_logger("lerarenregister.offerings")

MAX_TEXT: Final = 4000


def decision_words(
    kind: str, outcome: str, trace: list[dict[str, Any]], deadline: str
) -> dict[str, list[str]]:
    """The reasons of a provider or offering decision in plain Dutch and English."""
    what_nl = {"provider_admission": "De aanbieder", "offering_validation": "Het aanbod"}
    what_en = {"provider_admission": "The provider", "offering_validation": "The offering"}
    nl = [f"{what_nl.get(kind, 'Het besluit')}: {outcome}."]
    en = [f"{what_en.get(kind, 'The decision')}: {outcome}."]
    for entry in trace:
        if entry["passed"] or entry["required"] == "-":
            continue
        nl.append(
            f"Niet voldaan aan {entry['criterion']}: vereist {entry['required']},"
            f" gevonden {entry['actual']}."
        )
        en.append(
            f"Not met, {entry['criterion']}: required {entry['required']}, found {entry['actual']}."
        )
    nl.append(
        f"Bent u het niet eens met dit besluit, dan kunt u tot en met {deadline} bezwaar maken."
    )
    en.append(f"If you disagree with this decision you may object until {deadline} inclusive.")
    return {"nl": nl, "en": en}


def legal_basis(*extra: tuple[str, str]) -> list[dict[str, Any]]:
    refs = [reference(AWB, article, topic) for article, topic in extra]
    refs += [
        reference(AWB, "3:46", "deugdelijke motivering"),
        reference(AWB, "3:45", "vermelding van bezwaar en termijn"),
        reference(AWB, "6:7", "bezwaartermijn van zes weken"),
    ]
    return refs


def load_provider(repository: Any, provider_id: str) -> Provider:
    """The provider ``provider_id`` from ``repository``; NotFoundError if none applied."""
    try:
        provider: Provider = repository.get(provider_aggregate_id(provider_id))
    except AggregateNotFoundError:
        raise NotFoundError(M.PROVIDER_NOT_FOUND(provider_id=provider_id)) from None
    return provider


class ProviderCommands(RegisterBase):
    """Providers apply and are admitted (or refused) by a validator."""

    def apply_as_provider(
        self, provider_id: str, command: ApplyAsProvider, *, ctx: Context
    ) -> CommandResult[ProviderAppliedData]:
        """A provider applies for admission (again, after a refusal); a validator decides
        within two weeks."""
        name, kvk_number, staff_level = command.name, command.kvk_number, command.staff_level
        practice_alignment = command.practice_alignment
        quality_monitoring = command.quality_monitoring
        complaint_decision_days = command.complaint_decision_days
        errors: list[FieldError] = []
        if not name.strip() or len(name) > 200:
            errors.append(FieldError("name", M.PROVIDER_NAME_LENGTH()))
        if not kvk_is_valid(kvk_number):
            errors.append(FieldError("kvk_number", M.KVK_NUMBER_INVALID()))
        if staff_level not in STAFF_LEVELS:
            errors.append(
                FieldError("staff_level", M.CHOICE_UNKNOWN(choices=", ".join(STAFF_LEVELS)))
            )
        for name_, text in (
            ("practice_alignment", practice_alignment),
            ("quality_monitoring", quality_monitoring),
        ):
            if not text.strip() or len(text) > MAX_TEXT:
                errors.append(FieldError(name_, M.DESCRIPTION_LENGTH(max_length=MAX_TEXT)))
        if complaint_decision_days is not None and complaint_decision_days < 1:
            errors.append(
                FieldError("complaints_procedure.decision_days", M.DECISION_DAYS_TOO_FEW())
            )
        if errors:
            raise InvalidInputError(M.APPLICATION_REFUSED(), errors)
        today = self.clock()
        answers = {
            "staff_level": staff_level,
            "practice_alignment": practice_alignment.strip(),
            "quality_monitoring": quality_monitoring.strip(),
            "complaints_procedure": command.complaints_procedure,
            "complaint_decision_days": complaint_decision_days,
        }
        payload = command.payload(provider=provider_id)
        due = provider_decision_due(today)

        def run() -> tuple[list[Aggregate], CommandResult[ProviderAppliedData]]:
            try:
                provider: Provider = self.repository.get(provider_aggregate_id(provider_id))
            except AggregateNotFoundError:
                provider = Provider.apply_for_admission(
                    provider_id=provider_id,
                    name=name.strip(),
                    kvk_number=kvk_number,
                    answers=answers,
                    submitted_on=today,
                    decide_by=due,
                    actor=ctx.actor,
                    correlation_id=ctx.correlation_id,
                )
                aggregates: list[Aggregate] = [provider, KvkIndex.create(kvk_number, provider_id)]
            else:
                check_expected_version(ctx, provider.version)
                provider.reapply(
                    name=name.strip(),
                    kvk_number=kvk_number,
                    answers=answers,
                    submitted_on=today,
                    decide_by=due,
                    actor=ctx.actor,
                    correlation_id=ctx.correlation_id,
                )
                aggregates = [provider]
            data: ProviderAppliedData = {
                "provider_id": provider_id,
                "status": provider.status,
                "decide_by": due.isoformat(),
            }
            return aggregates, CommandResult(provider.id, provider.version, 0, data)

        try:
            result = self._idempotent(ctx, payload, run)
        except IntegrityError:
            raise ConflictError(M.KVK_NUMBER_ALREADY_APPLIED()) from None
        log.info("provider_applied", provider_id=provider_id, position=result.position)
        return result

    def decide_provider(
        self, provider_id: str, command: DecideProvider, *, ctx: Context
    ) -> CommandResult[ProviderDecisionData]:
        """A validator decides on an application: the rules, with the validator's judgement of
        the alignment with practice and the quality monitoring."""
        today = self.clock()
        practice_alignment_sufficient = command.practice_alignment_sufficient
        quality_monitoring_sufficient = command.quality_monitoring_sufficient

        def run() -> tuple[list[Aggregate], CommandResult[ProviderDecisionData]]:
            provider = load_provider(self.repository, provider_id)
            check_expected_version(ctx, provider.version)
            facts = ProviderFacts(
                kvk_number=provider.kvk_number,
                staff_level=str(provider.answers["staff_level"]),
                practice_alignment=str(provider.answers["practice_alignment"]),
                quality_monitoring=str(provider.answers["quality_monitoring"]),
                has_complaints_procedure=bool(provider.answers["complaints_procedure"]),
                complaint_decision_days=provider.answers.get("complaint_decision_days"),
                practice_alignment_sufficient=practice_alignment_sufficient,
                quality_monitoring_sufficient=quality_monitoring_sufficient,
                event_ref=f"{provider.id}/{provider.version}",
            )
            verdict = evaluate_provider(facts, today)
            deadline = objection_deadline(today).isoformat()
            trace = [r.to_dict() for r in verdict.trace]
            decision_id = str(
                uuid5(NAMESPACE, f"provider-admission:{provider_id}:{provider.version}")
            )
            receipt: ProviderDecisionData = {
                "decision_id": decision_id,
                "kind": "provider_admission",
                "provider_id": provider_id,
                "outcome": verdict.outcome,
                "met": verdict.met,
                "decided_on": today.isoformat(),
                "decided_by": ctx.actor.to_dict(),
                "decide_by": provider.decide_by.isoformat(),
                "in_time": today <= provider.decide_by,
                "legal_basis": legal_basis(("4:13", "beslissen binnen de gestelde termijn")),
                "policy": {
                    "name": RULES["name"],
                    "version": RULES["version"],
                    "sha256": RULES_SHA256,
                },
                "engine_version": ENGINE_VERSION,
                "as_of_version": provider.version,
                "inputs": {
                    "practice_alignment_sufficient": practice_alignment_sufficient,
                    "quality_monitoring_sufficient": quality_monitoring_sufficient,
                    "reason": ctx.reason,
                },
                "trace": trace,
                "reasons": decision_words("provider_admission", verdict.outcome, trace, deadline),
                "objection_deadline": deadline,
            }
            provider.decide(
                decision=dict(receipt), actor=ctx.actor, correlation_id=ctx.correlation_id
            )
            return [provider], CommandResult(provider.id, provider.version, 0, receipt)

        # The reason is part of the decision (its receipt's inputs), so a key reused with
        # another reason is another request. Keys stored before the reason was bound are
        # still recognised by the payload without it.
        payload = command.payload(provider=provider_id, reason=ctx.reason)
        legacy = command.payload(provider=provider_id)
        try:
            result = self._idempotent(ctx, payload, run, legacy=legacy)
        except IntegrityError:
            raise ConflictError(M.APPLICATION_CHANGED_CONCURRENTLY()) from None
        log.info("provider_decided", provider_id=provider_id, outcome=result.data["outcome"])
        return result
