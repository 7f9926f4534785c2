"""Reads of the criteria books, shared by every command group that judges a file.

`CriteriaReads` is built once by `RegisterBase` (``register.criteria``): the book of a name,
its versions, the version in force, the parsed document (checked against its sha256), the
criteria that govern a period, and the retention policy in force. A book that was never
written is read as :func:`domain.criteria_book.default_book` and saved with the first command
that needs it, in the same atomic write: a fresh store stays empty until something happens,
and the version in force is the same before and after the defaults are written.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import structlog
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from domain.criteria_book import (
    BOOK_NAMES,
    CriteriaBook,
    CriteriaVersion,
    criteria_book_id,
    default_book,
    document_errors,
)
from domain.decisions import GoverningCriteria
from domain.errors import ConflictError, NotFoundError
from policies import (
    CriteriaDocumentError,
    ReregistrationCriteria,
    document_sha256,
    parse_reregistration,
    period_end,
)
from policies.messages import M
from policies.retention import LoadedPolicy, parse_retention

if TYPE_CHECKING:
    from domain.register.base import Context, RegisterBase

log = structlog.get_logger("lerarenregister.criteria")


class CriteriaReads:
    """The criteria books as the register reads them (no command changes a book here, except
    writing the shipped defaults that were never written)."""

    def __init__(self, register: RegisterBase) -> None:
        self._register = register
        self._parsed: dict[str, ReregistrationCriteria] = {}
        self._retention: dict[str, LoadedPolicy] = {}

    def book(self, name: str) -> CriteriaBook:
        """The book of one criteria name; an unsaved default book if none was written yet.

        A default book has pending events: save it with the command that uses it.
        """
        if name not in BOOK_NAMES:
            raise NotFoundError(M.CRITERIA_NAME_UNKNOWN(name=repr(name), names=list(BOOK_NAMES)))
        try:
            book: CriteriaBook = self._register.repository.get(criteria_book_id(name))
        except AggregateNotFoundError:
            return default_book(name)
        return book

    def versions(self) -> list[dict[str, Any]]:
        """Every version of every book (drafts too), oldest first per name."""
        listed: list[dict[str, Any]] = []
        for name in BOOK_NAMES:
            book = self.book(name)
            listed += [book.versions[v].summary() for v in sorted(book.versions)]
        return listed

    def version(self, name: str, version: int) -> CriteriaVersion:
        """One version with its exact document."""
        return self.book(name).version_of(version)

    def in_force(self, name: str, on: date) -> CriteriaVersion:
        """The version of ``name`` in force on ``on``."""
        found = self.book(name).in_force(on)
        if found is None:
            raise NotFoundError(M.CRITERIA_NOT_IN_FORCE(name=name, on_date=on.isoformat()))
        return found

    def parsed_reregistration(self, version: CriteriaVersion) -> ReregistrationCriteria:
        """The validated model of a re-registration document, checked against its sha256.

        Refuses a document whose bytes no longer hash to the recorded sha256: a decision must
        never be made or reproduced on a document other than the one it names.
        """
        cached = self._parsed.get(version.sha256)
        if cached is not None:
            return cached
        raw = version.raw
        if document_sha256(raw) != version.sha256:
            raise ConflictError(
                M.CRITERIA_VERSION_HASH_MISMATCH(
                    name=version.name, version=version.version, sha256=version.sha256
                )
            )
        try:
            parsed = parse_reregistration(raw)
        except CriteriaDocumentError as exc:
            raise document_errors(exc) from None
        self._parsed[version.sha256] = parsed
        return parsed

    def on(self, book: CriteriaBook, on: date) -> tuple[CriteriaVersion, ReregistrationCriteria]:
        """The re-registration criteria in force on ``on`` (409 when none is)."""
        version = book.in_force(on)
        if version is None:
            raise ConflictError(M.REREGISTRATION_CRITERIA_NOT_IN_FORCE(on_date=on.isoformat()))
        return version, self.parsed_reregistration(version)

    def of_period(
        self, book: CriteriaBook, start: date, leaves: Any, on: date
    ) -> GoverningCriteria:
        """The criteria version that governs the period beginning on ``start``, decided ``on``.

        docs/domain.md, "Criteria of the period": the version in force on the day the period began
        (the earliest adopted version for a period that began before any was in force). A later
        version governs instead when it declares ``governs_running_periods`` and took effect
        while the period ran (and by ``on``); its adoption was refused had it made any outcome
        worse (lex mitior, checked by the impact analysis). The latest such version wins.
        """
        adopted = book.adopted_versions()
        if not adopted:
            raise ConflictError(M.REREGISTRATION_CRITERIA_NOT_ADOPTED())
        base = book.in_force(start)
        reason = "in_force_at_period_start"
        if base is None:
            base, reason = adopted[0], "first_version"
        criteria = self.parsed_reregistration(base)
        end = period_end(start, criteria, leaves)
        chosen, chosen_criteria = base, criteria
        for later in adopted:
            assert later.effective_from is not None
            assert base.effective_from is not None
            if not (start < later.effective_from <= min(end, on)):
                continue
            if later.effective_from <= base.effective_from:
                continue
            parsed = self.parsed_reregistration(later)
            if parsed.governs_running_periods:
                chosen, chosen_criteria, reason = later, parsed, "governs_running_periods"
        assert chosen.effective_from is not None
        return GoverningCriteria(
            chosen,
            chosen_criteria,
            {
                "rule": reason,
                "period_start": start.isoformat(),
                "effective_from": chosen.effective_from.isoformat(),
            },
        )

    def retention_policy(self, on: date | None = None) -> LoadedPolicy:
        """The retention policy in force on `on` (default: the register's date).

        The version comes from the retention book (drafted and adopted like the criteria);
        a book never written reads as the shipped ``retention-v1.json``, in force from
        :data:`domain.criteria_book.DEFAULT_EFFECTIVE_FROM`. A document whose bytes no longer
        hash to the recorded sha256 is refused: a run or an erasure must name what it applied.
        """
        version = self.in_force("retention", on if on is not None else self._register.clock())
        loaded = self._retention.get(version.sha256)
        if loaded is None:
            loaded = parse_retention(version.raw)
            if loaded.sha256 != version.sha256:
                raise ConflictError(
                    M.RETENTION_VERSION_HASH_MISMATCH(
                        version=version.version, sha256=version.sha256
                    )
                )
            self._retention[version.sha256] = loaded
        return loaded

    def ensure_books(self, ctx: Context) -> list[str]:
        """Write the default books that were never written; returns their names."""
        written = []
        for name in BOOK_NAMES:
            book: Aggregate = self.book(name)
            if book.pending_events:
                try:
                    self._register._save(book)
                except IntegrityError:
                    continue  # written by someone else meanwhile
                written.append(name)
                log.info("criteria_defaults_adopted", name=name, correlation_id=ctx.correlation_id)
        return written
