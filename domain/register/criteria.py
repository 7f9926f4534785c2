"""Commands on the criteria books: draft and adopt a version.

The reads of the books (the version in force, the parsed document, the criteria of a
period, writing the shipped defaults) are :class:`domain.register.criteria_reads.CriteriaReads`,
which every group that judges a file shares (``register.criteria``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, cast

import structlog
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from domain.commands.criteria import AdoptCriteria, DraftCriteria
from domain.commands.results import CriteriaDrafted, CriteriaSummary
from domain.criteria_book import (
    CriteriaBook,
    document_errors,
)
from domain.errors import ConflictError, InvalidInputError, VersionMismatchError
from domain.register.base import CommandResult, Context, RegisterBase, check_expected_version
from domain.register.context import R
from policies import (
    CriteriaDocumentError,
    ReregistrationCriteria,
    parse_document,
)
from policies.law import TRANSITION_DATE
from policies.messages import M

log = structlog.get_logger("lerarenregister.criteria")


class CriteriaCommands(RegisterBase):
    """The profession's criteria: versioned documents in one book per criteria name."""

    # The reads of the books are `register.criteria` (domain.register.criteria_reads).

    def _change_book(
        self,
        name: str,
        ctx: Context,
        payload: dict[str, Any],
        change: Callable[[CriteriaBook], R],
        event_name: str,
    ) -> CommandResult[R]:
        """Load (or default), change, save in one write; a concurrent change is a conflict."""
        book = self.criteria.book(name)

        def run() -> tuple[list[Aggregate], CommandResult[R]]:
            check_expected_version(ctx, book.version)  # If-Match names the book's version
            data = change(book)
            return [book], CommandResult(book.id, book.version, 0, data)

        try:
            result = self._idempotent(ctx, payload, run)
        except IntegrityError:
            if ctx.expected_version is not None:
                raise VersionMismatchError(ctx.expected_version, book.version) from None
            raise ConflictError(M.CRITERIA_BOOK_CHANGED_CONCURRENTLY(name=name)) from None
        log.info(
            event_name,
            criteria=name,
            version=result.data.get("version"),
            sha256=result.data.get("sha256"),
            position=result.position,
        )
        return result

    def _check_running_periods(self, name: str, version: int, effective_from: date) -> None:
        drafted = self.criteria.book(name).version_of(version)
        if not self.criteria.parsed_reregistration(drafted).governs_running_periods:
            return
        worse = self.evaluations.worse_for_running_periods(drafted.raw, effective_from)
        if worse:
            listed = ", ".join(
                f"{c['register_number']} ({c['qualification_id']}: {c['current']} -> {c['draft']})"
                for c in worse[:20]
            )
            raise InvalidInputError.of(
                "governs_running_periods",
                M.CRITERIA_WORSEN_RUNNING_PERIODS(count=len(worse), listed=listed),
            )

    def draft_criteria(
        self, command: DraftCriteria, *, ctx: Context
    ) -> CommandResult[CriteriaDrafted]:
        """Draft a criteria document (exact bytes); refused with every fault named.

        A re-registration document may not move or remove the law's transition date
        (:data:`policies.law.TRANSITION_DATE`): the field is named in the refusal.
        """
        raw = command.raw
        try:
            document = parse_document(raw)
        except CriteriaDocumentError as exc:
            raise document_errors(exc) from None
        if isinstance(document, ReregistrationCriteria):
            transition = document.transition
            if transition is None or transition.strike_off_from != TRANSITION_DATE:
                raise InvalidInputError.of(
                    "transition.strike_off_from",
                    M.TRANSITION_DATE_FIXED_BY_LAW(transition_date=TRANSITION_DATE.isoformat()),
                )
        payload = command.payload()

        def change(book: CriteriaBook) -> CriteriaDrafted:
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
        self, name: str, command: AdoptCriteria, *, ctx: Context
    ) -> CommandResult[CriteriaSummary]:
        """Adopt a drafted version from ``effective_from``, with the consultation record.

        A version that declares ``governs_running_periods`` is adopted only when the impact
        analysis finds no registration whose outcome it would make worse (lex mitior); the
        refusal lists them. The law's transition date cannot be moved or removed.
        """
        version, effective_from = command.version, command.effective_from
        if name == "reregistration":
            self._check_running_periods(name, version, effective_from)
        payload = command.payload(name=name)

        def change(book: CriteriaBook) -> CriteriaSummary:
            adopted = book.adopt(
                version,
                effective_from=effective_from,
                consultation=dict(command.consultation),
                today=self.clock(),
                actor=ctx.actor,
                reason=ctx.reason,
                correlation_id=ctx.correlation_id,
            )
            return cast(CriteriaSummary, adopted.summary())

        return self._change_book(name, ctx, payload, change, "criteria_adopted")
