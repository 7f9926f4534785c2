"""The engine that decides today (:data:`policies.engines.CURRENT`), under its usual names.

Callers that decide now import from here; reproduction asks :func:`policies.engines.engine`
for the version a receipt names.
"""

from __future__ import annotations

from policies.engines.v1 import (
    ANNOTATED,
    DAYS_PER_WORK_YEAR,
    RE_REGISTERED,
    REFUSED,
    STRUCK_OFF,
    TERM_EXCEEDED,
    VALIDATED,
    WITHIN_TERM,
)
from policies.engines.v3 import (
    ENGINE_VERSION,
    EXCLUSION_REASONS,
    evaluate,
    evaluate_offering,
    evaluate_preregister,
    period_end,
)

__all__ = [
    "ANNOTATED",
    "DAYS_PER_WORK_YEAR",
    "ENGINE_VERSION",
    "EXCLUSION_REASONS",
    "REFUSED",
    "RE_REGISTERED",
    "STRUCK_OFF",
    "TERM_EXCEEDED",
    "VALIDATED",
    "WITHIN_TERM",
    "evaluate",
    "evaluate_offering",
    "evaluate_preregister",
    "period_end",
]
