"""The web pages over HTTP, on both stores: what they show, what their forms do, and how they
refuse."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest

from api.bootstrap import Services
from api.demo import valid_bsn
from domain.commands import AdmitTeacher, RecordActivity, RecordAppointment, ReRegister
from domain.commands.criteria import AdoptCriteria, DraftCriteria
from domain.commands.deliveries import ConfirmAppointment
from domain.commands.offerings import ValidateOffering
from domain.register import Context
from domain.values import Actor, Name
from tests.api.web.conftest import Browser, token_of
from tests.conftest import TODAY
from tests.decision_helpers import EVIDENCE

REGISTRAR = Context(Actor("registrar", "tests"), reason="test set-up")
BOARD = "41234"
SCRIPT = "<script>alert(1)</script>"
APOSTROPHE = "O'Brien-Ündén"


@dataclass
class Person:
    teacher_id: str
    register_number: str
    qualification_id: str
    decision_id: str | None = None


def admit(services: Services, family_name: str, *, seed: int, decide: bool = False) -> Person:
    """A vo teacher employed by BOARD since 2012, registered 2022-09-01 (period over)."""
    import random

    register = services.register
    result = register.admit_teacher(
        AdmitTeacher(
            bsn=valid_bsn(random.Random(seed)),
            name=Name("A.", "Anna", "", family_name),
            birth_date=date(1980, 5, 1),
            qualifications=[{"sector": "vo", "subject": "wiskunde", "basis": "diploma"}],
            registered_on=date(2022, 9, 1),
        ),
        ctx=REGISTRAR,
    )
    tid = result.aggregate_id
    appointment = register.record_appointment(
        tid,
        RecordAppointment(
            board_number=BOARD,
            brin="01AB",
            start=date(2012, 8, 1),
            end=None,
            fte=Decimal("0.8"),
            basis="diploma",
        ),
        ctx=REGISTRAR,
    )
    # Confirmed by the teacher: only then is the file open to the board (docs/access.md).
    register.confirm_appointment(
        tid,
        ConfirmAppointment(appointment_id=appointment.data["appointment_id"]),
        ctx=Context(Actor("teacher", str(tid))),
    )
    register.record_activity(
        tid,
        RecordActivity(
            kind="course",
            title="Vakdidactiek <b>wiskunde</b>",
            occurred_on=date(2024, 3, 1),
            contact_hours=Decimal(40),
            self_study_hours=Decimal(8),
            competence_areas=["subject_matter"],
            evidence="Verslag gemaakt van wat ik deed en leerde.",
        ),
        ctx=Context(Actor("teacher", str(tid))),
    )
    qid = result.data["qualifications"][0]["qualification_id"]
    person = Person(str(tid), register.get_teacher(tid).register_number, qid)
    if decide:
        decided = register.re_register(tid, ReRegister(qualification_id=qid), ctx=REGISTRAR)
        person.decision_id = str(decided.data["decision_id"])
    services.projections.catch_up_all()
    return person


def text_of(page: str) -> str:
    """The visible text of a page, roughly: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


# -- public pages -------------------------------------------------------------------------


def test_visitor_finds_a_teacher_by_family_name(services: Services, browser: Browser) -> None:
    """A search by the start of a family name lists the person with their qualification."""
    person = admit(services, "Heuvelrug", seed=1)
    answer = browser.get("/register?q=heuvel")
    assert answer.status_code == 200
    assert f'href="/register/{person.register_number}"' in answer.text
    assert "A. Heuvelrug" in answer.text
    assert "geregistreerd" in answer.text


def test_search_by_register_number_opens_the_entry(services: Services, browser: Browser) -> None:
    """A valid register number leads straight to the entry."""
    person = admit(services, "Heuvelrug", seed=1)
    answer = browser.get(f"/register?q={person.register_number}")
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/register/{person.register_number}"


def test_a_short_name_query_is_explained_next_to_the_field(browser: Browser) -> None:
    """Two letters are refused on the form itself, the field marked invalid."""
    answer = browser.get("/register?q=de")
    assert answer.status_code == 422
    assert 'id="q-error"' in answer.text
    assert 'aria-invalid="true"' in answer.text
    assert "3" in text_of(answer.text)


