"""Who may open which page: every web route × every kind of caller, as for the API.

`WEB_RULES` holds one entry per page. A page added without an entry fails
`test_every_page_has_a_rule`. Callers that get through get the rule's status; other signed-in
callers get a 403 page; a visitor without a session is sent to the sign-in page (public pages:
the rule's status). Where a page does what an API route does, `api` names that route, and
`test_pages_let_through_whom_the_api_lets_through` checks that both let the same callers
through.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from api.app import create_app
from api.routes import all_routers
from api.web.core import WebRoute
from api.web.security import ANON_COOKIE, SESSION_COOKIE, SessionKeys
from domain.commands import RecordActivity, RecordAppointment, ReRegister
from domain.commands.facts import DeliverParticipation
from domain.commands.objections import FileObjection
from domain.register import Context
from domain.values import Actor
from tests.api.test_authorisation import RULES, signed_up_to_now
from tests.api.web import (
    rules_peers,
    rules_providers,
    rules_registrar,
    rules_shares,
    rules_standards,
)
from tests.api.web.rules_common import (
    ANYONE,
    FILE_READERS,
    REVIEWERS,
    SIGNED_IN,
    TEACHER,
    Page,
    WebRule,
    _get,
    _post,
)
from tests.api.world import BOARD, CALLERS, PROVIDER, REGISTRAR, World, build_world
from tests.conftest import TODAY
from tests.decision_helpers import EVIDENCE
from tests.procedure_helpers import csv_of, row


def _appointment(w: World) -> str:
    """A fresh unconfirmed appointment of the world's teacher, to confirm or dispute: the
    world's own appointment stays confirmed, which keeps the file open to its board."""
    answer = w.services.register.record_appointment(
        UUID(w.teacher_id),
        RecordAppointment(
            board_number=BOARD,
            brin="02CD",
            start=date(2020, 8, 1) + timedelta(days=next(_DAYS)),
            end=None,
            fte=Decimal("0.2"),
            basis="diploma",
        ),
        ctx=REGISTRAR,
    )
    return str(answer.data["appointment_id"])


_DAYS = itertools.count()


def _signed_extract(w: World) -> Page:
    signed_up_to_now(w)
    return Page("GET", f"/teachers/{w.teacher_id}/extract")


def _confirmation(w: World) -> Page:
    return Page("POST", f"/teachers/{w.teacher_id}/appointments/{_appointment(w)}/confirmation")


def _participation(w: World) -> Page:
    """A fresh participation of the world's teacher, reported by PROVIDER."""
    register = w.services.register
    offering_id = w.validated_offering()
    completion = {
        "bsn": register.get_teacher(UUID(w.teacher_id)).bsn,
        "offering_id": offering_id,
        "completed_on": TODAY.isoformat(),
    }
    register.deliver_participation(
        PROVIDER,
        DeliverParticipation(delivery_id=f"web-{w.serial()}", rows=[completion]),
        ctx=Context(Actor("provider", PROVIDER)),
    )
    teacher = register.get_teacher(UUID(w.teacher_id))
    (reported,) = [p for p in teacher.participations.values() if p.offering_id == offering_id]
    return Page(
        "POST", f"/teachers/{w.teacher_id}/participations/{reported.participation_id}/confirmation"
    )


def _dispute(w: World) -> Page:
    return Page(
        "POST",
        f"/teachers/{w.teacher_id}/appointments/{_appointment(w)}/dispute",
        {"reason": "de omvang klopt niet"},
    )


def _fresh_objection(w: World) -> str:
    """A new teacher with an annotation, objected to: an open objection to act on."""
    register = w.services.register
    tid, qid = w.admit()
    decided = register.re_register(UUID(tid), ReRegister(qualification_id=qid), ctx=REGISTRAR)
    filed = register.file_objection(
        FileObjection(
            decision_id=str(decided.data["decision_id"]), grounds="niet alles is meegeteld"
        ),
        ctx=Context(Actor("teacher", tid)),
    )
    return str(filed.data["objection_id"])


