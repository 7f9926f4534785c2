"""The admission of training providers: pure rules over the answers a provider gives.

docs/domain.md, "Validation of offerings": a provider is admitted on a Chamber of Commerce number
(KvK, 8 digits), staff at least at hbo level, alignment with practice, quality monitoring, and a
complaints procedure that decides within 2 weeks. The first two and the last are checked on the
answers themselves; whether the alignment with practice and the quality monitoring *suffice* is
a validator's judgement, which comes in as a fact and is recorded in the trace like any other.

The rules are a versioned document (:data:`RULES`) hashed like the criteria documents, so a
receipt names exactly what it applied. No I/O, no clock.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from policies.verdict import INFORMATIONAL, CriterionResult, Verdict, refs

ADMITTED: Final = "admitted"
REFUSED: Final = "refused"
#: Staff levels from low to high (Dutch education levels: mbo, hbo, wo).
STAFF_LEVELS: Final = ("mbo", "hbo", "wo")
KVK_DIGITS: Final = 8

#: The rules applied, as a document: its sha256 goes into every admission receipt.
RULES: Final[dict[str, Any]] = {
    "name": "provider_admission",
    "version": 1,
    "description": "Admission of training providers (DOMAIN.md): KvK number, staff level,"
    " alignment with practice, quality monitoring, complaints procedure.",
    "kvk_digits": KVK_DIGITS,
    "min_staff_level": "hbo",
    "staff_levels": list(STAFF_LEVELS),
    "judged_by_validator": ["practice_alignment", "quality_monitoring"],
    "max_complaint_decision_days": 14,
}


def rules_document() -> bytes:
    """The rules as canonical JSON bytes (what is hashed and shown)."""
    return json.dumps(RULES, sort_keys=True, separators=(",", ":")).encode("utf-8")


RULES_SHA256: Final = hashlib.sha256(rules_document()).hexdigest()


def kvk_is_valid(kvk_number: str) -> bool:
    """A Chamber of Commerce number: exactly eight digits."""
    return len(kvk_number) == KVK_DIGITS and kvk_number.isascii() and kvk_number.isdigit()


@dataclass(frozen=True, slots=True)
class ProviderFacts:
    """What the provider answered, and what the validator judged of it."""

    kvk_number: str
    staff_level: str
    practice_alignment: str
    quality_monitoring: str
    has_complaints_procedure: bool
    complaint_decision_days: int | None
    practice_alignment_sufficient: bool
    quality_monitoring_sufficient: bool
    event_ref: str | None = None


def _judged(described: str, sufficient: bool) -> tuple[str, bool]:
    if not described.strip():
        return "not described", False
    return ("judged sufficient", True) if sufficient else ("judged insufficient", False)


def evaluate_provider(facts: ProviderFacts, on: date) -> Verdict:
    """Judge a provider's application on ``on``: ``admitted`` when every rule is met."""
    evidence = refs([facts.event_ref])
    minimum = str(RULES["min_staff_level"])
    level_ok = facts.staff_level in STAFF_LEVELS and STAFF_LEVELS.index(
        facts.staff_level
    ) >= STAFF_LEVELS.index(minimum)
    alignment, alignment_ok = _judged(facts.practice_alignment, facts.practice_alignment_sufficient)
    quality, quality_ok = _judged(facts.quality_monitoring, facts.quality_monitoring_sufficient)
    days = facts.complaint_decision_days
    limit = int(RULES["max_complaint_decision_days"])
    days_ok = facts.has_complaints_procedure and days is not None and 0 < days <= limit
    trace = (
        CriterionResult(
            "kvk_number",
            f"{KVK_DIGITS} digits",
            f"{KVK_DIGITS} digits" if kvk_is_valid(facts.kvk_number) else "malformed",
            kvk_is_valid(facts.kvk_number),
            evidence,
        ),
        CriterionResult("staff_level", f">={minimum}", facts.staff_level, level_ok, evidence),
        CriterionResult(
            "practice_alignment", "judged sufficient", alignment, alignment_ok, evidence
        ),
        CriterionResult("quality_monitoring", "judged sufficient", quality, quality_ok, evidence),
        CriterionResult(
            "complaints_procedure",
            "yes",
            "yes" if facts.has_complaints_procedure else "no",
            facts.has_complaints_procedure,
            evidence,
        ),
        CriterionResult(
            "complaint_decision_days",
            f"<={limit}",
            str(days) if days is not None else "none",
            days_ok,
            evidence,
        ),
        CriterionResult("decided_on", INFORMATIONAL, on.isoformat(), True, ()),
    )
    met = all(result.passed for result in trace)
    return Verdict(ADMITTED if met else REFUSED, met, on, on, trace)
