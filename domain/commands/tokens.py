"""Commands on access tokens: issue one, revoke one.

Neither takes an idempotency key (a token is shown once, at issue; revoking twice is
harmless), so no payload of theirs is stored; :meth:`Command.payload` is their canonical form
all the same."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from domain.commands import Command

__all__ = ["IssueToken", "RevokeToken"]


@dataclass(frozen=True, kw_only=True)
class IssueToken(Command):
    """Issue a bearer token for a role (a teacher, employer or provider token names its
    subject), valid until ``expires_at`` (None: until revoked), with an optional note."""

    NAME: ClassVar[str] = "issue_token"

    role: str
    subject: str | None = None
    expires_at: datetime | None = None
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class RevokeToken(Command):
    """Revoke a token, named by its id (as printed at issue) or by the token itself."""

    NAME: ClassVar[str] = "revoke_token"

    token_or_id: str
