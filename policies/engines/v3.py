"""Engine 3.0.0: a peer activity confirmed by a colleague counts as evidenced.

What changed from engine 2.0.0 (:mod:`policies.engines.v2`, kept for reproduction):

- **A colleague's confirmation is evidence** (docs/domain.md, "Evidence and samples"). A peer
  activity that a colleague confirmed, where the appointments show both at one board at the
  same time, counts as evidenced whatever the criteria ask of a non-validated activity's
  evidence; the domain exempts it from sample checks. A confirmation marked "not at the same
  board" counts as before: the activity is judged on its own evidence.

Trace entries added (informational, ``required == "-"``): ``activities_peer_confirmed`` (the
confirmations of counted activities: the events that recorded them) and
``activities_peer_not_same_board`` (confirmations marked "not at the same board"). Everything
else is engine 2.0.0's.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Final

from policies.criteria import ReregistrationCriteria
from policies.engines import v2
from policies.engines.v1 import _info
from policies.engines.v2 import (
    ANNOTATED,
    APPOINTMENT_EXCLUSIONS,
    EXCLUSION_REASONS,
    RE_REGISTERED,
    STRUCK_OFF,
    appointment_exclusion,
    approved_leaves,
    evaluate_offering,
    evaluate_preregister,
    period_end,
)
from policies.facts import ActivityFact, QualificationFacts
from policies.verdict import Verdict, refs

ENGINE_VERSION: Final = "3.0.0"

__all__ = [
    "ANNOTATED",
    "APPOINTMENT_EXCLUSIONS",
    "ENGINE_VERSION",
    "EXCLUSION_REASONS",
    "RE_REGISTERED",
    "STRUCK_OFF",
    "appointment_exclusion",
    "approved_leaves",
    "evaluate",
    "evaluate_offering",
    "evaluate_preregister",
    "peer_confirmed",
    "period_end",
]


def peer_confirmed(activity: ActivityFact) -> bool:
    """Confirmed by a colleague the appointments show at the same board."""
    return activity.peer_confirmation is not None and activity.peer_same_board


def evaluate(facts: QualificationFacts, criteria: ReregistrationCriteria, on: date) -> Verdict:
    """Engine 2.0.0's judgement, with confirmed peer activities counting as evidenced and the
    confirmations named in the trace."""
    activities = tuple(
        replace(a, has_evidence=True) if peer_confirmed(a) else a for a in facts.activities
    )
    verdict = v2.evaluate(replace(facts, activities=activities), criteria, on)
    counted: set[str] = set()
    for entry in verdict.trace:
        if entry.criterion == "activities_counted":
            counted = set(entry.evidence)
    confirmed = [a for a in activities if peer_confirmed(a) and a.event_ref in counted]
    marked = [a for a in activities if a.peer_confirmation is not None and not a.peer_same_board]
    extra = []
    if confirmed:
        extra.append(
            _info(
                "activities_peer_confirmed",
                str(len(confirmed)),
                refs(a.peer_confirmation for a in confirmed),
            )
        )
    if marked:
        extra.append(
            _info(
                "activities_peer_not_same_board",
                str(len(marked)),
                refs(a.peer_confirmation for a in marked),
            )
        )
    if not extra:
        return verdict
    # before the closing transition entry, beside the other activity entries
    trace = (*verdict.trace[:-1], *extra, verdict.trace[-1])
    return replace(verdict, trace=trace)
