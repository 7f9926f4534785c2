"""The public register over HTTP: lookups, history, paging, privacy and read-your-writes."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.bootstrap import Services
from api.schemas.public_register import RegisterEntryDetail, register_detail
from domain.commands import CorrectPersonalData
from domain.register import Context
from domain.teacher import Teacher
from domain.values import Actor, Name
from projections import public_register, public_register_queries
from projections.projection import physical
from tests.projection_helpers import activity, admit, decide, qualification_ids, revoke

Tokens = Callable[..., dict[str, str]]
PUBLIC_ENTRY_KEYS = {"register_number", "name", "qualifications", "annotations"}


def _admitted(services: Services, name: Name, seed: int, **kw: Any) -> str:
    result = admit(services.register, name=name, rng=random.Random(seed), **kw)
    return str(result.data["register_number"])


@pytest.fixture
def register_numbers(services: Services) -> dict[str, str]:
    numbers = {
        "unal": _admitted(services, Name("E.", "Elif", "", "Ünal"), 1),
        "vries": _admitted(services, Name("J.", "Jan", "de", "Vries"), 2),
        "berg": _admitted(services, Name("K.", "Kees", "van den", "Berg"), 3),
    }
    services.projections.catch_up_all()
    return numbers


@pytest.mark.parametrize(
    ("query", "family"),
    [
        pytest.param("ünal", "Ünal", id="accent-lower"),
        pytest.param("UNAL", "Ünal", id="no-accent-upper"),
        pytest.param("vries", "Vries", id="without-prefix"),
        pytest.param("De Vries", "Vries", id="with-prefix"),
        pytest.param("ber", "Berg", id="three-characters"),
    ],
)
def test_search_by_family_name_prefix_ignores_case_and_accents(
    client: TestClient, register_numbers: dict[str, str], query: str, family: str
) -> None:
    """Anyone finds a teacher by the start of the family name."""
    response = client.get("/api/public/register", params={"name": query})
    assert response.status_code == 200, response.text
    body = response.json()
    assert [e["name"]["family_name"] for e in body["data"]] == [family]
    assert body["next_cursor"] is None


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"name": "de"}, id="too-short"),
        pytest.param({"name": "van vr"}, id="too-short-after-prefix"),
        pytest.param({}, id="nothing"),
        pytest.param({"register_number": "123"}, id="bad-register-number"),
    ],
)
def test_a_lookup_needs_three_letters_or_a_register_number(
    client: TestClient, params: dict[str, str]
) -> None:
    """The register is for looking someone up, not for listing everyone."""
    response = client.get("/api/public/register", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")


def test_lookup_by_register_number(client: TestClient, register_numbers: dict[str, str]) -> None:
    """A register number finds exactly that entry, with its public fields only."""
    number = register_numbers["vries"]
    response = client.get("/api/public/register", params={"register_number": number})
    (entry,) = response.json()["data"]
    assert set(entry) == PUBLIC_ENTRY_KEYS
    assert entry["name"] == {
        "initials": "J.",
        "prefix": "de",
        "family_name": "Vries",
        "display": "J. de Vries",
    }
    assert entry["qualifications"] == [
        {"sector": "vo", "subject": "wiskunde", "status": "registered", "since": "2022-09-01"}
    ]


def test_public_answers_never_hold_private_data(services: Services, client: TestClient) -> None:
    """No BSN, birth date, given name, gender, address or portfolio in any public answer."""
    result = admit(services.register, bsn="111222333", name=Name("J.", "Jantje", "de", "Vries"))
    activity(services.register, result.aggregate_id, hours="7")
    services.projections.catch_up_all()
    number = result.data["register_number"]
    answers = [
        client.get("/api/public/register", params={"name": "vries"}),
        client.get("/api/public/register", params={"register_number": number}),
        client.get(f"/api/public/register/{number}"),
        client.get(f"/api/public/register/{number}", params={"on": "2023-01-01"}),
    ]
    for response in answers:
        assert response.status_code == 200
        text = response.text
        for private in ("111222333", "1985-05-01", "Jantje", "birth", "bsn", "gender", "Cursus"):
            assert private not in text
        for key in _keys(response.json()):
            assert key not in {"teacher_id", "activities", "hours", "appointments", "leave"}


def test_entry_shows_history_and_as_it_stood_on_a_day(
    services: Services, client: TestClient
) -> None:
    """Statuses carry dated intervals; `?on=` shows the entry as it stood then."""
    result = admit(services.register, registered_on=date(2021, 9, 1))
    tid = result.aggregate_id
    qid = qualification_ids(services.register, tid)[0]
    decide(
        services.register,
        tid,
        Teacher.StruckOff,
        qid,
        decision_id="p1",
        decided_on=date(2025, 3, 1),
        ground="disciplinary_measure",
        effective_on=date(2025, 3, 15),
    )
    services.projections.catch_up_all()
    number = result.data["register_number"]
    now = client.get(f"/api/public/register/{number}").json()
    assert now["qualifications"][0]["status"] == "struck_off"
    assert [(h["status"], h["from"], h["to"]) for h in now["history"]] == [
        ("registered", "2021-09-01", "2025-03-14"),
        ("struck_off", "2025-03-15", None),
    ]
    assert now["annotations"] == [
        {
            "sector": "vo",
            "subject": "wiskunde",
            "kind": "strike_off",
            "on": "2025-03-15",
            "ground": "disciplinary_measure",
        }
    ]
    then = client.get(f"/api/public/register/{number}", params={"on": "2024-06-01"}).json()
    assert then["on"] == "2024-06-01"
    assert then["qualifications"][0]["status"] == "registered"
    assert then["annotations"] == []
    assert [(h["status"], h["to"]) for h in then["history"]] == [("registered", None)]
    before = client.get(f"/api/public/register/{number}", params={"on": "2020-01-01"})
    assert before.status_code == 404
    assert client.get("/api/public/register/0000000000").status_code == 404


def test_search_pages_with_a_cursor(services: Services, client: TestClient) -> None:
    """`limit` and `next_cursor` walk all matches once, in name order."""
    rng = random.Random(11)
    for i in range(5):
        admit(services.register, name=Name("M.", "Mo", "", f"Mulder{i}"), rng=rng)
    services.projections.catch_up_all()
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"name": "mulder", "limit": 2}
        if cursor:
            params["cursor"] = cursor
        body = client.get("/api/public/register", params=params).json()
        seen += [e["name"]["family_name"] for e in body["data"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"Mulder{i}" for i in range(5)]
    bad = client.get("/api/public/register", params={"name": "mulder", "cursor": "xyz"})
    assert bad.status_code == 400


def test_min_position_waits_for_the_read_model_or_answers_503(
    services: Services, client: TestClient, token_for: Tokens
) -> None:
    """A read after a write sees the write, or is told to retry: never stale data."""
    services.settings.min_position_wait = 0.2
    created = client.post(
        "/api/teachers",
        json={
            "bsn": "111222333",
            "name": {"initials": "R.", "prefix": "", "family_name": "Rijnders"},
            "birth_date": "1980-01-01",
            "qualifications": [{"sector": "po", "basis": "diploma"}],
        },
        headers=token_for("registrar"),
    ).json()
    headers = {"X-Min-Position": str(created["position"])}
    response = client.get("/api/public/register", params={"name": "rijnders"}, headers=headers)
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert response.headers["content-type"].startswith("application/problem+json")
    services.projections.start()
    response = client.get("/api/public/register", params={"name": "rijnders"}, headers=headers)
    assert response.status_code == 200
    assert [e["register_number"] for e in response.json()["data"]] == [created["register_number"]]
    malformed = client.get("/api/public/register/1", headers={"X-Min-Position": "soon"})
    assert malformed.status_code == 400


def _keys(value: Any) -> set[str]:
    """Every key anywhere in a JSON document."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_openapi_documents_the_public_register(client: TestClient) -> None:
    """The endpoints and their answers are in the OpenAPI document."""
    spec = client.get("/openapi.json").json()
    assert "/api/public/register" in spec["paths"]
    assert "/api/public/register/{register_number}" in spec["paths"]
    parameters = spec["paths"]["/api/public/register"]["get"]["parameters"]
    assert "x-min-position" in {p["name"].lower() for p in parameters}
    assert json.dumps(spec["components"]["schemas"]["HistoryInterval"]).count('"from"') >= 1


