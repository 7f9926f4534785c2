"""The machinery every page shares: templates, the page context, sign-in state, forms, errors.

Pages are FastAPI routes of class `WebRoute`, left out of the OpenAPI document. A page asks
for a `Web` (the language, the signed-in principal if any, the CSRF token) and answers
`web.render(...)`. Authentication is the API's own (`api.auth.get_principal`, fed the token
from the session cookie); role checks are the API's own (`api.auth.require`); resource checks
are made by the API functions the pages call. What differs is only the form of a refusal:
an HTML page in the visitor's language instead of problem+json, and a redirect to the sign-in
page instead of 401.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Coroutine, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any
from urllib.parse import quote, urlencode

import structlog
from fastapi import APIRouter, Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from pydantic import ValidationError
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import HTMLResponse, RedirectResponse, Response

from api.auth import Principal, get_principal, require
from api.bootstrap import Services
from api.context import note_unavailable
from api.direct_route import DirectRoute
from api.faults import RETRY_AFTER, metric_cause, outside_fault
from api.middleware import RATE_LIMITED
from api.problems import ApiProblem
from api.web import frame, i18n
from api.web.labels.domain_errors import translate, translate_pydantic
from api.web.security import (
    ANON_COOKIE,
    CSRF_FIELD,
    LANG_COOKIE,
    SESSION_COOKIE,
    SESSION_SECONDS,
    SessionKeys,
    add_security_headers,
    clear_cookie,
    new_anonymous_id,
    same_origin,
    set_cookie,
)
from domain.errors import (
    ConflictError,
    FieldError,
    InvalidInputError,
    NotFoundError,
    RegisterError,
    VersionMismatchError,
)
from domain.register.base import Context
from domain.values import Role

log = structlog.get_logger("lerarenregister.web")

#: The language of the page being answered, set by `web_context` for each page request, for
#: the helpers not handed a `Web` (`field_errors`); English outside a page.
_PAGE_LANG: ContextVar[str] = ContextVar("page_lang", default="en")

#: Largest form body a page accepts (a CSV delivery is the largest).
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
#: The page each role starts on after signing in.
HOME_OF_ROLE = {
    Role.TEACHER: "/me/file",
    Role.EMPLOYER: "/me/staff",
    Role.APPEALS: "/review",
    Role.AUDITOR: "/review",
    Role.REGISTRAR: "/registrar",
    Role.VALIDATOR: "/validation",
    Role.PROVIDER: "/provider",
    Role.STANDARDS: "/standards",
}


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment: autoescaping everywhere, and an error for an unknown name."""
    env = Environment(
        loader=PackageLoader("api.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # The templates are the package's files: no stat of each one on every render.
        auto_reload=False,
    )
    env.globals["quote"] = quote
    return env


def local_path(value: str | None, default: str = "/") -> str:
    """A path on this site to return to, never another site (no open redirect)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    if any(ord(c) < 32 for c in value):
        return default
    return value


def keys_of(request: Request) -> SessionKeys:
    """The session and CSRF keys of this app, derived once from the register's secret."""
    state = request.app.state
    keys: SessionKeys | None = getattr(state, "web_session_keys", None)
    if keys is None:
        services: Services = state.services
        keys = SessionKeys(services.register.secret)
        state.web_session_keys = keys
    return keys


@dataclass
class Web:
    """One page request: language, who is signed in, and the cookies to set on the answer."""

    request: Request
    lang: str
    principal: Principal | None
    session: str | None
    keys: SessionKeys
    expired: bool = False
    #: The anonymous visitor's id (the `lr_anon` cookie) that CSRF tokens bind to before sign-in.
    anon: str | None = None
    _new_anon: bool = False

    @property
    def services(self) -> Services:
        services: Services = self.request.app.state.services
        return services

    def t(self, key: str) -> str:
        return i18n.message(key, self.lang)

    def label(self, group: str, value: object) -> str:
        return i18n.label(group, value, self.lang)

    @property
    def csrf(self) -> str:
        """The CSRF token for this visitor's forms (bound to the session, or before sign-in
        to an anonymous cookie made on first use)."""
        if self.session:
            return self.keys.csrf_for(self.session)
        if self.anon is None:
            self.anon = new_anonymous_id()
            self._new_anon = True
        return self.keys.csrf_for(self.anon)

    def context(self, reason: str | None = None, *, key: str | None = None) -> Context:
        """The command context of a form post: the signed-in actor, this request's id as the
        correlation id, and the form's idempotency key (a double submit writes once)."""
        assert self.principal is not None
        return Context(
            actor=self.principal.actor,
            correlation_id=self.request.state.request_id,
            reason=reason,
            idempotency_key=key or None,
        )

    def render(self, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        env = environment()
        lang = self.lang
        html = env.get_template(template).render(
            web=self,
            t=self.t,
            label=self.label,
            date=lambda v: i18n.format_date(v, lang),
            hours=lambda v: i18n.format_hours(v, lang),
            criterion=lambda c: i18n.criterion_label(c, lang),
            new_key=lambda: uuid.uuid4().hex,
            domain_message=lambda message: translate(message, lang),
            **values,
        )
        response = HTMLResponse(html, status_code=status)
        self.finish(response)
        return response

    def redirect(self, url: str) -> RedirectResponse:
        response = RedirectResponse(url, status_code=303)
        self.finish(response)
        return response

    def finish(self, response: Response) -> None:
        """Cookies this request decided on: a fresh anonymous id, a dead session cleared."""
        if self._new_anon and self.anon is not None:
            set_cookie(self.request, response, ANON_COOKIE, self.anon, SESSION_SECONDS)
        if self.expired:
            clear_cookie(self.request, response, SESSION_COOKIE)

    def home(self) -> str:
        if self.principal is None:
            return "/"
        return HOME_OF_ROLE.get(Role(self.principal.role), "/me")

    def header(self) -> Markup:
        """The shared header of `base.html` for this page (`api/web/frame.py`)."""
        principal = self.principal
        if principal is None:
            parts = frame.frame(self.lang, None, None)
            csrf = None
        else:
            parts = frame.frame(self.lang, str(principal.role), principal.subject)
            csrf = self.csrf
        back = quote(self.path_with(), safe="")
        # Every part is escaped in `frame` (labels, hrefs) or here (`back`, the token).
        return Markup(frame.header(parts, self.request.url.path, back, csrf))  # noqa: S704

    def path_with(self, **params: str) -> str:
        """This page's path with some query parameters replaced (for the language switch)."""
        query = {**self.request.query_params, **params}
        return self.request.url.path + ("?" + urlencode(query) if query else "")


async def web_context(request: Request) -> Web:
    """The page context: the language cookie, and the session if one is valid."""
    lang = i18n.language_of(request.cookies.get(LANG_COOKIE))
    _PAGE_LANG.set(lang)
    keys = keys_of(request)
    web = Web(request, lang, None, None, keys, anon=request.cookies.get(ANON_COOKIE) or None)
    sealed = request.cookies.get(SESSION_COOKIE)
    if sealed:
        token = keys.open(sealed)
        principal = None
        if token is not None:
            try:
                principal = await get_principal(
                    request, HTTPAuthorizationCredentials(scheme="Bearer", credentials=token)
                )
            except ApiProblem:
                principal = None  # revoked or expired since sign-in
        if principal is None:
            web.expired = True
        else:
            web.principal = principal
            web.session = sealed
    request.state.web = web
    return web


WebDep = Annotated[Web, Depends(web_context)]


def signed_in(*roles: Role) -> Callable[..., Coroutine[Any, Any, Web]]:
    """A page only for signed-in callers of these roles: the API's `require`, unchanged."""
    check = require(*roles)

    async def gate(web: WebDep) -> Web:
        if web.principal is None:
            raise ApiProblem(401, "Unauthorized", "sign in first")
        await check(web.principal)  # 403 for another role, exactly as the API answers
        return web

    gate.__name__ = "signed_in_" + "_".join(sorted(r.value for r in roles))
    return gate


def any_signed_in() -> Callable[..., Coroutine[Any, Any, Web]]:
    """A page for every signed-in caller (the API functions it calls check the resource)."""
    return signed_in(*(r for r in Role if r != Role.SYSTEM))


@dataclass
class Form:
    """A posted form whose CSRF token was checked: text fields, and uploaded files read."""

    fields: Mapping[str, str]
    lists: dict[str, list[str]]
    files: dict[str, tuple[str, bytes]]

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)

    def getlist(self, name: str) -> list[str]:
        return self.lists.get(name, [])

    def text(self, name: str) -> str | None:
        """A trimmed text field, None when left empty."""
        value = self.fields.get(name, "").strip()
        return value or None


async def posted_form(web: WebDep) -> Form:
    """The posted form, after its origin and CSRF token were checked (403 otherwise)."""
    request = web.request
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > MAX_UPLOAD_BYTES:
        raise ApiProblem(413, "Request too large", "the form is too large")
    form = await request.form(max_files=2, max_fields=200)
    try:
        fields: dict[str, str] = {}
        lists: dict[str, list[str]] = {}
        files: dict[str, tuple[str, bytes]] = {}
        for name, value in form.multi_items():
            if isinstance(value, UploadFile):
                content = await value.read(MAX_UPLOAD_BYTES + 1)
                if len(content) > MAX_UPLOAD_BYTES:
                    raise ApiProblem(413, "Request too large", "the file is too large")
                files[name] = (value.filename or "", content)
            else:
                fields.setdefault(name, value)
                lists.setdefault(name, []).append(value)
    finally:
        await form.close()
    binding = web.session if web.principal is not None else web.anon
    if not same_origin(request) or not web.keys.csrf_ok(binding, fields.get(CSRF_FIELD)):
        raise ApiProblem(403, "Forbidden", "csrf", kind="csrf")
    return Form(fields, lists, files)


FormDep = Annotated[Form, Depends(posted_form)]


# -- errors ---------------------------------------------------------------------------------


def field_errors(
    exc: ValidationError | InvalidInputError, lang: str | None = None
) -> dict[str, str]:
    """Errors keyed by form field, for the messages next to the fields: the register's own
    messages in `lang` (by default the language of the page being answered)."""
    lang = lang or _PAGE_LANG.get()
    if isinstance(exc, InvalidInputError):
        errors = exc.errors or [FieldError("", exc.message)]
        return {_field_name(e.field): translate(e.message, lang) for e in errors}
    out: dict[str, str] = {}
    for e in exc.errors():
        loc = [str(p) for p in e.get("loc", ()) if not isinstance(p, int)]
        out.setdefault(_field_name(".".join(loc)), translate_pydantic(e, lang))
    return out


def _field_name(name: str) -> str:
    """`cost.amount` → `cost_amount`, the form field that holds it."""
    return name.replace(".", "_").replace("[", "_").replace("]", "")


def _status_of(exc: RegisterError) -> int:
    if isinstance(exc, InvalidInputError):
        return 422
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, VersionMismatchError):
        return 412
    if isinstance(exc, ConflictError):
        return 409
    return 422