def _extension(w: World) -> Page:
    oid = _fresh_objection(w)
    return Page("POST", f"/objections/{oid}/extension", {"reason": "advies gevraagd"})


def _ruling(w: World) -> Page:
    oid = _fresh_objection(w)
    return Page(
        "POST",
        f"/objections/{oid}/ruling",
        {"outcome": "unfounded", "reasoning": "alles is meegeteld"},
    )


def _lateness(w: World) -> Page:
    oid = _fresh_objection(w)
    return Page(
        "POST", f"/objections/{oid}/lateness", {"excusable": "true", "reasoning": "verschoonbaar"}
    )


def _delivery(w: World) -> Page:
    return Page(
        "POST",
        f"/employers/{BOARD}/deliveries",
        {"delivery_id": f"web-{w.serial()}"},
        files={"file": ("levering.csv", csv_of([row()]), "text/csv")},
    )


def _bulk_check(w: World) -> Page:
    pairs = f"register_number,birth_date\n{w.register_number},1980-05-01\n".encode()
    return Page(
        "POST",
        f"/employers/{BOARD}/check",
        {},
        files={"file": ("controle.csv", pairs, "text/csv")},
    )


ACTIVITY_FORM = {
    "kind": "peer_consultation",
    "title": "Intervisie",
    "occurred_on": "2026-10-01",
    "contact_hours": "2",
    "competence_areas": "didactics",
    "evidence": "Verslag gemaakt van wat ik deed en leerde.",
}

