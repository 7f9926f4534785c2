"""The registrar's pages: the work list, admission, decisions on a qualification, the hearing
before a strike-off (with the teacher's view), and the upkeep of a file.

Every form is checked with the API's own schema and then handed to the function the API's
route answers with (`answer_*` in api/routes/teachers.py, decisions.py, hearings.py), so a page
has exactly the API's checks and answers; the roles let through are the API's. Refusals of
the domain (409, 404) become error pages; its field errors go back beside the fields.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Response
from pydantic import BaseModel, ValidationError

from api.deps import teacher_id_of
from api.readmodels import Page, ReadDbDep
from api.routes import decisions as decision_routes
from api.routes import hearings as hearing_routes
from api.routes import proposals as proposal_routes
from api.routes import teachers as teacher_routes
from api.schemas.appointments import AppointmentCreate
from api.schemas.decisions import (
    DecisionRecord,
    MoveToRegisterCreate,
    ReinstatementCreate,
    ReRegistrationCreate,
    ReRegistrationProposal,
    RunDueCreate,
    RunDueReport,
    StrikeOffCreate,
)
from api.schemas.leave import LeaveApproval, LeaveCreate, LeaveRejection
from api.schemas.proposals import (
    ProposalCreate,
    ProposalDecisionCreate,
    ProposalWithdrawal,
    ViewCreate,
)
from api.schemas.teachers import (
    Correction,
    QualificationIn,
    QualificationOut,
    TeacherCreate,
    TeacherFile,
    TeacherLookup,
    Withdrawal,
)
from api.web.access import Registrar, SignedIn, TeacherOnly, TeacherOrRegistrar
from api.web.core import Form, FormDep, Web, field_errors, web_router
from api.web.files import localised
from api.web.labels.domain_errors import translate
from domain.errors import ConflictError, InvalidInputError, NotFoundError
from domain.register import Context, Register
from domain.values import (
    GROUNDS_WITHOUT_HEARING,
    LEAVE_KINDS_RECORDED,
    Basis,
    LeaveKind,
    Role,
    Sector,
    StrikeOffGround,
)
from projections import portfolio

router = web_router()

#: Rows for qualifications on the admission form.
QUALIFICATION_ROWS = 3
#: Rows of the work list shown.
WORK_LIST_LIMIT = 100
#: Open strike-off proposals shown on the home page.
PROPOSAL_LIMIT = 100
NAME_PARTS = ("initials", "given_name", "prefix", "family_name")
SECTORS = tuple(s.value for s in Sector)
BASES = tuple(b.value for b in Basis)
SECTORS = tuple(s.value for s in Sector)
#: The kinds the leave form offers: the four anyone may record, then ``other`` (registrar).
LEAVE_KINDS = (*sorted(LEAVE_KINDS_RECORDED), LeaveKind.OTHER.value)
TEACHER_LEAVE_KINDS = tuple(sorted(LEAVE_KINDS_RECORDED))


def _leave_kinds(web: Web) -> tuple[str, ...]:
    registrar = web.principal is not None and web.principal.role == Role.REGISTRAR
    return LEAVE_KINDS if registrar else TEACHER_LEAVE_KINDS


#: The grounds of a direct strike-off (no hearing applies); every other ground is proposed.
GROUNDS = tuple(g.value for g in StrikeOffGround if g in GROUNDS_WITHOUT_HEARING)
PROPOSAL_GROUNDS = tuple(g.value for g in StrikeOffGround if g not in GROUNDS_WITHOUT_HEARING)
M = TypeVar("M", bound=BaseModel)


# -- helpers -----------------------------------------------------------------------------------


def _present(form: Form, prefix: str, names: tuple[str, ...]) -> dict[str, Any]:
    """The filled-in fields `<prefix>_<name>` of a form as a body for an API schema."""
    body: dict[str, Any] = {}
    for name in names:
        value = form.text(f"{prefix}_{name}" if prefix else name)
        if value is not None:
            body[name] = value
    return body


def _prefixed(errors: dict[str, str], prefix: str) -> dict[str, str]:
    return {f"{prefix}_{k}" if k else prefix: v for k, v in errors.items()}


def _validated(web: Web, schema: type[M], body: dict[str, Any]) -> M:
    """The body checked by the API's schema; field errors in the page's language."""
    try:
        return schema.model_validate(body)
    except ValidationError as exc:
        raise _FormError(localised(web, exc)) from None


class _FormError(Exception):
    """Field errors to show beside the fields of the form that was sent."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("form errors")
        self.errors = errors


