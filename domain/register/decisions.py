"""Decisions on qualifications, the commands: re-registration, strike-off, reinstatement, move to
the register, run-due, and reading and reproducing a decision (the rules and the index of
decisions are in :mod:`domain.decisions`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

import structlog
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from domain.assessment import (
    MOVE_TO_REGISTER,
    RE_REGISTRATION,
    REINSTATEMENT,
    STRIKE_OFF,
    Assessment,
    assess,
    leave_facts,
    qualification_facts,
)
from domain.commands import MoveToRegister, Reinstate, ReRegister, StrikeOff
from domain.criteria_book import CriteriaBook, CriteriaVersion
from domain.decisions import (
    _DAY,
    CRITERIA,
    MAX_PERIODS_PER_RUN,
    STRIKE_OFF_PROPOSED,
    DecisionIndex,
    GoverningCriteria,
    RunDueReport,
    _awaiting,
    _policy,
    decision_id_at,
    decision_index_id,
    re_registration_decision_id,
    re_registration_proposals,
)
from domain.errors import (
    AlreadyDecidedError,
    AwaitingHearingError,
    ConflictError,
    FieldError,
    InvalidInputError,
    NotFoundError,
    VersionMismatchError,
)
from domain.preregister import expire_due
from domain.receipts import (
    legal_basis,
    objection_term_entry,
    proposal_reasons,
    reasons,
    trace_differences,
)
from domain.register.base import CommandResult, Context, RegisterBase, check_expected_version
from domain.register.due_batch import DueScan
from domain.teacher import PRE_REGISTER_STATUSES, Teacher
from domain.teacher_scan import PAGE_ROWS
from domain.values import (
    GROUNDS_WITHOUT_HEARING,
    Actor,
    QualificationStatus,
    StrikeOffGround,
)
from policies import ENGINE_VERSION, document_sha256, period_end
from policies.engines import UnknownEngineError, engine
from policies.law import DIRECT_GROUNDS, effective_date_faults
from policies.messages import M
from policies.terms import hearing_deadline, objection_term

log = structlog.get_logger("lerarenregister.decisions")


class DecisionCommands(RegisterBase):
    """Decisions on qualifications, their receipts, and their reproduction."""

    def facts_for(self, teacher: Teacher, qualification_id: str) -> Any:
        """The facts of one qualification's current period."""
        return qualification_facts(teacher, qualification_id, validated=self.activity_validated)

    # -- building a decision --------------------------------------------------------------

    def _record_decided(
        self,
        teacher: Teacher,
        event_class: type[Teacher.Decided],
        receipt: dict[str, Any],
        ctx: Context,
        **fields: Any,
    ) -> DecisionIndex:
        """Record a decision event with its receipt, and the index that finds it by id."""
        qualification_id = receipt["qualification_id"]
        teacher.record_decision(
            event_class,
            qualification_id=qualification_id,
            decision=receipt,
            actor=ctx.actor,
            reason=ctx.reason,
            correlation_id=ctx.correlation_id,
            **fields,
        )
        return DecisionIndex.create(
            receipt["decision_id"], teacher.id, qualification_id, receipt["kind"]
        )

    def _receipt_at_version(
        self,
        kind: str,
        teacher: Teacher,
        qualification_id: str,
        assessment: Assessment,
        *,
        on: date,
        ctx: Context,
        policy: CriteriaVersion | None,
        inputs: dict[str, Any],
        governs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The receipt of a decision taken on the file as it stands, its id derived from the
        file's version (a decision on a later state of the file is another decision)."""
        return self._receipt(
            decision_id=decision_id_at(kind, qualification_id, teacher.version),
            kind=kind,
            teacher=teacher,
            qualification_id=qualification_id,
            assessment=assessment,
            decided_on=on,
            actor=ctx.actor,
            policy=policy,
            inputs=inputs,
            governs=governs,
        )

    def _receipt(
        self,
        *,
        decision_id: str,
        kind: str,
        teacher: Teacher,
        qualification_id: str,
        assessment: Assessment,
        decided_on: date,
        actor: Actor,
        policy: CriteriaVersion | None,
        inputs: dict[str, Any],
        governs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The decision receipt (docs/architecture.md), as plain JSON values."""
        q = teacher.qualification(qualification_id)
        term = objection_term_entry(objection_term(decided_on))
        deadline = term["last_day"]
        period = (
            (assessment.period[0].isoformat(), assessment.period[1].isoformat())
            if assessment.period
            else None
        )
        hearing = kind == STRIKE_OFF and inputs.get("ground") not in GROUNDS_WITHOUT_HEARING
        return {
            "decision_id": decision_id,
            "kind": kind,
            "teacher_id": str(teacher.id),
            "qualification_id": qualification_id,
            "sector": q.sector,
            "subject": q.subject,
            "outcome": assessment.outcome,
            "met": assessment.met,
            "decided_on": decided_on.isoformat(),
            "decided_by": actor.to_dict(),
            "legal_basis": legal_basis(
                kind, q.sector, hearing=hearing, transition=kind == RE_REGISTRATION
            ),
            "policy": _policy(policy, governs),
            "engine_version": ENGINE_VERSION,
            "as_of_version": teacher.version,
            "period": {"start": period[0], "end": period[1]} if period else None,
            "inputs": inputs,
            "trace": list(assessment.trace),
            "reasons": reasons(
                kind,
                assessment.outcome,
                assessment.trace,
                period=period,
                objection_deadline=deadline,
                extra=inputs,
                objection_term=term,
            ),
            "objection_deadline": deadline,
            "objection_term": term,
        }

    def _criteria_on(self, book: CriteriaBook, on: date) -> tuple[CriteriaVersion, Any]:
        version = book.in_force(on)
        if version is None:
            raise ConflictError(M.NO_RE_REGISTRATION_CRITERIA_FORCE(on_date=on.isoformat()))
        return version, self.parsed_reregistration(version)

    def criteria_of_period(
        self, book: CriteriaBook, start: date, leaves: Any, on: date
    ) -> GoverningCriteria:
        """The criteria version that governs the period beginning on ``start``, decided ``on``.

        docs/domain.md, "Criteria of the period": the version in force on the day the period began
        (the earliest adopted version for a period that began before any was in force). A later
        version governs instead when it declares ``governs_running_periods`` and took effect
        while the period ran (and by ``on``); its adoption was refused had it made any outcome
        worse (lex mitior, checked by the impact analysis). The latest such version wins.
        """
        adopted = book.adopted_versions()
        if not adopted:
            raise ConflictError(M.NO_RE_REGISTRATION_CRITERIA_ADOPTED())
        base = book.in_force(start)
        reason = "in_force_at_period_start"
        if base is None:
            base, reason = adopted[0], "first_version"
        criteria = self.parsed_reregistration(base)
        end = period_end(start, criteria, leaves)
        chosen, chosen_criteria = base, criteria
        for later in adopted:
            assert later.effective_from is not None
            assert base.effective_from is not None
            if not (start < later.effective_from <= min(end, on)):
                continue
            if later.effective_from <= base.effective_from:
                continue
            parsed = self.parsed_reregistration(later)
            if parsed.governs_running_periods:
                chosen, chosen_criteria, reason = later, parsed, "governs_running_periods"
        assert chosen.effective_from is not None
        return GoverningCriteria(
            chosen,
            chosen_criteria,
            {
                "rule": reason,
                "period_start": start.isoformat(),
                "effective_from": chosen.effective_from.isoformat(),
            },
        )

    def _decide_re_registration(
        self,
        teacher: Teacher,
        qualification_id: str,
        book: CriteriaBook,
        ctx: Context,
    ) -> tuple[DecisionIndex | None, dict[str, Any]]:
        """Decide one period of one qualification, on the file in memory.

        Short of the criteria after the transition (outcome ``struck_off``), nothing is
        decided: a strike-off is proposed instead, resting on this assessment, and the teacher
        is heard first (Awb 4:8); the answer is the proposal, without a decision index. While
        a proposal made at the re-registration of this period is open, the period waits for it
        (409), as does a shortfall while any other strike-off proposal is open.
        """
        q = teacher.qualification(qualification_id)
        if q.status != QualificationStatus.REGISTERED:
            raise ConflictError(
                M.QUALIFICATION_ONLY_REGISTERED_QUALIFICATION_RE_REGISTERED(
                    qualification_id=qualification_id, status=q.status
                )
            )
        waiting = teacher.open_proposal(qualification_id)
        if waiting is not None and waiting in re_registration_proposals(
            teacher, qualification_id, q.period_start
        ):
            raise _awaiting(waiting)
        decided_on = self.clock()
        facts = self.facts_for(teacher, qualification_id)
        governing = self.criteria_of_period(book, q.period_start, facts.leaves, decided_on)
        version, criteria = governing.version, governing.criteria
        end = engine().period_end(q.period_start, criteria, list(facts.leaves))
        if decided_on <= end:
            raise ConflictError(
                M.REGISTRATION_PERIOD_RUNS_UNTIL_RE_REGISTRATION(
                    end_date=end.isoformat(), from_date=(end + _DAY).isoformat()
                )
            )
        decision_id = re_registration_decision_id(qualification_id, q.period_start)
        assessment = assess(
            RE_REGISTRATION,
            teacher,
            qualification_id,
            inputs={},
            criteria=criteria,
            decided_on=decided_on,
            validated=self.activity_validated,
            facts=facts,
        )
        receipt = self._receipt(
            decision_id=decision_id,
            kind=RE_REGISTRATION,
            teacher=teacher,
            qualification_id=qualification_id,
            assessment=assessment,
            decided_on=decided_on,
            actor=ctx.actor,
            policy=version,
            inputs={},
            governs=governing.governs,
        )
        if assessment.outcome == "struck_off":
            if waiting is not None:
                raise _awaiting(waiting)
            return None, self._propose_after_assessment(
                teacher, receipt, decided_on=decided_on, ctx=ctx
            )
        event_class = (
            Teacher.ReRegistered if assessment.outcome == "re_registered" else Teacher.Annotated
        )
        index = self._record_decided(
            teacher, event_class, receipt, ctx, new_period_start=end + _DAY
        )
        return index, receipt

    def _propose_after_assessment(
        self, teacher: Teacher, receipt: dict[str, Any], *, decided_on: date, ctx: Context
    ) -> dict[str, Any]:
        """Propose the strike-off a re-registration's assessment calls for, and answer it.

        The proposal holds the assessment (criteria version, day and period judged, the
        shortfalls and the trace); its reason text is the assessment's reasons. Its id is
        derived from the file version, like the decisions' ids.
        """
        qualification_id = receipt["qualification_id"]
        today = self.clock()
        view_due = hearing_deadline(today)
        period = receipt["period"]
        text = proposal_reasons(
            receipt["trace"],
            period=(period["start"], period["end"]) if period else None,
            view_due=view_due.isoformat(),
        )
        assessment = {
            "kind": RE_REGISTRATION,
            "outcome": receipt["outcome"],
            "met": receipt["met"],
            "policy": receipt["policy"],
            "engine_version": receipt["engine_version"],
            "decided_on": decided_on.isoformat(),
            "as_of_version": receipt["as_of_version"],
            "period": period,
            "shortfalls": [
                {k: e[k] for k in ("criterion", "required", "actual")}
                for e in receipt["trace"]
                if not e["passed"]
            ],
            "trace": receipt["trace"],
            "reasons": text,
        }
        proposal_id = decision_id_at(STRIKE_OFF_PROPOSED, qualification_id, teacher.version)
        teacher.propose_strike_off(
            proposal_id=proposal_id,
            qualification_id=qualification_id,
            ground=StrikeOffGround.CRITERIA_NOT_MET.value,
            proposed_on=today,
            view_due=view_due,
            actor=ctx.actor,
            reason="\n".join([" ".join(text["nl"]), " ".join(text["en"])]),
            correlation_id=ctx.correlation_id,
            assessment=assessment,
        )
        return {
            "kind": RE_REGISTRATION,
            "outcome": STRIKE_OFF_PROPOSED,
            "teacher_id": receipt["teacher_id"],
            "qualification_id": qualification_id,
            "proposal_id": proposal_id,
            "ground": StrikeOffGround.CRITERIA_NOT_MET.value,
            "proposed_on": today.isoformat(),
            "view_due": view_due.isoformat(),
            "assessment": assessment,
        }

    def _decide(
        self,
        teacher_id: UUID,
        ctx: Context,
        payload: dict[str, Any],
        prepare: Callable[[Teacher, CriteriaBook], tuple[DecisionIndex | None, dict[str, Any]]],
    ) -> CommandResult[Any]:
        """Load, decide, and save the decision with its index in one write.

        A version conflict re-decides on the fresh file (the decision is made again, never
        replayed); a decision already recorded is a 409. A re-registration that proposes a
        strike-off instead has no index: the file alone is saved.
        """
        attempts = 1 if ctx.expected_version is not None else 3
        for attempt in range(attempts):
            teacher = self.get_teacher(teacher_id)
            book = self.criteria_book(CRITERIA)
            decided: dict[str, Any] = {}

            def run(
                t: Teacher = teacher, b: CriteriaBook = book, out: dict[str, Any] = decided
            ) -> tuple[list[Aggregate], CommandResult[Any]]:
                check_expected_version(ctx, t.version)  # after the idempotency lookup
                index, receipt = prepare(t, b)
                out["decision_id"] = receipt.get("decision_id")
                aggregates: list[Aggregate] = [t] if index is None else [t, index]
                if b.pending_events:
                    aggregates.append(b)
                return aggregates, CommandResult(t.id, t.version, 0, receipt)

            try:
                result = self._idempotent(ctx, payload, run)
            except IntegrityError:
                decision_id = decided.get("decision_id")
                if decision_id is not None and self._index(decision_id) is not None:
                    raise AlreadyDecidedError(
                        M.DECISION_ALREADY_TAKEN(decision_id=decision_id)
                    ) from None
                if attempt + 1 < attempts:
                    continue
                if ctx.expected_version is not None:  # If-Match lost a race: 412, not 409
                    raise VersionMismatchError(ctx.expected_version, teacher.version + 1) from None
                raise ConflictError(M.FILE_CHANGED_SOMEONE_ELSE_SAME_TIME()) from None
            log.info(
                "decision_recorded",
                teacher_id=str(teacher_id),
                decision_id=result.data.get("decision_id"),
                proposal_id=result.data.get("proposal_id"),
                kind=result.data.get("kind"),
                outcome=result.data.get("outcome"),
                position=result.position,
                correlation_id=ctx.correlation_id,
            )
            return result
        raise ConflictError(M.FILE_TOO_BUSY_DECIDE_NOW_TRY())  # pragma: no cover

    # -- commands -------------------------------------------------------------------------

    def re_register(
        self, teacher_id: UUID, command: ReRegister, *, ctx: Context
    ) -> CommandResult[Any]:
        """Decide the re-registration of a qualification whose period has ended, dated the
        register's date (never back- or forward-dated).

        The data is the decision record (``re_registered``, ``annotated``), or, short of the
        criteria in a period that ended on or after the transition date, the strike-off
        proposal made instead (outcome ``strike_off_proposed``, with ``proposal_id``,
        ``view_due`` and the ``assessment``).
        """
        on = self.clock()

        def prepare(
            teacher: Teacher, book: CriteriaBook
        ) -> tuple[DecisionIndex | None, dict[str, Any]]:
            return self._decide_re_registration(teacher, command.qualification_id, book, ctx)

        payload = command.payload(teacher=teacher_id, decided_on=on)
        return self._decide(teacher_id, ctx, payload, prepare)

    def strike_off(
        self, teacher_id: UUID, command: StrikeOff, *, ctx: Context
    ) -> CommandResult[Any]:
        """Strike a qualification off directly: only on the teacher's own request or death.

        Every other ground is adverse and the teacher did not ask for it: it goes through a
        proposal and the teacher's view, or the lapse of the term for it (Awb 4:8; see
        ``propose_strike_off`` and ``decide_proposal``). The effective date follows
        :func:`policies.law.effective_date_faults`.
        """
        today = self.clock()
        qualification_id, ground = command.qualification_id, command.ground
        effective_on, heard_on = command.effective_on, command.heard_on

        def prepare(teacher: Teacher, book: CriteriaBook) -> tuple[DecisionIndex, dict[str, Any]]:
            q = teacher.qualification(qualification_id)
            errors: list[FieldError] = []
            grounds = [g.value for g in StrikeOffGround]
            if ground not in grounds:
                errors.append(
                    FieldError("ground", M.UNKNOWN_GROUND(value=repr(ground), grounds=grounds))
                )
            elif ground not in DIRECT_GROUNDS:
                errors.append(
                    FieldError(
                        "ground",
                        M.STRIKE_OFF_DECIDED_ONLY_AFTER_PROPOSAL(ground=ground),
                    )
                )
            else:
                errors += [
                    FieldError(fault.field, fault.message)
                    for fault in effective_date_faults(ground, effective_on, today, q.admitted_on)
                ]
            if heard_on is not None and heard_on > today:
                errors.append(FieldError("heard_on", M.HEARING_LIES_FUTURE()))
            if not (ctx.reason and ctx.reason.strip()):
                errors.append(FieldError("reason", M.STRIKE_OFF_STATES_REASON()))
            if errors:
                raise InvalidInputError(M.STRIKE_OFF_REFUSED(), errors)
            if q.status == QualificationStatus.STRUCK_OFF:
                raise ConflictError(
                    M.QUALIFICATION_ALREADY_STRUCK_OFF(qualification_id=qualification_id)
                )
            inputs: dict[str, Any] = {
                "ground": ground,
                "effective_on": effective_on.isoformat(),
                "heard_on": heard_on.isoformat() if heard_on else None,
                "reason": ctx.reason,
            }
            assessment = assess(
                STRIKE_OFF,
                teacher,
                qualification_id,
                inputs=inputs,
                criteria=None,
                decided_on=today,
                validated=self.activity_validated,
            )
            receipt = self._receipt_at_version(
                STRIKE_OFF,
                teacher,
                qualification_id,
                assessment,
                on=today,
                ctx=ctx,
                policy=None,
                inputs=inputs,
            )
            index = self._record_decided(
                teacher, Teacher.StruckOff, receipt, ctx, ground=ground, effective_on=effective_on
            )
            return index, receipt

        payload = command.payload(teacher=teacher_id, reason=ctx.reason)
        return self._decide(teacher_id, ctx, payload, prepare)

    def reinstate(
        self, teacher_id: UUID, command: Reinstate, *, ctx: Context
    ) -> CommandResult[Any]:
        """Reinstate a struck-off qualification when the criteria are met again.

        The criteria in force are evaluated over one period back from today; a new period
        starts today.
        """
        today = self.clock()
        qualification_id = command.qualification_id

        def prepare(teacher: Teacher, book: CriteriaBook) -> tuple[DecisionIndex, dict[str, Any]]:
            q = teacher.qualification(qualification_id)
            if q.status != QualificationStatus.STRUCK_OFF:
                raise ConflictError(
                    M.QUALIFICATION_NOT_STRUCK_OFF(qualification_id=qualification_id)
                )
            if q.struck_off_ground == StrikeOffGround.DECEASED:
                raise ConflictError(M.QUALIFICATION_STRUCK_OFF_DEATH_NOT_REINSTATED())
            policy, criteria = self._criteria_on(book, today)
            assessment = assess(
                REINSTATEMENT,
                teacher,
                qualification_id,
                inputs={},
                criteria=criteria,
                decided_on=today,
                validated=self.activity_validated,
            )
            if not assessment.met:
                short = [e for e in assessment.trace if not e["passed"]]
                named = "; ".join(
                    f"{e['criterion']} {e['actual']} of {e['required']}" for e in short
                )
                raise ConflictError(M.CRITERIA_NOT_MET_AGAIN(named=named))
            receipt = self._receipt_at_version(
                REINSTATEMENT,
                teacher,
                qualification_id,
                assessment,
                on=today,
                ctx=ctx,
                policy=policy,
                inputs={"reason": ctx.reason},
            )
            index = self._record_decided(
                teacher, Teacher.Reinstated, receipt, ctx, new_period_start=today
            )
            return index, receipt

        payload = command.payload(teacher=teacher_id, reason=ctx.reason)
        return self._decide(teacher_id, ctx, payload, prepare)

    def move_to_register(
        self, teacher_id: UUID, command: MoveToRegister, *, ctx: Context
    ) -> CommandResult[Any]:
        """Move a pre-registered qualification into the register once a diploma arrived."""
        today = self.clock()
        qualification_id, qualified_on = command.qualification_id, command.qualified_on

        def prepare(teacher: Teacher, book: CriteriaBook) -> tuple[DecisionIndex, dict[str, Any]]:
            q = teacher.qualification(qualification_id)
            errors: list[FieldError] = []
            if qualified_on > today:
                errors.append(FieldError("qualified_on", M.DIPLOMA_DATE_LIES_FUTURE()))
            if qualified_on < q.admitted_on:
                errors.append(FieldError("qualified_on", M.DIPLOMA_DATE_LIES_BEFORE_ADMISSION()))
            if errors:
                raise InvalidInputError(M.MOVE_REGISTER_REFUSED(), errors)
            if q.status not in PRE_REGISTER_STATUSES:
                raise ConflictError(
                    M.QUALIFICATION_NOT_PRE_REGISTER(qualification_id=qualification_id)
                )
            policy, criteria = self._criteria_on(book, today)
            inputs = {"qualified_on": qualified_on.isoformat(), "reason": ctx.reason}
            assessment = assess(
                MOVE_TO_REGISTER,
                teacher,
                qualification_id,
                inputs=inputs,
                criteria=criteria,
                decided_on=today,
                validated=self.activity_validated,
            )
            receipt = self._receipt_at_version(
                MOVE_TO_REGISTER,
                teacher,
                qualification_id,
                assessment,
                on=today,
                ctx=ctx,
                policy=policy,
                inputs=inputs,
            )
            index = self._record_decided(
                teacher, Teacher.MovedToRegister, receipt, ctx, new_period_start=qualified_on
            )  # the period starts on the date of qualification (docs/domain.md, "Pre-register
            # terms")
            return index, receipt

        payload = command.payload(teacher=teacher_id)
        return self._decide(teacher_id, ctx, payload, prepare)

    # -- run-due --------------------------------------------------------------------------

    def _decide_due(
        self,
        teacher: Teacher,
        on: date,
        book: CriteriaBook,
        ctx: Context,
    ) -> tuple[list[tuple[DecisionIndex | None, dict[str, Any]]], list[str]]:
        """Every period of this file that ended before ``on`` and is not decided, in order;
        and the periods left alone (``awaiting_hearing``, ``left_to_registrar``).

        A period short after the transition gets a strike-off proposal and waits for it; a
        period whose proposal was closed without a strike-off (withdrawn) is left to the
        registrar, so that one run never proposes a strike-off twice for one period.
        """
        made: list[tuple[DecisionIndex | None, dict[str, Any]]] = []
        skipped: list[str] = []
        leaves = None
        for qualification_id in list(teacher.qualifications):
            for _ in range(MAX_PERIODS_PER_RUN):
                q = teacher.qualifications[qualification_id]
                if q.status != QualificationStatus.REGISTERED or q.admitted_on > on:
                    break
                leaves = leaves if leaves is not None else leave_facts(teacher)
                criteria = self.criteria_of_period(book, q.period_start, leaves, on).criteria
                if engine().period_end(q.period_start, criteria, list(leaves)) >= on:
                    break
                earlier = re_registration_proposals(teacher, qualification_id, q.period_start)
                if earlier:
                    open_ = any(p.status == "open" for p in earlier)
                    skipped.append("awaiting_hearing" if open_ else "left_to_registrar")
                    break
                try:
                    index, data = self._decide_re_registration(teacher, qualification_id, book, ctx)
                except AwaitingHearingError:  # another strike-off proposal is open
                    skipped.append("awaiting_hearing")
                    break
                made.append((index, data))
                if index is None:  # a strike-off proposed: the period waits for the hearing
                    break
        return made, skipped

    @staticmethod
    def _count(
        report: RunDueReport, made: list[tuple[DecisionIndex | None, dict[str, Any]]]
    ) -> None:
        for index, data in made:
            if index is None:
                report.proposed += 1
            else:
                outcome = data["outcome"]
                report.outcomes[outcome] = report.outcomes.get(outcome, 0) + 1
                report.decided += 1

    @staticmethod
    def _count_skipped(report: RunDueReport, skipped: list[str]) -> None:
        report.awaiting_hearing += skipped.count("awaiting_hearing")
        report.left_to_registrar += skipped.count("left_to_registrar")

    def run_due_once(self, on: date, *, ctx: Context) -> CommandResult[Any]:
        """`run_due` for one request: with an idempotency key, once per key (a retry gets the
        first report back, with the position of its record); the data is the report."""
        return self._once(
            ctx,
            {"command": "run_due", "on": on.isoformat()},
            lambda: self.run_due(on, ctx=ctx).to_dict(),
        )

    def check_run_date(self, on: date) -> None:
        """A due run decides on the register's date only (a run for another day would decide
        on facts that day has not seen, or has seen differently)."""
        today = self.clock()
        if on != today:
            raise InvalidInputError.of(
                "date",
                M.RUN_DUE_DECIDES_REGISTER_S_DATE(on_date=today.isoformat()),
            )

    def run_due(
        self,
        on: date,
        *,
        ctx: Context,
        page_rows: int = PAGE_ROWS,
        progress: Callable[[int, int], None] | None = None,
        each_file: Callable[[Teacher], bool] | None = None,
        file_conflict: Callable[[], None] | None = None,
    ) -> RunDueReport:
        """Decide every re-registration due on ``on``: every period that ended before it.

        Idempotent (decided periods are no longer due, and decision ids collide), batched
        (one write per page of files), with progress. A file that changed during the run is
        decided again on its fresh state, alone.

        ``each_file(teacher)`` lets another due run (retention) work on each file in the same
        pass, after its decisions: it returns whether it changed the file, which is then
        written with the page. When a page's write collides, what ``each_file`` changed in it
        is not written and ``file_conflict()`` is called (the next run takes it).
        """
        self.check_run_date(on)
        started = time.perf_counter()
        self.ensure_criteria_books(ctx)
        book = self.criteria_book(CRITERIA)
        report = RunDueReport(on=on)
        scan = DueScan(self, on, book)  # whole files where a decision may be due (due_batch.py)
        total = scan.count_files()
        for page in scan.pages(page_rows):
            changed: list[Aggregate] = []
            page_made: list[tuple[DecisionIndex | None, dict[str, Any]]] = []
            page_skipped: list[str] = []
            page_expired = 0
            for teacher in page:
                try:
                    made, skipped = self._decide_due(teacher, on, book, ctx)
                except ConflictError:
                    report.conflicts += 1
                    if each_file is not None:  # on the file as stored, written alone
                        self._each_file_alone(teacher.id, each_file, file_conflict)
                    continue
                expired = expire_due(teacher, on, book, self.parsed_reregistration, ctx)
                also = each_file(teacher) if each_file is not None else False
                if made or expired or also:
                    changed.append(teacher)
                    changed += [index for index, _ in made if index is not None]
                    page_made += made
                    page_skipped += skipped
                    page_expired += len(expired)
                else:
                    self._count_skipped(report, skipped)
            if changed:
                try:
                    self._save(*changed)
                    report.writes += 1
                    report.preregister_expired += page_expired
                except IntegrityError:
                    page_made, page_skipped = self._decide_alone(
                        [a.id for a in changed if isinstance(a, Teacher)], on, report, ctx
                    )
                    if file_conflict is not None:
                        file_conflict()
            self._count(report, page_made)
            self._count_skipped(report, page_skipped)
            report.files_read += len(page)
            if progress is not None:
                progress(report.files_read, max(total, report.files_read))
        report.seconds = time.perf_counter() - started
        log.info("run_due_finished", **report.to_dict())
        return report

    def _each_file_alone(
        self,
        teacher_id: UUID,
        each_file: Callable[[Teacher], bool],
        file_conflict: Callable[[], None] | None,
    ) -> None:
        teacher = self.get_teacher(teacher_id)
        if not each_file(teacher):
            return
        try:
            self._save(teacher)
        except IntegrityError:
            if file_conflict is not None:
                file_conflict()

    def _decide_alone(
        self,
        teacher_ids: list[UUID],
        on: date,
        report: RunDueReport,
        ctx: Context,
    ) -> tuple[list[tuple[DecisionIndex | None, dict[str, Any]]], list[str]]:
        """After a batch collided: decide each file again on its fresh state, one write each."""
        all_made: list[tuple[DecisionIndex | None, dict[str, Any]]] = []
        all_skipped: list[str] = []
        for teacher_id in teacher_ids:
            book = self.criteria_book(CRITERIA)
            teacher = self.get_teacher(teacher_id)
            try:
                made, skipped = self._decide_due(teacher, on, book, ctx)
                expired = expire_due(teacher, on, book, self.parsed_reregistration, ctx)
                if made or expired:
                    self._save(teacher, *[index for index, _ in made if index is not None])
                    report.writes += 1
                    report.preregister_expired += len(expired)
            except (IntegrityError, ConflictError):
                report.conflicts += 1
                continue
            all_made += made
            all_skipped += skipped
        return all_made, all_skipped

    # -- reading and reproducing decisions ------------------------------------------------

    def _index(self, decision_id: str) -> DecisionIndex | None:
        try:
            index: DecisionIndex = self.repository.get(decision_index_id(decision_id))
        except AggregateNotFoundError:
            return None
        return index

    def get_decision(self, decision_id: str) -> dict[str, Any]:
        """The decision record: its receipt, the file version that holds it, and whether it
        was revoked since."""
        try:
            normal = str(UUID(decision_id))
        except ValueError:
            raise NotFoundError(M.NO_DECISION_ID(decision_id=decision_id)) from None
        index = self._index(normal)
        if index is None:
            raise NotFoundError(M.NO_DECISION_ID(decision_id=decision_id))
        teacher = self.get_teacher(index.teacher_id)
        summary = next((d for d in teacher.decisions if d["decision_id"] == normal), None)
        if summary is None:  # pragma: no cover (the index is written with the decision)
            raise NotFoundError(M.NO_DECISION_ID(decision_id=decision_id))
        version = int(summary["version"])
        event = next(iter(self.events.get(teacher.id, gt=version - 1, lte=version)))
        record = dict(event.decision)  # type: ignore[attr-defined]
        record["version"] = version
        record["revoked"] = bool(summary.get("revoked", False))
        record["file_version"] = teacher.version
        return record

    def reproduce(self, decision_id: str) -> dict[str, Any]:
        """Decide again from the recorded file version and criteria version, and compare.

        Refused (409) when the criteria version no longer hashes to the recorded sha256.
        """
        record = self.get_decision(decision_id)
        teacher_id = UUID(record["teacher_id"])
        then = self.get_teacher(teacher_id, version=int(record["as_of_version"]))
        policy = record.get("policy")
        criteria = None
        if policy is not None:
            version = self.criteria_version(policy["name"], int(policy["version"]))
            if (
                version.sha256 != policy["sha256"]
                or document_sha256(version.raw) != policy["sha256"]
            ):
                raise ConflictError(
                    M.CRITERIA_VERSION_NO_LONGER_MATCHES_SHA256(
                        name=policy["name"], version=policy["version"], sha256=policy["sha256"]
                    )
                )
            criteria = self.parsed_reregistration(version)
        recorded_engine = str(record.get("engine_version") or "1.0.0")
        try:
            rules = engine(recorded_engine)
        except UnknownEngineError:
            raise ConflictError(
                M.DECISION_TAKEN_ENGINE_WHICH_REGISTER_DOES(engine=recorded_engine)
            ) from None
        assessment = assess(
            record["kind"],
            then,
            record["qualification_id"],
            inputs=record.get("inputs") or {},
            criteria=criteria,
            decided_on=date.fromisoformat(record["decided_on"]),
            validated=self.activity_validated,
            rules=rules,
        )
        differences = trace_differences(record["trace"], assessment.trace)
        if assessment.outcome != record["outcome"]:
            differences.insert(
                0,
                {
                    "criterion": "(outcome)",
                    "field": "outcome",
                    "recorded": record["outcome"],
                    "recomputed": assessment.outcome,
                },
            )
        return {
            "decision_id": record["decision_id"],
            "teacher_id": record["teacher_id"],
            "reproduced": not differences,
            "recorded": {"outcome": record["outcome"], "trace": record["trace"]},
            "recomputed": {"outcome": assessment.outcome, "trace": list(assessment.trace)},
            "differences": differences,
            "policy": policy,
            "engine_version": {
                "recorded": recorded_engine,
                "reproduced_with": rules.ENGINE_VERSION,
                "current": ENGINE_VERSION,
            },
            "as_of_version": record["as_of_version"],
            "events_since": record["file_version"] - record["version"],
        }
