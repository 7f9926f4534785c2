"""The `Register` application: one event-sourced application whose methods are the commands.

One application means one notification log and one global order of events, which the read
models and the ledger follow. `base.py` holds what every command shares (saving,
idempotency, retries, reads of a file, the extension points), `context.py` the context and
the results; what several groups need is a collaborator the base builds once and calls:
`criteria_reads.py` (``register.criteria``), `deciding.py` (``register.decider``) and
`impact.py` (``register.evaluations``). Each other module is one group of commands, a mixin
directly on `RegisterBase` that calls the base and its collaborators, never another group.
A command's input is a value from :mod:`domain.commands`.

`Context` and `CommandResult` are named here too, as the callers of the register have always
imported them from this package.
"""

from __future__ import annotations

from domain.register.base import CommandResult, Context
from domain.register.correspondence import CorrespondenceCommands
from domain.register.criteria import CriteriaCommands
from domain.register.decisions import DecisionCommands
from domain.register.delivery import DeliveryCommands
from domain.register.demand import DemandSignal
from domain.register.due import DueRunCommands
from domain.register.erasure import ErasureCommands
from domain.register.facts import FactCommands
from domain.register.hearings import HearingCommands
from domain.register.impact_runs import ImpactRunCommands
from domain.register.objection_case import ObjectionCaseView
from domain.register.objections import ObjectionCommands
from domain.register.offerings import OfferingCommands
from domain.register.peers import PeerCommands
from domain.register.providers import ProviderCommands
from domain.register.retention import RetentionCommands
from domain.register.review import PastDecisionReview
from domain.register.shares import ShareCommands
from domain.register.teacher_file import TeacherFileCommands
from domain.register.tokens import TokenCommands

__all__ = ["CommandResult", "Context", "Register"]


class Register(
    # One group of commands each, directly on `RegisterBase`, in any order: what they share
    # is the base's (its collaborators and extension points), and what runs in an order
    # (`run_due`, `reproduce`) says its order in code, in one place.
    CriteriaCommands,
    CorrespondenceCommands,
    DecisionCommands,
    DeliveryCommands,
    DemandSignal,
    DueRunCommands,
    ErasureCommands,
    FactCommands,
    HearingCommands,
    ImpactRunCommands,
    ObjectionCaseView,
    ObjectionCommands,
    OfferingCommands,
    PastDecisionReview,
    PeerCommands,
    ProviderCommands,
    RetentionCommands,
    ShareCommands,
    TeacherFileCommands,
    TokenCommands,
):
    """The teachers' register: commands in, events recorded, positions out."""
