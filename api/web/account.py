"""Signing in and out, the language switch, each role's start page, and the static files."""

from __future__ import annotations

from importlib import resources
from typing import Final

from fastapi import Response
from fastapi.security import HTTPAuthorizationCredentials

from api.auth import get_principal
from api.problems import ApiProblem
from api.web import i18n
from api.web.access import SignedIn
from api.web.core import (
    HOME_OF_ROLE,
    FormDep,
    WebDep,
    local_path,
    web_router,
)
from api.web.security import (
    LANG_COOKIE,
    SESSION_COOKIE,
    SESSION_SECONDS,
    clear_cookie,
    set_cookie,
)
from domain.values import Role

router = web_router()

#: The static files, by name: nothing else under /static is served.
STATIC: Final = {
    "app.css": "text/css; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "icon.svg": "image/svg+xml",
}
#: Longest token the sign-in form takes (tokens are about 50 characters).
MAX_TOKEN = 200


@router.get("/sign-in")
def sign_in_form(web: WebDep, next: str = "", expired: str = "") -> Response:
    """The sign-in form: paste a token."""
    notice = web.t("signin.expired") if expired or web.expired else None
    return web.render(
        "sign_in.html", next=local_path(next, ""), errors={}, notice=notice, status=200
    )


@router.post("/sign-in")
async def sign_in(web: WebDep, form: FormDep) -> Response:
    """Check the token as the API would, then keep it in the session cookie."""
    token = form.get("token").strip()
    target = local_path(form.get("next"), "")
    errors: dict[str, str] = {}
    principal = None
    if not token:
        errors["token"] = web.t("signin.empty")
    elif len(token) > MAX_TOKEN:
        errors["token"] = web.t("signin.bad_token")
    else:
        try:
            principal = await get_principal(
                web.request, HTTPAuthorizationCredentials(scheme="Bearer", credentials=token)
            )
        except ApiProblem:
            errors["token"] = web.t("signin.bad_token")
    if principal is None:
        return web.render("sign_in.html", status=401, next=target, errors=errors, notice=None)
    web.principal = principal
    web.expired = False
    response = web.redirect(target if target not in ("", "/") else web.home())
    set_cookie(web.request, response, SESSION_COOKIE, web.keys.seal(token), SESSION_SECONDS)
    return response


@router.post("/sign-out")
def sign_out(web: WebDep, form: FormDep) -> Response:
    """Forget the session in this browser (the token itself stays valid until revoked)."""
    web.principal = None
    response = web.redirect("/sign-in?signed_out=1")
    clear_cookie(web.request, response, SESSION_COOKIE)
    return response


@router.get("/language")
def language(web: WebDep, to: str = "", next: str = "/") -> Response:
    """Switch between Dutch and English, back to the same page."""
    response = web.redirect(local_path(next))
    set_cookie(web.request, response, LANG_COOKIE, i18n.language_of(to), 365 * 24 * 3600)
    return response


@router.get("/me")
def me(web: SignedIn) -> Response:
    """The signed-in role's start page."""
    assert web.principal is not None
    return web.redirect(HOME_OF_ROLE[Role(web.principal.role)])


@router.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for it whatever the page says."""
    return static("icon.svg")


@router.get("/static/{name}")
def static(name: str) -> Response:
    """The stylesheet and the small script; cached for an hour."""
    media = STATIC.get(name)
    if media is None:
        raise ApiProblem(404, "Not found", f"no static file {name}")
    content = resources.files("api.web").joinpath("static", name).read_bytes()
    return Response(content, media_type=media, headers={"Cache-Control": "public, max-age=3600"})
