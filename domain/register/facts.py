"""Commands of the facts that count: participation providers deliver, the teacher's one-click
confirmation of it, and the registrar's sample checks of activities (issue 13, item 2)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any, Final, cast
from uuid import UUID

import structlog
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from domain.commands import RecordActivity
from domain.commands.facts import (
    ConfirmParticipation,
    DeliverParticipation,
    DrawSample,
    JudgeSampledActivity,
)
from domain.commands.results import (
    ActivityAnswer,
    ActivityJudged,
    ParticipationDelivered,
    SampleDrawn,
)
from domain.errors import ConflictError, FieldError, InvalidInputError, NotFoundError
from domain.participation import (
    MAX_ROWS,
    ParticipationDelivery,
    check_participation_rows,
    offering_errors,
    participation_delivery_id,
    participation_id_for,
)
from domain.register.base import CommandResult, Context, RegisterBase, fingerprint
from domain.register.teacher_file import record_activity
from domain.samples import METHOD, ActivitySample, Candidate, draw, sample_errors
from domain.teacher import Teacher
from domain.values import Actor, person_key
from policies.messages import M

log = structlog.get_logger("lerarenregister.facts")

RECORDED: Final = get_topic(Teacher.ActivityRecorded)
WITHDRAWN: Final = get_topic(Teacher.ActivityWithdrawn)
PEER_ANSWERED: Final = get_topic(Teacher.PeerConfirmationAnswered)
#: Notifications read per query when the population of a sample is read from the log.
PAGE: Final = 2000
DELIVERY_ATTEMPTS: Final = 3
MAX_SEED: Final = 2**63


class FactCommands(RegisterBase):
    """Participation from providers, its confirmation, and sample checks of activities."""

    # -- participation ----------------------------------------------------------------------

    def deliver_participation(
        self, provider_id: str, command: DeliverParticipation, *, ctx: Context
    ) -> CommandResult[ParticipationDelivered]:
        """Check every row, keep the valid ones in the teachers' files, report the others;
        once per delivery id (the same id again answers the first answer)."""
        delivery_id, rows = command.delivery_id, command.rows
        errors: list[FieldError] = []
        if not (0 < len(delivery_id) <= 100 and delivery_id.isprintable()):
            errors.append(FieldError("delivery_id", M.DELIVERY_ID_INVALID(max_length="100")))
        if not rows:
            errors.append(FieldError("participants", M.DELIVERY_EMPTY()))
        if len(rows) > MAX_ROWS:
            errors.append(FieldError("participants", M.DELIVERY_TOO_MANY_ROWS(max_rows=MAX_ROWS)))
        if errors:
            raise InvalidInputError(M.DELIVERY_REFUSED(), errors)
        print_ = fingerprint(command.content(provider_id))
        payload = command.payload(fingerprint=print_)
        if ctx.idempotency_key is not None:  # a retry with the same key gets its first answer
            first = self._previous_answer(ctx, fingerprint(payload))
            if first is not None:
                return first
        for _attempt in range(DELIVERY_ATTEMPTS):
            previous = self._participation_record(provider_id, delivery_id)
            if previous is not None:
                return self._repeat_participation(previous, print_)
            record, teachers, answer = self._plan_participation(
                provider_id, delivery_id, rows, print_, ctx, spreadsheet=command.spreadsheet
            )

            def run(
                r: ParticipationDelivery = record,
                t: list[Aggregate] = teachers,
                a: ParticipationDelivered = answer,
            ) -> tuple[list[Aggregate], CommandResult[ParticipationDelivered]]:
                return [*t, r], CommandResult(r.id, r.version, 0, a)

            try:
                result = self._idempotent(ctx, payload, run)
            except IntegrityError:
                continue  # a file changed meanwhile, or the same delivery landed: look again
            log.info(
                "participation_delivered",
                provider_id=provider_id,
                delivery_id=delivery_id,
                accepted=answer["accepted"],
                rejected=len(answer["rejected"]),
                position=result.position,
                correlation_id=ctx.correlation_id,
            )
            return result
        raise ConflictError(M.DELIVERY_FILES_KEPT_CHANGING())

    def _participation_record(
        self, provider_id: str, delivery_id: str
    ) -> ParticipationDelivery | None:
        try:
            record: ParticipationDelivery = self.repository.get(
                participation_delivery_id(provider_id, delivery_id)
            )
        except AggregateNotFoundError:
            return None
        return record

    def _repeat_participation(
        self, record: ParticipationDelivery, print_: str
    ) -> CommandResult[ParticipationDelivered]:
        if record.fingerprint != print_:
            raise ConflictError(M.DELIVERY_ID_REUSED(delivery_id=record.delivery_id))
        position = self._position_of(record.id, 1)
        answer = cast(ParticipationDelivered, {**record.answer, "repeated": True})
        return CommandResult(record.id, record.version, position, answer)

    def _plan_participation(
        self,
        provider_id: str,
        delivery_id: str,
        rows: Sequence[Mapping[str, Any]],
        print_: str,
        ctx: Context,
        *,
        spreadsheet: bool,
    ) -> tuple[ParticipationDelivery, list[Aggregate], ParticipationDelivered]:
        """Every row applied in memory to the files it names; the record of the answer."""
        today = self.clock()
        checked = check_participation_rows(rows, today, spreadsheet=spreadsheet)
        provider = Actor("provider", provider_id)
        files: dict[UUID, Teacher] = {}
        counts = {"reported": 0, "unchanged": 0}
        for row in checked.valid:
            terms = self.offering_terms(row.offering_id, row.completed_on)
            faults = offering_errors(provider_id, terms, row)
            teacher_id = self.find_by_bsn(row.bsn)
            if teacher_id is None:
                faults.append(FieldError("bsn", M.BSN_NOT_IN_REGISTER()))
            if faults:
                checked.reject(row.row, faults)
                continue
            assert terms is not None
            assert teacher_id is not None
            teacher = files.get(teacher_id) or self.get_teacher(teacher_id)
            files[teacher_id] = teacher
            kept = teacher.report_participation(
                participation_id=participation_id_for(
                    terms.offering_id, person_key(self.secret, row.bsn), row.completed_on
                ),
                offering=terms,
                completed_on=row.completed_on,
                contact_hours=terms.contact_hours
                if row.contact_hours is None
                else row.contact_hours,
                self_study_hours=terms.self_study_hours
                if row.self_study_hours is None
                else row.self_study_hours,
                delivery_id=delivery_id,
                actor=provider,
                correlation_id=ctx.correlation_id,
            )
            counts["reported" if kept else "unchanged"] += 1
        rejected = sorted(checked.rejected, key=lambda r: int(r["row"]))
        answer: ParticipationDelivered = {
            "delivery_id": delivery_id,
            "provider_id": provider_id,
            "rows": len(rows),
            "accepted": len(rows) - len(rejected),
            "rejected": rejected,
            "warnings": checked.warnings,
            "reported": counts["reported"],
            "unchanged": counts["unchanged"],
        }
        record = ParticipationDelivery.receive(
            provider_id=provider_id,
            delivery_id=delivery_id,
            fingerprint=print_,
            received_on=today,
            answer=cast("dict[str, Any]", answer),
            actor=ctx.actor,
            correlation_id=ctx.correlation_id,
        )
        return record, [t for t in files.values() if t.pending_events], answer

    def confirm_participation(
        self, teacher_id: UUID, command: ConfirmParticipation, *, ctx: Context
    ) -> CommandResult[ActivityAnswer]:
        """The teacher confirms a reported participation: one click records the activity with
        the offering's title and areas and the hours the provider reported (the idempotency
        key is bound to that activity's payload)."""
        participation_id = command.participation_id
        reported = self.get_teacher(teacher_id).participation(participation_id)
        # Confirmed once: the file refuses a second confirmation, unless this is a retry
        # with the same Idempotency-Key, which gets the first answer back.
        activity = RecordActivity(
            kind="course",
            title=reported.offering_title,
            occurred_on=reported.completed_on,
            contact_hours=reported.contact_hours,
            self_study_hours=reported.self_study_hours,
            competence_areas=tuple(reported.competence_areas),
            offering_id=reported.offering_id,
            participation_id=participation_id,
        )
        return record_activity(self, teacher_id, activity, ctx=ctx)

    # -- samples ----------------------------------------------------------------------------

    def sample_population(
        self, as_of_position: int, occurred_from: date, occurred_until: date
    ) -> list[Candidate]:
        """The activities a sample drawn at ``as_of_position`` draws from, read from the log
        (see :mod:`domain.samples`)."""
        recorded: dict[Candidate, bool] = {}
        withdrawn: set[Candidate] = set()
        for event in self._activity_events(as_of_position):
            key = (str(event.originator_id), str(event.activity_id))
            if isinstance(event, Teacher.ActivityWithdrawn):
                withdrawn.add(key)
            elif isinstance(event, Teacher.PeerConfirmationAnswered):
                # confirmed by a colleague at the same board: exempt from the sample check
                if event.answer == "confirmed" and event.same_board:
                    withdrawn.add(key)
            elif event.offering_id is None and occurred_from <= event.occurred_on <= occurred_until:
                recorded[key] = True
        return sorted(k for k in recorded if k not in withdrawn)

    def _activity_events(self, stop: int) -> Iterator[Any]:
        start = 1
        while start <= stop:
            page = self.recorder.select_notifications(
                start, PAGE, stop=stop, topics=(RECORDED, WITHDRAWN, PEER_ANSWERED)
            )
            if not page:
                return
            for notification in page:
                yield self.mapper.to_domain_event(notification)
            start = page[-1].id + 1

    def draw_sample(self, command: DrawSample, *, ctx: Context) -> CommandResult[SampleDrawn]:
        """Draw a sample of activities for a check, recording seed, parameters and result.
        Without a seed one is chosen (and recorded like any other)."""
        seed, size = command.seed, command.size
        occurred_from, occurred_until = command.occurred_from, command.occurred_until
        errors = sample_errors(size, occurred_from, occurred_until)
        if seed is not None and not 0 <= seed < MAX_SEED:
            errors.append(FieldError("seed", M.SEED_OUT_OF_RANGE(max_seed=MAX_SEED - 1)))
        if errors:
            raise InvalidInputError(M.SAMPLE_REFUSED(), errors)
        payload = command.payload()  # the seed as asked: a retry gets the first draw back
        chosen = self.rng.randrange(MAX_SEED) if seed is None else seed

        def run() -> tuple[list[Aggregate], CommandResult[SampleDrawn]]:
            position = self.head_position()
            population = self.sample_population(position, occurred_from, occurred_until)
            drawn = draw(population, chosen, size)
            sample = ActivitySample.record(
                seed=chosen,
                size=size,
                occurred_from=occurred_from,
                occurred_until=occurred_until,
                as_of_position=position,
                population_size=len(population),
                drawn=drawn,
                drawn_on=self.clock(),
                actor=ctx.actor,
                reason=ctx.reason,
                correlation_id=ctx.correlation_id,
            )
            return [sample], CommandResult(sample.id, sample.version, 0, sample_view(sample))

        result = self._idempotent(ctx, payload, run)
        log.info(
            "sample_drawn",
            sample_id=str(result.aggregate_id),
            size=size,
            position=result.position,
            correlation_id=ctx.correlation_id,
        )
        return result

    def get_sample(self, sample_id: str) -> ActivitySample:
        try:
            sample: ActivitySample = self.repository.get(UUID(sample_id))
        except (ValueError, AggregateNotFoundError):
            raise NotFoundError(M.SAMPLE_NOT_FOUND(sample_id=sample_id)) from None
        if not isinstance(sample, ActivitySample):
            raise NotFoundError(M.SAMPLE_NOT_FOUND(sample_id=sample_id))
        return sample

    def redraw_sample(self, sample_id: str) -> dict[str, Any]:
        """Redo a recorded draw from its seed and parameters; says whether it reproduces."""
        sample = self.get_sample(sample_id)
        if sample.method != METHOD:
            raise ConflictError(M.SAMPLE_METHOD_UNKNOWN(sample_id=sample_id, method=sample.method))
        population = self.sample_population(
            sample.as_of_position, sample.occurred_from, sample.occurred_until
        )
        again = draw(population, sample.seed, sample.size)
        return {
            "sample_id": sample_id,
            "reproduced": again == sample.drawn and len(population) == sample.population_size,
            "recorded": {
                "population_size": sample.population_size,
                "drawn": [list(c) for c in sample.drawn],
            },
            "recomputed": {"population_size": len(population), "drawn": [list(c) for c in again]},
        }

    def judge_sampled_activity(
        self, sample_id: str, teacher_id: UUID, command: JudgeSampledActivity, *, ctx: Context
    ) -> CommandResult[ActivityJudged]:
        """Accept or reject an activity the sample drew, with the reason the teacher sees."""
        activity_id, outcome = command.activity_id, command.outcome
        sample = self.get_sample(sample_id)
        if not sample.holds(str(teacher_id), activity_id):
            raise NotFoundError(M.SAMPLE_NO_ACTIVITY(sample_id=sample_id, activity_id=activity_id))

        def change(t: Teacher) -> ActivityJudged:
            t.judge_activity(
                sample_id=sample_id,
                activity_id=activity_id,
                outcome=outcome,
                actor=ctx.actor,
                reason=ctx.reason,
                correlation_id=ctx.correlation_id,
            )
            return {"sample_id": sample_id, "activity_id": activity_id, "outcome": outcome}

        payload = command.payload(sample=sample_id, id=teacher_id, reason=ctx.reason)
        return self._change_teacher(
            teacher_id, ctx, payload, change, commutes=False, event_name="activity_judged"
        )


def sample_view(sample: ActivitySample) -> SampleDrawn:
    """A sample as the API answers it."""
    return {
        "sample_id": sample.sample_id,
        "seed": sample.seed,
        "size": sample.size,
        "occurred_from": sample.occurred_from.isoformat(),
        "occurred_until": sample.occurred_until.isoformat(),
        "as_of_position": sample.as_of_position,
        "method": sample.method,
        "population_size": sample.population_size,
        "drawn_on": sample.drawn_on.isoformat(),
        "drawn": [{"teacher_id": t, "activity_id": a} for t, a in sample.drawn],
    }
