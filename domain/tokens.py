"""Access tokens: issued and revoked as events, looked up by the hash of the token.

Only the SHA-256 of a token is ever stored; the token itself is shown once, at issue.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.errors import ConflictError
from domain.indexes import token_id
from domain.values import Actor
from policies.messages import M

TOKEN_PREFIX = "lr_"  # noqa: S105 (a prefix, not a secret)


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class AccessToken(Aggregate):
    """A bearer token's role, subject and lifetime; never the token itself."""

    class Issued(Aggregate.Created):
        role: str
        subject: str | None
        expires_at: datetime | None
        issued_by: Actor
        note: str | None

    class Revoked(Aggregate.Event):
        revoked_by: Actor
        reason: str | None

        def apply(self, aggregate: AccessToken) -> None:
            aggregate.revoked = True

    def __init__(
        self,
        role: str,
        subject: str | None,
        expires_at: datetime | None,
        issued_by: Actor,
        note: str | None,
    ) -> None:
        self.role = role
        self.subject = subject
        self.expires_at = expires_at
        self.issued_by = issued_by
        self.note = note
        self.revoked = False

    @classmethod
    def issue(
        cls,
        token: str,
        role: str,
        subject: str | None,
        expires_at: datetime | None,
        issued_by: Actor,
        note: str | None = None,
    ) -> AccessToken:
        return cls._create(
            cls.Issued,
            id=token_id(hash_token(token)),
            role=role,
            subject=subject,
            expires_at=expires_at,
            issued_by=issued_by,
            note=note,
        )

    def revoke(self, *, by: Actor, reason: str | None) -> None:
        if self.revoked:
            raise ConflictError(M.TOKEN_ALREADY_REVOKED())
        self.trigger_event(self.Revoked, revoked_by=by, reason=reason)

    def is_valid(self, now: datetime) -> bool:
        return not self.revoked and (self.expires_at is None or now < self.expires_at)

    @staticmethod
    def id_for(token: str) -> UUID:
        return token_id(hash_token(token))