WEB_RULES: dict[tuple[str, str], WebRule] = {
    # public
    ("GET", "/"): WebRule(ANYONE, 200, _get("/")),
    ("GET", "/register"): WebRule(
        ANYONE, 200, _get("/register?q=vri"), ("GET", "/api/public/register")
    ),
    ("GET", "/register/{register_number}"): WebRule(
        ANYONE,
        200,
        _get("/register/{register_number}"),
        ("GET", "/api/public/register/{register_number}"),
    ),
    ("GET", "/criteria"): WebRule(ANYONE, 200, _get("/criteria"), ("GET", "/api/public/criteria")),
    ("GET", "/criteria/{name}/compare"): WebRule(
        ANYONE, 200, _get("/criteria/reregistration/compare")
    ),
    ("GET", "/criteria/{name}/{version}"): WebRule(
        ANYONE,
        200,
        _get("/criteria/reregistration/1"),
        ("GET", "/api/public/criteria/{name}/{version}"),
    ),
    ("GET", "/offerings"): WebRule(
        ANYONE, 200, _get("/offerings"), ("GET", "/api/public/offerings")
    ),
    ("GET", "/offerings/{offering_id}"): WebRule(
        ANYONE,
        200,
        _get("/offerings/{offering_id}"),
        ("GET", "/api/public/offerings/{offering_id}"),
    ),
    ("POST", "/offerings/{offering_id}/rating"): WebRule(
        # no teacher of the world followed the offering: the refusal proves the checks passed
        frozenset({"teacher", "other_teacher"}),
        409,
        _post("/offerings/{offering_id}/rating", {"score": "4"}),
        ("POST", "/api/offerings/{offering_id}/ratings"),
    ),
    ("GET", "/ledger"): WebRule(
        ANYONE, 200, _get("/ledger"), ("GET", "/api/public/ledger/checkpoints/latest")
    ),
    ("GET", "/open-data"): WebRule(
        ANYONE,
        200,
        _get("/open-data"),
        ("GET", "/api/public/open-data/register-statistics.json"),
    ),
    ("GET", "/extract"): WebRule(ANYONE, 200, _get("/extract")),
    ("POST", "/extract"): WebRule(ANYONE, 200, _post("/extract", {"extract": "{}"})),
    ("GET", "/demand"): WebRule(
        frozenset({"provider", "other_provider", "validator", "registrar", "standards"}),
        200,
        _get("/demand"),
        ("GET", "/api/demand-signal"),
    ),
    ("GET", "/static/{name}"): WebRule(ANYONE, 200, _get("/static/app.css")),
    ("GET", "/favicon.ico"): WebRule(ANYONE, 200, _get("/favicon.ico")),
    ("GET", "/language"): WebRule(ANYONE, 303, _get("/language?to=en&next=/criteria")),
    # signing in and out
    ("GET", "/sign-in"): WebRule(ANYONE, 200, _get("/sign-in")),
    ("POST", "/sign-in"): WebRule(ANYONE, 401, _post("/sign-in", {"token": "lr_not-a-token"})),
    ("POST", "/sign-out"): WebRule(ANYONE, 303, _post("/sign-out")),
    ("GET", "/me"): WebRule(
        SIGNED_IN,
        303,
        _get("/me"),
    ),
    ("GET", "/me/file"): WebRule(frozenset({"teacher", "other_teacher"}), 303, _get("/me/file")),
    ("GET", "/me/staff"): WebRule(
        frozenset({"employer", "other_employer"}), 303, _get("/me/staff")
    ),
    # the teacher's file
    ("GET", TEACHER): WebRule(
        FILE_READERS, 200, _get(TEACHER), ("GET", "/api/teachers/{teacher_id}")
    ),
    ("GET", TEACHER + "/progress"): WebRule(
        FILE_READERS,
        200,
        _get(TEACHER + "/progress"),
        ("GET", "/api/teachers/{teacher_id}/progress"),
    ),
    ("GET", TEACHER + "/activities/new"): WebRule(
        frozenset({"teacher"}), 200, _get(TEACHER + "/activities/new")
    ),
    ("POST", TEACHER + "/activities"): WebRule(
        frozenset({"teacher"}),
        303,
        _post(TEACHER + "/activities", ACTIVITY_FORM),
        ("POST", "/api/teachers/{teacher_id}/activities"),
    ),
    ("GET", TEACHER + "/access-log"): WebRule(
        frozenset({"teacher", "auditor"}),
        200,
        _get(TEACHER + "/access-log"),
        ("GET", "/api/teachers/{teacher_id}/access-log"),
    ),
    # the teacher's own page: the API lets the registrar read too, the page is the teacher's
    ("GET", TEACHER + "/correspondence"): WebRule(
        frozenset({"teacher"}), 200, _get(TEACHER + "/correspondence")
    ),
    ("POST", TEACHER + "/correspondence"): WebRule(
        frozenset({"teacher"}),
        303,
        _post(TEACHER + "/correspondence", {"address": "leraar@example.nl", "reminders": "no"}),
        ("PUT", "/api/teachers/{teacher_id}/correspondence"),
    ),
    ("GET", TEACHER + "/export"): WebRule(
        frozenset({"teacher", "registrar"}),
        200,
        _get(TEACHER + "/export"),
        ("GET", "/api/teachers/{teacher_id}/export"),
    ),
    ("GET", TEACHER + "/extract"): WebRule(
        frozenset({"teacher", "registrar"}),
        200,
        _signed_extract,
        ("GET", "/api/teachers/{teacher_id}/extract"),
    ),
    ("POST", TEACHER + "/appointments/{appointment_id}/confirmation"): WebRule(
        frozenset({"teacher"}),
        303,
        _confirmation,
        ("POST", "/api/teachers/{teacher_id}/appointments/{appointment_id}/confirmation"),
    ),
    ("POST", TEACHER + "/participations/{participation_id}/confirmation"): WebRule(
        frozenset({"teacher"}),
        303,
        _participation,
        ("POST", "/api/teachers/{teacher_id}/participations/{participation_id}/confirmation"),
    ),
    ("POST", TEACHER + "/appointments/{appointment_id}/dispute"): WebRule(
        frozenset({"teacher"}),
        303,
        _dispute,
        ("POST", "/api/teachers/{teacher_id}/appointments/{appointment_id}/dispute"),
    ),
    # decisions, objections, review
    ("GET", "/decisions/{decision_id}"): WebRule(
        frozenset({"teacher", "registrar", "appeals", "auditor"}),
        200,
        _get("/decisions/{decision_id}"),
        ("GET", "/api/decisions/{decision_id}"),
    ),
    ("POST", "/decisions/{decision_id}/reproduction"): WebRule(
        REVIEWERS,
        200,
        _post("/decisions/{decision_id}/reproduction"),
        ("POST", "/api/decisions/{decision_id}/reproduction"),
    ),
    ("POST", "/decisions/{decision_id}/objection"): WebRule(
        # the world's decision was objected to already: the refusal proves the checks passed
        frozenset({"teacher"}),
        409,
        _post("/decisions/{decision_id}/objection", {"grounds": "x"}),
        ("POST", "/api/objections"),
    ),
    ("GET", "/objections/{objection_id}"): WebRule(
        frozenset({"teacher", "appeals", "auditor"}),
        200,
        _get("/objections/{objection_id}"),
        ("GET", "/api/objections/{objection_id}"),
    ),
    ("POST", "/objections/{objection_id}/extension"): WebRule(
        frozenset({"appeals"}),
        303,
        _extension,
        ("POST", "/api/objections/{objection_id}/extension"),
    ),
    ("POST", "/objections/{objection_id}/lateness"): WebRule(
        # an objection in time: the refusal proves the checks passed
        frozenset({"appeals"}),
        409,
        _lateness,
        ("POST", "/api/objections/{objection_id}/lateness"),
    ),
    ("POST", "/objections/{objection_id}/ruling"): WebRule(
        frozenset({"appeals"}), 303, _ruling, ("POST", "/api/objections/{objection_id}/ruling")
    ),
    ("GET", "/review"): WebRule(
        frozenset({"appeals", "auditor", "registrar"}), 200, _get("/review")
    ),
    ("GET", TEACHER + "/events"): WebRule(
        REVIEWERS,
        200,
        _get(TEACHER + "/events"),
        ("GET", "/api/audit/teachers/{teacher_id}/events"),
    ),
    ("GET", "/audit/access-log"): WebRule(
        frozenset({"auditor"}),
        200,
        _get("/audit/access-log?teacher_id={teacher_id}"),
        ("GET", "/api/audit/access-log"),
    ),
    ("GET", TEACHER + "/bundle"): WebRule(
        REVIEWERS,
        200,
        _get(TEACHER + "/bundle"),
        ("GET", "/api/audit/teachers/{teacher_id}/bundle"),
    ),
    ("GET", TEACHER + "/state"): WebRule(
        REVIEWERS,
        200,
        _get(TEACHER + "/state?version=2"),
        ("GET", "/api/audit/teachers/{teacher_id}/state"),
    ),
    # employers
    ("GET", "/employers/{board_number}/staff"): WebRule(
        frozenset({"employer"}),
        200,
        _get(f"/employers/{BOARD}/staff"),
        ("GET", "/api/employers/{board_number}/staff"),
    ),
    ("GET", "/employers/{board_number}/disputes"): WebRule(
        frozenset({"employer"}),
        200,
        _get(f"/employers/{BOARD}/disputes?status=all"),
        ("GET", "/api/employers/{board_number}/disputes"),
    ),
    ("GET", "/employers/{board_number}/deliveries/new"): WebRule(
        frozenset({"employer"}), 200, _get(f"/employers/{BOARD}/deliveries/new")
    ),
    ("POST", "/employers/{board_number}/deliveries"): WebRule(
        frozenset({"employer"}),
        200,
        _delivery,
        ("POST", "/api/employers/{board_number}/deliveries"),
    ),
    ("GET", "/employers/{board_number}/check"): WebRule(
        frozenset({"employer"}), 200, _get(f"/employers/{BOARD}/check")
    ),
    ("POST", "/employers/{board_number}/check"): WebRule(
        frozenset({"employer"}),
        200,
        _bulk_check,
        ("POST", "/api/employers/{board_number}/bulk-check"),
    ),
}

