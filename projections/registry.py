"""The read models this register keeps, in one list the composition root hands the runner."""

from __future__ import annotations

from projections.runner import Projection


def all_projections() -> list[Projection]:
    """Every projection, in the order they are caught up."""
    return []