def test_entry_shows_history_and_as_it_stood_on_a_day(services: Services, browser: Browser) -> None:
    """The entry lists each status with its dates; `?on=` shows that day's entry."""
    person = admit(services, "Heuvelrug", seed=1, decide=True)
    now = browser.get(f"/register/{person.register_number}")
    assert now.status_code == 200
    assert "Geschiedenis van voortgezet onderwijs · wiskunde" in text_of(now.text)
    # A re-registration with an annotation is no change of status: the public history keeps
    # one interval (its new period's first day would reveal the period end, and leave).
    assert now.text.count('<li>\n      <span class="when">') == 1
    assert "aantekening" in now.text
    assert "Einde registratieperiode" not in now.text
    then = browser.get(f"/register/{person.register_number}?on=2023-01-01")
    assert then.status_code == 200
    assert "1 januari 2023" in text_of(then.text)
    assert "aantekening" not in then.text.split("Geschiedenis", 1)[1]


def test_entry_before_admission_says_so(services: Services, browser: Browser) -> None:
    """A day before the person was registered answers that they were not in the register."""
    person = admit(services, "Heuvelrug", seed=1)
    answer = browser.get(f"/register/{person.register_number}?on=2001-01-01")
    assert answer.status_code == 404
    assert "stond op die dag niet in het register" in text_of(answer.text)


def test_a_bad_date_is_refused_on_the_form(services: Services, browser: Browser) -> None:
    """A date that is no date comes back with a message, not an error page."""
    person = admit(services, "Heuvelrug", seed=1)
    answer = browser.get(f"/register/{person.register_number}?on=gisteren")
    assert answer.status_code == 422
    assert 'id="on-error"' in answer.text


def test_public_pages_show_nothing_private(services: Services, browser: Browser) -> None:
    """No BSN, birth date or portfolio reaches a public page."""
    person = admit(services, "Heuvelrug", seed=1)
    bsn = services.register.get_teacher(UUID(person.teacher_id)).bsn
    page = browser.get(f"/register/{person.register_number}").text
    page += browser.get("/register?q=heuvelrug").text
    assert bsn not in page
    assert "1980" not in page
    assert "Vakdidactiek" not in page


def test_criteria_versions_and_their_difference(services: Services, browser: Browser) -> None:
    """The criteria list shows each version's dates and consultation; the comparison marks
    the changed lines side by side."""
    from tests.decision_helpers import STANDARDS, lower_minimum

    register = services.register
    register.draft_criteria(DraftCriteria(raw=lower_minimum(2)), ctx=STANDARDS)
    register.adopt_criteria(
        "reregistration",
        AdoptCriteria(
            version=2,
            effective_from=date(2027, 8, 1),
            consultation={"with": ["AOb", "CNV"], "held_on": "2026-10-01", "summary": "steun"},
        ),
        ctx=STANDARDS,
    )
    listing = browser.get("/criteria")
    assert listing.status_code == 200
    assert "1 augustus 2027" in text_of(listing.text)
    assert "AOb, CNV" in listing.text
    compared = browser.get("/criteria/reregistration/compare?older=1&newer=2")
    assert compared.status_code == 200
    assert 'class="diff-changed"' in compared.text
    assert '"min_total_hours": 160' in text_of(compared.text)
    assert '"min_total_hours": 100' in text_of(compared.text)
    version = browser.get("/criteria/reregistration/2")
    assert "steun" in version.text


def test_unknown_criteria_version_is_a_not_found_page(browser: Browser) -> None:
    """An unknown version answers a 404 page in Dutch, not a stack trace."""
    answer = browser.get("/criteria/reregistration/99")
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")
    assert "Niet gevonden" in answer.text
    assert "Traceback" not in answer.text


def test_ledger_page_without_a_checkpoint_says_so(browser: Browser) -> None:
    """Before any checkpoint the page says none was signed yet."""
    answer = browser.get("/ledger")
    assert answer.status_code == 200
    assert "nog geen controlepunt" in answer.text


