"""Criteria as versioned documents: the profession's rules, validated before anyone adopts them.

Two document types, told apart by ``name``: ``reregistration`` (what a teacher must show at the
end of a registration period, plus the pre-register's term) and ``validation`` (what a training
offering must meet). A document that is malformed or contradicts itself is refused with *every*
fault named, so a drafter can fix it in one pass: pydantic reports the structural faults, and
:mod:`policies.consistency` the ones that only show across fields.

Errors::

    ValueError
     └── CriteriaDocumentError   (errors: list of {"field", "message"})
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Annotated, Any, Literal, Self, TypedDict, overload

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from policies.consistency import (
    CONTRADICTION,
    Fault,
    reregistration_faults,
    validation_faults,
)
from policies.facts import ACTIVITY_KINDS, ActivityKind, CompetenceArea, Sector
from policies.messages import M, from_pydantic
from policies.retention import RetentionPolicy

Hours = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
Areas = Annotated[tuple[CompetenceArea, ...], Field(min_length=1)]

__all__ = [
    "AreaMinimum",
    "CriteriaDocumentError",
    "ErrorDetail",
    "NonValidatedRules",
    "PreregisterRules",
    "ReregistrationCriteria",
    "SectorMinimum",
    "StayYears",
    "TransitionRule",
    "ValidationCriteria",
    "WorkExperienceRule",
    "document_sha256",
    "load_default",
    "parse_document",
    "parse_reregistration",
    "parse_validation",
]


class ErrorDetail(TypedDict):
    """One fault in a document: the dotted path of the field and what is wrong with it."""

    field: str
    message: str


class CriteriaDocumentError(ValueError):
    """A criteria document was refused; ``errors`` names every fault found."""

    def __init__(self, errors: list[ErrorDetail]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))


class _Part(BaseModel):
    """Common settings: unknown keys are faults (a typo must not silently drop a rule)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _raise_faults(title: str, faults: list[Fault]) -> None:
    """Report cross-field faults through pydantic so they carry a location like any other."""
    if faults:
        details = [
            InitErrorDetails(
                type=PydanticCustomError(CONTRADICTION, fault.message, {"text": fault.message}),
                loc=fault.loc,
                input=None,
            )
            for fault in faults
        ]
        raise ValidationError.from_exception_data(title, details)


class AreaMinimum(_Part):
    """At least ``min_hours`` on activities that serve any of ``areas``."""

    areas: Areas
    min_hours: Hours


class SectorMinimum(_Part):
    """An extra minimum for qualifications in one sector (vo: 40 hours on subject matter)."""

    sector: Sector
    areas: Areas
    min_hours: Hours


class WorkExperienceRule(_Part):
    """Teaching experience from delivered appointments, in hours.

    ``min_hours`` must equal ``min_fte * hours_per_fte_year * period_years`` rounded down or up
    to a whole hour (0.2 * 1659 * 4 = 1327.2, published as 1328).
    """

    min_fte: Annotated[Decimal, Field(gt=0, le=1, allow_inf_nan=False)]
    hours_per_fte_year: Annotated[Decimal, Field(gt=0, allow_inf_nan=False)]
    min_hours: Hours


class NonValidatedRules(_Part):
    """What an activity outside a validated offering needs before it counts."""

    requires_evidence: StrictBool = True
    requires_reflection: StrictBool = False


class TransitionRule(_Part):
    """The law's transition: a shortfall before ``strike_off_from`` only gives an annotation."""

    strike_off_from: date


class StayYears(_Part):
    """Maximum years in the pre-register, per basis."""

    suitability_declaration: Annotated[StrictInt, Field(ge=1, le=20)]
    in_training: Annotated[StrictInt, Field(ge=1, le=20)]


class PreregisterRules(_Part):
    """Rules for the pre-register; leave extends the stay as it extends a period."""

    max_stay_years: StayYears


class ReregistrationCriteria(_Part):
    """The re-registration criteria, as the profession adopts them (docs/domain.md, "The lifecycle
    of a registration", step 4)."""

    name: Literal["reregistration"]
    version: Annotated[StrictInt, Field(ge=1)]
    description: str = ""
    period_years: Annotated[StrictInt, Field(ge=1, le=20)]
    min_total_hours: Hours
    area_minimums: tuple[AreaMinimum, ...] = ()
    sector_minimums: tuple[SectorMinimum, ...] = ()
    work_experience: WorkExperienceRule | None
    counted_kinds: tuple[ActivityKind, ...] = ACTIVITY_KINDS
    non_validated: NonValidatedRules = NonValidatedRules()
    leave_extends_period: StrictBool = True
    #: Also govern periods already running on the effective date (lex mitior): adoption is
    #: refused when the impact analysis finds any outcome that would become worse.
    governs_running_periods: StrictBool = False
    #: The law's transition, repeated for readers; engine 2.0.0 reads the law's date
    #: (:mod:`policies.law`), and a draft that moves or removes it is refused.
    transition: TransitionRule | None
    preregister: PreregisterRules

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        _raise_faults(type(self).__name__, reregistration_faults(self.model_dump()))
        return self


