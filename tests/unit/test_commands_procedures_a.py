"""Commands as values for the hearing and the objection procedure: their payloads keep the
fingerprints stored before they were values, every field is bound, the request schemas follow
the commands, and the typed answers name what the response models show."""

from __future__ import annotations

import dataclasses
import typing
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from pydantic import BaseModel

from api.schemas.decisions import DecisionRecord
from api.schemas.objections import (
    ExtensionCreate,
    LatenessCreate,
    ObjectionCreate,
    ObjectionPublic,
    RulingCreate,
    WrittenConsent,
)
from api.schemas.objections import Ruling as RulingSchema
from api.schemas.proposals import (
    Proposal,
    ProposalCreate,
    ProposalDecisionCreate,
    ProposalWithdrawal,
    ViewCreate,
)
from domain.commands import Command
from domain.commands.hearings import (
    DecideProposal,
    GiveView,
    ProposalDecided,
    ProposalState,
    ProposeStrikeOff,
    WithdrawProposal,
)
from domain.commands.objections import (
    Consent,
    ExtendObjection,
    FileObjection,
    JudgeLateness,
    ObjectionRuled,
    ObjectionState,
    RuleOnObjection,
    Ruling,
)
from domain.register.base import fingerprint

TEACHER = UUID("3f1c2a8e-5b7d-4e6f-9a0b-1c2d3e4f5a6b")
OBJECTION = "7b2d9c1e-4a3f-5e6d-8c7b-0a1b2c3d4e5f"
DECISION = "0f9e8d7c-6b5a-4938-8271-605f4e3d2c1b"

PROPOSAL = ProposeStrikeOff(qualification_id="q-1", ground="incorrect_data")
VIEW = GiveView(proposal_id="p-1", view="Ik ben het er niet mee eens.")
WITHDRAWAL = WithdrawProposal(proposal_id="p-1")
DECISION_AFTER_HEARING = DecideProposal(proposal_id="p-1", effective_on=date(2027, 10, 1))
FILING = FileObjection(decision_id=DECISION, grounds="Niet alles is meegeteld.")
LATE_FILING = dataclasses.replace(FILING, excuse="ziek")
EXTENSION = ExtendObjection(objection_id=OBJECTION)
DEFERRAL = ExtendObjection(
    objection_id=OBJECTION,
    consent=Consent(given_on=date(2027, 11, 2), statement="Akkoord met uitstel."),
    until=date(2027, 12, 15),
)
EXCUSED = JudgeLateness(objection_id=OBJECTION, excusable=True, reasoning="ziek geweest")
NOT_EXCUSED = JudgeLateness(objection_id=OBJECTION, excusable=False, reasoning="geen reden")
RULING = RuleOnObjection(objection_id=OBJECTION, outcome="well_founded", reasoning="alles telt")

#: Fingerprints of these very requests as the register computed them before these commands
#: were values (the payloads built by hand in `domain/register/hearings.py` and
#: `objections.py`), as stored in `IdempotencyRecord`s since. They never change. Beside each,
#: what the application binds beside the command: the file it is aimed at (under ``id``, or
#: ``teacher`` for a decision) and the reason (the context's) where the payload held it.
GOLDEN: list[tuple[Command, dict[str, Any], str]] = [
    (
        PROPOSAL,
        {"id": TEACHER, "reason": "diploma niet te verifieren"},
        "f2e7664b96c184c9f6f3af4912242378215ea3b56fc868a4bf84f85f4f5ba63c",
    ),
    (VIEW, {"id": TEACHER}, "7bba3a48b0b1475fb71ef938cbeb1098db1a645fffd9d001084693642bcba631"),
    (
        WITHDRAWAL,
        {"id": TEACHER},
        "75de90c0dccd12fa7d57fd46df75b439a87f06c6700c2c8e432c1eb5b4517bac",
    ),
    (
        DECISION_AFTER_HEARING,
        {"teacher": TEACHER, "reason": "na het horen"},
        "83dbfbf50f3376c8719637258321a218fc529386a53ec43e4cea7736af793cb7",
    ),
    (FILING, {}, "ea750048173504ffa497eea151a687643d743d8173dc4311350ab88b6b3f9536"),
    (LATE_FILING, {}, "9d238b148d8e2a096c58ff4b883169e0fe954490dd6061e1c95926b736ce6ad2"),
    (
        EXTENSION,
        {"reason": "advies nodig"},
        "8eea6dcd7b1147a8b51fddbc4f1e35118f76c4c753c92491a0eefa0d3cdbd963",
    ),
    (
        DEFERRAL,
        {"reason": "met instemming"},
        "835e9922da73c1709e46e42169a4d89461f686c655da1840446ab600af058562",
    ),
    (EXCUSED, {}, "128d3957dbc6d4d2c8fd73b02733e983ce2b9ec174444b739020454e6cfd329b"),
    (NOT_EXCUSED, {}, "2bfca0991106b43feae21ca7a7dcf26bea1454aa5d42731f16d5c278ad848ed3"),
    (RULING, {}, "6d12d872a654b0fe8698adb85f53728bfb1af60c849a3018c6eb811b7da9b1bc"),
]
GOLDEN_IDS = [
    "propose",
    "give_view",
    "withdraw",
    "decide",
    "file",
    "file_late",
    "extend",
    "defer_with_consent",
    "excuse_lateness",
    "lateness_not_excused",
    "rule",
]


