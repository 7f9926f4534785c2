"""What every command takes and answers: its `Context` (who, why, which request, which retry
key) and its `CommandResult` (the aggregate, version and log position, and data typed per
command), with the fingerprint that binds an idempotency key to a command's input."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar
from uuid import UUID

from domain.errors import VersionMismatchError
from domain.values import Actor

#: The command-specific part of a result: a `TypedDict` per command (see `domain.results`),
#: so callers read typed fields while the stored answer of an idempotency key keeps its form.
D_co = TypeVar("D_co", bound=Mapping[str, Any], covariant=True)
R = TypeVar("R", bound=Mapping[str, Any])


@dataclass(frozen=True)
class CommandResult(Generic[D_co]):
    """What a command answers: the aggregate, its new version, the log position of its last
    event (for read-your-writes), and command-specific data (typed per command)."""

    aggregate_id: UUID
    version: int
    position: int
    data: D_co = field(default_factory=dict)  # type: ignore[assignment]

    def to_dict(self) -> dict[str, Any]:
        return {
            "aggregate_id": str(self.aggregate_id),
            "version": self.version,
            "position": self.position,
            "data": dict(self.data),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CommandResult[Any]:
        return cls(UUID(d["aggregate_id"]), d["version"], d["position"], d["data"])


@dataclass(frozen=True)
class Context:
    """Who is acting, why, in which request, and with which retry key."""

    actor: Actor
    correlation_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    reason: str | None = None
    idempotency_key: str | None = None
    expected_version: int | None = None


def fingerprint(payload: Any) -> str:
    """A stable hash of a command's input, to tell a retry from a reuse of the same key."""
    return hashlib.sha256(
        json.dumps(payload, sort_keys=True, default=str).encode("utf-8")
    ).hexdigest()


def check_expected_version(ctx: Context, version: int) -> None:
    """412 when the caller's `If-Match` names another version than the aggregate's."""
    if ctx.expected_version is not None and version != ctx.expected_version:
        raise VersionMismatchError(ctx.expected_version, version)
