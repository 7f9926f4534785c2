"""Public pages, no sign-in: search, a teacher's entry and its history, the criteria and their
differences, the catalogue of validated offerings, the latest signed ledger checkpoint.

Each page calls the function the public API route calls, so a page shows exactly the fields
the API shows the public, and nothing else.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fastapi import Response
from pydantic import ValidationError

from api.readmodels import Page, ReadDbDep
from api.routes import criteria as criteria_routes
from api.routes import ledger as ledger_routes
from api.routes import offerings as offering_routes
from api.routes import public_register as register_routes
from api.schemas.offerings import RatingCreate
from api.schemas.public_register import RegisterEntryDetail
from api.web.access import TeacherOnly
from api.web.core import DirectWebRoute, FormDep, Web, WebDep, field_errors, web_router
from api.web.diff import pretty, side_by_side
from api.web.files import localised
from api.web.labels.domain_errors import translate
from domain.errors import ConflictError, InvalidInputError, NotFoundError
from domain.values import Role, register_number_is_valid
from policies.messages import M

router = web_router()

#: Entries per page of search results.
RESULTS_PER_PAGE = 20
MAX_QUERY = 100


@router.get("/")
def home(web: WebDep) -> Response:
    """The start page: the search form."""
    return web.render("home.html", q="", errors={})


def _parse_day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInputError.of(name, f"{value!r} is not a date (YYYY-MM-DD)") from None


@router.get("/register")
def search(web: WebDep, db: ReadDbDep, q: str = "", cursor: str | None = None) -> Response:
    """Search by family name or register number."""
    q = q.strip()[:MAX_QUERY]
    compact = q.replace(" ", "").replace(".", "")
    by_number = compact.isdigit()
    try:
        if not q:
            raise InvalidInputError.of("q", web.t("search.hint"))
        if by_number and not register_number_is_valid(compact):
            raise InvalidInputError.of("q", M.REGISTER_NUMBER_INVALID())
        found = register_routes.answer_search_register(
            db,
            Page(limit=RESULTS_PER_PAGE, cursor=cursor),
            name=None if by_number else q,
            register_number=compact if by_number else None,
        )
    except InvalidInputError as exc:
        return web.render(
            "home.html",
            status=422,
            q=q,
            errors={"q": exc.errors[0].message if exc.errors else exc.message},
        )
    if by_number and len(found.data) == 1:
        return web.redirect(f"/register/{found.data[0].register_number}")
    return web.render("search.html", q=q, found=found)


async def entry(register_number: str, web: WebDep, on: str | None = None) -> Response:
    """A teacher's public entry with the history of each qualification; `?on=` as it stood
    that day. On the event loop, from the answer the API gives (`entry_answer`)."""
    try:
        day = _parse_day(on, "on")
    except InvalidInputError as exc:
        return web.render(
            "entry_missing.html",
            status=422,
            register_number=register_number,
            on=on,
            errors={"on": exc.message},
        )
    try:
        answer = await register_routes.entry_answer(web.request, register_number, day)
    except NotFoundError:
        if day is None:
            raise
        return web.render(
            "entry_missing.html", status=404, register_number=register_number, on=on, errors={}
        )
    found = RegisterEntryDetail.model_validate_json(answer)
    timelines: dict[tuple[str, str | None], list[Any]] = {}
    for interval in found.history:
        key = (interval.qualification.sector, interval.qualification.subject)
        timelines.setdefault(key, []).append(interval)
    return web.render(
        "entry.html",
        entry=found,
        on=day,
        timelines=[
            {
                "sector": k[0],
                "subject": k[1],
                "intervals": sorted(v, key=lambda i: i.from_, reverse=True),
            }
            for k, v in timelines.items()
        ],
    )


# A request without a query string comes straight to the page (api/direct_route.py).
router.add_api_route("/register/{register_number}", entry, route_class_override=DirectWebRoute)


@router.get("/criteria")
def criteria(web: WebDep) -> Response:
    """Every criteria version with its effective date and consultation record."""
    register = web.services.register
    versions = criteria_routes.answer_list_criteria(register).data
    today = register.clock()
    in_force: set[tuple[str, int]] = set()
    for name in sorted({v.name for v in versions}):
        try:
            current = register.criteria_in_force(name, today)
        except NotFoundError:
            continue
        in_force.add((name, current.version))
    books: dict[str, list[Any]] = {}
    for v in versions:
        books.setdefault(v.name, []).append(v)
    return web.render("criteria.html", books=books, in_force=in_force)


def _version(web: WebDep, name: str, version: str) -> Any:
    if not version.isdigit() or len(version) > 9:
        raise NotFoundError(M.CRITERIA_VERSION_NOT_FOUND(name=name, version=version))
    return web.services.register.criteria_version(name, int(version))


@router.get("/criteria/{name}/compare")
def criteria_compare(name: str, web: WebDep, older: str = "", newer: str = "") -> Response:
    """Two versions side by side, the changed lines marked."""
    listed = criteria_routes.answer_list_criteria(web.services.register).data
    versions = [v for v in listed if v.name == name]
    if not versions:
        raise NotFoundError(f"no criteria named {name}")
    numbers = sorted(v.version for v in versions)
    left = _version(web, name, older or str(numbers[max(0, len(numbers) - 2)]))
    right = _version(web, name, newer or str(numbers[-1]))
    rows = side_by_side(pretty(left.document), pretty(right.document))
    return web.render(
        "criteria_compare.html",
        name=name,
        numbers=numbers,
        left=left.summary(),
        right=right.summary(),
        rows=rows,
        changed=any(r.kind != "same" for r in rows),
    )


@router.get("/criteria/{name}/{version}")
def criteria_version(name: str, version: str, web: WebDep) -> Response:
    """One version: its record and its text."""
    found = _version(web, name, version)
    others = [
        v
        for v in criteria_routes.answer_list_criteria(web.services.register).data
        if v.name == name and v.version != found.version
    ]
    return web.render(
        "criteria_version.html",
        version=found.summary(),
        lines=pretty(found.document),
        document=_parsed(found.document),
        others=others,
    )


def _parsed(document: str) -> dict[str, Any]:
    try:
        parsed = json.loads(document)
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


@router.get("/offerings")
def offerings(web: WebDep, db: ReadDbDep, q: str = "", cursor: str | None = None) -> Response:
    """The catalogue of validated offerings with their ratings."""
    q = q.strip()[:MAX_QUERY]
    found = offering_routes.answer_catalogue(
        db, Page(limit=RESULTS_PER_PAGE, cursor=cursor), web.services.register, q or None
    )
    return web.render("offerings.html", q=q, found=found)


def _offering_page(
    web: Web,
    offering_id: str,
    db: Any,
    *,
    status: int = 200,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    refusal: str | None = None,
) -> Response:
    found = offering_routes.answer_catalogue_entry(offering_id, db, web.services.register)
    return web.render(
        "offering.html",
        status=status,
        offering=found,
        may_rate=web.principal is not None and web.principal.role == Role.TEACHER,
        rated=web.request.query_params.get("rated"),
        values=values or {},
        errors=errors or {},
        refusal=refusal,
        scores=range(1, 6),
    )


@router.get("/offerings/{offering_id}")
def offering(offering_id: str, web: WebDep, db: ReadDbDep) -> Response:
    """One validated offering with its rating and the latest comments; a signed-in teacher
    who followed it rates it here."""
    return _offering_page(web, offering_id, db)


@router.post("/offerings/{offering_id}/rating")
def rate(offering_id: str, web: TeacherOnly, form: FormDep, db: ReadDbDep) -> Response:
    """The teacher rates an offering they followed: 1 to 5 and a comment, once (the API's
    `rate_offering`, with its checks)."""
    assert web.principal is not None
    values = {"score": form.get("score"), "comment": form.get("comment")}
    try:
        body = RatingCreate.model_validate(
            {"score": form.text("score"), "comment": form.text("comment")}
        )
        offering_routes.answer_rate_offering(
            offering_id,
            body,
            web.principal,
            web.context(key=form.text("idempotency_key")),
            web.services.register,
        )
    except ValidationError as exc:
        return _offering_page(
            web, offering_id, db, status=422, values=values, errors=localised(web, exc)
        )
    except InvalidInputError as exc:
        return _offering_page(
            web, offering_id, db, status=422, values=values, errors=field_errors(exc)
        )
    except ConflictError as exc:
        return _offering_page(
            web,
            offering_id,
            db,
            status=409,
            values=values,
            refusal=translate(exc.message, web.lang),
        )
    return web.redirect(f"/offerings/{offering_id}?rated=1#h-rate")


@router.get("/ledger")
def ledger(web: WebDep, db: ReadDbDep) -> Response:
    """The latest signed checkpoint of the audit ledger."""
    try:
        found = ledger_routes.answer_latest_checkpoint(db)
    except NotFoundError:
        found = None
    return web.render("ledger.html", checkpoint=found)
