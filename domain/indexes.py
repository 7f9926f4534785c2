"""Index aggregates: uniqueness without a second database.

Each index aggregate's id is derived from its key with `uuid5`, and it is saved in the same
atomic write as the aggregate it guards. A second save of the same key collides on
(originator_id, version 1) and the whole write is refused: that is what keeps one file per
person, one file per register number, one answer per idempotency key.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.values import Actor

NAMESPACE = UUID("5d7f6a0c-2f0e-4b7c-9a51-6c1b9e2d4a10")


def person_index_id(person_key: str) -> UUID:
    """Index id of a person, from the keyed hash of their BSN (never from the BSN itself)."""
    return uuid5(NAMESPACE, f"person:{person_key}")


def register_number_index_id(register_number: str) -> UUID:
    return uuid5(NAMESPACE, f"register-number:{register_number}")


def idempotency_id(actor: Actor, key: str) -> UUID:
    """Keys are scoped per actor: two clients cannot collide on the same key."""
    return uuid5(NAMESPACE, f"idempotency:{actor}:{key}")


def token_id(token_hash: str) -> UUID:
    return uuid5(NAMESPACE, f"token:{token_hash}")


class PersonIndex(Aggregate):
    """Points from a person's keyed BSN hash to their one file."""

    class Indexed(Aggregate.Created):
        teacher_id: UUID

    def __init__(self, teacher_id: UUID) -> None:
        self.teacher_id = teacher_id

    @classmethod
    def create(cls, person_key: str, teacher_id: UUID) -> PersonIndex:
        return cls._create(cls.Indexed, id=person_index_id(person_key), teacher_id=teacher_id)


class RegisterNumberIndex(Aggregate):
    """Points from a public register number to the file."""

    class Indexed(Aggregate.Created):
        teacher_id: UUID

    def __init__(self, teacher_id: UUID) -> None:
        self.teacher_id = teacher_id

    @classmethod
    def create(cls, register_number: str, teacher_id: UUID) -> RegisterNumberIndex:
        return cls._create(
            cls.Indexed, id=register_number_index_id(register_number), teacher_id=teacher_id
        )


class IdempotencyRecord(Aggregate):
    """The first answer to a request with an idempotency key, kept to answer retries."""

    class Recorded(Aggregate.Created):
        key: str
        actor: Actor
        fingerprint: str
        result: dict[str, Any]

    def __init__(self, key: str, actor: Actor, fingerprint: str, result: dict[str, Any]) -> None:
        self.key = key
        self.actor = actor
        self.fingerprint = fingerprint
        self.result = result

    @classmethod
    def create(
        cls, actor: Actor, key: str, fingerprint: str, result: dict[str, Any]
    ) -> IdempotencyRecord:
        return cls._create(
            cls.Recorded,
            id=idempotency_id(actor, key),
            key=key,
            actor=actor,
            fingerprint=fingerprint,
            result=result,
        )