@pytest.mark.parametrize(
    ("query", "found"),
    [
        pytest.param("Heuvel-Smit", ["Heuvel-Smit"], id="double-barrelled-whole"),
        pytest.param("heuvel", ["Heuvel-Smit"], id="double-barrelled-first-part"),
        pytest.param("Smit", ["Heuvel-Smit", "Smit-van Dam"], id="double-barrelled-second-part"),
        pytest.param("van den Heuvel", [], id="prefix-of-another-person"),
        pytest.param("Dam", ["Smit-van Dam"], id="second-part-without-its-prefix"),
        pytest.param("van Dam", ["Smit-van Dam"], id="second-part-with-its-prefix"),
        pytest.param("De Smet", ["De Smet"], id="prefix-inside-family-name-as-typed"),
        pytest.param("de smet", ["De Smet"], id="prefix-inside-family-name-lower"),
        pytest.param("Smet", ["De Smet"], id="prefix-inside-family-name-without-it"),
        pytest.param("van Smet", [], id="prefix-inside-family-name-other-prefix"),
    ],
)
def test_names_are_found_by_either_part_and_as_typed(
    services: Services, client: TestClient, query: str, found: list[str]
) -> None:
    """A double-barrelled family name is found by either part; a family name stored with its
    prefix inside it ("De Smet", no prefix) is found as typed, and without the prefix."""
    rng = random.Random(23)
    for name in (
        Name("H.", "Hanna", "", "Heuvel-Smit"),
        Name("S.", "Sam", "", "Smit-van Dam"),
        Name("D.", "Dirk", "", "De Smet"),
        Name("V.", "Vera", "", "Vries"),
    ):
        admit(services.register, name=name, rng=rng)
    services.projections.catch_up_all()
    response = client.get("/api/public/register", params={"name": query})
    assert response.status_code == 200, response.text
    assert [e["name"]["family_name"] for e in response.json()["data"]] == found


