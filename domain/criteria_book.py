"""The criteria book: the profession's versioned criteria documents, drafted and adopted as events.

One book per criteria name (``reregistration``, ``validation``), its id derived from the name.
The `standards` role drafts a version (the exact document text and its sha256 go into the
event) and adopts it with an ``effective_from`` date and a record of the consultation. Which
version is in force on any date follows from the adoptions; nothing is ever overwritten, so the
history of versions is public and a decision can name the version it applied years later.

The shipped defaults (``policies/documents/<name>-v1.json``) enter a book as version 1, adopted
by the system actor with effect from :data:`DEFAULT_EFFECTIVE_FROM`, the first time the register
needs the book (see :func:`default_book`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Final
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.errors import ConflictError, FieldError, InvalidInputError, NotFoundError
from domain.values import SYSTEM, Actor
from policies import CriteriaDocumentError, document_sha256, load_default, parse_document
from policies.messages import M

NAMESPACE: Final = UUID("0b6f5a55-3f8e-4d7e-9a0c-2b1f4f6c8e21")
#: The criteria names a book can hold (the document types of ``policies.criteria``). The
#: retention policy (``policies/documents/retention-v*.json``, AVG art. 5(1)(e)) is drafted,
#: checked and adopted through the same book as the profession's criteria.
BOOK_NAMES: Final = ("reregistration", "validation", "retention")
#: Effective date of the shipped defaults: before any period this register decides, so they
#: govern all history until the profession adopts another version.
DEFAULT_EFFECTIVE_FROM: Final = date(2017, 8, 1)
DEFAULT_CONSULTATION: Final[dict[str, Any]] = {
    "with": ["registerleraar.nl (voluntary register, 2012-2018)"],
    "held_on": "2017-08-01",
    "summary": "The register's default criteria, shipped with the software as version 1.",
}
#: Largest document the book accepts, in bytes.
MAX_DOCUMENT_BYTES: Final = 64 * 1024


def criteria_book_id(name: str) -> UUID:
    """The book's id, derived from the criteria name: one book per name."""
    return uuid5(NAMESPACE, f"criteria-book:{name}")


@dataclass(frozen=True, slots=True)
class CriteriaVersion:
    """One version of a criteria document, as drafted and (perhaps) adopted."""

    name: str
    version: int
    document: str
    sha256: str
    drafted_on: date
    drafted_by: Actor
    effective_from: date | None = None
    adopted_on: date | None = None
    adopted_by: Actor | None = None
    consultation: dict[str, Any] | None = None

    @property
    def adopted(self) -> bool:
        return self.effective_from is not None

    @property
    def raw(self) -> bytes:
        """The exact bytes that were drafted (and hashed)."""
        return self.document.encode("utf-8")

    def summary(self) -> dict[str, Any]:
        """The public description of the version, without the document itself."""
        return {
            "name": self.name,
            "version": self.version,
            "status": "adopted" if self.adopted else "draft",
            "sha256": self.sha256,
            "drafted_on": self.drafted_on.isoformat(),
            "effective_from": self.effective_from.isoformat() if self.effective_from else None,
            "adopted_on": self.adopted_on.isoformat() if self.adopted_on else None,
            "consultation": self.consultation,
        }


def document_errors(error: CriteriaDocumentError) -> InvalidInputError:
    """Every fault of a refused document, as the register's field errors."""
    return InvalidInputError(
        M.CRITERIA_DOCUMENT_REFUSED(count=len(error.errors)),
        [FieldError(e["field"], e["message"]) for e in error.errors],
    )


