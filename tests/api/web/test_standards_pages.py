"""The profession's pages and the costs page over HTTP, on both stores: drafting a criteria
version through a form, refused documents with every fault, adoption with the consultation
record, the impact of a draft (a read: nothing written), and who pays what."""

from __future__ import annotations

import html
import random
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from api.bootstrap import Services
from api.web import standards as standards_pages
from api.web.security import LANG_COOKIE
from api.web.standards import money
from domain.commands.criteria import DraftCriteria
from domain.values import Cost, Name
from policies import document_sha256, load_default
from tests.api.web.conftest import Browser
from tests.decision_helpers import STANDARDS, demo_like_teacher, document, lower_minimum
from tests.projection_helpers import activity, admit, appointment

SCRIPT = "<script>alert(1)</script>"
SignedIn = Callable[..., Browser]


def text_of(page: str) -> str:
    """The visible text of a page, roughly: tags dropped, entities decoded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def textarea(page: str, name: str) -> str:
    """The content of a text area, as the browser would show it."""
    found = re.search(rf'<textarea[^>]* name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, f"no textarea {name}"
    return html.unescape(found.group(1))


def versions(services: Services) -> dict[tuple[str, int], dict[str, object]]:
    return {(v["name"], v["version"]): v for v in services.register.criteria_versions()}


def caller(services: Services, signed_in: SignedIn, role: str) -> Browser:
    """A browser signed in as the role (a teacher for a real file, an employer for 41234)."""
    subject = None
    if role == "teacher":
        subject = str(admit(services.register, rng=random.Random(3)).aggregate_id)
    elif role == "employer":
        subject = "41234"
    return signed_in(role, subject)


def english(browser: Browser) -> Browser:
    browser.client.cookies.set(LANG_COOKIE, "en")
    return browser


# -- the books ------------------------------------------------------------------------------


def test_home_lists_every_version_with_its_links(services: Services, signed_in: SignedIn) -> None:
    """Every criteria document with its versions (a draft too), the public text, the
    comparison with the version in force, a new draft from the version in force, and costs."""
    services.register.draft_criteria(DraftCriteria(raw=lower_minimum(2)), ctx=STANDARDS)
    browser = signed_in("standards")
    answer = browser.get("/standards")
    assert answer.status_code == 200
    page = answer.text
    assert "Criteria van de beroepsgroep" in page
    assert 'id="book-reregistration"' in page
    assert 'id="book-validation"' in page
    assert 'href="/standards/criteria/reregistration/2"' in page
    assert "ontwerp" in text_of(page)
    assert 'href="/criteria/reregistration/1"' in page
    assert 'href="/criteria/reregistration/compare?older=1&amp;newer=2"' in page
    assert 'href="/standards/drafts/new?name=reregistration&amp;from_version=1"' in page
    assert 'href="/costs"' in page
    assert "The profession&#39;s criteria" in english(browser).get("/standards").text


@pytest.mark.parametrize("role", ["teacher", "registrar", "employer", "auditor"])
def test_other_roles_get_a_refusal_page(services: Services, signed_in: SignedIn, role: str) -> None:
    """Only the profession opens its pages; the others get a 403 page, not problem+json."""
    browser = caller(services, signed_in, role)
    for path in ("/standards", "/standards/drafts/new", "/standards/criteria/reregistration/1"):
        answer = browser.get(path)
        assert answer.status_code == 403, path
        assert answer.headers["content-type"].startswith("text/html")


def test_a_visitor_is_sent_to_sign_in(browser: Browser) -> None:
    answer = browser.get("/standards")
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/sign-in?next=")


# -- drafting -------------------------------------------------------------------------------


def test_new_draft_starts_from_the_text_of_a_version(signed_in: SignedIn) -> None:
    """With `from_version` the text area holds that version's exact text, and the hint says
    to change the version number, naming the highest so far."""
    browser = signed_in("standards")
    answer = browser.get("/standards/drafts/new?name=reregistration&from_version=1")
    assert answer.status_code == 200
    raw, _ = load_default("reregistration")
    assert textarea(answer.text, "document") == raw.decode("utf-8")
    hint = text_of(answer.text)
    assert "Pas het versienummer" in hint
    assert "hoogste nummer tot nu toe is 1" in hint
    assert 'aria-describedby="document-hint"' in answer.text
    assert "Change the version number" in english(browser).get("/standards/drafts/new").text
    assert browser.get("/standards/drafts/new?name=reregistration&from_version=x").status_code == (
        404
    )


def test_a_draft_through_the_form_is_recorded(services: Services, signed_in: SignedIn) -> None:
    """The text of the field becomes the draft (line ends as shown), and the answer is the
    draft's page."""
    browser = signed_in("standards")
    text = document(version=2, min_total_hours=150).decode("utf-8")
    answer = browser.post(
        "/standards/drafts",
        {"document": text.replace("\n", "\r\n"), "idempotency_key": "k-draft-1"},
    )
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/standards/criteria/reregistration/2?drafted=1"
    again = browser.post(
        "/standards/drafts",
        {"document": text.replace("\n", "\r\n"), "idempotency_key": "k-draft-1"},
    )
    assert again.status_code == 303  # a double click drafts once
    assert [k for k in versions(services) if k[0] == "reregistration"] == [
        ("reregistration", 1),
        ("reregistration", 2),
    ]
    drafted = versions(services)[("reregistration", 2)]
    assert drafted["status"] == "draft"
    assert drafted["sha256"] == document_sha256(text.encode("utf-8"))
    page = browser.get(answer.headers["location"])
    assert page.status_code == 200
    assert "Het ontwerp is opgeslagen." in page.text
    assert str(drafted["sha256"]) in page.text
    assert 'href="/criteria/reregistration/compare?older=1&amp;newer=2"' in page.text
    assert 'action="/standards/criteria/reregistration/2/adoption"' in page.text
    assert 'action="/standards/criteria/reregistration/2/impact"' in page.text
    assert 'value="2026-11-28"' in page.text
    assert 'value="2027-11-28"' in page.text


