"""Who may open which of the registrar pages (merged into the table of test_web_authorisation).

Decisions and proposals that change a file act on a fresh teacher (`World.admit`, registered
in 2022, so the period is over); the pages the teacher caller must reach act on the world's
own teacher, whom that caller is.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from uuid import UUID

from domain.commands import RecordLeave
from domain.commands.hearings import ProposeStrikeOff, WithdrawProposal
from domain.register import Context
from domain.values import Actor
from tests.api.web.rules_common import TEACHER, Page, WebRule, _get, _post
from tests.api.world import BOARD, World

REGISTRAR = frozenset({"registrar"})
KEEPERS = frozenset({"teacher", "registrar"})
#: The API's read_proposal: the teacher concerned, registrar, appeals, auditor.
PROPOSAL_READERS = frozenset({"teacher", "registrar", "appeals", "auditor"})
QUALIFICATION = TEACHER + "/qualifications/{qualification_id}"
API_TEACHER = "/api/teachers/{teacher_id}"
API_QUALIFICATION = API_TEACHER + "/qualifications/{qualification_id}"
PROPOSAL = TEACHER + "/strike-off-proposals/{proposal_id}"
API_PROPOSAL = API_TEACHER + "/strike-off-proposals/{proposal_id}"
WITHDRAWER = Context(Actor("registrar", "tests"), reason="opnieuw voor de tabel")


def _admission(w: World) -> Page:
    return Page(
        "POST",
        "/registrar/admission",
        {
            "bsn": w.fresh_bsn(),
            "name_initials": "B.",
            "name_family_name": "Smit",
            "birth_date": "1985-02-03",
            "qualifications_0_sector": "po",
            "qualifications_0_basis": "diploma",
        },
    )


def _decide(step: str, data: dict[str, str], *, basis: str = "diploma") -> Callable[[World], Page]:
    def build(w: World) -> Page:
        tid, qid = w.admit(basis=basis)
        return Page("POST", f"/teachers/{tid}/qualifications/{qid}/{step}", dict(data))

    return build


def _world_proposal(w: World) -> str:
    """An open proposal on the world's own teacher that awaits the view (the teacher caller
    is that teacher); one whose view was given is withdrawn and a new one made."""
    register = w.services.register
    tid = UUID(w.teacher_id)
    for p in register.get_teacher(tid).proposals.values():
        if p.status != "open":
            continue
        if p.view is None:
            return str(p.proposal_id)
        register.withdraw_proposal(tid, WithdrawProposal(proposal_id=p.proposal_id), ctx=WITHDRAWER)
    proposed = register.propose_strike_off(
        tid,
        ProposeStrikeOff(qualification_id=w.qualification_id, ground="incorrect_data"),
        ctx=Context(Actor("registrar", "tests"), reason="gegevens nakijken"),
    )
    return str(proposed.data["proposal_id"])


def _proposal_page(w: World) -> Page:
    return Page("GET", f"/teachers/{w.teacher_id}/strike-off-proposals/{_world_proposal(w)}")


def _view(w: World) -> Page:
    path = f"/teachers/{w.teacher_id}/strike-off-proposals/{_world_proposal(w)}/view"
    return Page("POST", path, {"view_view": "Ik licht het graag toe."})


def _proposal_step(step: str, data: dict[str, str]) -> Callable[[World], Page]:
    def build(w: World) -> Page:
        tid, pid = w.proposal()
        return Page("POST", f"/teachers/{tid}/strike-off-proposals/{pid}/{step}", dict(data))

    return build


def _fresh(path: str, data: dict[str, str] | None = None) -> Callable[[World], Page]:
    def build(w: World) -> Page:
        tid, _ = w.admit()
        return Page("POST" if data is not None else "GET", path.format(teacher_id=tid), data or {})

    return build


def _leave(w: World) -> Page:
    # long before the file's periods, a week apart per call: nothing else in the world moves
    start = date(2016, 1, 4) + timedelta(days=7 * w.serial())
    end = start + timedelta(days=2)
    return Page(
        "POST",
        f"/teachers/{w.teacher_id}/leave",
        {"kind": "sickness", "start": start.isoformat(), "end": end.isoformat()},
    )


def _leave_check(step: str, data: dict[str, str]) -> Callable[[World], Page]:
    """Approve or reject leave the world's teacher reported (pending until then)."""

    def build(w: World) -> Page:
        start = date(2015, 1, 5) + timedelta(days=7 * w.serial())
        result = w.services.register.record_leave(
            UUID(w.teacher_id),
            RecordLeave(kind="care", start=start, end=start + timedelta(days=2)),
            ctx=Context(Actor("teacher", w.teacher_id), reason="mantelzorg"),
        )
        lid = result.data["leave_id"]
        return Page("POST", f"/teachers/{w.teacher_id}/leave/{lid}/{step}", data)

    return build


def _withdrawal(w: World) -> Page:
    aid = w.activity()
    return Page(
        "POST",
        f"/teachers/{w.teacher_id}/activities/{aid}/withdrawal",
        {"reason": "dubbel"},
    )


def _lookup(w: World) -> Page:
    """A fresh file, opened by its BSN."""
    tid, _ = w.admit()
    bsn = w.services.register.get_teacher(UUID(tid)).bsn
    return Page("POST", "/registrar/lookup", {"lookup_bsn": bsn})


