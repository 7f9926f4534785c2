"""Erasure of a person's personal data by destroying their key (crypto-shredding).

The register is kept as the law requires (AVG art. 17(3)(b)); once every registration of the
person has ended, the retention period of the retention policy has passed and nothing is open
(an objection, an intended strike-off), their personal data may be erased (AVG art. 17(1)(a)).
Erasure records `Teacher.PersonalDataErased` (no personal data in it), then destroys the
person's data key: every personal field of their history reads as a placeholder from then on,
while the stored bytes, and so the ledger, stay exactly as they were. The read models drop the
person when they fold the event (projections.erasure).

A crash between the event and the key's destruction is repaired by erasing again: a second
erasure of an erased file destroys the key (again) and answers as the first did.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any
from uuid import UUID

import structlog
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.utils import get_topic

from domain.commands.erasure import ErasePersonalData
from domain.commands.results import Erased, Nothing
from domain.delivery import pending_id
from domain.errors import ConflictError, InvalidInputError, NotFoundError
from domain.objection import OPEN, Objection, objection_id_for
from domain.register.base import CommandResult, Context, RegisterBase
from domain.teacher import Teacher
from domain.values import QualificationStatus
from policies.messages import M
from policies.retention import ErasureFacts, erasure_refusals

log = structlog.get_logger("lerarenregister.erasure")


class ErasureRefusedError(ConflictError):
    """The law still requires the person's data to be kept; `reasons` says why."""

    title = "Erasure refused: the data must still be kept"

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def erasure_facts(teacher: Teacher, open_objections: int) -> ErasureFacts:
    """When the registration ended (every qualification struck off), and what is open."""
    ended = None
    qualifications = list(teacher.qualifications.values())
    if qualifications and all(q.status == QualificationStatus.STRUCK_OFF for q in qualifications):
        ends = [
            h["from"]
            for q in qualifications
            for h in q.history
            if h.get("event") == "struck_off" and h.get("from") is not None
        ]
        ended = max(ends) if ends else None
    return ErasureFacts(
        registration_ended_on=ended,
        open_objections=open_objections,
        open_proposals=sum(1 for p in teacher.proposals.values() if p.status == "open"),
        already_erased=teacher.erased_on is not None,
    )


def linked_key_owners(teacher: Teacher) -> list[UUID]:
    """The other keys that hold this person's data and go with theirs at an erasure.

    Appointments delivered before the admission wait in a record of their own
    (:class:`domain.delivery.PendingAppointments`, its id from the keyed hash of the BSN),
    sealed under that record's key: the person's gender, date of birth and masked BSN as their
    employer delivered them. The record is attached to the file at admission; its key is
    destroyed together with the teacher's. So are the keys of the objections against decisions
    on the file: an objector's written consent to a further deferral is sealed under the
    objection's own key (its event does not name the teacher).
    """
    owners = [pending_id(teacher.person_key)] if teacher.person_key else []
    owners += [objection_id_for(str(d["decision_id"])) for d in teacher.decisions]
    return owners


def open_objections(register: RegisterBase, teacher: Teacher) -> int:
    """How many objections against the file's decisions are open (an open one keeps the data)."""
    count = 0
    for decision in teacher.decisions:
        try:
            objection: Any = register.repository.get(objection_id_for(str(decision["decision_id"])))
        except AggregateNotFoundError:
            continue
        if isinstance(objection, Objection) and objection.status == OPEN:
            count += 1
    return count