# -- the teacher ----------------------------------------------------------------------------


def test_teacher_records_a_peer_consultation_and_progress_shows_it(
    services: Services, signed_in
) -> None:
    """The form records a peer consultation like a course; progress counts its hours."""
    person = admit(services, "Heuvelrug", seed=1, decide=True)
    b: Browser = signed_in("teacher", person.teacher_id)
    form = b.get(f"/teachers/{person.teacher_id}/activities/new")
    assert form.status_code == 200
    assert form.text.index('value="peer_consultation"') < form.text.index('value="course"')
    answer = b.post(
        f"/teachers/{person.teacher_id}/activities",
        {
            "kind": "peer_consultation",
            "title": "Intervisie sectie wiskunde",
            "occurred_on": TODAY.isoformat(),
            "contact_hours": "2,5",
            "competence_areas": ["didactics", "pedagogy"],
            "evidence": "Verslag gemaakt van wat ik deed en leerde.",
            "idempotency_key": "k1",
        },
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/teachers/{person.teacher_id}/progress?recorded=1"
    progress = b.get(answer.headers["location"])
    assert "De activiteit is vastgelegd" in progress.text
    assert "intervisie: <strong>2,5</strong>" in progress.text
    activity = next(
        iter(services.register.get_teacher(UUID(person.teacher_id)).activities.values())
    )
    assert activity is not None


def test_the_same_form_sent_twice_records_once(services: Services, signed_in) -> None:
    """A double submit carries the same idempotency key: one activity."""
    person = admit(services, "Heuvelrug", seed=1)
    b: Browser = signed_in("teacher", person.teacher_id)
    fields = {
        "kind": "lesson_visit",
        "title": "Lesbezoek",
        "occurred_on": "2025-01-10",
        "contact_hours": "1",
        "competence_areas": "didactics",
        "evidence": "Verslag gemaakt van wat ik deed en leerde.",
        "idempotency_key": "same-key",
    }
    first = b.post(f"/teachers/{person.teacher_id}/activities", fields)
    second = b.post(f"/teachers/{person.teacher_id}/activities", fields)
    assert first.status_code == second.status_code == 303
    kinds = [
        a.kind for a in services.register.get_teacher(UUID(person.teacher_id)).activities.values()
    ]
    assert kinds.count("lesson_visit") == 1


def test_activity_errors_are_shown_next_to_their_fields(services: Services, signed_in) -> None:
    """Missing fields and a date in the future come back on the form, each beside its field;
    what was typed is kept."""
    person = admit(services, "Heuvelrug", seed=1)
    b: Browser = signed_in("teacher", person.teacher_id)
    shape = b.post(
        f"/teachers/{person.teacher_id}/activities",
        {"kind": "peer_consultation", "title": "", "occurred_on": "2025-01-10"},
    )
    assert shape.status_code == 422
    for name in ("title", "contact_hours", "competence_areas"):
        assert f'id="{name}-error"' in shape.text, name
    assert 'value="peer_consultation" checked' in shape.text
    rule = b.post(
        f"/teachers/{person.teacher_id}/activities",
        {
            "kind": "course",
            "title": "Later",
            "occurred_on": "2027-01-01",
            "contact_hours": "3",
            "competence_areas": "didactics",
        },
    )
    assert rule.status_code == 422
    assert 'id="occurred_on-error"' in rule.text
    assert "De activiteit kan niet in de toekomst liggen." in rule.text
    assert 'value="Later"' in rule.text


def test_decision_is_explained_with_what_counted(services: Services, signed_in) -> None:
    """Each criterion shows what was required, what was found and which activities counted,
    the criteria version, the reasons and the objection deadline."""
    person = admit(services, "Heuvelrug", seed=1, decide=True)
    b: Browser = signed_in("teacher", person.teacher_id)
    answer = b.get(f"/decisions/{person.decision_id}")
    assert answer.status_code == 200
    text = text_of(answer.text)
    assert "uren professionalisering in totaal" in text
    assert "Vakdidactiek <b>wiskunde</b>" in text
    assert "Vakdidactiek &lt;b&gt;wiskunde&lt;/b&gt;" in answer.text
    assert "reregistration Versie 1" in text
    assert "11 januari 2027" in text  # Saturday 9th: Atw art. 1
    assert 'action="/decisions/' in answer.text
    assert "/objection" in answer.text
    assert "Opnieuw berekenen" not in answer.text  # reproducing is for appeals and auditors


def test_teacher_objects_and_the_committee_sees_the_case(
    services: Services, signed_in, token_for
) -> None:
    """The objection form files an objection; the committee opens the case and rules."""
    person = admit(services, "Heuvelrug", seed=1, decide=True)
    b: Browser = signed_in("teacher", person.teacher_id)
    empty = b.post(f"/decisions/{person.decision_id}/objection", {"grounds": " "})
    assert empty.status_code == 422
    assert 'id="grounds-error"' in empty.text
    filed = b.post(
        f"/decisions/{person.decision_id}/objection",
        {"grounds": "Mijn intervisie telt niet mee.", "idempotency_key": "o1"},
    )
    assert filed.status_code == 303
    case_path = filed.headers["location"].split("?")[0]
    assert "in behandeling" in b.get(case_path).text
    b.sign_in_with(token_of(token_for("appeals")))
    case = b.get(case_path)
    assert "Mijn intervisie telt niet mee." in case.text
    assert "Uitspraak vastleggen" in case.text
    ruled = b.post(
        case_path + "/ruling", {"outcome": "unfounded", "reasoning": "Alles is meegeteld."}
    )
    assert ruled.status_code == 303
    assert "ongegrond" in b.get(case_path).text


def test_committee_reproduces_a_decision(services: Services, signed_in) -> None:
    """Reproduction shows that the recorded outcome and trace came out again."""
    person = admit(services, "Heuvelrug", seed=1, decide=True)
    b: Browser = signed_in("appeals")
    page = b.get(f"/decisions/{person.decision_id}")
    assert "Opnieuw berekenen" in page.text
    answer = b.post(f"/decisions/{person.decision_id}/reproduction")
    assert answer.status_code == 200
    assert "Gereproduceerd" in answer.text


def test_auditor_timeline_filters_and_shows_actor_and_reason(services: Services, signed_in) -> None:
    """The timeline lists every event with actor and reason; the filter narrows by kind."""
    person = admit(services, "Heuvelrug", seed=1, decide=True)
    b: Browser = signed_in("auditor")
    everything = b.get(f"/teachers/{person.teacher_id}/events")
    assert everything.status_code == 200
    assert "5 / 5" in everything.text  # admitted, appointment, confirmed, activity, decision
    assert "test set-up" in everything.text
    only = b.get(f"/teachers/{person.teacher_id}/events?type=ActivityRecorded")
    assert "1 / 5" in only.text
    state = b.get(f"/teachers/{person.teacher_id}/state?version=1")
    assert "versie 1" in state.text
    assert "Vakdidactiek" not in state.text


def test_employer_sees_staff_and_delivers_a_csv(services: Services, signed_in) -> None:
    """The staff list says who may teach; a CSV delivery answers its report per row."""
    from tests.procedure_helpers import csv_of, row

    admit(services, "Heuvelrug", seed=1)
    b: Browser = signed_in("employer", BOARD)
    staff = b.get(f"/employers/{BOARD}/staff")
    assert staff.status_code == 200
    assert "A. Heuvelrug" in staff.text
    assert "✓ ja" in staff.text
    content = csv_of([row(), row(bsn="123456789")])
    answer = b.client.post(
        f"/employers/{BOARD}/deliveries",
        data={"csrf": b.csrf(), "delivery_id": "week-48"},
        files={"file": ("levering.csv", content, "text/csv")},
        follow_redirects=False,
    )
    assert answer.status_code == 200
    text = text_of(answer.text)
    assert "Verwerkt: 1 / 2" in text
    assert "bsn" in text
    assert "Geen geldig BSN" in text  # the row's fault in the page's language


def test_teacher_confirms_and_disputes_appointments(services: Services, signed_in) -> None:
    """The file's appointments can be confirmed, or disputed with a reason."""
    person = admit(services, "Heuvelrug", seed=1)
    b: Browser = signed_in("teacher", person.teacher_id)
    teacher = services.register.get_teacher(UUID(person.teacher_id))
    appointment = next(iter(teacher.appointments))
    base = f"/teachers/{person.teacher_id}/appointments/{appointment}"
    assert b.post(base + "/dispute", {"reason": "de omvang is 0,6 fte"}).status_code == 303
    assert "de omvang is 0,6 fte" in b.get(f"/teachers/{person.teacher_id}").text
    assert b.post(base + "/confirmation").status_code == 303
    page = b.get(f"/teachers/{person.teacher_id}")
    assert "klopt" in page.text


def test_employer_sees_the_disputes_with_the_teachers_reason(services: Services, signed_in) -> None:
    """A teacher's dispute shows on the employer's list of disputes, with the reason; the
    filter by status works; another board's list is refused."""
    person = admit(services, SCRIPT, seed=3)
    teacher = services.register.get_teacher(UUID(person.teacher_id))
    appointment = next(iter(teacher.appointments))
    t: Browser = signed_in("teacher", person.teacher_id)
    path = f"/teachers/{person.teacher_id}/appointments/{appointment}/dispute"
    assert t.post(path, {"reason": "de omvang is 0,6 fte"}).status_code == 303
    services.projections.catch_up_all()
    e: Browser = signed_in("employer", BOARD)
    page = e.get(f"/employers/{BOARD}/disputes")
    assert page.status_code == 200
    text = text_of(page.text)
    assert "de omvang is 0,6 fte" in text
    assert person.register_number in text
    assert SCRIPT not in page.text
    assert SCRIPT in text
    answered = e.get(f"/employers/{BOARD}/disputes?status=answered")
    assert "de omvang is 0,6 fte" not in answered.text
    assert "Geen betwiste aanstellingen" in answered.text
    e.client.cookies.set("lr_lang", "en")
    assert "Disputed appointments" in e.get(f"/employers/{BOARD}/disputes").text
    assert e.get("/employers/49999/disputes").status_code == 403


# -- escaping -------------------------------------------------------------------------------


@pytest.mark.parametrize("family_name", [SCRIPT, APOSTROPHE], ids=["script", "apostrophe"])
def test_names_are_escaped_everywhere(services: Services, signed_in, family_name: str) -> None:
    """A name is shown as its characters on every page that shows it, never as markup."""
    person = admit(services, family_name, seed=2, decide=True)
    b: Browser = signed_in("auditor")
    pages = [
        f"/register/{person.register_number}",
        f"/teachers/{person.teacher_id}",
        f"/decisions/{person.decision_id}",
    ]
    for path in pages:
        answer = b.get(path)
        assert answer.status_code == 200, path
        assert "<script>alert(1)</script>" not in answer.text, path
        assert family_name in text_of(answer.text), path
    search = b.client.get("/register", params={"q": family_name})
    assert "<script>alert(1)</script>" not in search.text
    timeline = b.get(f"/teachers/{person.teacher_id}/events")
    assert "<script>alert(1)</script>" not in timeline.text


def test_search_query_is_echoed_escaped(browser: Browser) -> None:
    """What a visitor typed comes back as text, also inside attributes."""
    answer = browser.get('/register?q="><script>x</script>')
    assert "<script>x</script>" not in answer.text
    assert "&#34;&gt;&lt;script&gt;" in answer.text or "&quot;&gt;&lt;script&gt;" in answer.text


# -- language -------------------------------------------------------------------------------


def test_dutch_by_default_and_english_on_request(browser: Browser) -> None:
    """Pages are Dutch; the switch sets a cookie and returns to the same page in English."""
    dutch = browser.get("/criteria")
    assert '<html lang="nl">' in dutch.text
    assert "Geldt vanaf" in dutch.text
    switch = browser.get("/language?to=en&next=/criteria")
    assert switch.status_code == 303
    assert switch.headers["location"] == "/criteria"
    assert "lr_lang=en" in switch.headers["set-cookie"]
    english = browser.get("/criteria")
    assert '<html lang="en">' in english.text
    assert "Effective from" in english.text
    assert "Geldt vanaf" not in english.text


def test_teacher_rates_an_offering_they_followed_once(services: Services, signed_in) -> None:
    """The offering page has a rating form for a signed-in teacher: a missing score is
    refused beside the field, a teacher who did not follow it is refused, the one who did
    rates it once and the comment shows in the catalogue; a visitor sees no form."""
    from tests.procedure_helpers import VALIDATOR, admitted_provider, offering

    register = services.register
    admitted_provider(register)
    offering_id = offering(register)
    register.validate_offering(offering_id, ValidateOffering(), ctx=VALIDATOR)
    follower = admit(services, "Heuvelrug", seed=4)
    stranger = admit(services, "Zandberg", seed=5)
    register.record_activity(
        UUID(follower.teacher_id),
        RecordActivity(
            kind="course",
            title="Formatief evalueren",
            occurred_on=date(2026, 10, 1),
            contact_hours=Decimal(8),
            self_study_hours=Decimal(4),
            competence_areas=["didactics"],
            offering_id=offering_id,
            evidence=EVIDENCE,
        ),
        ctx=Context(Actor("teacher", follower.teacher_id)),
    )
    services.projections.catch_up_all()
    page = f"/offerings/{offering_id}"

    s: Browser = signed_in("teacher", stranger.teacher_id)
    refused = s.post(page + "/rating", {"score": "4"})
    assert refused.status_code == 409
    assert "U kunt alleen aanbod waarderen dat u hebt gevolgd" in text_of(refused.text)
    assert not register.get_teacher(UUID(stranger.teacher_id)).ratings

    t: Browser = signed_in("teacher", follower.teacher_id)
    file = t.get(f"/teachers/{follower.teacher_id}").text
    assert f'href="/offerings/{offering_id}"' in file  # the activity links to the offering
    missing = t.post(page + "/rating", {"comment": "goed"})
    assert missing.status_code == 422
    assert 'id="score-error"' in missing.text
    assert "goed" in missing.text  # what was typed is kept
    done = t.post(page + "/rating", {"score": "5", "comment": "Direct bruikbaar, " + SCRIPT})
    assert done.status_code == 303
    assert offering_id in register.get_teacher(UUID(follower.teacher_id)).ratings
    services.projections.catch_up_all()
    shown = t.get(page)
    assert "Direct bruikbaar" in text_of(shown.text)
    assert SCRIPT not in shown.text
    again = t.post(page + "/rating", {"score": "1"})
    assert again.status_code == 409
    assert len(register.get_teacher(UUID(follower.teacher_id)).ratings) == 1

    t.sign_out()
    assert 'action="/offerings/' not in t.get(page).text


def test_auditor_sees_every_read_of_a_file_with_its_request_id(
    services: Services, signed_in
) -> None:
    """An employer's look at a file shows on the auditor's access-log page with role, board,
    route and the request id of its log lines; the filter by file works; a bad id is refused."""
    person = admit(services, "Heuvelrug", seed=6)
    other = admit(services, "Zandberg", seed=7)
    e: Browser = signed_in("employer", BOARD)
    read = e.get(f"/teachers/{person.teacher_id}")
    assert read.status_code == 200
    request_id = read.headers["x-request-id"]
    a: Browser = signed_in("auditor")
    assert a.get(f"/teachers/{other.teacher_id}").status_code == 200
    page = a.get(f"/audit/access-log?teacher_id={person.teacher_id}")
    assert page.status_code == 200
    text = text_of(page.text)
    assert request_id in text
    assert "GET /teachers/{teacher_id}" in text
    assert re.search(rf"werkgever\s+{BOARD}", text)
    assert other.teacher_id[:8] not in text  # only the file asked for
    everything = text_of(a.get("/audit/access-log").text)
    assert person.teacher_id[:8] in everything
    assert other.teacher_id[:8] in everything
    assert a.get("/audit/access-log?teacher_id=not-an-id").status_code == 422
    t: Browser = signed_in("teacher", person.teacher_id)
    assert t.get("/audit/access-log").status_code == 403