def _file(web: Web, teacher_id: str) -> TeacherFile:
    """The file as the API answers it to this caller (checked, and noted in the access log)."""
    assert web.principal is not None
    return teacher_routes.answer_read_file(teacher_id, web.principal, web.services.register)


def _qualification(found: TeacherFile, qualification_id: str) -> QualificationOut:
    for q in found.qualifications:
        if q.qualification_id == qualification_id:
            return q
    raise NotFoundError(f"qualification {qualification_id} is not in this file")


def _key(form: Form) -> str | None:
    return form.text("idempotency_key")


# -- the registrar's home ----------------------------------------------------------------------

#: Reported leave shown on the desk, earliest first; each opens the file with the buttons.
PENDING_LEAVE_LIMIT = 50


def _home(
    web: Web,
    db: ReadDbDep,
    *,
    values: dict[str, Any],
    errors: dict[str, str],
    report: RunDueReport | None = None,
    status: int = 200,
    due_cursor: str | None = None,
    proposals_cursor: str | None = None,
) -> Response:
    assert web.principal is not None
    register = web.services.register
    due = decision_routes.answer_due_re_registrations(
        db, Page(limit=WORK_LIST_LIMIT, cursor=due_cursor), register
    )
    proposals = proposal_routes.answer_list_proposals(
        db, Page(limit=PROPOSAL_LIMIT, cursor=proposals_cursor), register, "open"
    )
    return web.render(
        "registrar_home.html",
        status=status,
        due=due.data,
        total=due.total,
        due_next=due.next_cursor,
        due_cursor=due_cursor,
        proposals=proposals.data,
        more_proposals=proposals.next_cursor is not None,
        proposals_next=proposals.next_cursor,
        proposals_cursor=proposals_cursor,
        pending_leave=portfolio.pending_leave(db, PENDING_LEAVE_LIMIT),
        report=report,
        values=values,
        errors=errors,
        today=register.clock(),
    )


@router.get("/registrar")
def home(
    web: Registrar, db: ReadDbDep, cursor: str | None = None, proposals: str | None = None
) -> Response:
    """Find a file, admit a person, the strike-off proposals awaiting a decision (those that
    may be decided now first), the qualifications due for re-registration, and the form that
    decides every re-registration due on a day."""
    return _home(web, db, values={}, errors={}, due_cursor=cursor, proposals_cursor=proposals)


@router.post("/registrar/lookup")
def look_up(web: Registrar, form: FormDep, db: ReadDbDep) -> Response:
    """Open a person's file by BSN (posted, so the number never stands in an address): the
    API's lookup, with its checks; a refusal stands beside the field."""
    assert web.principal is not None
    try:
        body = _validated(web, TeacherLookup, {"bsn": form.get("lookup_bsn").strip()})
        found = teacher_routes.answer_look_up(body, web.services.register)
    except _FormError as exc:
        errors = {"lookup_bsn": " ".join(exc.errors.values())}
    except (InvalidInputError, NotFoundError) as exc:
        errors = {"lookup_bsn": translate(exc.message, web.lang)}
    else:
        return web.redirect(f"/teachers/{found.teacher_id}")
    return _home(web, db, values={}, errors=errors, status=422)


@router.post("/registrar/run-due")
def run_due(web: Registrar, form: FormDep, db: ReadDbDep) -> Response:
    """Decide every re-registration due on the register's date through the API's run-due,
    and show its report. Safe to repeat: a second run decides nothing more."""
    assert web.principal is not None
    try:
        body = _validated(web, RunDueCreate, _present(form, "run_due", ()))
        report = decision_routes.answer_run_due(
            body,
            web.context(key=_key(form)),
            web.services.register,
            web.request.app.state.access_log,
        )
    except _FormError as exc:
        errors = _prefixed(exc.errors, "run_due")
    except InvalidInputError as exc:
        # the domain names the day `date`; on the form it is the one field `run_due_on`
        errors = {"run_due_on": " ".join(field_errors(exc).values())}
    else:
        return _home(web, db, values={}, errors={}, report=report)
    return _home(web, db, values=dict(form.fields), errors=errors, status=422)


