"""Turn domain objects into answer models; no rule is decided here, only shown."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from api.schemas.activities import ActivityOut, CostOut, PeerConfirmationOut
from api.schemas.appointments import AppointmentOut
from api.schemas.audit import AuditEvent
from api.schemas.criteria import (
    Impact,
    ImpactDraft,
    ImpactRunError,
    ImpactRunProgress,
    ImpactRunPublic,
)
from api.schemas.facts import ParticipationOut
from api.schemas.leave import LeaveOut
from api.schemas.teachers import (
    DecisionSummary,
    NameOut,
    QualificationOut,
    StrikeOffProposalOut,
    TeacherFile,
)
from domain.impact_run import ImpactRun
from domain.teacher import Activity, Teacher
from domain.values import Actor

#: Fields of the library's envelope, shown apart from the event's own data.
_ENVELOPE = {"timestamp", "originator_topic", "actor", "reason", "correlation_id"}


def peer_confirmation(
    teacher: Teacher, activity: Activity, today: date | None
) -> PeerConfirmationOut | None:
    """The latest request to a colleague about this activity, its expiry read ``today``."""
    r = teacher.peer_requests.get(activity.peer_request_id or "")
    if r is None:
        return None
    return PeerConfirmationOut(
        request_id=r.request_id,
        colleague_register_number=r.colleague_register_number,
        colleague_name=r.colleague_name,
        requested_on=r.requested_on,
        expires_on=r.expires_on,
        status=r.status_on(today) if today is not None else r.status,  # type: ignore[arg-type]
        answered_on=r.answered_on,
        remark=r.remark,
        same_board=r.same_board,
        counts_as_evidenced=activity.peer_confirmed,
    )


def teacher_file(teacher: Teacher, *, show_bsn: bool, today: date | None = None) -> TeacherFile:
    return TeacherFile(
        teacher_id=str(teacher.id),
        register_number=teacher.register_number,
        bsn=teacher.bsn if show_bsn else None,
        name=NameOut(**teacher.name.to_dict()),
        birth_date=teacher.birth_date,
        registered_on=teacher.registered_on,
        qualifications=[
            QualificationOut(
                qualification_id=q.qualification_id,
                sector=q.sector,
                subject=q.subject,
                basis=q.basis,
                status=q.status,
                admitted_on=q.admitted_on,
                period_start=q.period_start,
                period_end=teacher.period_end(q.qualification_id),
                struck_off_ground=q.struck_off_ground,
                annotations=[jsonable(a) for a in q.annotations],
                history=[jsonable(h) for h in q.history],
            )
            for q in teacher.qualifications.values()
        ],
        appointments=[
            AppointmentOut(
                appointment_id=a.appointment_id,
                board_number=a.board_number,
                brin=a.brin,
                start=a.start,
                end=a.end,
                fte=f"{a.fte}",
                basis=a.basis,
                contract_start=a.contract_start,
                contract_end=a.contract_end,
                confirmation=a.confirmation,
                dispute_reason=a.dispute_reason,
                sector=a.sector,
                subjects=list(a.subjects) if a.subjects is not None else None,
                stated=a.stated,
            )
            for a in teacher.appointments.values()
        ],
        leaves=[
            LeaveOut(
                leave_id=lv.leave_id,
                kind=lv.kind,
                start=lv.start,
                end=lv.end,
                status=lv.status,
                rejection_reason=lv.rejection_reason,
            )
            for lv in teacher.leaves.values()
        ],
        activities=[
            ActivityOut(
                activity_id=a.activity_id,
                kind=a.kind,
                title=a.title,
                occurred_on=a.occurred_on,
                contact_hours=f"{a.contact_hours}",
                self_study_hours=f"{a.self_study_hours}",
                competence_areas=a.competence_areas,
                offering_id=a.offering_id,
                evidence=a.evidence,
                reflection=a.reflection,
                cost=CostOut(**a.cost.to_dict()) if a.cost else None,
                withdrawn=a.withdrawn,
                withdrawn_reason=a.withdrawn_reason,
                evidence_reference=a.evidence_reference,
                qualification_ids=list(a.qualification_ids)
                if a.qualification_ids is not None
                else None,
                participation_id=a.participation_id,
                sample_id=a.sample_id,
                sample_outcome=a.sample_outcome,  # type: ignore[arg-type]
                sample_reason=a.sample_reason,
                peer_confirmation=peer_confirmation(teacher, a, today),
            )
            for a in teacher.activities.values()
        ],
        decisions=[DecisionSummary(**d) for d in teacher.decisions],
        strike_off_proposals=[StrikeOffProposalOut(**vars(p)) for p in teacher.proposals.values()],
        participations=[
            ParticipationOut(
                participation_id=p.participation_id,
                provider_id=p.provider_id,
                offering_id=p.offering_id,
                offering_title=p.offering_title,
                completed_on=p.completed_on,
                contact_hours=f"{p.contact_hours}",
                self_study_hours=f"{p.self_study_hours}",
                competence_areas=list(p.competence_areas),
                confirmed=p.activity_id is not None,
                activity_id=p.activity_id,
            )
            for p in teacher.participations.values()
        ],
        version=teacher.version,
    )


def jsonable(value: Any) -> Any:
    """Dates, decimals and value objects as JSON-ready primitives."""
    return json.loads(json.dumps(value, default=_default))


def _default(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def audit_event(position: int, event: Any, *, show_bsn: bool = True) -> AuditEvent:
    """One stored event as the audit trail shows it: type, when, who, why, and its data
    (without the BSN unless the reader needs it: the registrar)."""
    state = dict(vars(event))
    if not show_bsn:
        state.pop("bsn", None)
    version = state.pop("originator_version")
    state.pop("originator_id", None)
    actor = state.get("actor")
    topic = type(event).__qualname__
    return AuditEvent(
        position=position,
        version=version,
        type=topic,
        recorded_at=state["timestamp"],
        actor=actor.to_dict() if isinstance(actor, Actor) else actor,
        reason=state.get("reason"),
        correlation_id=state.get("correlation_id"),
        data=jsonable({k: v for k, v in state.items() if k not in _ENVELOPE}),
    )


def present_impact_run(run: ImpactRun) -> ImpactRunPublic:
    """A run as the API shows it."""
    return ImpactRunPublic(
        run_id=run.run_id,
        status=run.status,  # type: ignore[arg-type]
        criteria=ImpactDraft(
            name=run.criteria_name, version=run.criteria_version, sha256=run.sha256
        ),
        window={"from": run.due_from, "to": run.due_to},
        effective_from=run.effective_from,
        requested_on=run.requested_on,
        requested_by=str(run.requested_by),
        attempts=run.attempt,
        progress=ImpactRunProgress(files_done=run.files_done, files_total=run.files_total),
        started_at=run.started_at,
        finished_at=run.finished_at,
        result=Impact(**run.result) if run.result is not None else None,
        error=(
            ImpactRunError(code=run.error["code"], message=run.error["message"] or "")
            if run.error is not None
            else None
        ),
    )