#: The rules of the pages added per role group, each in its own module.
for _part in (rules_registrar, rules_providers, rules_standards, rules_peers, rules_shares):
    _twice = set(WEB_RULES) & set(_part.RULES)
    assert not _twice, f"pages with two rules: {sorted(_twice)}"
    WEB_RULES.update(_part.RULES)


def _web_routes(app: FastAPI) -> set[tuple[str, str]]:
    keys = set()
    for route in iter_route_contexts(app.routes):
        if isinstance(route.original_route, WebRoute):
            keys |= {(m, route.path) for m in route.methods or () if m != "HEAD"}
    return keys


def _bare_app() -> FastAPI:
    app = FastAPI()
    for router in all_routers():
        app.include_router(router)
    return app


def test_every_page_has_a_rule() -> None:
    """A page without an entry in WEB_RULES fails here; a rule without a page too."""
    pages = _web_routes(_bare_app())
    assert pages, "no web routes found"
    missing = sorted(pages - set(WEB_RULES))
    stale = sorted(set(WEB_RULES) - pages)
    assert not missing, f"pages without a rule in WEB_RULES: {missing}"
    assert not stale, f"rules for pages that no longer exist: {stale}"


def test_pages_are_not_in_the_api_schema(world: World, client: TestClient) -> None:
    """No page appears in the OpenAPI document."""
    paths = client.get("/openapi.json").json()["paths"]
    assert not [p for p in paths if not p.startswith("/api") and p not in ("/healthz", "/readyz")]


