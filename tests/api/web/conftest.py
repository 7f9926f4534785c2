"""Helpers for the web pages' HTTP tests: a browser-like client with a session and CSRF."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.bootstrap import Services
from api.web.security import ANON_COOKIE, SESSION_COOKIE, SessionKeys

CSRF_FIELD = re.compile(r'name="csrf" value="([0-9a-f]{64})"')


class Browser:
    """A TestClient used like a browser: cookies kept, forms posted with their CSRF token."""

    def __init__(self, client: TestClient, services: Services) -> None:
        self.client = client
        self.keys = SessionKeys(services.register.secret)

    def sign_in_with(self, token: str) -> None:
        """Become signed in with a token (the cookie the sign-in form would set)."""
        self.client.cookies.clear()
        self.client.cookies.set(SESSION_COOKIE, self.keys.seal(token))

    def sign_out(self) -> None:
        self.client.cookies.clear()

    def csrf(self) -> str:
        """The CSRF token the pages give this browser (anonymous: for its `lr_anon`)."""
        session = self.client.cookies.get(SESSION_COOKIE)
        if session:
            return self.keys.csrf_for(session)
        anon = self.client.cookies.get(ANON_COOKIE)
        if not anon:
            anon = "anonymous-test-visitor"
            self.client.cookies.set(ANON_COOKIE, anon)
        return self.keys.csrf_for(anon)

    def get(self, path: str, **kw: Any) -> Any:
        return self.client.get(path, follow_redirects=False, **kw)

    def post(self, path: str, data: dict[str, Any] | None = None, **kw: Any) -> Any:
        form = {"csrf": self.csrf(), **(data or {})}
        return self.client.post(path, data=form, follow_redirects=False, **kw)


def token_of(headers: dict[str, str]) -> str:
    return headers["Authorization"].split(" ", 1)[1]


@pytest.fixture
def browser(client: TestClient, services: Services) -> Browser:
    return Browser(client, services)


@pytest.fixture
def signed_in(browser: Browser, token_for: Callable[..., dict[str, str]]) -> Callable[..., Browser]:
    """Sign the browser in as a role (and subject)."""

    def make(role: str, subject: str | None = None) -> Browser:
        browser.sign_in_with(token_of(token_for(role, subject)))
        return browser

    return make


@pytest.fixture
def plain_client(client: TestClient) -> Iterator[TestClient]:
    client.cookies.clear()
    return client
