"""The registrar's pages over HTTP, on both stores: the work list, admission, decisions on a
qualification, the hearing before a strike-off (with the teacher's view), and the upkeep of a
file. Each write is checked in the register after the form post."""

from __future__ import annotations

import html
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from api.bootstrap import Services
from api.demo import valid_bsn
from api.web.security import LANG_COOKIE
from domain.commands import AdmitTeacher, RecordActivity, ReRegister
from domain.commands.hearings import GiveView, ProposeStrikeOff, WithdrawProposal
from domain.register import Context
from domain.values import Actor, Name
from tests.api.web.conftest import Browser
from tests.conftest import TODAY
from tests.decision_helpers import EVIDENCE

REGISTRAR = Context(Actor("registrar", "tests"), reason="test set-up")
SCRIPT = "<script>alert(1)</script>"


@dataclass
class Person:
    teacher_id: str
    qualification_id: str
    bsn: str


def admit(
    services: Services,
    family_name: str = "Heuvelrug",
    *,
    seed: int = 1,
    registered_on: date = date(2022, 9, 1),
    basis: str = "diploma",
) -> Person:
    """A vo teacher (period over when registered in 2022), with an activity, caught up."""
    register = services.register
    bsn = valid_bsn(random.Random(seed))
    result = register.admit_teacher(
        AdmitTeacher(
            bsn=bsn,
            name=Name("A.", "Anna", "", family_name),
            birth_date=date(1980, 5, 1),
            qualifications=[{"sector": "vo", "subject": "wiskunde", "basis": basis}],
            registered_on=registered_on,
        ),
        ctx=REGISTRAR,
    )
    tid = result.aggregate_id
    register.record_activity(
        tid,
        RecordActivity(
            kind="course",
            title="Vakdidactiek wiskunde",
            occurred_on=date(2024, 3, 1),
            contact_hours=Decimal(4),
            self_study_hours=Decimal(0),
            competence_areas=["subject_matter"],
            evidence=EVIDENCE,
        ),
        ctx=Context(Actor("teacher", str(tid))),
    )
    services.projections.catch_up_all()
    qid = result.data["qualifications"][0]["qualification_id"]
    return Person(str(tid), qid, bsn)


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def field_error(page: str, field: str) -> str:
    """The message shown beside a field (empty if none)."""
    found = re.search(
        rf'<p class="field-error" id="{field}-error">(?:<span class="visually-hidden">'
        r"[^<]*</span>)?(.*?)</p>",
        page,
        re.S,
    )
    return text_of(found.group(1)).strip() if found else ""


def value_of(page: str, field: str) -> str | None:
    found = re.search(rf'<input [^>]*id="{field}" name="{field}" value="([^"]*)"', page)
    return html.unescape(found.group(1)) if found else None


def admission_form(bsn: str, **extra: str) -> dict[str, str]:
    return {
        "idempotency_key": "",
        "bsn": bsn,
        "name_initials": "B.",
        "name_given_name": "Bram",
        "name_prefix": "van",
        "name_family_name": "Dijk",
        "birth_date": "1985-02-03",
        "registered_on": "",
        "qualifications_0_sector": "vo",
        "qualifications_0_subject": "aardrijkskunde",
        "qualifications_0_basis": "diploma",
        "qualifications_1_sector": "po",
        "qualifications_1_subject": "",
        "qualifications_1_basis": "diploma",
        "qualifications_2_sector": "",
        "qualifications_2_subject": "",
        "qualifications_2_basis": "",
        **extra,
    }


def new_teacher_id(answer: Any) -> str:
    assert answer.status_code == 303, answer.text[:500]
    found = re.fullmatch(r"/teachers/([0-9a-f-]{36})\?saved=1", answer.headers["location"])
    assert found, answer.headers["location"]
    return found.group(1)


Signer = Callable[..., Browser]


def in_english(browser: Browser) -> Browser:
    """The register's own refusals are checked in English (as the domain words them)."""
    browser.client.cookies.set(LANG_COOKIE, "en")
    return browser


# -- home --------------------------------------------------------------------------------------


