"""Access tokens: issue, revoke, and authenticate a presented bearer token."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import structlog
from eventsourcing.application import AggregateNotFoundError

from domain.commands.tokens import IssueToken, RevokeToken
from domain.errors import InvalidInputError, NotFoundError
from domain.register.base import Context, RegisterBase
from domain.tokens import TOKEN_PREFIX, AccessToken, new_token
from domain.values import Role
from policies.messages import M

log = structlog.get_logger("lerarenregister.register")


class TokenCommands(RegisterBase):
    """Bearer tokens, one aggregate each (the token itself is never stored, only its hash)."""

    def issue_token(self, command: IssueToken, *, ctx: Context) -> tuple[str, UUID]:
        """Issue a bearer token; returns the token (shown once) and its id (for revocation)."""
        role, subject = command.role, command.subject
        if role not in {r.value for r in Role} - {Role.SYSTEM}:
            raise InvalidInputError.of("role", M.ROLE_UNKNOWN(role=repr(role)))
        needs_subject = {Role.TEACHER, Role.EMPLOYER, Role.PROVIDER}
        if role in needs_subject and not subject:
            raise InvalidInputError.of("subject", M.TOKEN_SUBJECT_REQUIRED(role=role))
        if role == Role.TEACHER and subject:
            try:
                self.get_teacher(UUID(subject))
            except ValueError:
                raise InvalidInputError.of("subject", M.TEACHER_SUBJECT_INVALID()) from None
        token = new_token()
        aggregate = AccessToken.issue(
            token, role, subject, command.expires_at, ctx.actor, command.note
        )
        self._save(aggregate)
        log.info("token_issued", token_id=str(aggregate.id), role=role, subject=subject)
        return token, aggregate.id

    def revoke_token(self, command: RevokeToken, *, ctx: Context) -> UUID:
        """Revoke by token id (as printed at issue) or by the token itself."""
        token_or_id = command.token_or_id
        try:
            aggregate_id = UUID(token_or_id)
        except ValueError:
            aggregate_id = AccessToken.id_for(token_or_id)
        try:
            aggregate: AccessToken = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFoundError(M.TOKEN_NOT_FOUND()) from None
        aggregate.revoke(by=ctx.actor, reason=ctx.reason)
        self._save(aggregate)
        log.info("token_revoked", token_id=str(aggregate_id))
        return aggregate_id

    def authenticate(self, token: str) -> AccessToken | None:
        """The valid token record for a presented token, or None."""
        if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            return None
        try:
            aggregate: AccessToken = self.repository.get(AccessToken.id_for(token))
        except AggregateNotFoundError:
            return None
        if not isinstance(aggregate, AccessToken) or not aggregate.is_valid(datetime.now(UTC)):
            return None
        return aggregate
