"""The `Register` application: one event-sourced application whose methods are the commands.

One application means one notification log and one global order of events, which the read
models and the ledger follow. `base.py` holds what every command shares (the context, the
results, saving, idempotency, retries, reads of a file); each other module of this package is
one group of commands, a mixin directly on `RegisterBase`. Where one group uses another's
method, `RegisterBase` declares it (see the end of `base.py`), so no group inherits another.
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
from domain.register.erasure import ErasureCommands
from domain.register.facts import FactCommands
from domain.register.hearings import HearingCommands
from domain.register.impact import ProgressAndImpact
from domain.register.impact_runs import ImpactRunCommands
from domain.register.objections import ObjectionCommands
from domain.register.offerings import OfferingCommands
from domain.register.peers import PeerCommands
from domain.register.retention import RetentionCommands
from domain.register.review import PastDecisionReview
from domain.register.shares import ShareCommands
from domain.register.teacher_file import TeacherFileCommands

__all__ = ["CommandResult", "Context", "Register"]


class Register(
    # `run_due` runs in this order, each calling the next with `super()`: reminders after
    # retention after the decisions; `reproduce`: objections refine the decisions'.
    CorrespondenceCommands,
    RetentionCommands,
    ObjectionCommands,
    DecisionCommands,
    # The rest stand alone (any order).
    TeacherFileCommands,
    CriteriaCommands,
    FactCommands,
    PeerCommands,
    DeliveryCommands,
    OfferingCommands,
    HearingCommands,
    PastDecisionReview,
    ShareCommands,
    ProgressAndImpact,
    ImpactRunCommands,
    DemandSignal,
    ErasureCommands,
):
    """The teachers' register: commands in, events recorded, positions out."""