@pytest.mark.parametrize(("command", "bound", "stored"), GOLDEN, ids=GOLDEN_IDS)
def test_payload_fingerprint_is_the_one_stored_before(
    command: Command, bound: dict[str, Any], stored: str
) -> None:
    assert fingerprint(command.payload(**bound)) == stored
    assert command.legacy_payload(**bound) is None  # nothing was left out


#: For every command, another value for each of its fields.
OTHERS: list[tuple[Command, dict[str, Any]]] = [
    (PROPOSAL, {"qualification_id": "q-2", "ground": "disciplinary_measure"}),
    (VIEW, {"proposal_id": "p-2", "view": "Toch wel."}),
    (WITHDRAWAL, {"proposal_id": "p-2"}),
    (DECISION_AFTER_HEARING, {"proposal_id": "p-2", "effective_on": date(2027, 10, 2)}),
    (LATE_FILING, {"decision_id": "d-2", "grounds": "Anders.", "excuse": None}),
    (
        DEFERRAL,
        {
            "objection_id": "o-2",
            "consent": Consent(given_on=date(2027, 11, 3), statement="Akkoord met uitstel."),
            "until": None,
        },
    ),
    (EXCUSED, {"objection_id": "o-2", "excusable": False, "reasoning": "anders"}),
    (NOT_EXCUSED, {"objection_id": "o-2", "excusable": True, "reasoning": "anders"}),
    (RULING, {"objection_id": "o-2", "outcome": "unfounded", "reasoning": "anders"}),
]


@pytest.mark.parametrize(("command", "other"), OTHERS, ids=lambda x: type(x).__name__)
def test_every_field_is_in_the_payload(command: Command, other: dict[str, Any]) -> None:
    """Changing any one field changes the fingerprint: a reused key cannot slip through."""
    assert set(other) == {f.name for f in dataclasses.fields(command)}
    base = fingerprint(command.payload(id=TEACHER))
    for name, value in other.items():
        changed = dataclasses.replace(command, **{name: value})
        assert fingerprint(changed.payload(id=TEACHER)) != base, name


def test_a_consent_statement_is_bound_too() -> None:
    assert DEFERRAL.consent is not None
    other = dataclasses.replace(
        DEFERRAL, consent=dataclasses.replace(DEFERRAL.consent, statement="Akkoord.")
    )
    assert fingerprint(other.payload(reason="x")) != fingerprint(DEFERRAL.payload(reason="x"))


def test_a_lateness_not_excused_is_the_inadmissible_ruling() -> None:
    """Judged not excusable, the lateness is a ruling: its payload is that ruling's, so a key
    used for it is the key of the ruling (as it was before commands were values)."""
    ruling = NOT_EXCUSED.ruling()
    assert ruling == RuleOnObjection(
        objection_id=OBJECTION, outcome="inadmissible", reasoning="geen reden"
    )
    assert NOT_EXCUSED.payload() == ruling.payload()
    assert "excusable" not in EXCUSED.payload()


#: Request fields that are no part of the command: the reason travels in the context.
CONTEXT_FIELDS = {"reason"}
#: Command fields the request names in its address, not its body.
PATH_FIELDS = {"qualification_id", "proposal_id", "objection_id"}

