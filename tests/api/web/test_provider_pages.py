"""The training provider's and the validator's pages over HTTP, on both stores: applying,
admitting, submitting, validating and revoking through the pages alone, the refusals, the
checks of whose application and offering a caller may see, labels and escaping."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from typing import Any

from api.bootstrap import Services
from domain.commands.offerings import DecideProvider, ValidateOffering
from tests.api.web.conftest import Browser
from tests.procedure_helpers import VALIDATOR, admitted_provider, offering

SCRIPT = "<script>alert(1)</script>"
NEW = "nieuwe-academie"


def text_of(page: str) -> str:
    """The visible text of a page, roughly: tags dropped, entities decoded, spaces joined."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def application(**changes: Any) -> dict[str, Any]:
    fields = {
        "name": "Nieuwe Academie",
        "kvk_number": "24681357",
        "staff_level": "hbo",
        "practice_alignment": "Elke cursus ontwikkelen we met twee scholen.",
        "quality_monitoring": "Evaluatie na elke cursus en een jaarlijkse audit.",
        "complaints_procedure_in_place": "true",
        "complaints_procedure_decision_days": "10",
        "idempotency_key": "apply-1",
    }
    fields.update(changes)
    return fields


def offering_form(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": "Formatief evalueren in de wiskundeles",
        "description": "Twee middagen en een opdracht in de eigen klas.",
        "sector": "vo",
        "competence_areas": ["didactics", "subject_matter"],
        "contact_hours": "8,5",
        "self_study_hours": "4",
        "price": "249,50",
        "idempotency_key": "offer-1",
    }
    fields.update(changes)
    return fields


def test_provider_applies_and_the_validator_admits_through_the_pages(
    services: Services, signed_in
) -> None:
    """The provider's home offers the form; the application shows on the validator's list;
    the validator's judgements are recorded and the decision record is shown to both."""
    p: Browser = signed_in("provider", NEW)
    home = p.get("/provider")
    assert home.status_code == 200
    assert 'href="/provider/application"' in home.text
    assert "nog niet aangemeld" in text_of(home.text)
    assert p.get("/provider/application").status_code == 200
    sent = p.post("/provider/application", application())
    assert sent.status_code == 303, sent.text
    assert sent.headers["location"] == "/provider?applied=1"
    assert services.register.get_provider(NEW).status == "submitted"
    home = text_of(p.get("/provider?applied=1").text)
    assert "Uw aanmelding is ontvangen" in home
    assert "wacht op besluit" in home

    services.projections.catch_up_all()
    v: Browser = signed_in("validator")
    work = v.get("/validation")
    assert work.status_code == 200
    assert f'href="/validation/providers/{NEW}"' in work.text
    assert "Nieuwe Academie" in work.text
    page = v.get(f"/validation/providers/{NEW}")
    assert "Elke cursus ontwikkelen we met twee scholen." in page.text
    assert f'action="/validation/providers/{NEW}/admission"' in page.text
    decided = v.post(
        f"/validation/providers/{NEW}/admission",
        {
            "practice_alignment_sufficient": "true",
            "quality_monitoring_sufficient": "true",
            "reason": "Goed onderbouwd.",
            "idempotency_key": "admit-1",
        },
    )
    assert decided.status_code == 303, decided.text
    provider = services.register.get_provider(NEW)
    assert provider.status == "admitted"
    record = provider.decisions[-1]
    assert record["inputs"]["reason"] == "Goed onderbouwd."
    assert decided.headers["location"].endswith(f"#decision-{record['decision_id']}")
    shown = text_of(v.get(decided.headers["location"]).text)
    assert "Besluit over de toelating: toegelaten" in shown
    assert "Niveau van de docenten" in shown
    assert "ten minste hbo" in shown
    assert "voldoende bevonden" in shown
    assert "Goed onderbouwd." in shown
    assert "/admission" not in v.get(f"/validation/providers/{NEW}").text  # decided once
    p = signed_in("provider", NEW)
    assert "Besluit over de toelating: toegelaten" in text_of(p.get("/provider").text)


