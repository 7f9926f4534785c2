"""The hearing before an adverse decision (zienswijze, Awb 4:8): its commands and answers.

The registrar proposes a strike-off (:class:`ProposeStrikeOff`), the teacher gives their view
(:class:`GiveView`), the registrar decides after it (:class:`DecideProposal`) or withdraws the
proposal (:class:`WithdrawProposal`). Each is aimed at a teacher's file, which the application
method takes as its first argument; the reason travels in the context.

Their payloads keep the shape they had before commands were values (stored fingerprints are
forever): the target under ``id`` (under ``teacher`` for the decision), the proposal under
``proposal``, and the reason beside it where it was bound (a proposal and its decision bind it,
a withdrawal does not). ``tests/unit/test_commands_procedures_a.py`` holds their fingerprints.

The answers: :class:`ProposalState`, the proposal as it stands after the command (proposing,
giving a view and withdrawing all answer with it, as does the query `proposal_of`), and
:class:`ProposalDecided`, the decision's receipt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, TypedDict

from domain.commands import Command
from domain.commands.results import DecisionReceipt

__all__ = [
    "DecideProposal",
    "GiveView",
    "ProposalDecided",
    "ProposalState",
    "ProposeStrikeOff",
    "WithdrawProposal",
]


@dataclass(frozen=True, kw_only=True)
class ProposeStrikeOff(Command):
    """Announce an intended strike-off on the registrar's own initiative; the teacher's view is
    due within the term (the reason, which the payload binds, is the context's)."""

    NAME: ClassVar[str] = "propose_strike_off"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {
        "qualification_id": "qualification",
        "ground": "ground",
    }

    qualification_id: str
    ground: str


@dataclass(frozen=True, kw_only=True)
class GiveView(Command):
    """The teacher's view on an intended strike-off, within the term."""

    NAME: ClassVar[str] = "give_view"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {"proposal_id": "proposal", "view": "view"}

    proposal_id: str
    view: str


@dataclass(frozen=True, kw_only=True)
class WithdrawProposal(Command):
    """The registrar drops an intended strike-off (the reason, which the payload never bound,
    is the context's)."""

    NAME: ClassVar[str] = "withdraw_proposal"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {"proposal_id": "proposal"}

    proposal_id: str


@dataclass(frozen=True, kw_only=True)
class DecideProposal(Command):
    """Strike off after the hearing, from ``effective_on`` (the reason, which the payload
    binds, is the context's)."""

    NAME: ClassVar[str] = "decide_proposal"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {
        "proposal_id": "proposal",
        "effective_on": "effective_on",
    }

    proposal_id: str
    effective_on: date


class ProposalState(TypedDict):
    """A proposal as the teacher and the registrar see it (dates as ISO strings)."""

    proposal_id: str
    teacher_id: str
    qualification_id: str
    ground: str
    grounds: str | None
    proposed_on: str
    view_due: str
    view: str | None
    view_given_on: str | None
    #: open, decided or withdrawn
    status: str
    decision_id: str | None
    #: For a strike-off proposed at re-registration: the assessment it rests on.
    assessment: dict[str, Any] | None


#: The receipt of the strike-off decided after the hearing: a decision's receipt like every
#: other (docs/architecture.md); its ``inputs`` hold the hearing and the view.
ProposalDecided = DecisionReceipt
