"""Sessions, CSRF tokens and security headers of the web pages.

- **Session.** Signing in checks a pasted bearer token exactly as the API does; the browser
  then keeps it in one cookie, encrypted and authenticated with a key derived from the
  register's secret (Fernet: AES-CBC + HMAC, with its time stamp checked against
  `SESSION_SECONDS`). The cookie is `HttpOnly`, `SameSite=Strict`, `Path=/` and `Secure` on
  HTTPS. Nothing is kept on the server, so any process of the register can serve any page,
  and revoking the token ends the session within the token cache's time, as for the API.
- **CSRF.** Every POST form carries a hidden field: the HMAC, under another key derived from
  the secret, of the session cookie (or, before sign-in, of a random `lr_anon` cookie). A POST
  whose field does not match, or whose `Origin` or `Sec-Fetch-Site` says it came from another
  site, is refused with 403 before anything is read or written.
- **Headers.** A strict Content-Security-Policy (scripts and styles only from this origin, no
  inline script, no framing), `nosniff`, no referrer to other sites (`same-origin`: Chromium
  sends `Origin: null` on a form post under `no-referrer`), and `no-store` on anything personal.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import Final

from cryptography.fernet import Fernet, InvalidToken
from starlette.requests import Request
from starlette.responses import Response

SESSION_COOKIE: Final = "lr_session"
ANON_COOKIE: Final = "lr_anon"
LANG_COOKIE: Final = "lr_lang"
CSRF_FIELD: Final = "csrf"
#: How long a session lasts after sign-in (seconds); then the token must be pasted again.
SESSION_SECONDS: Final = 8 * 3600
#: Tokens are short; anything longer is not one of ours and is not even decrypted.
MAX_COOKIE_LENGTH: Final = 1000

CSP: Final = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS: Final = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _derived(secret: bytes, purpose: str) -> bytes:
    return hmac.new(secret, f"lerarenregister-web:{purpose}".encode(), hashlib.sha256).digest()


class SessionKeys:
    """The keys derived from the register's secret for sessions and CSRF tokens."""

    def __init__(self, secret: bytes) -> None:
        self._fernet = Fernet(base64.urlsafe_b64encode(_derived(secret, "session")))
        self._csrf = _derived(secret, "csrf")

    def seal(self, token: str) -> str:
        """The cookie value that carries a token."""
        return self._fernet.encrypt(token.encode("utf-8")).decode("ascii")

    def open(self, value: str) -> str | None:
        """The token in a session cookie; None when forged, tampered with or expired."""
        if not value or len(value) > MAX_COOKIE_LENGTH:
            return None
        try:
            return self._fernet.decrypt(value.encode("ascii"), ttl=SESSION_SECONDS).decode()
        except (InvalidToken, UnicodeError, ValueError):
            return None

    def csrf_for(self, binding: str) -> str:
        """The CSRF token bound to a session (or anonymous) cookie value."""
        return hmac.new(self._csrf, binding.encode("utf-8"), hashlib.sha256).hexdigest()

    def csrf_ok(self, binding: str | None, presented: str | None) -> bool:
        if not binding or not presented:
            return False
        return hmac.compare_digest(self.csrf_for(binding), presented)


def new_anonymous_id() -> str:
    return secrets.token_urlsafe(32)


def same_origin(request: Request) -> bool:
    """False when the browser says the request came from another site."""
    if request.headers.get("sec-fetch-site") == "cross-site":
        return False
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    host = request.headers.get("host", "")
    return origin.split("://", 1)[-1] == host


def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int) -> None:
    """A cookie the page's script can never read and other sites never send."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def clear_cookie(request: Request, response: Response, name: str) -> None:
    response.delete_cookie(
        name, path="/", httponly=True, samesite="strict", secure=request.url.scheme == "https"
    )


def add_security_headers(response: Response, *, personal: bool) -> None:
    """CSP and friends on every web answer; `no-store` when it may show personal data."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if personal:
        response.headers["Cache-Control"] = "no-store"
    else:
        response.headers.setdefault("Cache-Control", "no-cache")
