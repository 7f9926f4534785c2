"""Open data over HTTP (issue 18, item 9): counts per sector, subject, status and year under
CC0, with cells of fewer than ten suppressed, on both stores."""

from __future__ import annotations

import csv
import io
import random
from datetime import date

from fastapi.testclient import TestClient

from api.bootstrap import Services
from domain.teacher import Teacher
from domain.values import Name
from tests.projection_helpers import admit, decide, qualification_ids

JSON = "/api/public/open-data/register-statistics.json"
CSV = "/api/public/open-data/register-statistics.csv"
CSVW = "/api/public/open-data/register-statistics.csv-metadata.json"


def _admit_many(services: Services, n: int, sector: str, subject: str | None, seed: int) -> list:
    rng = random.Random(seed)
    quals = [{"sector": sector, "basis": "diploma", **({"subject": subject} if subject else {})}]
    return [
        admit(
            services.register,
            name=Name("A.", "Anna", "", f"Telling{seed}x{i}"),
            qualifications=quals,
            registered_on=date(2023, 9, 1),
            rng=rng,
        ).aggregate_id
        for i in range(n)
    ]


def _cell(cells: list[dict], sector: str, subject: str | None, status: str) -> dict:
    return next(
        c
        for c in cells
        if (c["sector"], c["subject"], c["status"], c["year"]) == (sector, subject, status, 2023)
    )


def test_a_cell_of_ten_is_shown_and_a_cell_of_nine_is_suppressed(
    client: TestClient, services: Services
) -> None:
    """Ten vo maths teachers are counted; nine po teachers are withheld, and the file says so."""
    _admit_many(services, 10, "vo", "wiskunde", 1)
    _admit_many(services, 9, "po", None, 2)
    services.projections.catch_up_all()
    response = client.get(JSON)
    assert response.status_code == 200, response.text
    doc = response.json()
    assert doc["license"]["id"] == "CC0-1.0"
    assert doc["suppression"]["min_cell"] == 10
    shown = _cell(doc["cells"], "vo", "wiskunde", "registered")
    assert (shown["count"], shown["suppressed"]) == (10, False)
    hidden = _cell(doc["cells"], "po", None, "registered")
    assert (hidden["count"], hidden["suppressed"]) == (None, True)
    assert "Telling" not in response.text


def test_a_status_change_moves_a_qualification_between_cells(
    client: TestClient, services: Services
) -> None:
    """Striking one of eleven off leaves ten registered (shown) and one struck off (withheld)."""
    ids = _admit_many(services, 11, "vo", "wiskunde", 3)
    reg = services.register
    decide(
        reg,
        ids[0],
        Teacher.StruckOff,
        qualification_ids(reg, ids[0])[0],
        decision_id="d-open-1",
        decided_on=date(2026, 2, 1),
        ground="own_request",
        effective_on=date(2026, 2, 1),
    )
    services.projections.catch_up_all()
    cells = client.get(JSON).json()["cells"]
    assert _cell(cells, "vo", "wiskunde", "registered")["count"] == 10
    struck = _cell(cells, "vo", "wiskunde", "struck_off")
    assert (struck["count"], struck["suppressed"]) == (None, True)


def test_the_csv_carries_the_same_cells_and_its_licence(
    client: TestClient, services: Services
) -> None:
    """The CSV has a header row, an empty count for a suppressed cell, and CC0 in its metadata."""
    _admit_many(services, 12, "mbo", "zorg", 4)
    _admit_many(services, 3, "po", None, 5)
    services.projections.catch_up_all()
    response = client.get(CSV)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "creativecommons.org/publicdomain/zero/1.0" in response.headers["link"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {
        "sector": "mbo",
        "subject": "zorg",
        "status": "registered",
        "year": "2023",
        "count": "12",
        "suppressed": "false",
    } in rows
    assert {
        "sector": "po",
        "subject": "",
        "status": "registered",
        "year": "2023",
        "count": "",
        "suppressed": "true",
    } in rows
    meta = client.get(CSVW)
    assert meta.status_code == 200
    body = meta.json()
    assert body["dc:license"]["@id"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert body["url"].endswith(CSV)
    assert [c["name"] for c in body["tableSchema"]["columns"]] == next(
        csv.reader(io.StringIO(response.text))
    )


def test_the_home_page_links_the_open_data(client: TestClient, services: Services) -> None:
    """Anyone finds the files from the start page; the page names the licence."""
    home = client.get("/")
    assert 'href="/open-data"' in home.text
    page = client.get("/open-data")
    assert page.status_code == 200
    assert CSV in page.text
    assert JSON in page.text
    assert "publicdomain/zero/1.0" in page.text