#: Query parameters never carried into the sign-in page's `next=`.
SECRET_PARAMS = frozenset({"token", "access_token", "password", "secret", "key"})


def error_page(request: Request, status: int, detail: str | None) -> Response:
    """An error as a page in the visitor's language, with the register's message."""
    web: Web | None = getattr(request.state, "web", None)
    if web is None:
        lang = i18n.language_of(request.cookies.get(LANG_COOKIE))
        web = Web(request, lang, None, None, keys_of(request))
    if status == 401:
        # After signing in, back to the page asked for; a form post cannot be replayed.
        # Never a token (or other secret) in the address to come back to: it would stand in
        # the sign-in page's address, its logs and the browser history.
        kept = [(k, v) for k, v in request.query_params.multi_items() if k not in SECRET_PARAMS]
        back = (
            request.url.path + ("?" + urlencode(kept) if kept else "")
            if request.method == "GET"
            else web.home()
        )
        target = "/sign-in?" + urlencode({"next": back})
        if web.expired:
            target += "&expired=1"
        return web.redirect(target)
    if detail == "csrf":
        detail = web.t("error.csrf")
    elif detail:
        detail = translate(detail, web.lang)  # the register's refusal in the page's language
    if status == 429:
        detail = web.t("error.rate_limited")
    return web.render(
        "error.html",
        status=status,
        status_title=web.t(f"error.{status}") if f"error.{status}" in i18n.MESSAGES else "",
        detail=detail,
        request_id=getattr(request.state, "request_id", ""),
    )


