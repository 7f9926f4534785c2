"""Every engine version that has decided anything, importable for as long as its decisions
can be reproduced (docs/architecture.md: reproduction runs the engine the receipt names).

A change that could alter an outcome or a trace is a new module ``vN`` and a new entry in
:data:`ENGINES`; :data:`CURRENT` decides from then on. An old module is never edited.
"""

from __future__ import annotations

from datetime import date
from types import ModuleType
from typing import Final, Protocol, cast

from policies.criteria import ReregistrationCriteria, ValidationCriteria
from policies.engines import v1, v2, v3
from policies.facts import LeaveFact, OfferingFacts, QualificationFacts
from policies.verdict import Verdict


class Engine(Protocol):
    """What every engine version offers."""

    ENGINE_VERSION: str

    def evaluate(
        self, facts: QualificationFacts, criteria: ReregistrationCriteria, on: date
    ) -> Verdict: ...

    def evaluate_preregister(
        self, facts: QualificationFacts, criteria: ReregistrationCriteria, on: date
    ) -> Verdict: ...

    def evaluate_offering(
        self, offering: OfferingFacts, criteria: ValidationCriteria, on: date
    ) -> Verdict: ...

    def period_end(
        self, period_start: date, criteria: ReregistrationCriteria, leaves: list[LeaveFact]
    ) -> date: ...


_MODULES: Final[tuple[ModuleType, ...]] = (v1, v2, v3)
#: Engine modules by the version their receipts name.
ENGINES: Final[dict[str, Engine]] = {m.ENGINE_VERSION: cast(Engine, m) for m in _MODULES}
#: The engine that decides today.
CURRENT: Final = v3.ENGINE_VERSION


class UnknownEngineError(LookupError):
    """A receipt names an engine version this register does not have."""

    def __init__(self, version: str) -> None:
        super().__init__(
            f"engine version {version!r} is not available (known: {sorted(ENGINES)}): the"
            " decision cannot be reproduced on another engine"
        )
        self.version = version


def engine(version: str = CURRENT) -> Engine:
    """The engine of ``version``; :class:`UnknownEngineError` when there is none."""
    try:
        return ENGINES[version]
    except KeyError:
        raise UnknownEngineError(version) from None