class ValidationCriteria(_Part):
    """The criteria a training offering is validated against (docs/domain.md, "Validation of
    offerings")."""

    name: Literal["validation"]
    version: Annotated[StrictInt, Field(ge=1)]
    description: str = ""
    min_hours_exclusive: Hours
    requires_hours_split: StrictBool = True
    assessment_when_self_study_exceeds_contact: StrictBool = True
    requires_competence_area: StrictBool = True
    sectors: Annotated[tuple[Sector, ...], Field(min_length=1)] = ("po", "vo", "mbo")
    validity_years: Annotated[StrictInt, Field(ge=1, le=20)]

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        _raise_faults(type(self).__name__, validation_faults(self.model_dump()))
        return self


_MODELS: dict[
    str, type[ReregistrationCriteria] | type[ValidationCriteria] | type[RetentionPolicy]
] = {
    "reregistration": ReregistrationCriteria,
    "validation": ValidationCriteria,
    # The retention policy is versioned and adopted through the same book (AVG art. 5(1)(e)).
    "retention": RetentionPolicy,
}


def _no_cross_checks(_data: dict[str, Any]) -> list[Any]:
    return []


_CROSS_CHECKS = {
    "reregistration": reregistration_faults,
    "validation": validation_faults,
    "retention": _no_cross_checks,
}


def _field(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(document)"


def _load_json(raw: bytes) -> Any:
    """Parse JSON with exact decimals, refusing duplicate keys (the last would silently win)."""
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in items:
            if key in seen:
                duplicates.append(key)
            seen[key] = value
        return seen

    try:
        data = json.loads(raw, parse_float=Decimal, object_pairs_hook=pairs)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CriteriaDocumentError(
            [{"field": "(document)", "message": M.JSON_INVALID(error=exc)}]
        ) from None
    if duplicates:
        raise CriteriaDocumentError(
            [{"field": key, "message": M.KEY_REPEATED()} for key in duplicates]
        )
    return data


def parse_document(raw: bytes) -> ReregistrationCriteria | ValidationCriteria | RetentionPolicy:
    """Validate a criteria document, dispatching on its ``name``.

    Raises :class:`CriteriaDocumentError` naming every fault. When the structure itself is faulty
    pydantic skips the cross-field checks, so they are run on the raw data as well: a drafter
    sees an unknown activity kind *and* a minimum that cannot add up in the same answer.
    """
    data = _load_json(raw)
    if not isinstance(data, dict):
        raise CriteriaDocumentError(
            [{"field": "(document)", "message": M.CRITERIA_DOCUMENT_NOT_OBJECT()}]
        )
    name = data.get("name")
    if not isinstance(name, str) or name not in _MODELS:
        raise CriteriaDocumentError(
            [
                {
                    "field": "name",
                    "message": M.DOCUMENT_NAME_UNKNOWN(names=sorted(_MODELS), name=repr(name)),
                }
            ]
        )
    try:
        return _MODELS[name].model_validate(data)
    except ValidationError as exc:
        errors: list[ErrorDetail] = [
            {"field": _field(e["loc"]), "message": from_pydantic(e)} for e in exc.errors()
        ]
        if not any(e["type"] == CONTRADICTION for e in exc.errors()):
            errors += [
                {"field": _field(f.loc), "message": f.message} for f in _CROSS_CHECKS[name](data)
            ]
        raise CriteriaDocumentError(errors) from None


def parse_reregistration(raw: bytes) -> ReregistrationCriteria:
    """:func:`parse_document`, insisting on a re-registration document."""
    document = parse_document(raw)
    if not isinstance(document, ReregistrationCriteria):
        raise CriteriaDocumentError([{"field": "name", "message": M.DOCUMENT_NOT_REREGISTRATION()}])
    return document


def parse_validation(raw: bytes) -> ValidationCriteria:
    """:func:`parse_document`, insisting on a validation document."""
    document = parse_document(raw)
    if not isinstance(document, ValidationCriteria):
        raise CriteriaDocumentError([{"field": "name", "message": M.DOCUMENT_NOT_VALIDATION()}])
    return document


def document_sha256(raw: bytes) -> str:
    """Hex sha256 of the exact bytes: what a receipt records, so a changed byte is noticed."""
    return hashlib.sha256(raw).hexdigest()


@overload
def load_default(
    name: Literal["reregistration"], version: int = 1
) -> tuple[bytes, ReregistrationCriteria]: ...
@overload
def load_default(
    name: Literal["validation"], version: int = 1
) -> tuple[bytes, ValidationCriteria]: ...
@overload
def load_default(name: Literal["retention"], version: int = 1) -> tuple[bytes, RetentionPolicy]: ...
def load_default(
    name: str, version: int = 1
) -> tuple[bytes, ReregistrationCriteria | ValidationCriteria | RetentionPolicy]:
    """A shipped document (``policies/documents/<name>-v<version>.json``): its bytes and model.

    The bytes are returned too because the criteria book stores and hashes exactly those.
    """
    if name not in _MODELS:
        raise ValueError(f"no shipped criteria document named {name!r}")
    resource = resources.files("policies").joinpath("documents", f"{name}-v{version}.json")
    if not resource.is_file():
        raise ValueError(f"no shipped criteria document {name} version {version}")
    raw = resource.read_bytes()
    return raw, parse_document(raw)