def test_a_corrected_name_is_found_by_its_new_parts_only(
    services: Services, client: TestClient
) -> None:
    """After a correction the old name no longer finds the person; each new part does."""
    result = admit(services.register, name=Name("K.", "Kim", "", "Bakker"), rng=random.Random(5))
    services.register.correct_personal_data(
        result.aggregate_id,
        CorrectPersonalData(name=Name("K.", "Kim", "", "Bakker-Jansen"), birth_date=None),
        ctx=Context(Actor("registrar", "r1"), reason="dubbele naam na huwelijk"),
    )
    services.projections.catch_up_all()

    def names(query: str) -> list[str]:
        body = client.get("/api/public/register", params={"name": query}).json()
        return [e["name"]["family_name"] for e in body["data"]]

    assert names("Jansen") == ["Bakker-Jansen"]
    assert names("Bakker") == ["Bakker-Jansen"]
    services.register.correct_personal_data(
        result.aggregate_id,
        CorrectPersonalData(name=Name("K.", "Kim", "", "Visser"), birth_date=None),
        ctx=Context(Actor("registrar", "r1"), reason="naam hersteld"),
    )
    services.projections.catch_up_all()
    assert names("Jansen") == []
    assert names("Visser") == ["Visser"]


def _varied_entries(services: Services) -> list[str]:
    """Entries with every kind of public history: a strike-off, an annotation, a revoked
    decision, a reinstatement, two qualifications, a corrected name with accents and a
    character JSON escapes; their register numbers."""
    register = services.register
    rng = random.Random(31)
    plain = admit(register, name=Name("E.", "Elif", "", "Ünal"), rng=rng)
    two = admit(
        register,
        name=Name("K.", "Kees", "van den", 'Berg "de Jong"'),
        qualifications=[
            {"sector": "vo", "subject": "engels", "basis": "diploma"},
            {"sector": "po", "basis": "diploma"},
        ],
        registered_on=date(2020, 8, 1),
        rng=rng,
    )
    struck = admit(register, registered_on=date(2021, 9, 1), rng=rng)
    first, second = qualification_ids(register, two.aggregate_id)
    decide(
        register,
        two.aggregate_id,
        Teacher.Annotated,
        first,
        decision_id="a1",
        decided_on=date(2024, 8, 1),
        new_period_start=date(2024, 8, 1),
    )
    decide(
        register,
        two.aggregate_id,
        Teacher.StruckOff,
        second,
        decision_id="s1",
        decided_on=date(2025, 1, 10),
        ground="criteria_not_met",
        effective_on=date(2025, 2, 1),
    )
    revoke(
        register,
        two.aggregate_id,
        second,
        "s1",
        status="registered",
        period_start=date(2020, 8, 1),
        on=date(2025, 2, 1),
    )
    (qid,) = qualification_ids(register, struck.aggregate_id)
    decide(
        register,
        struck.aggregate_id,
        Teacher.StruckOff,
        qid,
        decision_id="s2",
        decided_on=date(2025, 3, 1),
        ground="disciplinary_measure",
        effective_on=date(2025, 3, 15),
    )
    decide(
        register,
        struck.aggregate_id,
        Teacher.Reinstated,
        qid,
        decision_id="r2",
        decided_on=date(2026, 1, 5),
        new_period_start=date(2026, 1, 5),
    )
    register.correct_personal_data(
        plain.aggregate_id,
        CorrectPersonalData(name=Name("E.", "Elif", "", "Çelik-Ünal")),
        ctx=Context(Actor("registrar", "r1"), reason="naam na huwelijk"),
    )
    services.projections.catch_up_all()
    return [str(r.data["register_number"]) for r in (plain, two, struck)]


