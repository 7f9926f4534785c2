"""Which fields of which events are a person's personal data: the one place that says so.

Every event type that carries personal data is declared here once, with its personal fields
and whose data they are. The mapper (:mod:`domain.personal_mapper`) encrypts exactly these
fields with that person's data key and, once the key is destroyed by an erasure, reads them
back as the placeholders below. Dates of events, hours, statuses and outcomes are not personal
text and stay in plain form, so decisions reproduce after an erasure (AVG art. 17(3)(b) lets
the register keep what the law requires; the person's own words and identity it need not).

Placeholders (documented in docs/privacy.md): text fields read ``"[gewist]"``, the BSN reads
``""``, a name reads as a name of placeholders, a date of birth reads ``1900-01-01``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.correspondence import Correspondence
from domain.delivery import PendingAppointments
from domain.erased import ERASED_DATE, ERASED_NAME, ERASED_TEXT
from domain.indexes import IdempotencyRecord
from domain.objection import Objection
from domain.teacher import Teacher

#: The placeholder of each personal field, by field name. A field not listed reads as text.
PLACEHOLDERS: Final[Mapping[str, Any]] = {
    "bsn": "",
    "bsn_masked": "",
    "gender": "",
    "name": ERASED_NAME,
    "birth_date": ERASED_DATE,
}


def placeholder(field: str, value_was_none: bool = False) -> Any:
    """The documented placeholder of one personal field (None stays None)."""
    if value_was_none:
        return None
    return PLACEHOLDERS.get(field, ERASED_TEXT)


def _originator(originator_id: UUID, _state: Mapping[str, Any]) -> UUID:
    return originator_id


def _teacher_field(_originator_id: UUID, state: Mapping[str, Any]) -> UUID:
    value = state["teacher_id"]
    return value if isinstance(value, UUID) else UUID(str(value))


def _person_in(field: str) -> Callable[[UUID, Mapping[str, Any]], UUID]:
    """Whose data: the teacher id in ``field`` of the event's state."""

    def person(_originator_id: UUID, state: Mapping[str, Any]) -> UUID:
        value = state[field]
        return value if isinstance(value, UUID) else UUID(str(value))

    return person


#: What the answer kept for an idempotency key reads as once its person's key is destroyed
#: (a retry then gets a plain refusal, see `domain.register.base`).
ERASED_ANSWER: Final[Mapping[str, Any]] = {"erased": True}


def _answer_owner(_originator_id: UUID, state: Mapping[str, Any]) -> UUID | None:
    """Whose answer an idempotency record keeps: the teacher the answer names (an objection's,
    a proposal's), else the aggregate it changed (a file); None when neither is an id."""
    result = state.get("result")
    if not isinstance(result, Mapping):
        return None
    data = result.get("data")
    candidate = data.get("teacher_id") if isinstance(data, Mapping) else None
    for value in (v for v in (candidate, result.get("aggregate_id")) if v):
        if isinstance(value, UUID):
            return value
        try:
            return UUID(str(value))
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class PersonalFields:
    """The personal fields of one event type, and how to find whose they are."""

    fields: tuple[str, ...]
    #: The person (a teacher id) from the event's originator id and its state; None: no one's.
    person: Callable[[UUID, Mapping[str, Any]], UUID | None] = _originator
    #: Whether writing makes the person a key when they have none. False: the fields are
    #: sealed only under a key that exists (an answer about a delivery belongs to no person).
    create: bool = True
    #: Placeholders of this event type's fields, before the general ones.
    placeholders: Mapping[str, Any] = field(default_factory=dict)
    #: Seal only the events of this type for which this holds (default: all).
    only_if: Callable[[Mapping[str, Any]], bool] | None = None

    #: Whether a field is a path into a dict (``decision.reasons``); set from the fields.
    nested: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "nested", any("." in f for f in self.fields))

    def placeholder(self, name: str) -> Any:
        if name in self.placeholders:
            return self.placeholders[name]
        return placeholder(name.rsplit(".", 1)[-1])

    def values_in(self, state: Mapping[str, Any]) -> dict[str, Any]:
        """The personal values an event's state holds, by field (a dotted path reaches into a
        dict: ``decision.inputs.hearing.view``); None and absent values are not personal."""
        if self.only_if is not None and not self.only_if(state):
            return {}
        if not self.nested:  # the common case, once per event written or read: kept quick
            return {f: v for f in self.fields if (v := state.get(f)) is not None}
        found = {}
        for path in self.fields:
            value = value_at(state, path)
            if value is not None:
                found[path] = value
        return found


