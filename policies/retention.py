"""The retention policy: how long personal data, public entries and the access log are kept.

A versioned document (``policies/documents/retention-v1.json``), validated by pydantic, and
pure rules over it: whether a person's file may be erased on a day, and until when a public
annotation or strike-off ground stays in the public view. No I/O beyond reading the shipped
document, no clock: dates are passed in.

The register may be kept as the law requires (AVG art. 17(3)(b)); erasure applies only once
every registration has ended, the retention period after that end has passed, and no objection
is open. Since 2019 the BIG-register no longer publishes lighter measures by default; here an
annotation leaves the public view at the next re-registration (or after ``max_years``), and a
strike-off ground stays visible for the years the document sets per ground (0: not after the
strike-off is no longer in force).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Years = Annotated[int, Field(ge=0, le=100)]

#: Every ground a strike-off can have (as in domain.values.StrikeOffGround).
GROUNDS = ("criteria_not_met", "disciplinary_measure", "own_request", "deceased", "incorrect_data")


class AnnotationView(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    until_next_reregistration: bool
    max_years: Years


class PublicView(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    annotation: AnnotationView
    strike_off: dict[
        Literal[
            "criteria_not_met", "disciplinary_measure", "own_request", "deceased", "incorrect_data"
        ],
        Years,
    ]


class LegalBasis(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    law: str
    bwb: str
    article: str


class RetentionPolicy(BaseModel):
    """One version of the retention policy document."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Literal["retention"]
    version: Annotated[int, Field(ge=1)]
    description: str
    personal_data_years_after_end: Years
    access_log_days: Annotated[int, Field(ge=1, le=36500)]
    public_view: PublicView
    legal_basis: tuple[LegalBasis, ...]


@dataclass(frozen=True)
class LoadedPolicy:
    """A parsed policy with the exact bytes' hash, as a decision receipt records it."""

    policy: RetentionPolicy
    sha256: str

    def summary(self) -> dict[str, object]:
        return {"name": self.policy.name, "version": self.policy.version, "sha256": self.sha256}


def parse_retention(raw: bytes) -> LoadedPolicy:
    """Parse and validate a retention document (pydantic names every fault)."""
    return LoadedPolicy(RetentionPolicy.model_validate_json(raw), hashlib.sha256(raw).hexdigest())


def load_retention(version: int = 1) -> LoadedPolicy:
    """The shipped retention document of this version."""
    raw = (
        resources.files("policies").joinpath("documents", f"retention-v{version}.json").read_bytes()
    )
    return parse_retention(raw)


def add_years(day: date, years: int) -> date:
    """The same day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class ErasureFacts:
    """What the file says about keeping it: when every registration ended, what is open."""

    #: The day the last qualification was struck off, or None while any is in force.
    registration_ended_on: date | None
    open_objections: int
    open_proposals: int
    already_erased: bool = False


def erasure_refusals(facts: ErasureFacts, policy: RetentionPolicy, on: date) -> list[str]:
    """Why the law still requires the data to be kept on `on` (empty: it may be erased)."""
    reasons: list[str] = []
    if facts.already_erased:
        reasons.append("the personal data of this file were already erased")
    if facts.registration_ended_on is None:
        reasons.append(
            "the registration has not ended: a qualification is still on the register "
            "(AVG art. 17(3)(b): the register is kept as the law requires)"
        )
    else:
        keep_until = add_years(facts.registration_ended_on, policy.personal_data_years_after_end)
        if on < keep_until:
            reasons.append(
                f"the retention period runs until {keep_until.isoformat()} "
                f"({policy.personal_data_years_after_end} years after the registration ended on "
                f"{facts.registration_ended_on.isoformat()}, retention policy v{policy.version})"
            )
    if facts.open_objections:
        reasons.append("an objection against a decision on this file is open (Awb 7:1)")
    if facts.open_proposals:
        reasons.append("an intended strike-off awaits the teacher's view or a decision (Awb 4:8)")
    return reasons


def annotation_visible_until(
    decided_on: date, next_reregistration: date | None, policy: RetentionPolicy
) -> date:
    """The last day an annotation shows in the public view."""
    rule = policy.public_view.annotation
    until = add_years(decided_on, rule.max_years)
    if rule.until_next_reregistration and next_reregistration is not None:
        until = min(until, next_reregistration)
    return until


def strike_off_visible_until(ground: str, effective_on: date, policy: RetentionPolicy) -> date:
    """The last day a strike-off ground shows in the public view."""
    return add_years(effective_on, policy.public_view.strike_off.get(ground, 0))  # type: ignore[call-overload]


def access_log_cutoff(on: date, policy: RetentionPolicy) -> date:
    """Access-log entries from before this day are past their retention."""
    return on - timedelta(days=policy.access_log_days)