# -- admission ---------------------------------------------------------------------------------


def _admission_page(
    web: Web, values: dict[str, Any], errors: dict[str, str], status: int = 200
) -> Response:
    return web.render(
        "registrar_admission.html",
        status=status,
        values=values,
        errors=errors,
        rows=range(QUALIFICATION_ROWS),
        sectors=SECTORS,
        bases=BASES,
        today=web.services.register.clock(),
    )


@router.get("/registrar/admission")
def admission_form(web: Registrar) -> Response:
    """The form to admit a person with their qualifications."""
    return _admission_page(web, {}, {})


def _admission_body(form: Form) -> tuple[dict[str, Any], list[int]]:
    """The form in the shape of `TeacherCreate`, and which form row each qualification came
    from (rows left empty are left out)."""
    body: dict[str, Any] = {
        "bsn": (form.text("bsn") or "").replace(" ", ""),
        "name": {part: form.get(f"name_{part}").strip() for part in NAME_PARTS},
    }
    for name in ("birth_date", "registered_on"):
        if form.text(name) is not None:
            body[name] = form.text(name)
    qualifications: list[dict[str, Any]] = []
    rows: list[int] = []
    for i in range(QUALIFICATION_ROWS):
        row = _present(form, f"qualifications_{i}", ("sector", "subject", "basis"))
        if row:
            qualifications.append(row)
            rows.append(i)
    body["qualifications"] = qualifications
    if not body["name"]["initials"]:
        del body["name"]["initials"]  # missing, so the schema says "fill this in"
    if not body["name"]["family_name"]:
        del body["name"]["family_name"]
    if not body["bsn"]:
        del body["bsn"]
    return body, rows


def _row_errors(errors: dict[str, str], rows: list[int]) -> dict[str, str]:
    """Errors of the n-th qualification sent, keyed by the form row it came from."""
    out: dict[str, str] = {}
    for key, message in errors.items():
        found = _qualification_field(key)
        if found is not None and found[0] < len(rows):
            index, field = found
            out[f"qualifications_{rows[index]}_{field or 'sector'}"] = message
        else:
            out[key] = message
    return out


def _qualification_field(key: str) -> tuple[int, str | None] | None:
    """`qualifications_<n>` or `qualifications_<n>_<field>` (an API error's field name) as
    the index and the field; None for any other name."""
    rest = key.removeprefix("qualifications_")
    if rest == key:
        return None
    index, sep, field = rest.partition("_")
    if not (index.isascii() and index.isdigit()) or (sep and not field):
        return None
    return int(index), field or None


@router.post("/registrar/admission")
def admit(web: Registrar, form: FormDep) -> Response:
    """Admit the person through the API's admission; errors beside the fields, and a person
    already on file refused at the top, with everything typed kept."""
    assert web.principal is not None
    values = dict(form.fields)
    body, rows = _admission_body(form)
    try:
        admission = TeacherCreate.model_validate(body)
    except ValidationError as exc:
        errors = {
            k: v for k, v in localised(web, exc).items() if not k.startswith("qualifications_")
        }
        for i, row in zip(rows, body["qualifications"], strict=True):
            try:
                QualificationIn.model_validate(row)
            except ValidationError as row_exc:
                errors.update(_prefixed(localised(web, row_exc), f"qualifications_{i}"))
        return _admission_page(web, values, errors, 422)
    try:
        admitted = teacher_routes.answer_admit_teacher(
            admission, web.context(key=_key(form)), web.services.register
        )
    except InvalidInputError as exc:
        return _admission_page(web, values, _row_errors(field_errors(exc), rows), 422)
    except ConflictError as exc:
        return _admission_page(web, values, {"bsn": translate(exc.message, web.lang)}, 409)
    return web.redirect(f"/teachers/{admitted.teacher_id}?saved=1")


# -- decisions on a qualification --------------------------------------------------------------