RULES: dict[tuple[str, str], WebRule] = {
    ("GET", "/registrar"): WebRule(REGISTRAR, 200, _get("/registrar")),
    ("POST", "/registrar/lookup"): WebRule(
        REGISTRAR, 303, _lookup, ("POST", "/api/teachers/lookup")
    ),
    # nothing is due on that day in the world: the run passes the checks and decides nothing
    ("POST", "/registrar/run-due"): WebRule(
        REGISTRAR,
        200,
        _post("/registrar/run-due", {}),
        ("POST", "/api/decisions/run-due"),
    ),
    ("GET", "/registrar/admission"): WebRule(REGISTRAR, 200, _get("/registrar/admission")),
    ("POST", "/registrar/admission"): WebRule(
        REGISTRAR, 303, _admission, ("POST", "/api/teachers")
    ),
    # decisions on a qualification
    ("GET", QUALIFICATION + "/decide"): WebRule(REGISTRAR, 200, _get(QUALIFICATION + "/decide")),
    ("POST", QUALIFICATION + "/re-registration"): WebRule(
        REGISTRAR,
        303,
        _decide("re-registration", {}),
        ("POST", API_QUALIFICATION + "/re-registration"),
    ),
    ("POST", QUALIFICATION + "/strike-off"): WebRule(
        REGISTRAR,
        303,
        _decide(
            "strike-off",
            {
                "strike_ground": "own_request",
                "strike_effective_on": "2026-11-01",
                "strike_reason": "op verzoek",
            },
        ),
        ("POST", API_QUALIFICATION + "/strike-off"),
    ),
    ("POST", QUALIFICATION + "/reinstatement"): WebRule(
        REGISTRAR,
        409,  # the fresh qualification is not struck off: the domain's refusal, past the checks
        _decide("reinstatement", {"reinstate_reason": "weer voldaan"}),
        ("POST", API_QUALIFICATION + "/reinstatement"),
    ),
    ("POST", QUALIFICATION + "/move-to-register"): WebRule(
        REGISTRAR,
        303,
        _decide(
            "move-to-register",
            {"move_qualified_on": "2026-06-30"},
            basis="suitability_declaration",
        ),
        ("POST", API_QUALIFICATION + "/move-to-register"),
    ),
    ("POST", QUALIFICATION + "/strike-off-proposal"): WebRule(
        REGISTRAR,
        303,
        _decide(
            "strike-off-proposal",
            {"propose_ground": "disciplinary_measure", "propose_reason": "tucht"},
        ),
        ("POST", API_QUALIFICATION + "/strike-off-proposal"),
    ),
    # the hearing
    ("GET", PROPOSAL): WebRule(PROPOSAL_READERS, 200, _proposal_page, ("GET", API_PROPOSAL)),
    ("POST", PROPOSAL + "/view"): WebRule(
        frozenset({"teacher"}), 303, _view, ("POST", API_PROPOSAL + "/view")
    ),
    ("POST", PROPOSAL + "/decision"): WebRule(
        REGISTRAR,
        409,  # the term for the view runs: the domain's refusal, past the checks
        _proposal_step("decision", {"decide_effective_on": "2026-11-28", "decide_reason": "tucht"}),
        ("POST", API_PROPOSAL + "/decision"),
    ),
    ("POST", PROPOSAL + "/withdrawal"): WebRule(
        REGISTRAR,
        303,
        _proposal_step("withdrawal", {"withdraw_reason": "vergissing"}),
        ("POST", API_PROPOSAL + "/withdrawal"),
    ),
    # the upkeep of a file
    ("GET", TEACHER + "/appointments/new"): WebRule(
        REGISTRAR, 200, _get(TEACHER + "/appointments/new")
    ),
    ("POST", TEACHER + "/appointments"): WebRule(
        REGISTRAR,
        303,
        _fresh(
            TEACHER + "/appointments",
            {
                "board_number": BOARD,
                "brin": "02CD",
                "start": "2024-08-01",
                "fte": "0,2",
                "basis": "diploma",
            },
        ),
        ("POST", API_TEACHER + "/appointments"),
    ),
    ("GET", TEACHER + "/personal-data"): WebRule(REGISTRAR, 200, _get(TEACHER + "/personal-data")),
    ("POST", TEACHER + "/personal-data-correction"): WebRule(
        REGISTRAR,
        303,
        _fresh(
            TEACHER + "/personal-data-correction",
            {
                "name_initials": "A.",
                "name_given_name": "Anna",
                "name_prefix": "de",
                "name_family_name": "Vries",
                "birth_date": "1980-05-02",
                "reason": "akte",
            },
        ),
        ("POST", API_TEACHER + "/personal-data-correction"),
    ),
    ("GET", TEACHER + "/leave/new"): WebRule(KEEPERS, 200, _get(TEACHER + "/leave/new")),
    # The API's leave route also lets an employer deliver leave (for people it employs); the
    # page is the teacher's and the registrar's only, so it names no API twin.
    ("POST", TEACHER + "/leave"): WebRule(KEEPERS, 303, _leave),
    ("POST", TEACHER + "/leave/{leave_id}/approval"): WebRule(
        REGISTRAR,
        303,
        _leave_check("approval", {}),
        ("POST", API_TEACHER + "/leave/{leave_id}/approval"),
    ),
    ("POST", TEACHER + "/leave/{leave_id}/rejection"): WebRule(
        REGISTRAR,
        303,
        _leave_check("rejection", {"reason": "geen verklaring"}),
        ("POST", API_TEACHER + "/leave/{leave_id}/rejection"),
    ),
    ("GET", TEACHER + "/activities/{activity_id}/withdraw"): WebRule(
        KEEPERS, 200, _get(TEACHER + "/activities/{activity_id}/withdraw")
    ),
    ("POST", TEACHER + "/activities/{activity_id}/withdrawal"): WebRule(
        KEEPERS,
        303,
        _withdrawal,
        ("POST", API_TEACHER + "/activities/{activity_id}/withdrawal"),
    ),
}
