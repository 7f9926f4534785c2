"""Services on both stores with a clock the tests can move forward."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from api.bootstrap import Services
from api.settings import Settings
from tests.decision_helpers import MovableClock, clocked_services


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def services(settings: Settings, clock: MovableClock) -> Iterator[Services]:
    svc = clocked_services(settings, clock)
    yield svc
    svc.close()
