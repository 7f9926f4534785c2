"""Commands and reads of the criteria books: draft, adopt, list, and the version in force.

A mixin over `RegisterBase`; the decision commands build on it. A book that was never written
is read as :func:`domain.criteria_book.default_book` and saved with the first command that
needs it, in the same atomic write: a fresh store stays empty until something happens, and
the version in force is the same before and after the defaults are written.
"""

from __future__ import annotations

from datetime import date
from typing import Any

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
from domain.errors import ConflictError, InvalidInputError, NotFoundError, VersionMismatchError
from domain.register.base import CommandResult, Context, RegisterBase, check_expected_version
from policies import (
    CriteriaDocumentError,
    ReregistrationCriteria,
    document_sha256,
    parse_document,
    parse_reregistration,
)
from policies.law import TRANSITION_DATE
from policies.messages import M

log = structlog.get_logger("lerarenregister.criteria")


class CriteriaCommands(RegisterBase):
    """The profession's criteria: versioned documents in one book per criteria name."""

    _parsed_criteria: dict[str, ReregistrationCriteria]

    # -- reads ----------------------------------------------------------------------------

    def criteria_book(self, name: str) -> CriteriaBook:
        """The book of one criteria name; an unsaved default book if none was written yet.

        A default book has pending events: save it with the command that uses it.
        """
        if name not in BOOK_NAMES:
            raise NotFoundError(M.NO_CRITERIA_NAMED(name=repr(name), names=list(BOOK_NAMES)))
        try:
            book: CriteriaBook = self.repository.get(criteria_book_id(name))
        except AggregateNotFoundError:
            return default_book(name)
        return book

    def criteria_versions(self) -> list[dict[str, Any]]:
        """Every version of every book (drafts too), oldest first per name."""
        listed: list[dict[str, Any]] = []
        for name in BOOK_NAMES:
            book = self.criteria_book(name)
            listed += [book.versions[v].summary() for v in sorted(book.versions)]
        return listed

    def criteria_version(self, name: str, version: int) -> CriteriaVersion:
        """One version with its exact document."""
        return self.criteria_book(name).version_of(version)

    def criteria_in_force(self, name: str, on: date) -> CriteriaVersion:
        """The version of ``name`` in force on ``on``."""
        found = self.criteria_book(name).in_force(on)
        if found is None:
            raise NotFoundError(M.NO_CRITERIA_FORCE(name=name, on_date=on.isoformat()))
        return found

    def parsed_reregistration(self, version: CriteriaVersion) -> ReregistrationCriteria:
        """The validated model of a re-registration document, checked against its sha256.

        Refuses a document whose bytes no longer hash to the recorded sha256: a decision must
        never be made or reproduced on a document other than the one it names.
        """
        cache = self.__dict__.setdefault("_parsed_criteria", {})
        cached: ReregistrationCriteria | None = cache.get(version.sha256)
        if cached is not None:
            return cached
        raw = version.raw
        if document_sha256(raw) != version.sha256:
            raise ConflictError(
                M.CRITERIA_VERSION_NO_LONGER_MATCHES_RECORDED(
                    name=version.name, version=version.version, sha256=version.sha256
                )
            )
        try:
            parsed = parse_reregistration(raw)
        except CriteriaDocumentError as exc:
            raise document_errors(exc) from None
        cache[version.sha256] = parsed
        return parsed

    # -- commands -------------------------------------------------------------------------

    def ensure_criteria_books(self, ctx: Context) -> list[str]:
        """Write the default books that were never written; returns their names."""
        written = []
        for name in BOOK_NAMES:
            book = self.criteria_book(name)
            if book.pending_events:
                try:
                    self._save(book)
                except IntegrityError:
                    continue  # written by someone else meanwhile
                written.append(name)
                log.info("criteria_defaults_adopted", name=name, correlation_id=ctx.correlation_id)
        return written

    def _change_book(
        self,
        name: str,
        ctx: Context,
        payload: dict[str, Any],
        change: Any,
        event_name: str,
    ) -> CommandResult[Any]:
        """Load (or default), change, save in one write; a concurrent change is a conflict."""
        book = self.criteria_book(name)

        def run() -> tuple[list[Aggregate], CommandResult[Any]]:
            check_expected_version(ctx, book.version)  # If-Match names the book's version
            data = change(book)
            return [book], CommandResult(book.id, book.version, 0, data)

        try:
            result = self._idempotent(ctx, payload, run)
        except IntegrityError:
            if ctx.expected_version is not None:
                raise VersionMismatchError(ctx.expected_version, book.version) from None
            raise ConflictError(M.CRITERIA_BOOK_CHANGED_SAME_TIME_TRY(name=name)) from None
        log.info(
            event_name,
            criteria=name,
            version=result.data.get("version"),
            sha256=result.data.get("sha256"),
            position=result.position,
        )
        return result

    def _check_running_periods(self, name: str, version: int, effective_from: date) -> None:
        drafted = self.criteria_book(name).version_of(version)
        if not self.parsed_reregistration(drafted).governs_running_periods:
            return
        worse = self.worse_for_running_periods(drafted.raw, effective_from)  # type: ignore[attr-defined]
        if worse:
            listed = ", ".join(
                f"{c['register_number']} ({c['qualification_id']}: {c['current']} -> {c['draft']})"
                for c in worse[:20]
            )
            raise InvalidInputError.of(
                "governs_running_periods",
                M.VERSION_WOULD_MAKE_RUNNING_REGISTRATIONS_WORSE(count=len(worse), listed=listed),
            )

    def draft_criteria(self, raw: bytes, *, ctx: Context) -> CommandResult[Any]:
        """Draft a criteria document (exact bytes); refused with every fault named.

        A re-registration document may not move or remove the law's transition date
        (:data:`policies.law.TRANSITION_DATE`): the field is named in the refusal.
        """
        try:
            document = parse_document(raw)
        except CriteriaDocumentError as exc:
            raise document_errors(exc) from None
        if isinstance(document, ReregistrationCriteria):
            transition = document.transition
            if transition is None or transition.strike_off_from != TRANSITION_DATE:
                raise InvalidInputError.of(
                    "transition.strike_off_from",
                    M.TRANSITION_DATE_LAW_S_WET_BEROEP(transition_date=TRANSITION_DATE.isoformat()),
                )
        payload = {"command": "draft_criteria", "sha256": document_sha256(raw)}

        def change(book: CriteriaBook) -> dict[str, Any]:
            drafted = book.draft(
                raw,
                today=self.clock(),
                actor=ctx.actor,
                reason=ctx.reason,
                correlation_id=ctx.correlation_id,
            )
            return {"name": drafted.name, "version": drafted.version, "sha256": drafted.sha256}

        return self._change_book(document.name, ctx, payload, change, "criteria_drafted")

    def adopt_criteria(
        self,
        name: str,
        version: int,
        *,
        effective_from: date,
        consultation: dict[str, Any],
        ctx: Context,
    ) -> CommandResult[Any]:
        """Adopt a drafted version from ``effective_from``, with the consultation record.

        A version that declares ``governs_running_periods`` is adopted only when the impact
        analysis finds no registration whose outcome it would make worse (lex mitior); the
        refusal lists them. The law's transition date cannot be moved or removed.
        """
        if name == "reregistration":
            self._check_running_periods(name, version, effective_from)
        payload = {
            "command": "adopt_criteria",
            "name": name,
            "version": version,
            "effective_from": effective_from,
            "consultation": consultation,
        }

        def change(book: CriteriaBook) -> dict[str, Any]:
            adopted = book.adopt(
                version,
                effective_from=effective_from,
                consultation=consultation,
                today=self.clock(),
                actor=ctx.actor,
                reason=ctx.reason,
                correlation_id=ctx.correlation_id,
            )
            return adopted.summary()

        return self._change_book(name, ctx, payload, change, "criteria_adopted")