@pytest.mark.parametrize(
    "key", [k for k, r in WEB_RULES.items() if r.api is not None], ids=lambda k: f"{k[0]} {k[1]}"
)
def test_pages_let_through_whom_the_api_lets_through(key: tuple[str, str]) -> None:
    """A page that does what an API route does lets exactly the same callers through."""
    rule = WEB_RULES[key]
    assert rule.api is not None
    api_rule = RULES.get(rule.api)
    if api_rule is None:
        pytest.skip(f"the API table has no rule for {rule.api} yet")
    assert rule.allowed - {"none"} == api_rule.allowed - {"none"}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    w = build_world(Path(tmp_path_factory.mktemp("web-authz")))
    register = w.services.register
    assert w.objection_id, "the world has an objection against its decision"
    register.record_activity(
        UUID(w.teacher_id),
        RecordActivity(
            kind="lesson_visit",
            title="Lesbezoek",
            occurred_on=date(2025, 2, 3),
            contact_hours=Decimal(2),
            self_study_hours=Decimal(0),
            competence_areas=["didactics"],
            evidence=EVIDENCE,
        ),
        ctx=Context(Actor("teacher", w.teacher_id)),
    )
    w.services.projections.catch_up_all()
    yield w
    w.services.close()


@pytest.fixture(scope="module")
def client(world: World) -> Iterator[TestClient]:
    with TestClient(create_app(world.services)) as c:
        yield c


def _send(client: TestClient, world: World, page: Page, caller: str) -> Any:
    keys = SessionKeys(world.services.register.secret)
    client.cookies.clear()
    if caller == "none":
        client.cookies.set(ANON_COOKIE, "anonymous")
        binding = "anonymous"
    else:
        token = world.auth(caller)["Authorization"].split(" ", 1)[1]
        binding = keys.seal(token)
        client.cookies.set(SESSION_COOKIE, binding)
    if page.method == "GET":
        return client.get(page.path, follow_redirects=False)
    return client.post(
        page.path,
        data={"csrf": keys.csrf_for(binding), **page.data},
        files=page.files,
        follow_redirects=False,
    )


CASES = [
    pytest.param(key, caller, id=f"{key[0]} {key[1]} as {caller}")
    for key in WEB_RULES
    for caller in CALLERS
]