def _decode(raw: bytes) -> str:
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise InvalidInputError.of(
            "(document)", M.CRITERIA_DOCUMENT_TOO_LARGE(max_bytes=MAX_DOCUMENT_BYTES)
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInputError.of("(document)", M.CRITERIA_DOCUMENT_NOT_JSON()) from None


def _consultation_errors(consultation: dict[str, Any], today: date) -> list[FieldError]:
    """A consultation names with whom (at least one party) and when (not in the future)."""
    errors: list[FieldError] = []
    parties = consultation.get("with")
    if (
        not isinstance(parties, list)
        or not parties
        or not all(isinstance(p, str) and p.strip() for p in parties)
    ):
        errors.append(FieldError("consultation.with", M.CONSULTED_PARTY_REQUIRED()))
    held_on = consultation.get("held_on")
    try:
        held = date.fromisoformat(str(held_on))
    except ValueError:
        errors.append(FieldError("consultation.held_on", M.CONSULTATION_DATE_INVALID()))
    else:
        if held > today:
            errors.append(FieldError("consultation.held_on", M.CONSULTATION_IN_FUTURE()))
    return errors


class CriteriaBook(Aggregate):
    """All versions of one criteria document, and which is in force from when."""

    class Event(Aggregate.Event):
        """Every change says who made it, why, and in which request."""

        actor: Actor
        reason: str | None
        correlation_id: str

    class Opened(Event, Aggregate.Created):
        """The book for a criteria name was opened."""

        name: str

    class Drafted(Event):
        """A new version was drafted: the exact document and the sha256 of its bytes."""

        version: int
        document: str
        sha256: str
        drafted_on: date

        def apply(self, aggregate: CriteriaBook) -> None:
            aggregate.versions[self.version] = CriteriaVersion(
                name=aggregate.name,
                version=self.version,
                document=self.document,
                sha256=self.sha256,
                drafted_on=self.drafted_on,
                drafted_by=self.actor,
            )

    class Adopted(Event):
        """A drafted version was adopted, in force from ``effective_from``."""

        version: int
        sha256: str
        effective_from: date
        adopted_on: date
        consultation: dict[str, Any]

        def apply(self, aggregate: CriteriaBook) -> None:
            drafted = aggregate.versions[self.version]
            aggregate.versions[self.version] = CriteriaVersion(
                name=drafted.name,
                version=drafted.version,
                document=drafted.document,
                sha256=drafted.sha256,
                drafted_on=drafted.drafted_on,
                drafted_by=drafted.drafted_by,
                effective_from=self.effective_from,
                adopted_on=self.adopted_on,
                adopted_by=self.actor,
                consultation=dict(self.consultation),
            )

    def __init__(self, name: str) -> None:
        self.name = name
        self.versions: dict[int, CriteriaVersion] = {}

    # -- queries --------------------------------------------------------------------------

    def version_of(self, version: int) -> CriteriaVersion:
        """One version, or a clear refusal."""
        try:
            return self.versions[version]
        except KeyError:
            raise NotFoundError(
                M.CRITERIA_VERSION_NOT_FOUND(name=self.name, version=version)
            ) from None

    def adopted_versions(self) -> list[CriteriaVersion]:
        """Adopted versions, oldest effective date first."""
        adopted = [v for v in self.versions.values() if v.effective_from is not None]
        return sorted(adopted, key=lambda v: (v.effective_from, v.version))

    def current(self) -> CriteriaVersion | None:
        """The adopted version with the latest effective date (in force now or later)."""
        adopted = self.adopted_versions()
        return adopted[-1] if adopted else None

    def in_force(self, on: date) -> CriteriaVersion | None:
        """The version in force on ``on``: the latest effective date on or before it."""
        found = None
        for version in self.adopted_versions():
            assert version.effective_from is not None
            if version.effective_from <= on:
                found = version
        return found

    # -- commands -------------------------------------------------------------------------

    @classmethod
    def open(cls, name: str, *, actor: Actor, reason: str | None, correlation_id: str) -> Any:
        """Open the book of one criteria name."""
        if name not in BOOK_NAMES:
            raise NotFoundError(M.CRITERIA_NAME_UNKNOWN(name=repr(name), names=list(BOOK_NAMES)))
        return cls._create(
            cls.Opened,
            id=criteria_book_id(name),
            name=name,
            actor=actor,
            reason=reason,
            correlation_id=correlation_id,
        )

    def draft(
        self, raw: bytes, *, today: date, actor: Actor, reason: str | None, correlation_id: str
    ) -> CriteriaVersion:
        """Draft a new version from the exact bytes of a document; every fault is named."""
        text = _decode(raw)
        try:
            document = parse_document(raw)
        except CriteriaDocumentError as exc:
            raise document_errors(exc) from None
        if document.name != self.name:
            raise InvalidInputError.of("name", M.CRITERIA_BOOK_NAME_MISMATCH(name=repr(self.name)))
        if document.version in self.versions:
            raise ConflictError(
                M.CRITERIA_VERSION_ALREADY_EXISTS(name=self.name, version=document.version)
            )
        highest = max(self.versions, default=0)
        if document.version < highest:
            raise ConflictError(M.CRITERIA_VERSION_NOT_HIGHER(name=self.name, highest=highest))
        self.trigger_event(
            self.Drafted,
            version=document.version,
            document=text,
            sha256=document_sha256(raw),
            drafted_on=today,
            actor=actor,
            reason=reason,
            correlation_id=correlation_id,
        )
        return self.versions[document.version]

    def adopt(
        self,
        version: int,
        *,
        effective_from: date,
        consultation: dict[str, Any],
        today: date,
        actor: Actor,
        reason: str | None,
        correlation_id: str,
        retroactive: bool = False,
    ) -> CriteriaVersion:
        """Adopt a drafted version; all or nothing, with every fault named.

        The effective date must lie after the current version's and, unless ``retroactive``
        (only the system's adoption of the shipped defaults), not before the day of adoption:
        criteria are not changed after the fact.
        """
        drafted = self.version_of(version)
        if drafted.adopted:
            raise ConflictError(M.CRITERIA_VERSION_ALREADY_ADOPTED(name=self.name, version=version))
        errors = _consultation_errors(consultation, today)
        current = self.current()
        if current is not None and current.effective_from is not None:
            if effective_from <= current.effective_from:
                errors.append(
                    FieldError(
                        "effective_from",
                        M.CRITERIA_EFFECT_BEFORE_CURRENT(
                            from_date=current.effective_from.isoformat(), version=current.version
                        ),
                    )
                )
            if version < current.version:
                errors.append(
                    FieldError("version", M.CRITERIA_VERSION_BELOW_CURRENT(version=current.version))
                )
        if not retroactive and effective_from < today:
            errors.append(FieldError("effective_from", M.CRITERIA_EFFECT_BEFORE_ADOPTION()))
        try:
            parse_document(drafted.raw)
        except CriteriaDocumentError as exc:  # pragma: no cover (drafts were validated)
            raise document_errors(exc) from None
        if errors:
            raise InvalidInputError(M.ADOPTION_REFUSED(), errors)
        self.trigger_event(
            self.Adopted,
            version=version,
            sha256=drafted.sha256,
            effective_from=effective_from,
            adopted_on=today,
            consultation=dict(consultation),
            actor=actor,
            reason=reason,
            correlation_id=correlation_id,
        )
        return self.versions[version]


def default_book(name: str, *, correlation_id: str = "criteria-defaults") -> CriteriaBook:
    """A new, unsaved book holding the shipped default as version 1, adopted by the system.

    Saved together with the first command that needs the book; until then, reads show this
    same state, so the version in force is the same before and after it is written.
    """
    raw, _ = load_default(name)  # type: ignore[call-overload]
    reason = "shipped default criteria, adopted on first use of the criteria book"
    book: CriteriaBook = CriteriaBook.open(
        name, actor=SYSTEM, reason=reason, correlation_id=correlation_id
    )
    book.draft(
        raw,
        today=DEFAULT_EFFECTIVE_FROM,
        actor=SYSTEM,
        reason=reason,
        correlation_id=correlation_id,
    )
    book.adopt(
        1,
        effective_from=DEFAULT_EFFECTIVE_FROM,
        consultation=DEFAULT_CONSULTATION,
        today=DEFAULT_EFFECTIVE_FROM,
        actor=SYSTEM,
        reason=reason,
        correlation_id=correlation_id,
        retroactive=True,
    )
    return book
