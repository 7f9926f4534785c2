"""What makes a recorded activity believable (docs/domain.md, "Facts that count").

- An activity on an offering that was validated on the activity's date claims at most the
  offering's validated contact and self-study hours; less is allowed (partial attendance).
- Any other activity needs evidence: a description of what was done and learned of at least a
  sentence, with an optional reference (a certificate, a link, a report).

Pure functions over plain values, so that the teacher file and the providers' participation
delivery judge alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from domain.errors import FieldError
from policies.messages import M

#: "At least a sentence": this many words and characters, so "ok" or "cursus" is not evidence.
MIN_EVIDENCE_WORDS: Final = 4
MIN_EVIDENCE_CHARS: Final = 20
MAX_REFERENCE: Final = 500


@dataclass(frozen=True, slots=True)
class OfferingTerms:
    """What the register holds of the offering an activity names, on the activity's date."""

    offering_id: str
    title: str
    provider_id: str
    #: Whether the offering's validation covered the day the activity took place.
    validated: bool
    contact_hours: Decimal
    self_study_hours: Decimal
    competence_areas: tuple[str, ...]


def hours_errors(
    terms: OfferingTerms | None, contact_hours: Decimal, self_study_hours: Decimal
) -> list[FieldError]:
    """Hours above what a validated offering was validated for, each naming its maximum."""
    if terms is None or not terms.validated:
        return []
    errors: list[FieldError] = []
    if contact_hours > terms.contact_hours:
        errors.append(
            FieldError(
                "contact_hours",
                M.CONTACT_HOURS_ABOVE_VALIDATED(hours=terms.contact_hours),
            )
        )
    if self_study_hours > terms.self_study_hours:
        errors.append(
            FieldError(
                "self_study_hours",
                M.SELF_STUDY_HOURS_ABOVE_VALIDATED(hours=terms.self_study_hours),
            )
        )
    return errors


def is_a_description(text: str | None) -> bool:
    """Whether ``text`` describes something in at least a sentence."""
    words = (text or "").split()
    return len(words) >= MIN_EVIDENCE_WORDS and len(" ".join(words)) >= MIN_EVIDENCE_CHARS


def evidence_errors(
    terms: OfferingTerms | None, evidence: str | None, reference: str | None
) -> list[FieldError]:
    """An activity not from a validated offering needs a description of what was done and
    learned; the reference is optional but bounded."""
    errors: list[FieldError] = []
    if not (terms is not None and terms.validated) and not is_a_description(evidence):
        errors.append(
            FieldError(
                "evidence",
                M.ACTIVITY_EVIDENCE_REQUIRED(words=MIN_EVIDENCE_WORDS),
            )
        )
    if reference is not None and len(reference) > MAX_REFERENCE:
        errors.append(
            FieldError("evidence_reference", M.REFERENCE_TOO_LONG(max_reference=MAX_REFERENCE))
        )
    return errors
