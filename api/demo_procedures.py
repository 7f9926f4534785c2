"""Demo procedures on top of the demo files: providers and offerings, a decision under
objection, an intended strike-off, a disputed appointment.

So that every role finds work on its pages after `make run`: the validator an application and
offerings awaiting a decision, the provider a catalogue to join, the registrar a hearing to
conclude and periods to decide, the appeals committee an objection, the employer a dispute.
Everything goes through the register's own commands with an actor and a reason, as a real
user's work would; deterministic for a given demo store.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from uuid import UUID

from domain.commands import ReRegister
from domain.commands.deliveries import DisputeAppointment
from domain.commands.hearings import ProposeStrikeOff
from domain.commands.objections import FileObjection
from domain.commands.offerings import (
    ApplyAsProvider,
    DecideProvider,
    SubmitOffering,
    ValidateOffering,
)
from domain.errors import ConflictError, InvalidInputError
from domain.register import Context, Register
from domain.teacher import Teacher
from domain.teacher_scan import TeacherScan
from domain.values import Actor, QualificationStatus, Role

VALIDATOR = Context(Actor(Role.VALIDATOR, "demo-validator"), reason="demo data")
#: The validator's judgement of a provider the demo admits.
ADMIT = DecideProvider(practice_alignment_sufficient=True, quality_monitoring_sufficient=True)
REGISTRAR = Context(Actor(Role.REGISTRAR, "demo-registrar"), reason="demo data")
#: Providers: id, name, KvK number, admitted by the validator or still awaiting a decision.
PROVIDERS = (
    ("leerhuis-noord", "Het Leerhuis Noord", "30123456", True),
    ("academie-didactiek", "Academie voor Didactiek", "30234567", True),
    ("netwerk-vakdidactiek", "Netwerk Vakdidactiek", "30345678", False),
)
#: Offerings: provider, title, sector, areas, contact hours, self-study hours, price, validated.
OFFERINGS = (
    (
        "leerhuis-noord",
        "Formatief evalueren in de les",
        "vo",
        ["didactics", "pedagogy"],
        8,
        4,
        "250.00",
        True,
    ),
    (
        "leerhuis-noord",
        "Intervisie leiden in je sectie",
        None,
        ["pedagogy"],
        6,
        2,
        "180.00",
        True,
    ),
    (
        "academie-didactiek",
        "Rekendidactiek voor de bovenbouw",
        "po",
        ["subject_matter", "didactics"],
        12,
        6,
        "395.00",
        True,
    ),
    (
        "academie-didactiek",
        "Taalgericht vakonderwijs",
        "mbo",
        ["didactics"],
        10,
        5,
        "340.00",
        False,
    ),
    (
        "leerhuis-noord",
        "Lesbezoek als leerinstrument",
        None,
        ["didactics", "pedagogy"],
        4,
        2,
        "120.00",
        False,
    ),
)


@dataclass
class ProceduresSummary:
    """What the demo procedures made, for the demo's closing lines."""

    providers: list[str] = field(default_factory=list)
    offerings_validated: int = 0
    offerings_awaiting: int = 0
    decisions: list[str] = field(default_factory=list)
    objections: list[str] = field(default_factory=list)
    proposals: list[str] = field(default_factory=list)
    disputes: int = 0
    boards: list[str] = field(default_factory=list)


def load_procedures(register: Register, *, files: int = 400) -> ProceduresSummary:
    """Providers, offerings and a few procedures on the first `files` demo files."""
    summary = ProceduresSummary()
    _providers_and_offerings(register, summary)
    _procedures_on_files(register, summary, files)
    return summary