def test_application_errors_are_shown_beside_their_fields(services: Services, signed_in) -> None:
    """Missing answers and a malformed KvK number come back beside their fields; nothing is
    recorded; what was typed is kept."""
    p: Browser = signed_in("provider", NEW)
    shape = p.post(
        "/provider/application",
        application(
            name="",
            staff_level="",
            complaints_procedure_in_place="",
            complaints_procedure_decision_days="tien",
        ),
    )
    assert shape.status_code == 422
    for name in (
        "name",
        "staff_level",
        "complaints_procedure_in_place",
        "complaints_procedure_decision_days",
    ):
        assert f'id="{name}-error"' in shape.text, name
    assert 'id="error-summary"' in shape.text
    assert "Vul een heel getal in." in shape.text
    assert "Elke cursus ontwikkelen we met twee scholen." in shape.text
    rule = p.post("/provider/application", application(kvk_number="123"))
    assert rule.status_code == 422
    assert 'id="kvk_number-error"' in rule.text
    assert "acht cijfers" in rule.text
    assert 'aria-invalid="true"' in rule.text
    p.client.cookies.set("lr_lang", "en")
    english = p.post("/provider/application", application(name=""))
    assert "Please fill this in." in english.text
    assert "Name of the provider" in english.text
    assert p.get("/provider").text.count("not applied") == 1
    services.projections.catch_up_all()
    v: Browser = signed_in("validator")
    assert f"/validation/providers/{NEW}" not in v.get("/validation").text


def test_an_unadmitted_provider_is_refused_clearly(services: Services, signed_in) -> None:
    """Submitting before admission: the form says the register refuses it, and why."""
    p: Browser = signed_in("provider", NEW)
    assert p.post("/provider/application", application()).status_code == 303
    answer = p.post("/provider/offerings", offering_form())
    assert answer.status_code == 409
    assert 'id="refusal"' in answer.text
    text = text_of(answer.text)
    assert "Het register weigert dit" in text
    assert "niet toegelaten" in text
    p.client.cookies.set("lr_lang", "en")
    english = p.post("/provider/offerings", offering_form())
    assert english.status_code == 409
    assert "not admitted" in text_of(english.text)
    assert "The register refuses this" in text_of(english.text)
    assert 'value="Formatief evalueren in de wiskundeles"' in answer.text
    never: Browser = signed_in("provider", "nooit-aangemeld")
    refused = never.post("/provider/offerings", offering_form())
    assert refused.status_code == 404
    assert "aangemeld" in text_of(refused.text)


def test_provider_submits_the_validator_validates_and_it_is_in_the_catalogue(
    services: Services, signed_in
) -> None:
    """An admitted provider submits (decimal commas read); the validator sees it due and
    validates it with one button; the answer is the decision with its trace in words; the
    offering shows in the public catalogue and on the provider's list."""
    admitted_provider(services.register, NEW, kvk="24681357")
    p: Browser = signed_in("provider", NEW)
    assert p.get("/provider/offerings/new").status_code == 200
    errors = p.post("/provider/offerings", offering_form(competence_areas=[], price="veel"))
    assert errors.status_code == 422
    assert 'id="competence_areas-error"' in errors.text
    assert 'id="price-error"' in errors.text
    sent = p.post("/provider/offerings", offering_form())
    assert sent.status_code == 303, sent.text
    oid = sent.headers["location"].split("/")[-1].split("?")[0]
    stored = services.register.get_offering(oid)
    assert (stored.contact_hours, stored.price) == (Decimal("8.5"), Decimal("249.50"))
    mine = text_of(p.get(sent.headers["location"]).text)
    assert "Het aanbod is ingediend" in mine
    assert "wacht op besluit" in mine

    services.projections.catch_up_all()
    v: Browser = signed_in("validator")
    work = v.get("/validation")
    assert f'href="/validation/offerings/{oid}"' in work.text
    page = v.get(f"/validation/offerings/{oid}")
    assert f'action="/validation/offerings/{oid}/validation"' in page.text
    decided = v.post(f"/validation/offerings/{oid}/validation", {"idempotency_key": "val-1"})
    assert decided.status_code == 303, decided.text
    assert services.register.get_offering(oid).status == "validated"
    shown = text_of(v.get(decided.headers["location"]).text)
    assert "Besluit over de validering: gevalideerd" in shown
    assert "Omvang" in shown
    assert "meer dan" in shown
    assert "12,5 uur" in shown
    assert "Geldig" in shown
    assert "Validering intrekken" in shown
    assert v.post(f"/validation/offerings/{oid}/validation").status_code == 409

    services.projections.catch_up_all()
    catalogue = p.get("/offerings")
    assert f'href="/offerings/{oid}"' in catalogue.text
    p = signed_in("provider", NEW)
    home = text_of(p.get("/provider").text)
    assert "Formatief evalueren in de wiskundeles" in home
    assert "gevalideerd" in home


def test_a_refused_offering_shows_each_criterion_in_words(services: Services, signed_in) -> None:
    """Too few hours: refused, the size row says what was required and found, not met."""
    admitted_provider(services.register, NEW, kvk="24681357")
    oid = offering(services.register, NEW, contact_hours=Decimal(1), self_study_hours=Decimal(0))
    v: Browser = signed_in("validator")
    decided = v.post(f"/validation/offerings/{oid}/validation")
    assert decided.status_code == 303
    page = v.get(f"/validation/offerings/{oid}")
    row = re.search(r"<tr class=\"short\">.*?</tr>", page.text, re.S)
    assert row is not None
    assert "Omvang" in row.group(0)
    assert "1 uur" in row.group(0)
    assert "✗ nee" in row.group(0)
    assert "Besluit over de validering: geweigerd" in text_of(page.text)
    v.client.cookies.set("lr_lang", "en")
    english = text_of(v.get(f"/validation/offerings/{oid}").text)
    assert "Decision on validation: refused" in english
    assert "more than" in english
    assert "Size" in english


