"""The read models this register keeps, in one list the composition root hands the runner."""

from __future__ import annotations

from projections.catalogue import Catalogue
from projections.costs import Costs
from projections.decisions import Decisions
from projections.deliveries import Deliveries
from projections.identity_check import IdentityCheck
from projections.ledger.projection import Ledger
from projections.objections import Objections
from projections.open_data import OpenData
from projections.outbox import Outbox
from projections.peer_requests import PeerRequests
from projections.portfolio import Portfolio
from projections.projection import Projection
from projections.proposals import Proposals
from projections.public_register import PublicRegister
from projections.shares import Shares
from projections.staff import Staff


def all_projections() -> list[Projection]:
    """Every projection, in the order they are caught up."""
    return [
        PublicRegister(),
        IdentityCheck(),
        Portfolio(),
        Staff(),
        Decisions(),
        Costs(),
        Deliveries(),
        Catalogue(),
        Objections(),
        Proposals(),
        PeerRequests(),
        Shares(),
        Outbox(),
        OpenData(),
        Ledger(),
    ]
