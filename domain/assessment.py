"""From a teacher file to facts, and from facts to the assessment a decision records.

One function, :func:`assess`, computes the outcome and trace of every kind of decision. The
command that decides calls it on the current file; reproduction calls it on the file at the
recorded version with the recorded criteria version. Same code, same inputs, same answer:
that is what makes a decision reproducible.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

from domain.teacher import Activity, Teacher
from domain.values import GROUNDS_WITHOUT_HEARING, LeaveStatus, StrikeOffGround
from policies import (
    ActivityFact,
    AppointmentFact,
    LeaveFact,
    QualificationFacts,
    ReregistrationCriteria,
)
from policies.engines import Engine, engine
from policies.periods import add_years

RE_REGISTRATION: Final = "re_registration"
STRIKE_OFF: Final = "strike_off"
REINSTATEMENT: Final = "reinstatement"
MOVE_TO_REGISTER: Final = "move_to_register"
KINDS: Final = (RE_REGISTRATION, STRIKE_OFF, REINSTATEMENT, MOVE_TO_REGISTER)

#: Whether an activity counts as from a validated offering (see `DecisionCommands`).
ValidatedHook = Callable[[Teacher, Activity], bool]


def event_ref(teacher: Teacher, version: int) -> str:
    """The reference of one event of a file, as traces name their evidence."""
    return f"{teacher.id}/{version}"


def leave_facts(teacher: Teacher) -> tuple[LeaveFact, ...]:
    """The leave that counts or may count: approved leave (by the registrar, or delivered by
    the employer), naming the event that made it count (its recording or the approval), and
    the teacher's own reports still pending (``approved=False``: they extend nothing, the trace
    lists them). Rejected leave is left out."""
    return tuple(
        LeaveFact(
            leave.leave_id,
            event_ref(teacher, leave.approved_at_version or leave.recorded_at_version),
            leave.start,
            leave.end,
            approved=leave.approved,
        )
        for leave in teacher.leaves.values()
        if leave.approved or leave.status == LeaveStatus.PENDING
    )


def _qualification_ids(activity: Activity) -> tuple[str, ...] | None:
    return tuple(activity.qualification_ids) if activity.qualification_ids else None


def qualification_facts(
    teacher: Teacher,
    qualification_id: str,
    *,
    validated: ValidatedHook,
    period_start: date | None = None,
) -> QualificationFacts:
    """The facts of one qualification's period, each naming the event that supplied it.

    Every activity and appointment of the file is passed in with what it states about the
    qualifications it serves (sector and subjects taught, the qualifications named, a dispute,
    a rejection in a sample check); the engine decides which count (engine 2.0.0: per
    qualification; engine 1.0.0 ignored these fields and counted everything for each).
    """
    q = teacher.qualification(qualification_id)
    activities = tuple(
        ActivityFact(
            activity_id=a.activity_id,
            event_ref=event_ref(teacher, a.recorded_at_version),
            kind=a.kind,
            occurred_on=a.occurred_on,
            contact_hours=a.contact_hours,
            self_study_hours=a.self_study_hours,
            competence_areas=tuple(a.competence_areas),
            validated=validated(teacher, a),
            has_evidence=bool(a.evidence and a.evidence.strip()),
            has_reflection=bool(a.reflection and a.reflection.strip()),
            withdrawn=a.withdrawn,
            qualification_ids=_qualification_ids(a),
            rejected=a.rejected_in_sample,
            peer_confirmation=event_ref(teacher, a.peer_confirmed_at_version)
            if a.peer_confirmed_at_version is not None
            else None,
            peer_same_board=bool(a.peer_same_board),
        )
        for a in teacher.activities.values()
    )
    appointments = tuple(
        AppointmentFact(
            appointment_id=a.appointment_id,
            event_ref=event_ref(teacher, a.recorded_at_version),
            start=a.start,
            end=a.end,
            fte=a.fte,
            sector=a.sector,
            subjects=tuple(a.subjects or ()),
            disputed=a.confirmation == "disputed",
        )
        for a in teacher.appointments.values()
    )
    return QualificationFacts(
        qualification_id=q.qualification_id,
        sector=q.sector,
        subject=q.subject,
        basis=q.basis,
        status=q.status,
        period_start=period_start or q.period_start,
        activities=activities,
        appointments=appointments,
        leaves=leave_facts(teacher),
        admitted_on=q.admitted_on,
    )


@dataclass(frozen=True, slots=True)
class Assessment:
    """What a decision found: the outcome, whether the criteria were met, and the trace."""

    outcome: str
    met: bool
    trace: tuple[dict[str, Any], ...]
    period: tuple[date, date] | None = None


def _info(criterion: str, actual: str) -> dict[str, Any]:
    return {
        "criterion": criterion,
        "required": "-",
        "actual": actual,
        "passed": True,
        "evidence": [],
    }


def reinstatement_window(decided_on: date, criteria: ReregistrationCriteria) -> date:
    """First day of the period judged for reinstatement: one period back from the decision."""
    return add_years(decided_on, -criteria.period_years) + timedelta(days=1)


def assess(
    kind: str,
    teacher: Teacher,
    qualification_id: str,
    *,
    inputs: Mapping[str, Any],
    criteria: ReregistrationCriteria | None,
    decided_on: date,
    validated: ValidatedHook,
    facts: QualificationFacts | None = None,
    rules: Engine | None = None,
) -> Assessment:
    """The outcome and trace of a decision of ``kind`` on this file as it stands.

    ``inputs`` are what the decision was asked with (ground, hearing date, date qualified);
    they are recorded in the receipt so that reproduction asks the same question. ``rules``
    is the engine version that judges (default: the current one; reproduction passes the
    version its receipt names).
    """
    rules = rules or engine()
    evaluate = rules.evaluate
    evaluate_preregister = rules.evaluate_preregister
    if kind == RE_REGISTRATION:
        assert criteria is not None
        facts = facts or qualification_facts(teacher, qualification_id, validated=validated)
        verdict = evaluate(facts, criteria, decided_on)
        return Assessment(
            verdict.outcome,
            verdict.met,
            tuple(r.to_dict() for r in verdict.trace),
            (verdict.period_start, verdict.period_end),
        )
    if kind == STRIKE_OFF:
        ground = str(inputs["ground"])
        heard_on = inputs.get("heard_on")
        trace = [_info("ground", ground)]
        if ground not in GROUNDS_WITHOUT_HEARING:
            trace.append(
                {
                    "criterion": "hearing",
                    "required": "heard",
                    "actual": f"heard on {heard_on}" if heard_on else "not heard",
                    "passed": bool(heard_on),
                    "evidence": [],
                }
            )
        if ground != StrikeOffGround.CRITERIA_NOT_MET:
            met = all(entry["passed"] for entry in trace)
            return Assessment("struck_off" if met else "refused", met, tuple(trace))
        assert criteria is not None
        facts = facts or qualification_facts(teacher, qualification_id, validated=validated)
        verdict = evaluate(facts, criteria, decided_on)
        trace += [r.to_dict() for r in verdict.trace]
        hearing_ok = all(entry["passed"] for entry in trace[:2])
        outcome = "struck_off" if hearing_ok and not verdict.met else "refused"
        return Assessment(
            outcome, verdict.met, tuple(trace), (verdict.period_start, verdict.period_end)
        )
    if kind == REINSTATEMENT:
        assert criteria is not None
        start = reinstatement_window(decided_on, criteria)
        facts = qualification_facts(
            teacher, qualification_id, validated=validated, period_start=start
        )
        verdict = evaluate(facts, criteria, decided_on)
        return Assessment(
            "reinstated" if verdict.met else "criteria_not_met",
            verdict.met,
            tuple(r.to_dict() for r in verdict.trace),
            (verdict.period_start, verdict.period_end),
        )
    if kind == MOVE_TO_REGISTER:
        assert criteria is not None
        qualified_on = date.fromisoformat(str(inputs["qualified_on"]))
        facts = facts or qualification_facts(teacher, qualification_id, validated=validated)
        stay = evaluate_preregister(facts, criteria, qualified_on)
        trace = [
            _info("basis", f"{facts.basis} -> diploma"),
            _info("qualified_on", qualified_on.isoformat()),
            _info(
                "preregister_stay", f"{stay.period_start.isoformat()}/{stay.period_end.isoformat()}"
            ),
            _info("preregister_stay_exceeded", "yes" if not stay.met else "no"),
        ]
        return Assessment("moved_to_register", True, tuple(trace), None)
    raise ValueError(f"unknown decision kind {kind!r}")