def _decide_page(
    web: Web,
    teacher_id: str,
    qualification_id: str,
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    found = _file(web, teacher_id)
    q = _qualification(found, qualification_id)
    open_proposal = next(
        (
            p
            for p in found.strike_off_proposals
            if p.qualification_id == qualification_id and p.status == "open"
        ),
        None,
    )
    return web.render(
        "registrar_decide.html",
        status=status,
        file=found,
        q=q,
        open_proposal=open_proposal,
        grounds=GROUNDS,
        proposal_grounds=PROPOSAL_GROUNDS,
        values=values,
        errors=errors,
        today=web.services.register.clock(),
    )


@router.get("/teachers/{teacher_id}/qualifications/{qualification_id}/decide")
def decide_form(teacher_id: str, qualification_id: str, web: Registrar) -> Response:
    """The qualification and the decisions that can be taken on it, each a form."""
    return _decide_page(web, teacher_id, qualification_id, {}, {})


def _decision(
    web: Web,
    teacher_id: str,
    qualification_id: str,
    form: FormDep,
    prefix: str,
    run: Any,
) -> Response:
    """Run one decision form (``run`` answers the page to open); back to the page with
    errors, or on to the decision (or to the strike-off proposal a re-registration made)."""
    try:
        target = run()
    except _FormError as exc:
        errors = _prefixed(exc.errors, prefix)
    except InvalidInputError as exc:
        errors = _prefixed(field_errors(exc), prefix)
    else:
        return web.redirect(target)
    return _decide_page(web, teacher_id, qualification_id, dict(form.fields), errors, 422)


@router.post("/teachers/{teacher_id}/qualifications/{qualification_id}/re-registration")
def re_register(teacher_id: str, qualification_id: str, web: Registrar, form: FormDep) -> Response:
    """Decide the re-registration against the criteria in force (409 before the period end)."""
    assert web.principal is not None

    def run() -> str:
        _validated(web, ReRegistrationCreate, _present(form, "rereg", ()))
        record = decision_routes.answer_re_register(
            teacher_id, qualification_id, web.context(key=_key(form)), web.services.register
        )
        if isinstance(record, ReRegistrationProposal):  # short after the transition: a hearing
            return f"/teachers/{teacher_id}/strike-off-proposals/{record.proposal_id}?saved=1"
        return f"/decisions/{record.decision_id}"

    return _decision(web, teacher_id, qualification_id, form, "rereg", run)


def _submit(
    web: Web,
    ids: tuple[str, str],
    form: Form,
    prefix: str,
    schema: type[BaseModel],
    names: tuple[str, ...],
    answer: Callable[..., Any],
) -> Any:
    """Validate a form with its API route's schema and call the function the route answers
    with, whose shape is (teacher, qualification or proposal, body, context, register)."""
    body = _validated(web, schema, _present(form, prefix, names))
    return answer(*ids, body, web.context(key=_key(form)), web.services.register)


def _decide_with(
    web: Web,
    ids: tuple[str, str],
    form: Form,
    prefix: str,
    schema: type[BaseModel],
    names: tuple[str, ...],
    answer: Callable[..., DecisionRecord],
) -> Response:
    """A decision form: decide as its route does, and open the decision (or the form with its
    errors)."""

    def run() -> str:
        record = _submit(web, ids, form, prefix, schema, names, answer)
        return f"/decisions/{record.decision_id}"

    return _decision(web, ids[0], ids[1], form, prefix, run)


@router.post("/teachers/{teacher_id}/qualifications/{qualification_id}/strike-off")
def strike_off(teacher_id: str, qualification_id: str, web: Registrar, form: FormDep) -> Response:
    """Strike off directly: only on own request or death (other grounds are proposed)."""
    names = ("ground", "effective_on", "reason")
    return _decide_with(
        web,
        (teacher_id, qualification_id),
        form,
        "strike",
        StrikeOffCreate,
        names,
        decision_routes.answer_strike_off,
    )


@router.post("/teachers/{teacher_id}/qualifications/{qualification_id}/reinstatement")
def reinstate(teacher_id: str, qualification_id: str, web: Registrar, form: FormDep) -> Response:
    """Reinstate a struck-off qualification (409 unless the criteria are met again)."""
    return _decide_with(
        web,
        (teacher_id, qualification_id),
        form,
        "reinstate",
        ReinstatementCreate,
        ("reason",),
        decision_routes.answer_reinstate,
    )


@router.post("/teachers/{teacher_id}/qualifications/{qualification_id}/move-to-register")
def move_to_register(
    teacher_id: str, qualification_id: str, web: Registrar, form: FormDep
) -> Response:
    """Move a pre-registered qualification into the register once the diploma arrived."""
    return _decide_with(
        web,
        (teacher_id, qualification_id),
        form,
        "move",
        MoveToRegisterCreate,
        ("qualified_on", "reason"),
        decision_routes.answer_move_to_register,
    )


@router.post("/teachers/{teacher_id}/qualifications/{qualification_id}/strike-off-proposal")
def propose_strike_off(
    teacher_id: str, qualification_id: str, web: Registrar, form: FormDep
) -> Response:
    """Announce an intended strike-off; the teacher may give their view within the term."""
    ids = (teacher_id, qualification_id)
    names = ("ground", "reason")

    def run() -> str:
        proposal = _submit(
            web,
            ids,
            form,
            "propose",
            ProposalCreate,
            names,
            hearing_routes.answer_propose_strike_off,
        )
        return f"/teachers/{teacher_id}/strike-off-proposals/{proposal.proposal_id}?saved=1"

    return _decision(web, teacher_id, qualification_id, form, "propose", run)


# -- the hearing: one proposal -----------------------------------------------------------------


def _proposal_page(
    web: Web,
    teacher_id: str,
    proposal_id: str,
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    assert web.principal is not None
    register = web.services.register
    proposal = hearing_routes.answer_read_proposal(teacher_id, proposal_id, web.principal, register)
    teacher = register.get_teacher(teacher_id_of(teacher_id))
    q = teacher.qualification(proposal.qualification_id)
    role = web.principal.role
    is_open = proposal.status == "open"
    return web.render(
        "registrar_proposal.html",
        status=status,
        proposal=proposal,
        teacher_id=teacher_id,
        name=teacher.name.display(),
        register_number=teacher.register_number,
        sector=q.sector,
        subject=q.subject,
        may_view=role == Role.TEACHER and is_open and proposal.view is None,
        may_decide=role == Role.REGISTRAR and is_open,
        values=values,
        errors=errors,
        today=register.clock(),
        saved=web.request.query_params.get("saved"),
    )


@router.get("/teachers/{teacher_id}/strike-off-proposals/{proposal_id}")
def proposal(teacher_id: str, proposal_id: str, web: SignedIn) -> Response:
    """The intended strike-off, the term for the view and the view; the forms that apply."""
    return _proposal_page(web, teacher_id, proposal_id, {}, {})


def _proposal_step(
    web: Web, teacher_id: str, proposal_id: str, form: Form, prefix: str, run: Any
) -> Response:
    try:
        target = run()
    except _FormError as exc:
        errors = _prefixed(exc.errors, prefix)
    except InvalidInputError as exc:
        errors = _prefixed(field_errors(exc), prefix)
    else:
        return web.redirect(str(target))
    return _proposal_page(web, teacher_id, proposal_id, dict(form.fields), errors, 422)


@router.post("/teachers/{teacher_id}/strike-off-proposals/{proposal_id}/view")
def give_view(teacher_id: str, proposal_id: str, web: TeacherOnly, form: FormDep) -> Response:
    """The teacher's view on the intended strike-off, within the term (409 after it)."""
    assert web.principal is not None
    ids = (teacher_id, proposal_id)
    principal = web.principal

    def answer(tid: str, pid: str, body: ViewCreate, ctx: Context, register: Register) -> Any:
        return hearing_routes.answer_give_view(tid, pid, body, principal, ctx, register)

    def run() -> str:
        _submit(web, ids, form, "view", ViewCreate, ("view",), answer)
        return f"/teachers/{teacher_id}/strike-off-proposals/{proposal_id}?saved=1"

    return _proposal_step(web, teacher_id, proposal_id, form, "view", run)


@router.post("/teachers/{teacher_id}/strike-off-proposals/{proposal_id}/decision")
def decide_proposal(teacher_id: str, proposal_id: str, web: Registrar, form: FormDep) -> Response:
    """Strike off after the hearing: once the view is in or the term has passed."""
    ids = (teacher_id, proposal_id)
    names = ("effective_on", "reason")

    def run() -> str:
        record = _submit(
            web,
            ids,
            form,
            "decide",
            ProposalDecisionCreate,
            names,
            hearing_routes.answer_decide_proposal,
        )
        return f"/decisions/{record.decision_id}"

    return _proposal_step(web, teacher_id, proposal_id, form, "decide", run)


@router.post("/teachers/{teacher_id}/strike-off-proposals/{proposal_id}/withdrawal")
def withdraw_proposal(teacher_id: str, proposal_id: str, web: Registrar, form: FormDep) -> Response:
    """Drop the intended strike-off, with the reason on record."""
    ids = (teacher_id, proposal_id)

    def run() -> str:
        _submit(
            web,
            ids,
            form,
            "withdraw",
            ProposalWithdrawal,
            ("reason",),
            hearing_routes.answer_withdraw_proposal,
        )
        return f"/teachers/{teacher_id}/strike-off-proposals/{proposal_id}?saved=1"

    return _proposal_step(web, teacher_id, proposal_id, form, "withdraw", run)


# -- the upkeep of a file ----------------------------------------------------------------------


def _upkeep_page(
    web: Web,
    template: str,
    teacher_id: str,
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
    **extra: Any,
) -> Response:
    found = _file(web, teacher_id)
    return web.render(
        template,
        status=status,
        file=found,
        values=values,
        errors=errors,
        today=web.services.register.clock(),
        **extra,
    )


def _upkeep(
    web: Web, teacher_id: str, form: Form, template: str, anchor: str, run: Any, **extra: Any
) -> Response:
    try:
        run()
    except _FormError as exc:
        errors = exc.errors
    except InvalidInputError as exc:
        errors = field_errors(exc)
    else:
        return web.redirect(f"/teachers/{teacher_id}?saved=1#{anchor}")
    return _upkeep_page(web, template, teacher_id, dict(form.fields), errors, 422, **extra)


APPOINTMENT_FIELDS = ("board_number", "brin", "start", "end", "fte", "basis")


@router.get("/teachers/{teacher_id}/appointments/new")
def appointment_form(teacher_id: str, web: Registrar) -> Response:
    """The form to record an appointment by hand."""
    return _upkeep_page(
        web, "registrar_appointment.html", teacher_id, {}, {}, bases=BASES, sectors=SECTORS
    )


@router.post("/teachers/{teacher_id}/appointments")
def record_appointment(teacher_id: str, web: Registrar, form: FormDep) -> Response:
    """Record the appointment through the API's command."""
    assert web.principal is not None

    def run() -> None:
        body = _present(
            form, "", (*APPOINTMENT_FIELDS, "contract_start", "contract_end", "sector", "subjects")
        )
        if "fte" in body:
            body["fte"] = str(body["fte"]).replace(",", ".")
        if "subjects" in body:  # one field, the subjects separated by commas
            body["subjects"] = [s.strip() for s in str(body["subjects"]).split(",") if s.strip()]
        teacher_routes.answer_record_appointment(
            teacher_id,
            _validated(web, AppointmentCreate, body),
            web.context(key=_key(form)),
            web.services.register,
        )

    return _upkeep(
        web,
        teacher_id,
        form,
        "registrar_appointment.html",
        "h-appointments",
        run,
        bases=BASES,
        sectors=SECTORS,
    )


@router.get("/teachers/{teacher_id}/personal-data")
def correction_form(teacher_id: str, web: Registrar) -> Response:
    """The form to correct the name or date of birth, filled in with what is on file."""
    found = _file(web, teacher_id)
    values = {f"name_{part}": getattr(found.name, part) for part in NAME_PARTS}
    values["birth_date"] = found.birth_date.isoformat()
    return web.render(
        "registrar_correction.html",
        file=found,
        values=values,
        errors={},
        today=web.services.register.clock(),
    )


@router.post("/teachers/{teacher_id}/personal-data-correction")
def correct_personal_data(teacher_id: str, web: Registrar, form: FormDep) -> Response:
    """Correct name or date of birth; only what was changed is sent, with the reason."""
    assert web.principal is not None

    def run() -> None:
        current = _file(web, teacher_id)
        body: dict[str, Any] = {"reason": form.get("reason").strip()}
        name = {part: form.get(f"name_{part}").strip() for part in NAME_PARTS}
        if name != {part: getattr(current.name, part) for part in NAME_PARTS}:
            # an emptied required part is left out, so the schema says "fill this in"
            body["name"] = {k: v for k, v in name.items() if v or k in ("given_name", "prefix")}
        born = form.text("birth_date")
        if born != current.birth_date.isoformat():
            body["birth_date"] = born
        if not body["reason"]:
            del body["reason"]
        teacher_routes.answer_correct_personal_data(
            teacher_id,
            _validated(web, Correction, body),
            web.context(key=_key(form)),
            web.services.register,
        )

    return _upkeep(web, teacher_id, form, "registrar_correction.html", "h-personal", run)


@router.get("/teachers/{teacher_id}/leave/new")
def leave_form(teacher_id: str, web: TeacherOrRegistrar) -> Response:
    """The form to record leave (it extends each registration period it overlaps)."""
    return _upkeep_page(web, "registrar_leave.html", teacher_id, {}, {}, kinds=_leave_kinds(web))


@router.post("/teachers/{teacher_id}/leave")
def record_leave(teacher_id: str, web: TeacherOrRegistrar, form: FormDep) -> Response:
    """Record the leave through the API's command."""
    assert web.principal is not None
    principal = web.principal

    def run() -> None:
        body = _present(form, "", ("kind", "start", "end", "reason"))
        teacher_routes.answer_record_leave(
            teacher_id,
            _validated(web, LeaveCreate, body),
            principal,
            web.context(key=_key(form)),
            web.services.register,
        )

    return _upkeep(
        web, teacher_id, form, "registrar_leave.html", "h-leave", run, kinds=_leave_kinds(web)
    )


@router.post("/teachers/{teacher_id}/leave/{leave_id}/approval")
def approve_leave(teacher_id: str, leave_id: str, web: Registrar, form: FormDep) -> Response:
    """The registrar approves leave the teacher reported, through the API's command."""
    assert web.principal is not None
    teacher_routes.answer_approve_leave(
        teacher_id, leave_id, LeaveApproval(), web.context(key=_key(form)), web.services.register
    )
    return web.redirect(f"/teachers/{teacher_id}?saved=1#h-leave")


@router.post("/teachers/{teacher_id}/leave/{leave_id}/rejection")
def reject_leave(teacher_id: str, leave_id: str, web: Registrar, form: FormDep) -> Response:
    """The registrar rejects leave the teacher reported, saying why."""
    assert web.principal is not None
    try:
        body = LeaveRejection(reason=form.get("reason").strip())
    except ValidationError:
        raise InvalidInputError.of("reason", web.t("file.leave_reject_reason")) from None
    teacher_routes.answer_reject_leave(
        teacher_id, leave_id, body, web.context(key=_key(form)), web.services.register
    )
    return web.redirect(f"/teachers/{teacher_id}?saved=1#h-leave")


def _activity_of(found: TeacherFile, activity_id: str) -> Any:
    for a in found.activities:
        if a.activity_id == activity_id:
            return a
    raise NotFoundError(f"activity {activity_id} is not in this file")


@router.get("/teachers/{teacher_id}/activities/{activity_id}/withdraw")
def withdrawal_form(teacher_id: str, activity_id: str, web: TeacherOrRegistrar) -> Response:
    """The activity and the form to withdraw it, with the reason."""
    found = _file(web, teacher_id)
    return web.render(
        "registrar_withdrawal.html",
        file=found,
        activity=_activity_of(found, activity_id),
        values={},
        errors={},
    )


@router.post("/teachers/{teacher_id}/activities/{activity_id}/withdrawal")
def withdraw_activity(
    teacher_id: str, activity_id: str, web: TeacherOrRegistrar, form: FormDep
) -> Response:
    """Withdraw the activity: it stays in the history and no longer counts."""
    assert web.principal is not None
    try:
        body = _validated(web, Withdrawal, _present(form, "", ("reason",)))
        teacher_routes.answer_withdraw_activity(
            teacher_id,
            activity_id,
            body,
            web.principal,
            web.context(key=_key(form)),
            web.services.register,
        )
    except (_FormError, InvalidInputError) as exc:
        errors = exc.errors if isinstance(exc, _FormError) else field_errors(exc)
        found = _file(web, teacher_id)
        return web.render(
            "registrar_withdrawal.html",
            status=422,
            file=found,
            activity=_activity_of(found, activity_id),
            values=dict(form.fields),
            errors=errors,
        )
    return web.redirect(f"/teachers/{teacher_id}?saved=1#h-activities")