def test_an_uploaded_file_is_drafted_byte_for_byte(services: Services, signed_in: SignedIn) -> None:
    """A file takes precedence over the text field and keeps its exact bytes (CR LF too)."""
    browser = signed_in("standards")
    raw = document(version=3).replace(b"\n", b"\r\n")
    answer = browser.client.post(
        "/standards/drafts",
        data={"csrf": browser.csrf(), "document": "", "idempotency_key": "k-upload"},
        files={"file": ("v3.json", raw, "application/json")},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    assert versions(services)[("reregistration", 3)]["sha256"] == document_sha256(raw)


def test_malformed_json_comes_back_with_the_text_kept(
    services: Services, signed_in: SignedIn
) -> None:
    """A document that is no JSON is refused beside the field, the text as it was sent."""
    browser = signed_in("standards")
    broken = '{\n  "name": "reregistration",\n  "version": 2,\n  "description": "' + SCRIPT
    answer = browser.post("/standards/drafts", {"document": broken, "name": "reregistration"})
    assert answer.status_code == 422
    assert textarea(answer.text, "document") == broken
    assert SCRIPT not in answer.text  # the text is kept, escaped
    shown = text_of(answer.text)
    assert "Het document is geweigerd: 1 fout(en)" in shown
    assert "het hele document" in shown
    assert "Geen geldige JSON" in shown  # the register's message, in Dutch
    assert 'id="document-error"' in answer.text
    assert 'aria-describedby="document-hint document-error"' in answer.text
    assert 'aria-invalid="true"' in answer.text
    assert 'href="#document"' in answer.text  # the error summary leads to the field
    assert ("reregistration", 2) not in versions(services)


def test_a_contradictory_document_lists_every_fault_with_its_field(
    services: Services, signed_in: SignedIn
) -> None:
    """Every fault is named with its field path; the text stays; nothing is drafted. In
    English, our own words are English."""
    browser = english(signed_in("standards"))
    areas = [{"areas": ["subject_matter"], "min_hours": 500}]
    bad = document(
        version=2, period_years=0, area_minimums=areas, counted_kinds=["course", "knitting"]
    ).decode("utf-8")
    answer = browser.post("/standards/drafts", {"document": bad})
    assert answer.status_code == 422
    assert textarea(answer.text, "document") == bad
    faults = re.findall(r"<li><code>([^<]+)</code>: ", answer.text)
    assert "period_years" in faults
    assert any(f.startswith("counted_kinds") for f in faults)
    assert len(faults) >= 2
    assert f"The document was refused: {len(faults)} fault(s)" in text_of(answer.text)
    assert ("reregistration", 2) not in versions(services)


def test_an_existing_version_number_is_refused_with_the_text_kept(
    services: Services, signed_in: SignedIn
) -> None:
    """Forgetting to change the version number: a 409 on the form, the text kept."""
    browser = signed_in("standards")
    raw, _ = load_default("reregistration")
    text = raw.decode("utf-8").replace('"min_total_hours": 160', '"min_total_hours": 150')
    answer = browser.post("/standards/drafts", {"document": text})
    assert answer.status_code == 409
    assert textarea(answer.text, "document") == text
    assert "<code>version</code>" in answer.text
    assert "Versie 1 van de criteria reregistration bestaat al." in answer.text


def test_an_empty_document_is_refused_in_the_page_language(signed_in: SignedIn) -> None:
    browser = signed_in("standards")
    answer = browser.post("/standards/drafts", {"document": "  "})
    assert answer.status_code == 422
    assert "Vul het document in." in answer.text
    english(browser)
    assert "Please fill in the document." in browser.post("/standards/drafts", {}).text


# -- adoption -------------------------------------------------------------------------------


def test_adoption_through_the_form_records_date_and_consultation(
    services: Services, signed_in: SignedIn, client: TestClient
) -> None:
    """The draft is adopted from its effective date with whom, when and the summary; the
    public API and the public page show it, the summary escaped."""
    services.register.draft_criteria(DraftCriteria(raw=lower_minimum(2)), ctx=STANDARDS)
    browser = signed_in("standards")
    answer = browser.post(
        "/standards/criteria/reregistration/2/adoption",
        {
            "effective_from": "2027-08-01",
            "consultation_with": "AOb\r\n\r\n  CNV Onderwijs  \r\n",
            "consultation_held_on": "2026-10-01",
            "consultation_summary": SCRIPT,
            "idempotency_key": "k-adopt",
        },
    )
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/standards/criteria/reregistration/2?adopted=1"
    public = client.get("/api/public/criteria").json()["data"]
    adopted = next(v for v in public if v["name"] == "reregistration" and v["version"] == 2)
    assert adopted["status"] == "adopted"
    assert adopted["effective_from"] == "2027-08-01"
    assert adopted["consultation"] == {
        "with": ["AOb", "CNV Onderwijs"],
        "held_on": "2026-10-01",
        "summary": SCRIPT,
    }
    page = browser.get(answer.headers["location"])
    assert "De versie is vastgesteld" in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert SCRIPT not in page.text
    assert 'action="/standards/criteria/reregistration/2/adoption"' not in page.text
    assert SCRIPT not in browser.get("/criteria/reregistration/2").text


def test_adoption_faults_are_beside_their_fields(services: Services, signed_in: SignedIn) -> None:
    """Missing fields in the page language; the domain's refusal of a date in the past beside
    the effective date; the values kept; nothing adopted."""
    services.register.draft_criteria(DraftCriteria(raw=lower_minimum(2)), ctx=STANDARDS)
    browser = signed_in("standards")
    empty = browser.post(
        "/standards/criteria/reregistration/2/adoption",
        {"effective_from": "", "consultation_with": "", "consultation_held_on": ""},
    )
    assert empty.status_code == 422
    assert 'id="effective_from-error"' in empty.text
    assert 'id="consultation_with-error"' in empty.text
    assert 'id="consultation_held_on-error"' in empty.text
    assert "Vul dit in." in empty.text
    past = english(browser).post(
        "/standards/criteria/reregistration/2/adoption",
        {
            "effective_from": "2026-01-01",
            "consultation_with": "AOb",
            "consultation_held_on": "2026-10-01",
            "consultation_summary": "kept",
        },
    )
    assert past.status_code == 422
    error = re.search(r'id="effective_from-error">(.*?)</p>', past.text, re.S)
    assert error
    assert "before their adoption" in error.group(1)
    assert 'aria-invalid="true"' in past.text
    assert textarea(past.text, "consultation_summary") == "kept"
    assert versions(services)[("reregistration", 2)]["status"] == "draft"


def test_adopting_an_adopted_version_is_a_refusal_page(signed_in: SignedIn) -> None:
    browser = signed_in("standards")
    answer = browser.post(
        "/standards/criteria/reregistration/1/adoption",
        {
            "effective_from": "2027-08-01",
            "consultation_with": "AOb",
            "consultation_held_on": "2026-10-01",
        },
    )
    assert answer.status_code == 409
    assert "is al vastgesteld" in answer.text
    assert answer.headers["content-type"].startswith("text/html")


# -- impact ---------------------------------------------------------------------------------


def test_impact_shows_the_counts_and_writes_nothing(
    services: Services, signed_in: SignedIn
) -> None:
    """Counts per outcome beside each other, the files whose outcome changes, and the event
    store's head unchanged."""
    register = services.register
    short = [demo_like_teacher(register, registered_on=date(2023, 1, d)) for d in (1, 2, 3)]
    demo_like_teacher(register, registered_on=date(2023, 1, 4), extra_hours=40)
    register.draft_criteria(DraftCriteria(raw=lower_minimum(2)), ctx=STANDARDS)
    browser = signed_in("standards")
    head = register.head_position()
    answer = browser.post(
        "/standards/criteria/reregistration/2/impact",
        {"due_from": "2026-06-01", "due_to": "2027-06-01", "impact_effective_from": "2022-01-01"},
    )
    assert answer.status_code == 200, answer.text
    assert register.head_position() == head
    page = answer.text
    assert 'id="changed-count">3<' in page
    assert 'id="better-count">3<' in page
    counts = re.search(r'<table class="impact-counts">.*?</table>', page, re.S)
    assert counts
    rows = re.findall(
        r'<th scope="row">([^<]+)</th>\s*<td class="num">(\d+)</td>\s*<td class="num">(\d+)</td>',
        counts.group(0),
    )
    assert rows == [
        ("geherregistreerd", "1", "4"),
        ("aantekening", "3", "0"),
        ("doorgehaald", "0", "0"),
    ]
    numbers = {register.get_teacher(a.teacher_id).register_number for a in short}
    assert set(re.findall(r'<a href="/register/(\d+)">', page)) == numbers
    assert "aantekening → " in text_of(page)
    assert (
        "Impact on the register"
        in english(browser).post("/standards/criteria/reregistration/2/impact", {}).text
    )


def test_an_impact_window_that_ends_before_it_begins_is_refused(signed_in: SignedIn) -> None:
    browser = signed_in("standards")
    answer = browser.post(
        "/standards/criteria/reregistration/1/impact",
        {"due_from": "2027-06-01", "due_to": "2026-06-01"},
    )
    assert answer.status_code == 422
    assert 'id="due_to-error"' in answer.text
    bad = browser.post("/standards/criteria/reregistration/1/impact", {"due_from": "gisteren"})
    assert bad.status_code == 422
    assert "Geen geldige datum." in bad.text


def test_an_impact_run_started_from_the_page_shows_its_progress_and_then_its_result(
    services: Services, signed_in: SignedIn
) -> None:
    """The background button starts a run and goes to its page, which refreshes itself while
    the run is open; a worker runs it, and the same page then shows the kept counts."""
    register = services.register
    for d in (1, 2, 3):
        demo_like_teacher(register, registered_on=date(2023, 1, d))
    demo_like_teacher(register, registered_on=date(2023, 1, 4), extra_hours=40)
    register.draft_criteria(DraftCriteria(raw=lower_minimum(2)), ctx=STANDARDS)
    browser = signed_in("standards")
    form = browser.get("/standards/criteria/reregistration/2").text
    assert 'formaction="/standards/criteria/reregistration/2/impact-runs"' in form
    assert 'id="last-run"' not in form
    window = {
        "due_from": "2026-06-01",
        "due_to": "2027-06-01",
        "impact_effective_from": "2022-01-01",
    }
    started = browser.post("/standards/criteria/reregistration/2/impact-runs", window)
    assert started.status_code == 303, started.text
    location = started.headers["location"]
    assert location.startswith("/standards/impact-runs/")
    again = browser.post("/standards/criteria/reregistration/2/impact-runs", window)
    assert again.headers["location"] == location  # the open run, not a second one
    waiting = browser.get(location).text
    assert '<meta http-equiv="refresh" content="2">' in waiting
    assert 'data-status="queued"' in waiting
    assert 'id="changed-count"' not in waiting
    assert 'id="last-run"' in browser.get("/standards/criteria/reregistration/2").text
    run_id = location.rsplit("/", 1)[1]
    ran = register.run_impact_run(run_id, "page-test", lease_seconds=30)
    assert ran is not None
    done = browser.get(location).text
    assert "http-equiv" not in done
    assert 'data-status="completed"' in done
    assert 'id="run-files">4 / 4<' in done
    assert 'id="changed-count">3<' in done
    assert 'id="better-count">3<' in done


def test_an_impact_run_with_a_bad_window_is_refused_on_the_page(signed_in: SignedIn) -> None:
    browser = signed_in("standards")
    reversed_ = browser.post(
        "/standards/criteria/reregistration/1/impact-runs",
        {"due_from": "2027-06-01", "due_to": "2026-06-01"},
    )
    assert reversed_.status_code == 422
    assert 'id="due_to-error"' in reversed_.text
    bad = browser.post("/standards/criteria/reregistration/1/impact-runs", {"due_from": "gisteren"})
    assert bad.status_code == 422
    assert "Geen geldige datum." in bad.text
    assert browser.post("/standards/criteria/reregistration/9/impact-runs", {}).status_code == 404
    assert browser.get("/standards/impact-runs/not-a-run").status_code == 404


# -- costs ----------------------------------------------------------------------------------


@pytest.fixture
def costs(services: Services) -> None:
    """Costs at boards 60001 and 60002, one above a thousand euros."""
    reg = services.register
    rng = random.Random(21)
    anna = admit(reg, name=Name("A.", "Anna", "", "Aalders"), rng=rng).aggregate_id
    carla = admit(
        reg,
        name=Name("C.", "Carla", "", "Claes"),
        qualifications=[{"sector": "po", "basis": "diploma"}],
        rng=rng,
    ).aggregate_id
    appointment(reg, anna, "60001", start=date(2020, 1, 1))
    appointment(reg, carla, "60002", start=date(2020, 1, 1))
    activity(reg, anna, occurred_on=date(2024, 5, 1), cost=Cost(Decimal("1234.50"), "employer"))
    activity(reg, carla, occurred_on=date(2024, 6, 1), cost=Cost(Decimal("100.00"), "fund"))
    activity(reg, carla, occurred_on=date(2025, 6, 1), cost=Cost(Decimal("50.25"), "teacher"))
    services.projections.catch_up_all()


def _rows(page: str) -> list[list[str]]:
    table = re.search(r'<table class="cost-rows">.*?</table>', page, re.S)
    assert table, "no rows table"
    body = table.group(0).split("<tbody>", 1)[1]
    return [
        [text_of(c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)]
        for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_the_profession_and_the_registrar_see_every_board(costs: None, signed_in: SignedIn) -> None:
    """Totals by year, sector and payer, the rows, money in Dutch and in English."""
    for role in ("standards", "registrar"):
        browser = signed_in(role)
        answer = browser.get("/costs")
        assert answer.status_code == 200, answer.text
        rows = _rows(answer.text)
        assert {(r[0], r[2], r[5]) for r in rows} == {
            ("2024", "60001", "€ 1.234,50"),
            ("2024", "60002", "€ 100,00"),
            ("2025", "60002", "€ 50,25"),
        }
        assert "Kosten van professionalisering" in answer.text
        assert "leraar zelf" in text_of(answer.text)
        assert "€ 1.334,50" in answer.text  # the sum of 2024
    english_page = english(browser).get("/costs").text
    assert "€1,234.50" in english_page
    assert "Costs of professional development" in english_page


def test_the_filters_select_rows(costs: None, signed_in: SignedIn) -> None:
    browser = signed_in("standards")
    answer = browser.get("/costs?year=2024&sector=&payer=fund")
    assert answer.status_code == 200
    assert [(r[0], r[2]) for r in _rows(answer.text)] == [("2024", "60002")]
    assert '<option value="2025">' in answer.text  # every year stays selectable
    assert '<option value="fund" selected>' in answer.text
    bad = browser.get("/costs?year=1066")
    assert bad.status_code == 422
    assert 'id="year-error"' in bad.text


def test_an_employer_sees_only_its_own_board(costs: None, signed_in: SignedIn) -> None:
    browser = signed_in("employer", "60002")
    answer = browser.get("/costs")
    assert answer.status_code == 200
    assert {r[2] for r in _rows(answer.text)} == {"60002"}
    assert "1.234,50" not in answer.text
    assert "60002" in text_of(answer.text.split("<h1>", 1)[1].split("</p>", 1)[0])


def test_cost_rows_come_in_pages(
    costs: None, signed_in: SignedIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The API's cursor gives the next page, keeping the filters."""
    monkeypatch.setattr(standards_pages, "COST_ROWS", 1)
    browser = signed_in("standards")
    first = browser.get("/costs?sector=po")
    assert len(_rows(first.text)) == 1
    link = re.search(r'<a href="(/costs\?sector=po&amp;cursor=[^"]+)">', first.text)
    assert link, first.text
    second = browser.get(html.unescape(link.group(1)))
    assert second.status_code == 200
    assert [r[0] for r in _rows(first.text) + _rows(second.text)] == ["2024", "2025"]


@pytest.mark.parametrize("role", ["teacher", "appeals", "auditor", "validator"])
def test_other_roles_may_not_see_costs(services: Services, signed_in: SignedIn, role: str) -> None:
    answer = caller(services, signed_in, role).get("/costs")
    assert answer.status_code == 403
    assert answer.headers["content-type"].startswith("text/html")


def test_money_in_each_language() -> None:
    assert money("1234.50", "nl") == "€ 1.234,50"
    assert money("1234.50", "en") == "€1,234.50"
    assert money("1234567.05", "nl") == "€ 1.234.567,05"
    assert money("-3.00", "en") == "-€3.00"
    assert money("0.00", "nl") == "€ 0,00"
