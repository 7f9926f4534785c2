"""Sample checks of activities: a reproducible random draw, recorded with its seed.

The registrar draws a sample of the activities that count on the teacher's own word (not from
an offering: those need evidence, docs/domain.md, "Evidence and samples"). The draw is a pure
function of its inputs, all recorded in :class:`ActivitySample.Drawn`:

- the population: every activity recorded in the log up to and including ``as_of_position``,
  without an offering, that took place between ``occurred_from`` and ``occurred_until`` and was
  not withdrawn by that position, nor confirmed by a colleague at the same board by then
  (``Teacher.PeerConfirmationAnswered``: a confirmed peer activity counts as evidenced and is
  exempt); stored events never change, so an auditor finds the same population years later;
- the population in a fixed order (teacher id, then activity id);
- ``random.Random(seed).sample`` of ``size`` of them (all of them when fewer).

Redrawing (:func:`draw` on the population read again) must give the recorded activities; the
registrar then accepts or rejects each drawn activity with a reason
(:class:`domain.teacher.Teacher.ActivityJudged`).
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date
from typing import Final
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from domain.errors import FieldError
from domain.values import Actor
from policies.messages import M

MAX_SAMPLE: Final = 1000
#: The method of drawing, recorded so that a later method can never silently replace it.
METHOD: Final = "python-random-sample-v1"

Candidate = tuple[str, str]  # (teacher id, activity id)


def draw(population: Iterable[Candidate], seed: int, size: int) -> list[Candidate]:
    """The sample: ``size`` candidates drawn with ``seed`` from the population in a fixed order,
    answered in that order."""
    ordered = sorted(set(population))
    chosen = random.Random(seed).sample(ordered, min(size, len(ordered)))  # noqa: S311 - not secret
    return sorted(chosen)


def sample_errors(size: int, occurred_from: date, occurred_until: date) -> list[FieldError]:
    """Rules of a sample's parameters."""
    errors: list[FieldError] = []
    if not 1 <= size <= MAX_SAMPLE:
        errors.append(FieldError("size", M.SAMPLE_SIZE_OUT_OF_RANGE(max_sample=MAX_SAMPLE)))
    if occurred_until < occurred_from:
        errors.append(FieldError("occurred_until", M.WINDOW_ENDS_BEFORE_STARTS()))
    return errors


class ActivitySample(Aggregate):
    """One draw of activities for a check: its seed, parameters and what it drew."""

    class Drawn(Aggregate.Created):
        """The registrar drew a sample; everything needed to redo the draw is here."""

        seed: int
        size: int
        occurred_from: date
        occurred_until: date
        as_of_position: int
        method: str
        population_size: int
        drawn: list[list[str]]
        drawn_on: date
        actor: Actor
        reason: str | None
        correlation_id: str

    def __init__(
        self,
        seed: int,
        size: int,
        occurred_from: date,
        occurred_until: date,
        as_of_position: int,
        method: str,
        population_size: int,
        drawn: list[list[str]],
        drawn_on: date,
    ) -> None:
        self.seed = seed
        self.size = size
        self.occurred_from = occurred_from
        self.occurred_until = occurred_until
        self.as_of_position = as_of_position
        self.method = method
        self.population_size = population_size
        self.drawn = [(str(t), str(a)) for t, a in drawn]
        self.drawn_on = drawn_on

    @property
    def sample_id(self) -> str:
        return str(self.id)

    def holds(self, teacher_id: str, activity_id: str) -> bool:
        """Whether the sample drew this activity of this teacher."""
        return (teacher_id, activity_id) in self.drawn

    @classmethod
    def record(
        cls,
        *,
        seed: int,
        size: int,
        occurred_from: date,
        occurred_until: date,
        as_of_position: int,
        population_size: int,
        drawn: list[Candidate],
        drawn_on: date,
        actor: Actor,
        reason: str | None,
        correlation_id: str,
        sample_id: UUID | None = None,
    ) -> ActivitySample:
        return cls._create(
            cls.Drawn,
            id=sample_id or uuid4(),
            seed=seed,
            size=size,
            occurred_from=occurred_from,
            occurred_until=occurred_until,
            as_of_position=as_of_position,
            method=METHOD,
            population_size=population_size,
            drawn=[[t, a] for t, a in drawn],
            drawn_on=drawn_on,
            actor=actor,
            reason=reason,
            correlation_id=correlation_id,
        )