def test_home_lists_qualifications_due_for_re_registration(
    services: Services, signed_in: Signer
) -> None:
    """A qualification whose period ended undecided is on the work list with a link to decide;
    one still in its period is not; once decided it leaves the list."""
    due = admit(services, "Heuvelrug", seed=1)
    admit(services, "Later", seed=2, registered_on=date(2025, 9, 1))
    browser = signed_in("registrar")
    page = browser.get("/registrar")
    assert page.status_code == 200
    decide = f"/teachers/{due.teacher_id}/qualifications/{due.qualification_id}/decide"
    assert f'href="{decide}"' in page.text
    assert "Heuvelrug" in page.text
    assert "Later" not in page.text
    assert 'href="/registrar/admission"' in page.text
    assert 'action="/review"' in page.text
    services.register.re_register(
        UUID(due.teacher_id), ReRegister(qualification_id=due.qualification_id), ctx=REGISTRAR
    )
    services.projections.catch_up_all()
    assert decide not in browser.get("/registrar").text


def test_home_in_dutch_and_english(services: Services, signed_in: Signer) -> None:
    browser = signed_in("registrar")
    assert "Toe aan herregistratie" in browser.get("/registrar").text
    browser.client.cookies.set(LANG_COOKIE, "en")
    english = browser.get("/registrar").text
    assert "Due for re-registration" in english
    assert "Admit a person" in english
    form = browser.get("/registrar/admission").text
    assert "Family name" in form
    assert "Qualification 3" in form


# -- admission ---------------------------------------------------------------------------------


def test_admission_through_the_form_creates_the_file(services: Services, signed_in: Signer) -> None:
    """Two of the three rows filled: the file has both qualifications, the name and BSN."""
    browser = signed_in("registrar")
    form = browser.get("/registrar/admission")
    assert form.status_code == 200
    assert form.text.count('name="qualifications_') == 9  # three rows of three fields
    bsn = valid_bsn(random.Random(11))
    tid = new_teacher_id(browser.post("/registrar/admission", admission_form(bsn)))
    teacher = services.register.get_teacher(UUID(tid))
    assert teacher.name.family_name == "Dijk"
    assert teacher.name.prefix == "van"
    assert sorted(q.sector for q in teacher.qualifications.values()) == ["po", "vo"]
    assert services.register.find_by_bsn(bsn) == UUID(tid)
    shown = browser.get(f"/teachers/{tid}?saved=1")
    assert "aardrijkskunde" in shown.text
    assert "Opgeslagen" in shown.text


def test_admission_errors_go_beside_their_fields(services: Services, signed_in: Signer) -> None:
    """A missing family name and a vo row without subject: each message by its field, the rest
    of what was typed kept; an invalid BSN is the register's refusal beside the BSN."""
    browser = signed_in("registrar")
    bsn = valid_bsn(random.Random(12))
    answer = browser.post(
        "/registrar/admission",
        admission_form(bsn, name_family_name="", qualifications_0_subject=""),
    )
    assert answer.status_code == 422
    assert field_error(answer.text, "name_family_name") == "Vul dit in."
    assert 'id="name_family_name"' in answer.text
    assert 'aria-invalid="true"' in answer.text
    assert value_of(answer.text, "name_given_name") == "Bram"
    assert value_of(answer.text, "bsn") == bsn
    assert 'class="error-summary"' in answer.text
    answer = in_english(browser).post(
        "/registrar/admission", admission_form(bsn, qualifications_1_sector="vo")
    )
    assert answer.status_code == 422
    assert "needs a subject" in field_error(answer.text, "qualifications_1_subject")
    assert not field_error(answer.text, "qualifications_0_subject")
    answer = browser.post("/registrar/admission", admission_form("123456789"))
    assert answer.status_code == 422
    assert "BSN" in field_error(answer.text, "bsn")
    assert value_of(answer.text, "name_family_name") == "Dijk"
    assert services.register.find_by_bsn(bsn) is None


def test_a_person_already_on_file_is_refused_on_the_form(
    services: Services, signed_in: Signer
) -> None:
    """The same BSN twice: the register's 409 beside the BSN, everything typed still there."""
    person = admit(services, "Heuvelrug", seed=3)
    browser = in_english(signed_in("registrar"))
    answer = browser.post(
        "/registrar/admission", admission_form(person.bsn, name_family_name="Anders")
    )
    assert answer.status_code == 409
    assert "already on file" in field_error(answer.text, "bsn")
    assert value_of(answer.text, "name_family_name") == "Anders"
    assert value_of(answer.text, "qualifications_0_subject") == "aardrijkskunde"