class WebRoute(APIRoute):
    """A page: refusals become pages, and every answer gets the security headers."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def run(request: Request) -> Response:
            wait = getattr(request.state, RATE_LIMITED, None)
            if wait is not None:
                response = error_page(request, 429, None)
                response.headers["Retry-After"] = str(wait)
                add_security_headers(response, personal=SESSION_COOKIE in request.cookies)
                return response
            try:
                response = await handler(request)
            except ApiProblem as exc:
                if exc.status == 503:
                    note_unavailable(exc.kind)
                response = error_page(request, exc.status, exc.detail)
            except RegisterError as exc:
                response = error_page(request, _status_of(exc), exc.message)
            except RequestValidationError as exc:
                names = ", ".join(
                    str(e.get("loc", ("", "?"))[-1]) for e in exc.errors() if e.get("loc")
                )
                response = error_page(request, 400, names)
            except StarletteHTTPException as exc:
                # The form parser's refusals (a field over its size, too many fields), the
                # body limits (413, 408) and a NUL in the input: a refusal page, never a 500.
                status = exc.status_code
                if status == 400 and "exceeded maximum size" in str(exc.detail):
                    status = 413
                response = error_page(request, status, str(exc.detail))
            except Exception as exc:
                cause = outside_fault(exc)
                if cause is None:
                    log.exception("web_page_failed", path=request.url.path)
                    response = error_page(request, 500, None)
                else:
                    log.warning("outside_fault", cause=cause, path=request.url.path)
                    note_unavailable(metric_cause(exc, cause))
                    response = error_page(request, 503, None)
                    response.headers["Retry-After"] = str(RETRY_AFTER[cause])
            add_security_headers(response, personal=SESSION_COOKIE in request.cookies)
            return response

        return run


class DirectWebRoute(WebRoute, DirectRoute):
    """A page whose requests without a query string skip FastAPI's solving
    (api/direct_route.py); refusals and headers as every page's."""


def web_router() -> APIRouter:
    """A router of pages: `WebRoute`s, none of them in the OpenAPI document."""
    return APIRouter(route_class=WebRoute, include_in_schema=False)
