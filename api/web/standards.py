"""The profession's pages (role `standards`): the criteria books, drafting a new version,
the impact of a draft on the register, and adopting a draft with its consultation record.
And the costs of professional development, for the roles the API's `/api/costs` lets in.

Every page calls the function the API's route answers with (`answer_*` in `api.routes.criteria`,
`api.routes.costs`), so the checks and answers are the API's; the public criteria pages
(`/criteria...`) show the texts and comparisons, and these pages link there rather than repeat
them.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, get_args
from urllib.parse import urlencode

from fastapi import Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from api.presenters import present_impact_run
from api.readmodels import Page, ReadDbDep
from api.routes import costs as cost_routes
from api.routes import criteria as criteria_routes
from api.schemas.common import PayerT, SectorT
from api.schemas.criteria import AdoptionCreate, ImpactRunCreate
from api.web.access import CostReaders, Standards
from api.web.core import FormDep, Web, field_errors, web_router
from api.web.files import localised
from api.web.labels.domain_errors import translate
from domain.criteria_book import MAX_DOCUMENT_BYTES, CriteriaVersion
from domain.decisions import CRITERIA as IMPACT_CRITERIA
from domain.errors import ConflictError, InvalidInputError, NotFoundError
from domain.values import Role
from policies.messages import M

router = web_router()
#: Cost rows per page.
COST_ROWS = 50
#: The faults of a refused document go beside the document field under this name.
DOCUMENT = "document"
SECTORS: tuple[str, ...] = get_args(SectorT)
PAYERS: tuple[str, ...] = get_args(PayerT)


# -- the criteria books ---------------------------------------------------------------------


def _number(name: str, version: str) -> int:
    """A version number from the address (a 404 for anything else, as the public pages do)."""
    if not version.isdigit() or len(version) > 9:
        raise NotFoundError(M.CRITERIA_VERSION_NOT_FOUND(name=name, version=version))
    return int(version)


def _in_force(web: Web, name: str) -> CriteriaVersion | None:
    try:
        return web.services.register.criteria_in_force(name, web.services.register.clock())
    except NotFoundError:
        return None


@router.get("/standards")
def home(web: Standards) -> Response:
    """Every criteria document with its versions (drafts too), and where to start a draft."""
    versions = criteria_routes.answer_list_criteria(web.services.register).data
    books: dict[str, list[Any]] = {}
    for v in versions:
        books.setdefault(v.name, []).append(v)
    in_force = {name: _in_force(web, name) for name in books}
    return web.render(
        "standards_home.html",
        books=books,
        in_force={name: v.version for name, v in in_force.items() if v is not None},
    )


def _draft_page(
    web: Web,
    *,
    name: str | None,
    source: CriteriaVersion | None,
    text: str,
    faults: list[tuple[str, str]],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    versions = criteria_routes.answer_list_criteria(web.services.register).data
    if name not in {v.name for v in versions}:
        name = None
    highest = max((v.version for v in versions if v.name == name), default=None)
    return web.render(
        "standards_draft.html",
        status=status,
        name=name,
        source=source.summary() if source else None,
        highest=highest,
        text=text,
        faults=faults,
        errors=errors,
        max_bytes=MAX_DOCUMENT_BYTES,
    )


@router.get("/standards/drafts/new")
def new_draft(web: Standards, name: str = "", from_version: str = "") -> Response:
    """The form for a new draft: the text of an existing version to edit, or a file."""
    source = None
    if name and from_version:
        source = web.services.register.criteria_version(name, _number(name, from_version))
    return _draft_page(
        web,
        name=name or None,
        source=source,
        text=source.document if source else "",
        faults=[],
        errors={},
    )


@router.post("/standards/drafts")
def draft(web: Standards, form: FormDep) -> Response:
    """Draft the document (the uploaded file's exact bytes, or else the text of the field)
    through the API's `draft_criteria`; a refused document comes back with every fault."""
    assert web.principal is not None
    # A browser sends a text area's line ends as CR LF; the text as it was shown has LF.
    text = form.get("document").replace("\r\n", "\n")
    upload = form.files.get("file")
    raw = upload[1] if upload is not None and upload[1] else text.encode("utf-8")
    if upload is not None and upload[1]:
        text = upload[1].decode("utf-8", errors="replace")
    name = form.text("name")
    faults: list[tuple[str, str]] = []
    status = 422
    if not raw.strip():
        faults = [("", web.t("standards.document_missing"))]
    elif len(raw) > MAX_DOCUMENT_BYTES:
        faults = [("", web.t("standards.document_too_large").format(MAX_DOCUMENT_BYTES))]
    else:
        try:
            drafted, _ = criteria_routes.answer_draft_criteria(
                raw, web.context(key=form.text("idempotency_key")), web.services.register
            )
        except InvalidInputError as exc:
            faults = [(e.field, e.message) for e in exc.errors] or [("", exc.message)]
        except ConflictError as exc:
            faults, status = [("version", exc.message)], 409
        else:
            return web.redirect(f"/standards/criteria/{drafted.name}/{drafted.version}?drafted=1")
    # the register's own messages in the page's language (English where none is known)
    faults = [(where, translate(message, web.lang)) for where, message in faults]
    return _draft_page(
        web,
        name=name,
        source=None,
        text=text,
        faults=faults,
        errors={DOCUMENT: web.t("standards.refused").format(len(faults))},
        status=status,
    )


class ImpactWindow(BaseModel):
    """The impact form, as the API's query parameters `due_from`, `due_to`,
    `effective_from` (the form's `impact_effective_from`, apart from the adoption's)."""

    model_config = ConfigDict(extra="forbid")
    due_from: date | None = None
    due_to: date | None = None
    impact_effective_from: date | None = None


def _version_page(
    web: Web,
    name: str,
    version: str,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    found = web.services.register.criteria_version(name, _number(name, version))
    today = web.services.register.clock()
    in_force = _in_force(web, name)
    defaults = {
        "due_from": today.isoformat(),
        "due_to": (today + timedelta(days=365)).isoformat(),
    }
    query = web.request.query_params
    last = web.services.register.last_impact_run(found.name, found.version)
    return web.render(
        "standards_version.html",
        last_run=present_impact_run(last) if last is not None else None,
        status=status,
        version=found.summary(),
        in_force=in_force.summary() if in_force else None,
        may_adopt=not found.adopted,
        may_assess=found.name == IMPACT_CRITERIA,
        values={**defaults, **(values or {})},
        errors=errors or {},
        drafted=bool(query.get("drafted")),
        adopted=bool(query.get("adopted")),
    )


@router.get("/standards/criteria/{name}/{version}")
def version_page(name: str, version: str, web: Standards) -> Response:
    """One version for the profession: its record, the comparison with the version in force,
    and (for a draft) the adoption form; the impact form."""
    return _version_page(web, name, version)


def _adoption_body(values: dict[str, str]) -> dict[str, Any]:
    """The API's `AdoptionCreate` body from the form (empty fields left out: "fill this in")."""
    consultation: dict[str, Any] = {
        "with": [line.strip() for line in values["consultation_with"].splitlines() if line.strip()]
    }
    if values["consultation_held_on"]:
        consultation["held_on"] = values["consultation_held_on"]
    if values["consultation_summary"]:
        consultation["summary"] = values["consultation_summary"]
    body: dict[str, Any] = {"consultation": consultation}
    if values["effective_from"]:
        body["effective_from"] = values["effective_from"]
    return body


@router.post("/standards/criteria/{name}/{version}/adoption")
def adopt(name: str, version: str, web: Standards, form: FormDep) -> Response:
    """Adopt the draft from its effective date with the record of the consultation, through
    the API's `adopt_criteria`; faults beside their fields."""
    assert web.principal is not None
    number = _number(name, version)
    fields = ("effective_from", "consultation_with", "consultation_held_on", "consultation_summary")
    values = {f: form.get(f).strip() for f in fields}
    try:
        body = AdoptionCreate.model_validate(_adoption_body(values))
    except ValidationError as exc:
        return _version_page(
            web, name, version, values=values, errors=localised(web, exc), status=422
        )
    try:
        criteria_routes.answer_adopt_criteria(
            name, number, body, web.context(key=form.text("idempotency_key")), web.services.register
        )
    except InvalidInputError as exc:
        return _version_page(
            web, name, version, values=values, errors=field_errors(exc), status=422
        )
    return web.redirect(f"/standards/criteria/{name}/{number}?adopted=1")


@router.post("/standards/criteria/{name}/{version}/impact")
def impact(name: str, version: str, web: Standards, form: FormDep) -> Response:
    """The outcomes under this version beside those under the criteria in force, through the
    API's `impact` with the version's exact bytes. A read: nothing is written."""
    assert web.principal is not None
    found = web.services.register.criteria_version(name, _number(name, version))
    values = {key: form.get(key).strip() for key in ("due_from", "due_to", "impact_effective_from")}
    try:
        window = ImpactWindow.model_validate({k: v for k, v in values.items() if v})
    except ValidationError as exc:
        return _version_page(
            web, name, version, values=values, errors=localised(web, exc), status=422
        )
    try:
        result = criteria_routes.answer_impact(
            found.raw,
            web.services.register,
            window.due_from,
            window.due_to,
            window.impact_effective_from,
        )
    except InvalidInputError as exc:
        return _version_page(
            web, name, version, values=values, errors=field_errors(exc), status=422
        )
    return web.render("standards_impact.html", version=found.summary(), impact=result)


#: Seconds between the refreshes of an open run's page.
RUN_REFRESH_SECONDS = 2


@router.post("/standards/criteria/{name}/{version}/impact-runs")
def start_impact_run(name: str, version: str, web: Standards, form: FormDep) -> Response:
    """Start the impact of this version as a background run through the API's
    `start_impact_run` (or find the open one) and go to the run's page."""
    assert web.principal is not None
    number = _number(name, version)
    web.services.register.criteria_version(name, number)  # 404 for an unknown one
    values = {key: form.get(key).strip() for key in ("due_from", "due_to", "impact_effective_from")}
    try:
        window = ImpactWindow.model_validate({k: v for k, v in values.items() if v})
    except ValidationError as exc:
        return _version_page(
            web, name, version, values=values, errors=localised(web, exc), status=422
        )
    body = ImpactRunCreate(
        name=name,
        version=number,
        due_from=window.due_from,
        due_to=window.due_to,
        effective_from=window.impact_effective_from,
    )
    try:
        run, _, _ = criteria_routes.answer_start_impact_run(
            body, web.context(key=form.text("idempotency_key")), web.services.register
        )
    except InvalidInputError as exc:
        errors = field_errors(exc)
        if "name" in errors:  # a book the analysis does not weigh: said beside the button
            errors = {"due_from": errors["name"]}
        return _version_page(web, name, version, values=values, errors=errors, status=422)
    return web.redirect(f"/standards/impact-runs/{run.run_id}")


@router.get("/standards/impact-runs/{run_id}")
def impact_run_page(run_id: str, web: Standards) -> Response:
    """A run: its status and progress (the page refreshes itself while it is open) and, once
    completed, the kept result as the synchronous analysis shows it."""
    run = present_impact_run(web.services.register.impact_run(run_id))
    return web.render("standards_impact_run.html", run=run, refresh=RUN_REFRESH_SECONDS)


# -- costs ------------------------------------------------------------------------------------


class CostFilters(BaseModel):
    """The filters of the costs page, as the API's query parameters of `/api/costs`."""

    model_config = ConfigDict(extra="forbid")
    year: Annotated[int | None, Field(ge=1900, le=2999)] = None
    sector: SectorT | None = None
    payer: PayerT | None = None


def money(value: object, lang: str) -> str:
    """The API's money string in the page's language: nl `€ 1.234,50`, en `€1,234.50`."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    text = f"{abs(amount):,.2f}"
    sign = "-" if amount < 0 else ""
    if lang == "nl":
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
        return f"€ {sign}{text}"
    return f"{sign}€{text}"


@router.get("/costs")
def costs(
    web: CostReaders,
    db: ReadDbDep,
    year: str = "",
    sector: str = "",
    payer: str = "",
    cursor: str | None = None,
) -> Response:
    """Who pays what for professional development: sums per year, sector and payer, and the
    rows per year, sector, employer and payer (an employer sees its own board only)."""
    assert web.principal is not None
    values = {"year": year.strip(), "sector": sector.strip(), "payer": payer.strip()}
    try:
        filters = CostFilters.model_validate({k: v for k, v in values.items() if v})
    except ValidationError as exc:
        filters, errors, status = CostFilters(), localised(web, exc), 422
        values = dict.fromkeys(values, "")
    else:
        errors, status = {}, 200
    found = cost_routes.answer_read_costs(
        web.principal,
        db,
        Page(limit=COST_ROWS, cursor=cursor),
        filters.year,
        filters.sector,
        filters.payer,
    )
    everything = found
    if filters.year is not None or filters.sector or filters.payer:
        everything = cost_routes.answer_read_costs(web.principal, db, Page(limit=1), None)
    years = sorted({int(s.key) for s in everything.totals.by_year}, reverse=True)
    next_page = None
    if found.next_cursor:
        query = {k: v for k, v in values.items() if v}
        next_page = "/costs?" + urlencode({**query, "cursor": found.next_cursor})
    lang = web.lang
    return web.render(
        "costs_overview.html",
        status=status,
        costs=found,
        years=years,
        sectors=SECTORS,
        payers=PAYERS,
        values=values,
        errors=errors,
        next_page=next_page,
        board=web.principal.subject if web.principal.role == Role.EMPLOYER else None,
        money=lambda v: money(v, lang),
    )