def test_a_script_in_a_name_stays_text(services: Services, signed_in: Signer) -> None:
    browser = signed_in("registrar")
    bsn = valid_bsn(random.Random(13))
    tid = new_teacher_id(
        browser.post("/registrar/admission", admission_form(bsn, name_family_name=SCRIPT))
    )
    qid = next(iter(services.register.get_teacher(UUID(tid)).qualifications))
    for path in (f"/teachers/{tid}", f"/teachers/{tid}/qualifications/{qid}/decide"):
        page = browser.get(path).text
        assert SCRIPT not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    refused = browser.post("/registrar/admission", admission_form(bsn, name_family_name=SCRIPT))
    assert SCRIPT not in refused.text


# -- decisions ---------------------------------------------------------------------------------


def test_re_registration_through_the_page_records_a_decision(
    services: Services, signed_in: Signer
) -> None:
    person = admit(services, seed=4)
    browser = signed_in("registrar")
    file_page = browser.get(f"/teachers/{person.teacher_id}").text
    base = f"/teachers/{person.teacher_id}/qualifications/{person.qualification_id}"
    assert f'href="{base}/decide"' in file_page
    page = browser.get(base + "/decide")
    assert page.status_code == 200
    assert f'action="{base}/re-registration"' in page.text
    assert f'action="{base}/reinstatement"' not in page.text
    answer = browser.post(base + "/re-registration", {"rereg_decided_on": ""})
    assert answer.status_code == 303
    decision_id = answer.headers["location"].removeprefix("/decisions/")
    record = services.register.get_decision(decision_id)
    assert record["kind"] == "re_registration"
    assert record["qualification_id"] == person.qualification_id
    assert browser.get(answer.headers["location"]).status_code == 200