def test_validator_revokes_with_a_reason(services: Services, signed_in) -> None:
    """The reason is required (beside its field); with it the validation is revoked, the
    reason recorded, and the offering leaves the catalogue."""
    admitted_provider(services.register, NEW, kvk="24681357")
    oid = offering(services.register, NEW)
    services.register.validate_offering(oid, ValidateOffering(), ctx=VALIDATOR)
    v: Browser = signed_in("validator")
    empty = v.post(f"/validation/offerings/{oid}/revocation", {"reason": " "})
    assert empty.status_code == 422
    assert 'id="revocation_reason-error"' in empty.text
    assert services.register.get_offering(oid).status == "validated"
    done = v.post(
        f"/validation/offerings/{oid}/revocation",
        {"reason": "Herhaalde klachten van deelnemers.", "idempotency_key": "rev-1"},
    )
    assert done.status_code == 303
    stored = services.register.get_offering(oid)
    assert stored.status == "revoked"
    assert "Herhaalde klachten van deelnemers." in stored.decisions[-1]["reasons"]["nl"][0]
    shown = text_of(v.get(done.headers["location"]).text)
    assert "De validering is ingetrokken" in shown
    assert "Herhaalde klachten van deelnemers." in shown
    services.projections.catch_up_all()
    assert f'href="/offerings/{oid}"' not in v.get("/offerings").text


def test_a_provider_sees_only_its_own(services: Services, signed_in) -> None:
    """Another provider's application and offering are refused with a 403 page; teachers and
    registrars do not get the work list."""
    admitted_provider(services.register, "andere-academie", kvk="11112222")
    oid = offering(services.register, "andere-academie")
    p: Browser = signed_in("provider", NEW)
    for path in (
        "/validation/providers/andere-academie",
        f"/provider/offerings/{oid}",
        f"/validation/offerings/{oid}",
    ):
        answer = p.get(path)
        assert answer.status_code == 403, path
        assert answer.headers["content-type"].startswith("text/html")
        assert "Geen toegang" in answer.text
    assert p.get("/validation").status_code == 403
    assert signed_in("registrar").get("/provider").status_code == 403
    a: Browser = signed_in("auditor")
    assert a.get(f"/provider/offerings/{oid}").status_code == 200
    assert 'action="/validation' not in a.get(f"/validation/offerings/{oid}").text  # no forms


def test_labels_in_dutch_and_english(services: Services, signed_in) -> None:
    """The pages speak Dutch by default and English on request."""
    v: Browser = signed_in("validator")
    dutch = v.get("/validation").text
    assert "Te beoordelen" in dutch
    assert "Aanmeldingen van aanbieders" in dutch
    v.client.cookies.set("lr_lang", "en")
    english = v.get("/validation").text
    assert "Awaiting a decision" in english
    assert "Applications of providers" in english
    p: Browser = signed_in("provider", NEW)
    assert "KvK-nummer" in p.get("/provider/application").text
    p.client.cookies.set("lr_lang", "en")
    form = p.get("/provider/offerings/new").text
    assert "Submit an offering for validation" in form
    assert "Competence areas" in form


def test_a_provider_name_is_shown_as_text(services: Services, signed_in) -> None:
    """A name that looks like a script stays text on every page that shows it."""
    p: Browser = signed_in("provider", NEW)
    assert p.post("/provider/application", application(name=SCRIPT)).status_code == 303
    services.register.decide_provider(
        NEW,
        DecideProvider(practice_alignment_sufficient=True, quality_monitoring_sufficient=True),
        ctx=VALIDATOR,
    )
    oid = offering(services.register, NEW, title=SCRIPT)
    services.projections.catch_up_all()
    v: Browser = signed_in("validator")
    pages = [
        (v, f"/validation/providers/{NEW}"),
        (v, "/validation"),
        (v, f"/validation/offerings/{oid}"),
    ]
    for browser, path in pages:
        answer = browser.get(path)
        assert answer.status_code == 200, path
        assert SCRIPT not in answer.text, path
        assert SCRIPT in text_of(answer.text), path
    p = signed_in("provider", NEW)
    for path in ("/provider", f"/provider/offerings/{oid}"):
        answer = p.get(path)
        assert SCRIPT not in answer.text, path
        assert SCRIPT in text_of(answer.text), path
