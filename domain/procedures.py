"""The procedures around the register, as one command group of the `Register` application.

Employer data delivery, providers and their offerings, the hearing before an adverse decision,
and objections: each in its own module, gathered here so that `Register` names one group.
"""

from __future__ import annotations

from domain.delivery_commands import DeliveryCommands
from domain.hearing_commands import HearingCommands
from domain.objection_commands import ObjectionCommands
from domain.offering_commands import OfferingCommands


class ProcedureCommands(DeliveryCommands, OfferingCommands, HearingCommands, ObjectionCommands):
    """Data delivery, provider admission and validation, hearings and objections."""
