"""No public answer ever carries a BSN, a birth date or a gender, anywhere in its JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote
from uuid import UUID

import pytest
from eventsourcing.utils import get_topic
from fastapi.testclient import TestClient

from api.app import create_app
from domain.teacher import Teacher
from tests.api.test_authorisation import RULES
from tests.api.world import World, build_world

FORBIDDEN_KEYS = re.compile(r"bsn|birth|gender|sex|geslacht|address|adres|person_key", re.I)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    w = build_world(Path(tmp_path_factory.mktemp("privacy")), demo_teachers=60)
    yield w
    w.services.close()


@pytest.fixture(scope="module")
def client(world: World) -> Iterator[TestClient]:
    with TestClient(create_app(world.services)) as c:
        yield c


def _teachers(world: World) -> list[Teacher]:
    register = world.services.register
    admitted = register.recorder.select_notifications(  # type: ignore[attr-defined]
        start=None, limit=1_000_000, topics=[get_topic(Teacher.Admitted)]
    )
    return [register.get_teacher(UUID(str(n.originator_id))) for n in admitted]


def _walk(value: Any, path: str = "$") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield f"{path}.{k}", k
            yield from _walk(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, f"{path}[{i}]")
    else:
        yield path, value


def _assert_private(body: Any, bsns: set[str], births: dict[str, str], where: str) -> None:
    text = json.dumps(body)
    for bsn in bsns:
        assert not re.search(rf"(?<!\d){bsn}(?!\d)", text), f"{where}: a BSN in a public answer"
    for path, value in _walk(body):
        if isinstance(value, str) and path.rsplit(".", 1)[-1] == value:
            assert not FORBIDDEN_KEYS.search(value), f"{where}: key {path} in a public answer"
    for entry in _entries(body):
        number = entry.get("register_number")
        if number in births:
            assert births[number] not in json.dumps(entry), f"{where}: birth date of {number}"


def _entries(body: Any) -> list[dict[str, Any]]:
    if isinstance(body, dict) and isinstance(body.get("data"), list):
        return [e for e in body["data"] if isinstance(e, dict)]
    return [body] if isinstance(body, dict) else []


def test_no_public_answer_shows_bsn_birth_date_or_gender(client: TestClient, world: World) -> None:
    """Every public route, for every file in a demo register, by number, name and date."""
    teachers = _teachers(world)
    assert len(teachers) >= 60
    bsns = {t.bsn for t in teachers}
    births = {t.register_number: t.birth_date.isoformat() for t in teachers}
    requests = [
        rule.request(world).path
        for (method, path), rule in RULES.items()
        if method == "GET" and path.startswith("/api/public")
    ]
    for t in teachers:
        requests.append(f"/api/public/register/{t.register_number}")
        requests.append(f"/api/public/register/{t.register_number}?on=2021-01-01")
        requests.append(f"/api/public/register?register_number={t.register_number}")
        requests.append(f"/api/public/register?name={quote(t.name.family_name)}&limit=500")
    seen = 0
    for url in dict.fromkeys(requests):
        response = client.get(url)
        assert response.status_code in (200, 404), f"{url}: {response.status_code}"
        if response.headers["content-type"].startswith("application/json"):
            _assert_private(response.json(), bsns, births, url)
            seen += 1
    assert seen > len(teachers)
