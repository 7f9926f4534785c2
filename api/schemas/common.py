"""What the schema modules share: the strict base of request bodies, the answer of a write,
and the vocabularies (sectors, qualification bases, activity kinds, areas, payers, leave kinds,
grounds) as `Literal`s.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

SectorT = Literal["po", "vo", "mbo"]
BasisT = Literal["diploma", "suitability_declaration", "in_training"]
KindT = Literal[
    "training_programme",
    "course",
    "study_day",
    "conference",
    "peer_consultation",
    "lesson_visit",
    "lesson_development",
    "lesson_evaluation",
    "network",
    "school_project",
    "self_study",
]
AreaT = Literal["subject_matter", "didactics", "pedagogy", "professional"]
PayerT = Literal["teacher", "employer", "fund", "other"]
#: ``other`` only by the registrar (the domain refuses it from anyone else).
LeaveKindT = Literal["pregnancy_and_maternity", "parental", "sickness", "care", "other"]
GroundT = Literal[
    "own_request", "deceased", "incorrect_data", "criteria_not_met", "disciplinary_measure"
]


class Strict(BaseModel):
    """A request body: a field it does not name is refused, never ignored."""

    model_config = ConfigDict(extra="forbid")


class WriteAnswer(BaseModel):
    """What every write answers: the aggregate's new version and the log position."""

    version: int
    position: int