def value_at(state: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path, or None where the path does not lead."""
    node: Any = state
    for name in path.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(name)
    return node


def _heard_with_a_view(state: Mapping[str, Any]) -> bool:
    return value_at(state, "decision.inputs.hearing.view") is not None


def _declarations() -> dict[type, PersonalFields]:
    t = Teacher
    return {
        # identity: BSN, names and date of birth
        t.Admitted: PersonalFields(("bsn", "name", "birth_date")),
        t.PersonalDataCorrected: PersonalFields(("name", "birth_date", "reason")),
        # what the teacher wrote
        t.ActivityRecorded: PersonalFields(
            ("title", "evidence", "reflection", "evidence_reference")
        ),
        t.ActivityWithdrawn: PersonalFields(("reason",)),
        t.AppointmentDisputed: PersonalFields(("reason",)),
        t.ViewGiven: PersonalFields(("view",)),
        # a strike-off after a hearing records the view and quotes it in its reasons: both
        # sealed (its outcome, trace, dates and legal basis stay plain, so it reproduces)
        t.StruckOff: PersonalFields(
            ("decision.inputs.hearing.view", "decision.reasons"),
            only_if=_heard_with_a_view,
            placeholders={"decision.reasons": {"nl": [ERASED_TEXT], "en": [ERASED_TEXT]}},
        ),
        # the teacher's own report of leave may say why (illness, care): their words
        t.LeaveRecorded: PersonalFields(("reason",)),
        t.OfferingRated: PersonalFields(("comment",)),
        # a colleague's confirmation: each person's name and words under their own key
        t.PeerConfirmationRequested: PersonalFields(
            ("colleague_name",), _person_in("colleague_id")
        ),
        t.PeerConfirmationAnswered: PersonalFields(("remark",), _person_in("colleague_id")),
        t.PeerRequestReceived: PersonalFields(
            ("requester_name", "activity_title"), _person_in("requester_id")
        ),
        t.PeerRequestAnswered: PersonalFields(("remark",)),
        # the note a teacher adds to an overview shared with their employer
        t.OverviewShared: PersonalFields(("note",)),
        # the grounds of an objection, written by the teacher, kept under the teacher's key
        Objection.Filed: PersonalFields(("grounds", "excuse", "reason"), _teacher_field),
        # the objector's written consent to a further deferral (Awb 7:10(4)): the event does
        # not name the teacher, so it is sealed under the objection's own key, destroyed with
        # the teacher's at erasure (domain.register.erasure.linked_key_owners)
        Objection.DeferredWithConsent: PersonalFields(("consent",)),
        # the first answer to a request with an idempotency key, kept for its retries: it can
        # hold what the person wrote (grounds, a view, a note, a colleague's name)
        IdempotencyRecord.Recorded: PersonalFields(
            ("result",), _answer_owner, create=False, placeholders={"result": ERASED_ANSWER}
        ),
        # the address the register writes to, and the name it greets
        Correspondence.AddressSet: PersonalFields(("address", "name"), _teacher_field),
        # a person not on file yet, as their employer delivered them: the key's owner is the
        # waiting record itself (its id comes from the keyed hash of the BSN); at admission
        # the record is attached to the file, and an erasure of the file destroys this key
        # with the teacher's (domain.register.erasure.linked_key_owners)
        PendingAppointments.Opened: PersonalFields(("bsn_masked", "gender", "birth_date")),
        PendingAppointments.AppointmentDelivered: PersonalFields(("gender", "birth_date")),
    }


#: Personal fields by stored topic; built once.
PERSONAL: Final[dict[str, PersonalFields]] = {
    get_topic(cls): spec for cls, spec in _declarations().items()
}


def personal_fields(topic: str) -> PersonalFields | None:
    """The declaration for a stored topic, or None when the event carries no personal data."""
    return PERSONAL.get(topic)