def _rendered_from_rows(services: Services, number: str) -> bytes:
    """The answer as the model renders it from the entry's rows (what `?on=` answers)."""
    with services.projections.readers.connection() as db:
        found = public_register_queries.entry(db, number)
    assert found is not None
    return register_detail(found, None).model_dump_json(by_alias=True).encode()


def test_the_lookup_answers_the_kept_document_as_the_model_renders_it(
    services: Services, client: TestClient
) -> None:
    """The projection keeps each entry's answer ready: byte for byte what the documented model
    renders from the entry's rows, whatever its history, accents and quotes included."""
    for number in _varied_entries(services):
        response = client.get(f"/api/public/register/{number}")
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        assert response.content == _rendered_from_rows(services, number)
        RegisterEntryDetail.model_validate_json(response.content)
    body = client.get(f"/api/public/register/{number}").json()
    assert [(h["status"], h["from"], h["to"]) for h in body["history"]] == [
        ("registered", "2021-09-01", "2025-03-14"),
        ("struck_off", "2025-03-15", "2026-01-04"),
        ("registered", "2026-01-05", None),
    ]


def test_the_lookup_reads_the_rows_while_the_documents_are_being_built(
    services: Services, client: TestClient
) -> None:
    """Live tables of an older version have no documents (their rebuild runs side by side
    after an upgrade): the lookup and the page then answer from the entry's rows, the same."""
    numbers = _varied_entries(services)
    expected = {n: _rendered_from_rows(services, n) for n in numbers}
    runner = services.projections
    with runner.readers.connection() as db:
        generation = runner.live_generation(db, public_register.PublicRegister.name)[0]
        columns = ", ".join(c for c in public_register.PERSON_COLUMNS if c != "document")
        db.execute("DROP VIEW public_register")
        db.execute(
            f"CREATE VIEW public_register AS SELECT {columns} "
            f"FROM {physical('public_register', generation)}"
        )
    for number in numbers:
        response = client.get(f"/api/public/register/{number}")
        assert response.status_code == 200, response.text
        assert response.content == expected[number]
        page = client.get(f"/register/{number}")
        assert page.status_code == 200
        assert "Çelik-Ünal" in page.text or number != numbers[0]
    assert client.get("/api/public/register/0000000000").status_code == 404