def _providers_and_offerings(register: Register, summary: ProceduresSummary) -> None:
    for provider_id, name, kvk, admitted in PROVIDERS:
        application = ApplyAsProvider(
            name=name,
            kvk_number=kvk,
            staff_level="hbo",
            practice_alignment="Elk programma wordt met scholen ontwikkeld en in de klas beproefd.",
            quality_monitoring="Evaluatie na elke bijeenkomst; jaarlijks een externe visitatie.",
            complaints_procedure=True,
            complaint_decision_days=10,
        )
        register.apply_as_provider(
            provider_id,
            application,
            ctx=Context(Actor(Role.PROVIDER, provider_id), reason="demo data"),
        )
        summary.providers.append(provider_id)
        if admitted:
            register.decide_provider(provider_id, ADMIT, ctx=VALIDATOR)
    for provider_id, title, sector, areas, contact, study, price, validated in OFFERINGS:
        offer = SubmitOffering(
            title=title,
            description=f"{title}: bijeenkomsten met een opdracht in de eigen klas.",
            sector=sector,
            competence_areas=tuple(areas),
            contact_hours=Decimal(contact),
            self_study_hours=Decimal(study),
            has_assessment=False,
            price=Decimal(price),
        )
        submitted = register.submit_offering(
            provider_id, offer, ctx=Context(Actor(Role.PROVIDER, provider_id), reason="demo data")
        )
        if validated:
            offering_id = submitted.data["offering_id"]
            register.validate_offering(offering_id, ValidateOffering(), ctx=VALIDATOR)
            summary.offerings_validated += 1
        else:
            summary.offerings_awaiting += 1


def _files(register: Register, limit: int) -> Iterator[Teacher]:
    seen = 0
    for page in TeacherScan(register).pages(200):
        for teacher in page:
            yield teacher
            seen += 1
            if seen >= limit:
                return


def _registered(teacher: Teacher) -> list[str]:
    return [
        qid
        for qid, q in teacher.qualifications.items()
        if q.status == QualificationStatus.REGISTERED
    ]


def _procedures_on_files(register: Register, summary: ProceduresSummary, files: int) -> None:
    """Two decided periods (one under objection), one intended strike-off, one dispute."""
    used: set[UUID] = set()
    for teacher in _files(register, files):
        if len(summary.decisions) >= 2 and summary.proposals and summary.disputes:
            break
        tid = teacher.id
        if len(summary.decisions) < 2:
            decided = _decide_one(register, tid, _registered(teacher))
            if decided is not None:
                summary.decisions.append(decided)
                used.add(tid)
                if len(summary.decisions) == 1:
                    filed = register.file_objection(
                        FileObjection(
                            decision_id=decided,
                            grounds="Mijn intervisie en lesbezoeken zijn niet allemaal meegeteld.",
                        ),
                        ctx=Context(Actor(Role.TEACHER, str(tid))),
                    )
                    summary.objections.append(filed.data["objection_id"])
                continue
        if not summary.proposals and tid not in used and _registered(teacher):
            proposed = register.propose_strike_off(
                tid,
                ProposeStrikeOff(qualification_id=_registered(teacher)[0], ground="incorrect_data"),
                ctx=replace(
                    REGISTRAR,
                    reason="Het diploma onder de inschrijving kon niet worden geverifieerd.",
                ),
            )
            summary.proposals.append(proposed.data["proposal_id"])
            used.add(tid)
            continue
        if not summary.disputes and tid not in used and teacher.appointments:
            appointment_id, appointment = next(iter(teacher.appointments.items()))
            try:
                register.dispute_appointment(
                    tid,
                    DisputeAppointment(appointment_id=appointment_id),
                    ctx=Context(
                        Actor(Role.TEACHER, str(tid)),
                        reason="De omvang klopt niet: ik werk 0,6 fte, niet meer.",
                    ),
                )
            except (ConflictError, InvalidInputError):
                continue
            summary.disputes += 1
            summary.boards.append(appointment.board_number)
            used.add(tid)


def _decide_one(register: Register, tid: UUID, qualification_ids: list[str]) -> str | None:
    """Re-register the first qualification whose period has ended (None when none has)."""
    for qid in qualification_ids:
        try:
            result = register.re_register(tid, ReRegister(qualification_id=qid), ctx=REGISTRAR)
        except ConflictError:
            continue  # the period has not ended yet
        if "decision_id" not in result.data:
            continue  # a strike-off was proposed instead: no decision
        return result.data["decision_id"]
    return None
