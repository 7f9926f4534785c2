"""Pure, versioned rules of the register: criteria documents, the engine, and Awb terms.

Imports nothing of ours (docs/architecture.md): the domain folds its events into
:mod:`policies.facts`, picks the criteria document in force, and asks :func:`evaluate`. No I/O
beyond reading the shipped default documents, and no clock: every date is passed in.
"""

from policies.criteria import (
    CriteriaDocumentError,
    ReregistrationCriteria,
    ValidationCriteria,
    document_sha256,
    load_default,
    parse_document,
    parse_reregistration,
    parse_validation,
)
from policies.engine import (
    ENGINE_VERSION,
    evaluate,
    evaluate_offering,
    evaluate_preregister,
    period_end,
)
from policies.facts import (
    ActivityFact,
    AppointmentFact,
    LeaveFact,
    OfferingFacts,
    QualificationFacts,
)
from policies.verdict import CriterionResult, Verdict

__all__ = [
    "ENGINE_VERSION",
    "ActivityFact",
    "AppointmentFact",
    "CriteriaDocumentError",
    "CriterionResult",
    "LeaveFact",
    "OfferingFacts",
    "QualificationFacts",
    "ReregistrationCriteria",
    "ValidationCriteria",
    "Verdict",
    "document_sha256",
    "evaluate",
    "evaluate_offering",
    "evaluate_preregister",
    "load_default",
    "parse_document",
    "parse_reregistration",
    "parse_validation",
    "period_end",
]