def test_a_shortfall_after_the_transition_opens_the_strike_off_proposal(
    services: Services, signed_in: Signer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A period that ended after 1 August 2027 and falls short: the page records a proposal
    (the teacher is heard first) and opens it."""
    register = services.register
    person = admit(services, seed=6, registered_on=date(2023, 9, 1))
    monkeypatch.setattr(register, "clock", lambda: date(2027, 9, 1))
    browser = signed_in("registrar")
    base = f"/teachers/{person.teacher_id}/qualifications/{person.qualification_id}"
    answer = browser.post(base + "/re-registration", {})
    assert answer.status_code == 303, answer.text
    file = register.get_teacher(UUID(person.teacher_id))
    (proposal,) = file.proposals.values()
    assert answer.headers["location"] == (
        f"/teachers/{person.teacher_id}/strike-off-proposals/{proposal.proposal_id}?saved=1"
    )
    assert proposal.assessment is not None
    assert proposal.assessment["policy"]["version"] == 1
    assert file.qualifications[person.qualification_id].status == "registered"
    assert not file.decisions
    assert browser.get(answer.headers["location"]).status_code == 200


def test_the_re_registration_form_has_no_decision_date(
    services: Services, signed_in: Signer
) -> None:
    """A decision is dated the day it is taken: the form offers no date, and a date slipped
    into the form changes nothing."""
    person = admit(services, seed=4)
    browser = in_english(signed_in("registrar"))
    base = f"/teachers/{person.teacher_id}/qualifications/{person.qualification_id}"
    page = browser.get(base).text
    assert "rereg_decided_on" not in page
    answer = browser.post(base + "/re-registration", {"rereg_decided_on": "2020-01-01"})
    assert answer.status_code == 303, answer.text
    (decision,) = services.register.get_teacher(UUID(person.teacher_id)).decisions
    assert decision["decided_on"] == TODAY.isoformat()


def test_a_direct_strike_off_on_a_disciplinary_measure_is_refused_beside_the_ground(
    services: Services, signed_in: Signer
) -> None:
    """Only own request and death are struck off directly; a disciplinary measure goes
    through a proposal and the teacher's view (Awb 4:8)."""
    person = admit(services, seed=5)
    browser = in_english(signed_in("registrar"))
    base = f"/teachers/{person.teacher_id}/qualifications/{person.qualification_id}"
    page = browser.get(base).text
    assert 'name="strike_heard_on"' not in page
    form = {
        "strike_ground": "disciplinary_measure",
        "strike_effective_on": TODAY.isoformat(),
        "strike_reason": "tuchtcollege",
    }
    answer = browser.post(base + "/strike-off", form)
    assert answer.status_code == 422
    assert value_of(answer.text, "strike_effective_on") == TODAY.isoformat()
    q = services.register.get_teacher(UUID(person.teacher_id)).qualification(
        person.qualification_id
    )
    assert q.status == "registered"
    answer = browser.post(
        base + "/strike-off", {**form, "strike_ground": "own_request", "strike_reason": "verzoek"}
    )
    assert answer.status_code == 303
    q = services.register.get_teacher(UUID(person.teacher_id)).qualification(
        person.qualification_id
    )
    assert q.status == "struck_off"


def test_reinstatement_is_refused_while_the_criteria_are_not_met(
    services: Services, signed_in: Signer
) -> None:
    """Struck off at the teacher's request through the page, then reinstatement: the register
    refuses (409) as a page, nothing recorded."""
    person = admit(services, seed=6)
    browser = signed_in("registrar")
    base = f"/teachers/{person.teacher_id}/qualifications/{person.qualification_id}"
    answer = browser.post(
        base + "/strike-off",
        {
            "strike_ground": "own_request",
            "strike_effective_on": TODAY.isoformat(),
            "strike_reason": "op verzoek",
        },
    )
    assert answer.status_code == 303
    page = browser.get(base + "/decide").text
    assert f'action="{base}/reinstatement"' in page
    assert f'action="{base}/re-registration"' not in page
    empty = browser.post(base + "/reinstatement", {"reinstate_reason": ""})
    assert empty.status_code == 422
    assert field_error(empty.text, "reinstate_reason") == "Vul dit in."
    refused = browser.post(base + "/reinstatement", {"reinstate_reason": "weer voldaan"})
    assert refused.status_code == 409
    assert "Niet mogelijk in de huidige stand" in refused.text
    assert len(services.register.get_teacher(UUID(person.teacher_id)).decisions) == 1


def test_move_to_register_through_the_page(services: Services, signed_in: Signer) -> None:
    person = admit(
        services, seed=7, basis="suitability_declaration", registered_on=date(2025, 9, 1)
    )
    browser = signed_in("registrar")
    base = f"/teachers/{person.teacher_id}/qualifications/{person.qualification_id}"
    assert f'action="{base}/move-to-register"' in browser.get(base + "/decide").text
    missing = browser.post(base + "/move-to-register", {"move_qualified_on": ""})
    assert missing.status_code == 422
    assert field_error(missing.text, "move_qualified_on") == "Vul dit in."
    answer = browser.post(
        base + "/move-to-register", {"move_qualified_on": "2026-06-30", "move_reason": "diploma"}
    )
    assert answer.status_code == 303
    q = services.register.get_teacher(UUID(person.teacher_id)).qualification(
        person.qualification_id
    )
    assert q.status == "registered"


# -- the hearing -------------------------------------------------------------------------------


def test_proposal_view_and_decision_through_the_pages(
    services: Services, signed_in: Signer
) -> None:
    """The registrar proposes; the teacher gives their view on the page; the registrar decides
    after it and lands on the decision, whose record holds the view."""
    person = admit(services, seed=8)
    registrar = signed_in("registrar")
    base = f"/teachers/{person.teacher_id}/qualifications/{person.qualification_id}"
    missing = registrar.post(base + "/strike-off-proposal", {"propose_ground": ""})
    assert missing.status_code == 422
    assert field_error(missing.text, "propose_reason") == "Vul dit in."
    answer = registrar.post(
        base + "/strike-off-proposal",
        {"propose_ground": "disciplinary_measure", "propose_reason": "uitspraak tuchtcollege"},
    )
    assert answer.status_code == 303
    proposal_page = answer.headers["location"].split("?")[0]
    pid = proposal_page.rsplit("/", 1)[1]
    assert "uitspraak tuchtcollege" in registrar.get(proposal_page).text
    early = registrar.post(
        proposal_page + "/decision",
        {"decide_effective_on": TODAY.isoformat(), "decide_reason": "tucht"},
    )
    assert early.status_code == 409  # the term for the view runs: the register's refusal

    teacher = signed_in("teacher", person.teacher_id)
    file_page = teacher.get(f"/teachers/{person.teacher_id}").text
    assert f'href="{proposal_page}"' in file_page
    page = teacher.get(proposal_page).text
    assert f'action="{proposal_page}/view"' in page
    assert f'action="{proposal_page}/decision"' not in page
    answer = teacher.post(proposal_page + "/view", {"view_view": "Ik ga in beroep."})
    assert answer.status_code == 303
    shown = services.register.proposal_of(UUID(person.teacher_id), pid)
    assert shown["view"] == "Ik ga in beroep."

    registrar = signed_in("registrar")
    answer = registrar.post(
        proposal_page + "/decision",
        {"decide_effective_on": TODAY.isoformat(), "decide_reason": "tucht"},
    )
    assert answer.status_code == 303
    decision_id = answer.headers["location"].removeprefix("/decisions/")
    record = services.register.get_decision(decision_id)
    assert record["kind"] == "strike_off"
    assert record["inputs"]["hearing"]["view"] == "Ik ga in beroep."
    assert "beslist" in registrar.get(proposal_page).text


def test_registrar_withdraws_a_proposal(services: Services, signed_in: Signer) -> None:
    person = admit(services, seed=9)
    proposed = services.register.propose_strike_off(
        UUID(person.teacher_id),
        ProposeStrikeOff(qualification_id=person.qualification_id, ground="incorrect_data"),
        ctx=REGISTRAR,
    )
    pid = str(proposed.data["proposal_id"])
    browser = signed_in("registrar")
    path = f"/teachers/{person.teacher_id}/strike-off-proposals/{pid}"
    empty = browser.post(path + "/withdrawal", {"withdraw_reason": " "})
    assert empty.status_code == 422
    assert field_error(empty.text, "withdraw_reason") == "Vul dit in."
    answer = browser.post(path + "/withdrawal", {"withdraw_reason": "vergissing"})
    assert answer.status_code == 303
    assert services.register.proposal_of(UUID(person.teacher_id), pid)["status"] == "withdrawn"
    browser.client.cookies.set(LANG_COOKIE, "en")
    page = browser.get(path).text
    assert "withdrawn" in page
    assert "Withdraw the proposal" not in page


# -- the upkeep of a file ----------------------------------------------------------------------


def test_teacher_records_leave_and_withdraws_an_activity(
    services: Services, signed_in: Signer
) -> None:
    person = admit(services, seed=10)
    teacher = signed_in("teacher", person.teacher_id)
    file_page = teacher.get(f"/teachers/{person.teacher_id}").text
    assert f'href="/teachers/{person.teacher_id}/leave/new"' in file_page
    assert "/personal-data" not in file_page  # the registrar's upkeep only
    bad = in_english(teacher).post(
        f"/teachers/{person.teacher_id}/leave",
        {"kind": "sickness", "start": "2024-03-10", "end": "2024-03-01"},
    )
    assert bad.status_code == 422
    assert "before it starts" in field_error(bad.text, "end")
    teacher.client.cookies.set(LANG_COOKIE, "nl")
    answer = teacher.post(
        f"/teachers/{person.teacher_id}/leave",
        {"kind": "sickness", "start": "2024-03-01", "end": "2024-04-30", "reason": ""},
    )
    assert answer.status_code == 303
    assert len(services.register.get_teacher(UUID(person.teacher_id)).leaves) == 1

    activity_id = next(iter(services.register.get_teacher(UUID(person.teacher_id)).activities))
    form_path = f"/teachers/{person.teacher_id}/activities/{activity_id}/withdraw"
    assert f'href="{form_path}"' in file_page
    assert teacher.get(form_path).status_code == 200
    post_path = f"/teachers/{person.teacher_id}/activities/{activity_id}/withdrawal"
    empty = teacher.post(post_path, {"reason": ""})
    assert empty.status_code == 422
    assert field_error(empty.text, "reason") == "Vul dit in."
    assert teacher.post(post_path, {"reason": "dubbel ingevoerd"}).status_code == 303
    activity = services.register.get_teacher(UUID(person.teacher_id)).activities[activity_id]
    assert activity.withdrawn


def test_registrar_approves_and_rejects_reported_leave_on_the_file_page(
    services: Services, signed_in: Signer
) -> None:
    """The teacher's report waits; the registrar approves one and rejects another with a
    reason, with the buttons beside each on the file page; the teacher reads the outcome."""
    person = admit(services, seed=12)
    tid = person.teacher_id
    teacher = signed_in("teacher", tid)
    for start, end in (("2024-03-01", "2024-04-30"), ("2024-09-02", "2024-09-20")):
        answer = teacher.post(
            f"/teachers/{tid}/leave", {"kind": "care", "start": start, "end": end}
        )
        assert answer.status_code == 303
    own_page = teacher.get(f"/teachers/{tid}").text
    assert own_page.count("wacht op goedkeuring: telt nog niet") == 2
    assert "/approval" not in own_page  # the teacher cannot approve their own leave
    first, second = services.register.get_teacher(UUID(tid)).leaves
    browser = signed_in("registrar")
    services.projections.catch_up_all()
    desk = browser.get("/registrar").text.split('id="h-pending-leave"', 1)[1].split("</section>")[0]
    assert desk.count(f'href="/teachers/{tid}#h-leave"') == 2
    page = browser.get(f"/teachers/{tid}").text
    assert f'action="/teachers/{tid}/leave/{first}/approval"' in page
    assert f'action="/teachers/{tid}/leave/{second}/rejection"' in page
    before = services.register.get_teacher(UUID(tid)).period_end(person.qualification_id)
    assert browser.post(f"/teachers/{tid}/leave/{first}/approval", {}).status_code == 303
    assert services.register.get_teacher(UUID(tid)).period_end(person.qualification_id) > before
    empty = browser.post(f"/teachers/{tid}/leave/{second}/rejection", {"reason": " "})
    assert empty.status_code == 422
    rejected = browser.post(
        f"/teachers/{tid}/leave/{second}/rejection", {"reason": "geen verklaring ontvangen"}
    )
    assert rejected.status_code == 303
    leaves = services.register.get_teacher(UUID(tid)).leaves
    assert [lv.status for lv in leaves.values()] == ["approved", "rejected"]
    own_page = teacher.get(f"/teachers/{tid}").text
    assert "geen verklaring ontvangen" in own_page
    assert "goedgekeurd" in own_page
    services.projections.catch_up_all()
    assert "Er wacht geen gemeld verlof op goedkeuring." in browser.get("/registrar").text


def test_registrar_records_an_appointment_and_corrects_personal_data(
    services: Services, signed_in: Signer
) -> None:
    person = admit(services, seed=14)
    browser = signed_in("registrar")
    tid = person.teacher_id
    file_page = browser.get(f"/teachers/{tid}").text
    for link in ("/appointments/new", "/personal-data", "/leave/new"):
        assert f'href="/teachers/{tid}{link}"' in file_page
    assert browser.get(f"/teachers/{tid}/appointments/new").status_code == 200
    bad = browser.post(
        f"/teachers/{tid}/appointments",
        {"board_number": "41234", "brin": "", "start": "2024-08-01", "fte": "0,4"},
    )
    assert bad.status_code == 422
    assert field_error(bad.text, "brin")
    assert field_error(bad.text, "basis")
    answer = browser.post(
        f"/teachers/{tid}/appointments",
        {
            "board_number": "41234",
            "brin": "02CD",
            "start": "2024-08-01",
            "fte": "0,4",
            "basis": "diploma",
        },
    )
    assert answer.status_code == 303
    appointments = services.register.get_teacher(UUID(tid)).appointments
    assert [a.brin for a in appointments.values()] == ["02CD"]

    form = browser.get(f"/teachers/{tid}/personal-data")
    assert value_of(form.text, "name_family_name") == "Heuvelrug"
    fields = {
        "name_initials": "A.",
        "name_given_name": "Anna",
        "name_prefix": "",
        "name_family_name": "Heuvelrug",
        "birth_date": "1980-05-02",
        "reason": "",
    }
    no_reason = browser.post(f"/teachers/{tid}/personal-data-correction", fields)
    assert no_reason.status_code == 422
    assert field_error(no_reason.text, "reason") == "Vul dit in."
    answer = browser.post(
        f"/teachers/{tid}/personal-data-correction", {**fields, "reason": "akte gezien"}
    )
    assert answer.status_code == 303
    assert services.register.get_teacher(UUID(tid)).birth_date == date(1980, 5, 2)


def test_the_file_as_it_stood_still_renders_without_the_forms(
    services: Services, signed_in: Signer
) -> None:
    """The auditor's file at a version shares the file body; it shows no upkeep links."""
    person = admit(services, seed=15)
    page = signed_in("auditor").get(f"/teachers/{person.teacher_id}/state?version=1")
    assert page.status_code == 200
    assert "/decide" not in page.text
    assert "/leave/new" not in page.text


# -- strike-off proposals awaiting a decision, and deciding everything due ----------------------


def test_home_lists_open_proposals_with_those_to_decide_now_flagged(
    services: Services, signed_in: Signer
) -> None:
    """A proposal with the view given is at the top, flagged "may be decided now", linking to
    its page; one awaiting the view follows, unflagged; a withdrawn one is not listed."""
    register = services.register
    ctx = Context(Actor("registrar", "tests"), reason="tuchtmaatregel")
    made: dict[str, tuple[str, str]] = {}
    for name, seed in (("Wachtend", 21), ("Gehoord", 22), ("Ingetrokken", 23)):
        person = admit(services, name, seed=seed)
        proposed = register.propose_strike_off(
            UUID(person.teacher_id),
            ProposeStrikeOff(qualification_id=person.qualification_id, ground="incorrect_data"),
            ctx=ctx,
        )
        made[name] = (person.teacher_id, str(proposed.data["proposal_id"]))
    tid, pid = made["Gehoord"]
    register.give_view(
        UUID(tid),
        GiveView(proposal_id=pid, view="Mijn diploma klopt."),
        ctx=Context(Actor("teacher", tid)),
    )
    tid, pid = made["Ingetrokken"]
    register.withdraw_proposal(UUID(tid), WithdrawProposal(proposal_id=pid), ctx=ctx)
    services.projections.catch_up_all()
    browser = signed_in("registrar")
    page = browser.get("/registrar").text
    links = [f"/teachers/{t}/strike-off-proposals/{p}" for t, p in made.values()]
    waiting, heard, withdrawn = (page.find(f'href="{link}"') for link in links)
    assert 0 < heard < waiting
    assert withdrawn == -1
    section = text_of(page[page.index('id="h-proposals"') : page.index('id="h-due"')])
    assert section.count("nu te beslissen") == 1
    assert "termijn voor de zienswijze loopt" in section
    assert "onjuiste gegevens" in section
    assert section.index("Gehoord") < section.index("nu te beslissen") < section.index("Wachtend")
    english = in_english(browser).get("/registrar").text
    assert "Strike-off proposals awaiting a decision" in english
    assert "may be decided now" in english
    assert "awaiting the view" in english
    assert browser.get(links[1]).status_code == 200


def test_home_says_when_no_proposal_is_open(services: Services, signed_in: Signer) -> None:
    page = signed_in("registrar").get("/registrar").text
    assert "Er zijn geen open voornemens tot doorhaling." in page


def test_run_due_form_decides_everything_due_and_shows_the_report(
    services: Services, signed_in: Signer
) -> None:
    """Two files due, one not: the form decides the two and shows the report; sent again
    with the same key (a double click) it shows the first report and writes nothing; a new
    run decides nothing more."""
    due = [admit(services, name, seed=seed) for name, seed in (("Een", 31), ("Twee", 32))]
    later = admit(services, "Later", seed=33, registered_on=date(2025, 9, 1))
    browser = signed_in("registrar")
    home = browser.get("/registrar").text
    assert 'action="/registrar/run-due"' in home
    assert 'name="idempotency_key"' in home
    assert '<label for="run_due_on">' not in home
    form = {"idempotency_key": "run-due-page-1"}
    answer = browser.post("/registrar/run-due", form)
    assert answer.status_code == 200, answer.text[:500]
    report = text_of(answer.text[answer.text.index('id="h-report"') :])
    assert re.search(r"Besluiten genomen:\s+2\b", report), report[:300]
    assert "aantekening: 2" in report
    for person in due:
        decisions = services.register.get_teacher(UUID(person.teacher_id)).decisions
        assert [d["kind"] for d in decisions] == ["re_registration"]
    assert not services.register.get_teacher(UUID(later.teacher_id)).decisions
    head = services.register.head_position()
    again = in_english(browser).post("/registrar/run-due", form)
    assert again.status_code == 200
    # the same key (a double click): the first report again, and nothing written
    assert re.search(r"Decisions taken:\s+2\b", text_of(again.text))
    assert services.register.head_position() == head
    later_run = browser.post("/registrar/run-due", {**form, "idempotency_key": "run-due-page-2"})
    assert re.search(r"Decisions taken:\s+0\b", text_of(later_run.text))
    for person in due:
        assert len(services.register.get_teacher(UUID(person.teacher_id)).decisions) == 1


def test_run_due_form_decides_on_the_registers_date_whatever_is_posted(
    services: Services, signed_in: Signer
) -> None:
    """The form has no date: a day slipped into it is not read, the run is dated today."""
    person = admit(services, "Heuvelrug", seed=34)
    browser = in_english(signed_in("registrar"))
    answer = browser.post("/registrar/run-due", {"run_due_on": "2099-01-01"})
    assert answer.status_code == 200
    (decision,) = services.register.get_teacher(UUID(person.teacher_id)).decisions
    assert decision["decided_on"] == TODAY.isoformat()


def test_the_work_list_pages_through_every_due_period(
    services: Services, signed_in: Signer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With more periods due than a page holds, the desk links to the next page, which
    shows the rest; the count is of all of them."""
    from api.web import registrar as registrar_pages

    monkeypatch.setattr(registrar_pages, "WORK_LIST_LIMIT", 2)
    people = [
        admit(services, name, seed=seed, registered_on=date(2022, 9, day))
        for name, seed, day in (("Aa", 41, 1), ("Bb", 42, 2), ("Cc", 43, 3))
    ]
    services.projections.catch_up_all()
    numbers = [services.register.get_teacher(UUID(p.teacher_id)).register_number for p in people]
    browser = signed_in("registrar")
    first = browser.get("/registrar")
    assert first.status_code == 200
    section = first.text[first.text.index('id="h-due"') :]
    assert numbers[0] in section
    assert numbers[2] not in section.split('id="h-run-due"')[0]
    found = re.search(r'href="(/registrar\?cursor=[^"#]+)#h-due"', section)
    assert found, "a link to the next page"
    second = browser.get(html.unescape(found.group(1)))
    rest = second.text[second.text.index('id="h-due"') :].split('id="h-run-due"')[0]
    assert numbers[2] in rest
    assert numbers[0] not in rest
    assert re.search(r"Aantal:\s*3\b", text_of(rest))  # the count is of every due period


def test_the_registrar_opens_a_file_by_bsn(services: Services, signed_in: Signer) -> None:
    """The BSN form opens the person's file; a number that is not a BSN, or one no file
    holds, is refused beside the field in the page's language; the BSN never appears in an
    address."""
    person = admit(services, "Heuvelrug", seed=51)
    browser = signed_in("registrar")
    found = browser.post("/registrar/lookup", {"lookup_bsn": person.bsn})
    assert found.status_code == 303
    assert found.headers["location"] == f"/teachers/{person.teacher_id}"
    assert person.bsn not in found.headers["location"]
    wrong = browser.post("/registrar/lookup", {"lookup_bsn": "123456789"})
    assert wrong.status_code == 422
    assert "Geen geldig BSN" in field_error(wrong.text, "lookup_bsn")
    unknown_bsn = valid_bsn(random.Random(999))
    unknown = in_english(browser).post("/registrar/lookup", {"lookup_bsn": unknown_bsn})
    assert unknown.status_code == 422
    assert "no file holds this BSN" in field_error(unknown.text, "lookup_bsn")
    assert unknown_bsn not in unknown.text  # the number typed is not echoed back


def test_the_api_finds_a_file_by_bsn(services: Services, client, token_for) -> None:
    person = admit(services, "Heuvelrug", seed=52)
    headers = token_for("registrar")
    answer = client.post("/api/teachers/lookup", json={"bsn": person.bsn}, headers=headers)
    assert answer.status_code == 200
    assert answer.json()["teacher_id"] == person.teacher_id
    missing = client.post(
        "/api/teachers/lookup", json={"bsn": valid_bsn(random.Random(998))}, headers=headers
    )
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    bad = client.post("/api/teachers/lookup", json={"bsn": "12"}, headers=headers)
    assert bad.status_code == 422
    teacher = client.post(
        "/api/teachers/lookup",
        json={"bsn": person.bsn},
        headers=token_for("teacher", person.teacher_id),
    )
    assert teacher.status_code == 403