class ErasureCommands(RegisterBase):
    """Erasing a person's personal data, and the facts that allow or refuse it."""

    def erasure_refusals(self, teacher_id: UUID) -> list[str]:
        """Why this file may not be erased today (empty: it may)."""
        teacher = self.get_teacher(teacher_id)
        facts = erasure_facts(teacher, open_objections(self, teacher))
        return erasure_refusals(facts, self.criteria.retention_policy().policy, self.clock())

    def erase_personal_data(
        self, teacher_id: UUID, command: ErasePersonalData, *, ctx: Context
    ) -> CommandResult[Erased]:
        """Record the erasure and destroy the person's key; refused while the law requires
        the data to be kept (the refusal names every reason)."""
        if not (ctx.reason and ctx.reason.strip()):
            raise InvalidInputError.of("reason", M.ERASURE_REASON_REQUIRED())
        if self.keys is None:
            raise ConflictError(M.DATA_KEYS_NOT_KEPT())
        teacher = self.get_teacher(teacher_id)
        if teacher.erased_on is not None:
            # Erased before: make sure the key is gone (a crash may have come in between).
            self._destroy_keys(teacher, ctx.reason)
            position = self._position_of(teacher_id, teacher.version)
            return CommandResult(teacher_id, teacher.version, position, self._answer(teacher))
        policy = self.criteria.retention_policy()
        today = self.clock()

        def change(t: Teacher) -> Nothing:
            facts = erasure_facts(t, open_objections(self, t))
            refusals = erasure_refusals(facts, policy.policy, today)
            if refusals:
                raise ErasureRefusedError(refusals)
            t.trigger_event(
                Teacher.PersonalDataErased,
                erased_on=today,
                retention=policy.summary(),
                actor=ctx.actor,
                reason=ctx.reason,
                correlation_id=ctx.correlation_id,
            )
            return {}

        payload = command.payload(id=str(teacher_id), reason=ctx.reason)
        result = self._change_teacher(
            teacher_id, ctx, payload, change, commutes=False, event_name="personal_data_erased"
        )
        self._destroy_keys(teacher, ctx.reason)  # the person key is no personal data
        erased = self.get_teacher(teacher_id)
        self._evict_objections(erased)
        return CommandResult(
            result.aggregate_id, result.version, result.position, self._answer(erased)
        )

    def reapply_erasures(self, persons: list[UUID], *, ctx: Context) -> dict[str, int]:
        """After a restore from a backup made before some erasures: destroy those keys again
        and, where the restored log lacks the erasure, record it again (it was decided then;
        the retention policy is not asked twice). Idempotent."""
        assert self.keys is not None
        counts = {"keys_destroyed": 0, "erasures_recorded": 0, "unknown": 0}
        policy = self.criteria.retention_policy()
        for person in persons:
            if self.keys.destroy(person, ctx.reason or "re-applied after a restore"):
                counts["keys_destroyed"] += 1
            try:
                teacher = self.get_teacher(person)
            except NotFoundError:
                counts["unknown"] += 1
                continue
            if teacher.erased_on is None:
                teacher.trigger_event(
                    Teacher.PersonalDataErased,
                    erased_on=self.clock(),
                    retention=policy.summary(),
                    actor=ctx.actor,
                    reason=ctx.reason or "re-applied after a restore",
                    correlation_id=ctx.correlation_id,
                )
                self._save(teacher)
                counts["erasures_recorded"] += 1
            erased = self.get_teacher(person)
            self._destroy_keys(erased, ctx.reason or "re-applied after a restore")
            self._evict_objections(erased)
        return counts

    def _destroy_keys(self, teacher: Teacher, reason: str) -> None:
        """Destroy the person's key and the keys linked to it (journal: the person only; `keys
        reapply` finds the linked ones again from the file)."""
        assert self.keys is not None
        self.keys.destroy(teacher.id, reason)
        cache: Any = self.repository.cache
        for owner in linked_key_owners(teacher):
            self.keys.destroy(owner, reason, journal=False)
            if cache is not None:  # loaded again, with placeholders
                with suppress(KeyError):
                    cache.get(owner, evict=True)

    def migrate_keys(self, page: int = 5000) -> int:
        """Give every person on file a data key (a store written before keys existed); from
        then on their personal fields are written encrypted. Nothing stored is changed."""
        assert self.keys is not None
        topic = get_topic(Teacher.Admitted)
        made = 0
        start = 1
        while True:
            found = self.recorder.select_notifications(start=start, limit=page, topics=[topic])
            if not found:
                return made
            made += self.keys.create([UUID(str(n.originator_id)) for n in found])
            start = found[-1].id + 1

    def _evict_objections(self, teacher: Teacher) -> None:
        """Objections hold the teacher's grounds but see no erasure event: drop them from this
        process's aggregate cache so they load again (with placeholders)."""
        cache: Any = self.repository.cache
        if cache is None:
            return
        for decision in teacher.decisions:
            with suppress(KeyError):
                cache.get(objection_id_for(str(decision["decision_id"])), evict=True)

    @staticmethod
    def _answer(teacher: Teacher) -> Erased:
        return {
            "erased_on": teacher.erased_on.isoformat() if teacher.erased_on else None,
            "register_number": teacher.register_number,
        }
