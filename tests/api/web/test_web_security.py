"""Sign-in, sessions, CSRF, security headers and error pages of the web interface."""

from __future__ import annotations

import re
from collections.abc import Callable
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.bootstrap import Services
from api.web.security import ANON_COOKIE, CSP, SESSION_COOKIE, SESSION_SECONDS, SessionKeys
from domain.commands.tokens import RevokeToken
from domain.register import Context
from domain.values import Actor
from tests.api.web.conftest import CSRF_FIELD, Browser, token_of

pytestmark = pytest.mark.parametrize("store_kind", ["sqlite"], indirect=True)


def _sign_in_form(client: TestClient) -> str:
    page = client.get("/sign-in")
    found = CSRF_FIELD.search(page.text)
    assert found, "the sign-in form has no CSRF field"
    return found.group(1)


def test_pages_carry_a_strict_content_security_policy(client: TestClient) -> None:
    """Every page, redirect, error page and static file sends the CSP and its companions."""
    for path in ("/", "/criteria", "/sign-in", "/static/app.js", "/me", "/criteria/x/1"):
        answer = client.get(path, follow_redirects=False)
        assert answer.headers["content-security-policy"] == CSP, path
        assert answer.headers["x-content-type-options"] == "nosniff", path
        assert answer.headers["x-frame-options"] == "DENY", path
    assert "script-src 'self'" in CSP
    assert "unsafe-inline" not in CSP
    assert "frame-ancestors 'none'" in CSP


def test_pages_have_no_inline_script_or_style(client: TestClient) -> None:
    """The CSP forbids inline code, so the pages carry none (it would silently not run)."""
    for path in ("/", "/sign-in", "/criteria", "/criteria/reregistration/compare", "/ledger"):
        text = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), path
        assert " style=" not in text, path
        assert "<style" not in text, path
        assert not re.search(r"\son[a-z]+=", text), path


