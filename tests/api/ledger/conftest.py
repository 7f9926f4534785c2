"""The ledger's HTTP tests sign a checkpoint every 20 events."""

from __future__ import annotations

import pytest

from api.settings import Settings


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The test store's settings, signing a checkpoint every 20 events."""
    return settings.model_copy(update={"ledger_checkpoint_every": 20})