SCHEMAS: list[tuple[type[BaseModel], type[Command]]] = [
    (ProposalCreate, ProposeStrikeOff),
    (ViewCreate, GiveView),
    (ProposalWithdrawal, WithdrawProposal),
    (ProposalDecisionCreate, DecideProposal),
    (ObjectionCreate, FileObjection),
    (ExtensionCreate, ExtendObjection),
    (LatenessCreate, JudgeLateness),
    (RulingCreate, RuleOnObjection),
]


@pytest.mark.parametrize(("schema", "command"), SCHEMAS, ids=lambda x: x.__name__)
def test_request_schema_has_the_commands_fields(
    schema: type[BaseModel], command: type[Command]
) -> None:
    """A field added to the command and not to its request schema (or the other way round)
    fails here; required and default agree."""
    fields = {f.name: f for f in dataclasses.fields(command)}
    asked = {n: f for n, f in fields.items() if n not in PATH_FIELDS}
    accepted = {n: f for n, f in schema.model_fields.items() if n not in CONTEXT_FIELDS}
    assert set(accepted) == set(asked)
    for name, f in asked.items():
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        assert accepted[name].is_required() == required, name
        if not required:
            assert accepted[name].default == f.default, name


def test_the_written_consent_of_the_request_is_the_commands() -> None:
    assert set(WrittenConsent.model_fields) == {f.name for f in dataclasses.fields(Consent)}
    assert all(f.is_required() for f in WrittenConsent.model_fields.values())


def test_commands_built_from_the_request_schemas() -> None:
    """The edge builds each command from its request (and the ids in the address)."""
    deferral = ExtensionCreate.model_validate(
        {
            "reason": "met instemming",
            "consent": {"given_on": "2027-11-02", "statement": "Akkoord met uitstel."},
            "until": "2027-12-15",
        }
    )
    assert ExtendObjection.build({**deferral.model_dump(), "objection_id": OBJECTION}) == DEFERRAL
    extension = ExtensionCreate.model_validate({"reason": "advies nodig"})
    assert ExtendObjection.build({**extension.model_dump(), "objection_id": OBJECTION}) == (
        EXTENSION
    )
    filing = ObjectionCreate.model_validate(
        {"decision_id": DECISION, "grounds": "Niet alles is meegeteld.", "excuse": "ziek"}
    )
    assert FileObjection.build(filing.model_dump()) == LATE_FILING
    lateness = LatenessCreate.model_validate({"excusable": False, "reasoning": "geen reden"})
    assert JudgeLateness.build({**lateness.model_dump(), "objection_id": OBJECTION}) == (
        NOT_EXCUSED
    )
    decision = ProposalDecisionCreate.model_validate(
        {"effective_on": "2027-10-01", "reason": "na het horen"}
    )
    assert DecideProposal.build({**decision.model_dump(), "proposal_id": "p-1"}) == (
        DECISION_AFTER_HEARING
    )
    proposal = ProposalCreate.model_validate({"ground": "incorrect_data", "reason": "x"})
    assert ProposeStrikeOff.build({**proposal.model_dump(), "qualification_id": "q-1"}) == (
        PROPOSAL
    )


#: Response fields no command's answer holds: the version and log position are the result's.
RESULT_FIELDS = {"version", "position"}


@pytest.mark.parametrize(
    ("answer", "model", "optional"),
    [
        (ProposalState, Proposal, set()),
        (ObjectionState, ObjectionPublic, set()),
        (Ruling, RulingSchema, set()),
        # `revoked` is the record's as read later, never the answer's to deciding
        (ProposalDecided, DecisionRecord, {"revoked"}),
    ],
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_the_typed_answer_names_what_the_response_shows(
    answer: type, model: type[BaseModel], optional: set[str]
) -> None:
    """A key added to an answer and not to its response model (or the other way round)
    fails here."""
    keys = set(typing.get_type_hints(answer)) - RESULT_FIELDS
    assert keys == set(model.model_fields) - RESULT_FIELDS - optional


def test_the_answer_to_a_ruling_is_the_ruling_with_the_objection() -> None:
    hints = typing.get_type_hints(ObjectionRuled)
    assert set(hints) == set(typing.get_type_hints(Ruling)) | {"objection"}
    assert hints["objection"] is ObjectionState