def test_sign_in_sets_a_protected_cookie_that_does_not_hold_the_token(
    client: TestClient, token_for: Callable[..., dict[str, str]]
) -> None:
    """Signing in answers a redirect and an HttpOnly, SameSite=Strict cookie; the token is in
    neither the cookie nor any URL."""
    token = token_of(token_for("auditor"))
    csrf = _sign_in_form(client)
    answer = client.post(
        "/sign-in", data={"csrf": csrf, "token": token, "next": ""}, follow_redirects=False
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/review"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie or "SameSite=Strict" in cookie
    assert f"Max-Age={SESSION_SECONDS}" in cookie
    assert token not in cookie
    assert token not in answer.headers["location"]
    assert client.get("/review").status_code == 200


def test_a_bad_token_is_refused_on_the_form(client: TestClient) -> None:
    """An unknown token comes back on the form with the reason beside the field."""
    csrf = _sign_in_form(client)
    answer = client.post("/sign-in", data={"csrf": csrf, "token": "lr_nope"})
    assert answer.status_code == 401
    assert 'id="token-error"' in answer.text
    assert "onbekend, ingetrokken of verlopen" in answer.text
    assert SESSION_COOKIE not in answer.headers.get("set-cookie", "")


def test_a_post_without_its_csrf_token_is_refused(
    client: TestClient, token_for: Callable[..., dict[str, str]]
) -> None:
    """Sign-in without the form's token is refused before the token is even looked at."""
    token = token_of(token_for("auditor"))
    _sign_in_form(client)
    answer = client.post("/sign-in", data={"token": token}, follow_redirects=False)
    assert answer.status_code == 403
    assert SESSION_COOKIE not in answer.headers.get("set-cookie", "")
    assert "verlopen of kwam niet van deze site" in answer.text


def test_a_csrf_token_of_another_session_is_refused(
    services: Services, signed_in: Callable[..., Browser], token_for: Callable[..., dict[str, str]]
) -> None:
    """A form token made for one session does not work in another; nothing is written."""
    from tests.api.web.test_pages import admit

    person = admit(services, "Heuvelrug", seed=1)
    b = signed_in("teacher", person.teacher_id)
    foreign = b.keys.csrf_for(b.keys.seal(token_of(token_for("teacher", person.teacher_id))))
    before = services.register.get_teacher(UUID(person.teacher_id)).version
    answer = b.client.post(
        f"/teachers/{person.teacher_id}/activities",
        data={
            "csrf": foreign,
            "kind": "course",
            "title": "x",
            "occurred_on": "2025-01-01",
            "contact_hours": "1",
            "competence_areas": "didactics",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 403
    assert services.register.get_teacher(UUID(person.teacher_id)).version == before


def test_a_post_from_another_site_is_refused(
    signed_in: Callable[..., Browser],
) -> None:
    """A form posted from another origin is refused even with a valid token."""
    b = signed_in("auditor")
    answer = b.client.post(
        "/sign-out",
        data={"csrf": b.csrf()},
        headers={"Origin": "https://evil.example"},
        follow_redirects=False,
    )
    assert answer.status_code == 403
    cross = b.client.post(
        "/sign-out",
        data={"csrf": b.csrf()},
        headers={"Sec-Fetch-Site": "cross-site"},
        follow_redirects=False,
    )
    assert cross.status_code == 403


def test_sign_out_forgets_the_session(signed_in: Callable[..., Browser]) -> None:
    """After signing out the pages ask to sign in again."""
    b = signed_in("auditor")
    assert b.get("/review").status_code == 200
    out = b.post("/sign-out")
    assert out.status_code == 303
    assert (
        f'{SESSION_COOKIE}=""' in out.headers["set-cookie"]
        or "Max-Age=0" in out.headers["set-cookie"]
    )
    b.client.cookies.delete(SESSION_COOKIE)
    again = b.get("/review")
    assert again.status_code == 303
    assert again.headers["location"].startswith("/sign-in?next=")


def test_a_tampered_session_cookie_is_no_session(client: TestClient) -> None:
    """A forged or altered cookie is treated as signed out, and cleared."""
    client.cookies.set(SESSION_COOKIE, "gAAAAABforged")
    answer = client.get("/review", follow_redirects=False)
    assert answer.status_code == 303
    assert "expired=1" in answer.headers["location"]
    assert f"{SESSION_COOKIE}=" in answer.headers.get("set-cookie", "")


def test_a_revoked_token_ends_the_session(
    services: Services, client: TestClient, token_for: Callable[..., dict[str, str]]
) -> None:
    """Revoking the token (CLI) ends the web session once the token cache forgets it."""
    token = token_of(token_for("auditor"))
    keys = SessionKeys(services.register.secret)
    client.cookies.set(SESSION_COOKIE, keys.seal(token))
    assert client.get("/review").status_code == 200
    services.register.revoke_token(
        RevokeToken(token_or_id=token), ctx=Context(Actor("system", "tests"))
    )
    client.app.state.token_cache.clear()  # type: ignore[attr-defined]
    answer = client.get("/review", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/sign-in?next=%2Freview")


def test_next_never_leads_to_another_site(client: TestClient) -> None:
    """The return address after sign-in or a language switch stays on this site."""
    for target in ("https://evil.example/", "//evil.example", "/\\evil.example"):
        answer = client.get(
            "/language", params={"to": "en", "next": target}, follow_redirects=False
        )
        assert answer.headers["location"] == "/", target


def test_only_the_known_static_files_are_served(client: TestClient) -> None:
    """Nothing else of the package can be read through /static."""
    assert client.get("/static/app.css").headers["content-type"].startswith("text/css")
    for name in ("core.py", "..%2Fcore.py", "templates"):
        assert client.get(f"/static/{name}").status_code == 404, name


def test_errors_are_pages_without_internals(
    signed_in: Callable[..., Browser],
) -> None:
    """Unknown things answer a page with the register's message; never a stack trace."""
    b = signed_in("auditor")
    for path in ("/decisions/not-a-decision", "/teachers/not-a-teacher/events"):
        answer = b.get(path)
        assert answer.status_code == 404, path
        assert answer.headers["content-type"].startswith("text/html"), path
        assert "Traceback" not in answer.text, path
        assert 'File "' not in answer.text, path


def test_anonymous_forms_get_a_csrf_cookie(client: TestClient) -> None:
    """The sign-in form sets the anonymous cookie its CSRF token is bound to."""
    answer = client.get("/sign-in")
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{ANON_COOKIE}=")
    assert "HttpOnly" in cookie