@pytest.mark.parametrize(("key", "caller"), CASES)
def test_page_answers_each_caller_as_the_table_says(
    client: TestClient, world: World, key: tuple[str, str], caller: str
) -> None:
    """Allowed callers get the rule's status; other signed-in callers a 403 page; a visitor
    without a session is sent to sign in; refusals are pages, never problem+json."""
    rule = WEB_RULES[key]
    page = rule.request(world)
    answer = _send(client, world, page, caller)
    where = f"{page.method} {page.path} as {caller}: {answer.status_code}"
    location = answer.headers.get("location", "")
    if caller in rule.allowed:
        want = rule.special.get(caller, rule.ok)
        assert answer.status_code == want, f"{where} {answer.text[:300]}"
        assert not location.startswith("/sign-in?next="), where
    elif caller == "none":
        assert answer.status_code == 303, where
        assert location.startswith("/sign-in?next="), where
    else:
        assert answer.status_code == 403, f"{where} {answer.text[:300]}"
        assert answer.headers["content-type"].startswith("text/html"), where
    assert "content-security-policy" in answer.headers, where


def test_web_reads_of_a_file_are_in_the_access_log(client: TestClient, world: World) -> None:
    """A page that shows a file leaves a line in the file's access log, like the API."""
    answer = _send(client, world, Page("GET", f"/teachers/{world.teacher_id}"), "employer")
    assert answer.status_code == 200
    log = client.get(
        f"/api/teachers/{world.teacher_id}/access-log", headers=world.auth("teacher")
    ).json()["data"]
    assert any(e["route"] == "/teachers/{teacher_id}" and e["role"] == "employer" for e in log)


class _PageShape(HTMLParser):
    """What the sweep below checks in a page's HTML: fields and their labels, ids, headings,
    inline code."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.label_for: set[str] = set()
        self.fields: list[tuple[str, dict[str, str | None]]] = []
        self.h1 = 0
        self.inline: list[str] = []
        self.lang: str | None = None
        self._in_label = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "label":
            self._in_label += 1
            if a.get("for"):
                self.label_for.add(str(a["for"]))
        if tag in ("input", "select", "textarea"):
            # a field inside its <label> is labelled by it
            self.fields.append((tag, {**a, "inside-label": "yes" if self._in_label else None}))
        if tag == "h1":
            self.h1 += 1
        if tag == "script" and not a.get("src"):
            self.inline.append("inline <script>")
        if tag == "style" or "style" in a:
            self.inline.append(f"style on <{tag}>")
        self.inline += [f"{k} on <{tag}>" for k in a if k.startswith("on")]

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._in_label:
            self._in_label -= 1


GET_PAGES = [
    pytest.param(key, id=f"GET {key[1]}")
    for key, rule in WEB_RULES.items()
    if key[0] == "GET" and rule.ok == 200 and not key[1].startswith(("/static", "/favicon"))
]


@pytest.mark.parametrize("key", GET_PAGES)
def test_every_page_is_labelled_and_carries_no_inline_code(
    client: TestClient, world: World, key: tuple[str, str]
) -> None:
    """Every page, as a caller who may open it: the language is set, one h1, ids unique,
    every visible field has a label (or an aria-label), and no inline script, style or
    event handler (the CSP would block them)."""
    rule = WEB_RULES[key]
    caller = sorted(c for c in rule.allowed if c not in rule.special)[0]
    page = rule.request(world)
    answer = _send(client, world, page, caller)
    assert answer.status_code == 200, answer.text[:300]
    if not answer.headers["content-type"].startswith("text/html"):
        return  # a download (the audit bundle), not a page
    shape = _PageShape()
    shape.feed(answer.text)
    assert shape.lang in ("nl", "en"), key
    assert shape.h1 == 1, f"{key}: {shape.h1} h1 elements"
    twice = sorted({i for i in shape.ids if shape.ids.count(i) > 1})
    assert not twice, f"{key}: ids used twice: {twice}"
    assert not shape.inline, f"{key}: {shape.inline}"
    for tag, attrs in shape.fields:
        if attrs.get("type") in ("hidden", "submit", "button"):
            continue
        labelled = (
            attrs.get("id") in shape.label_for
            or attrs.get("aria-label")
            or attrs.get("inside-label")
        )
        assert labelled, f"{key}: a <{tag} name={attrs.get('name')}> without a label"
