"""Cross-field checks of criteria documents: rules that are well formed but cannot all hold.

They read plain mappings, not models, on purpose: the same checks run inside the pydantic model
validator (on a valid structure) and on the raw JSON of a structurally faulty document, so that
every fault is named at once. On raw data each check skips what it cannot read; the structural
fault is reported by pydantic.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from policies.messages import M

#: The pydantic error type of a cross-field fault.
CONTRADICTION: Final = "contradiction"


@dataclass(frozen=True, slots=True)
class Fault:
    """A contradiction: where it is (a pydantic-style location) and why it cannot hold."""

    loc: tuple[int | str, ...]
    message: str


def _num(value: Any) -> Decimal | None:
    """A finite number as pydantic would read it, or None when it cannot be read."""
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value)) if isinstance(value, int | float | str) else value
    except InvalidOperation:
        return None
    if isinstance(number, Decimal) and number.is_finite():
        return number
    return None


def _non_negative(value: Any) -> Decimal | None:
    """A number the structure allows as hours; others are pydantic's to report, not compared."""
    number = _num(value)
    return number if number is not None and number >= 0 else None


def _seq(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _repeated(items: list[Any]) -> list[Any]:
    """Hashable items that appear more than once, in order of first repetition."""
    seen: set[Any] = set()
    repeated: list[Any] = []
    for item in items:
        if not isinstance(item, str):
            continue
        if item in seen and item not in repeated:
            repeated.append(item)
        seen.add(item)
    return repeated


def _minimum_faults(
    data: Mapping[str, Any], key: str, total: Decimal | None, with_sector: bool
) -> list[Fault]:
    """Faults of ``area_minimums`` or ``sector_minimums``: repeats and minimums above the total."""
    faults: list[Fault] = []
    earlier: dict[tuple[Any, ...], int] = {}
    for index, entry in enumerate(_seq(data.get(key))):
        entry_map = _map(entry)
        areas = _seq(entry_map.get("areas"))
        faults += [
            Fault((key, index, "areas"), M.VALUE_NAMED_TWICE(value=repr(area)))
            for area in _repeated(areas)
        ]
        if all(isinstance(area, str) for area in areas):
            scope = (entry_map.get("sector") if with_sector else None, *sorted(set(areas)))
            if scope in earlier:
                faults.append(Fault((key, index), M.AREAS_REPEATED(key=key, index=earlier[scope])))
            earlier.setdefault(scope, index)
        hours = _non_negative(entry_map.get("min_hours"))
        if hours is not None and total is not None and hours > total:
            faults.append(
                Fault(
                    (key, index, "min_hours"),
                    M.HOURS_ABOVE_TOTAL(hours=hours, total=total),
                )
            )
    return faults


def _work_experience_faults(data: Mapping[str, Any]) -> list[Fault]:
    """``min_hours`` must be ``min_fte * hours_per_fte_year * period_years``, to a whole hour."""
    rule = _map(data.get("work_experience"))
    fte = _num(rule.get("min_fte"))
    per_year = _num(rule.get("hours_per_fte_year"))
    hours = _num(rule.get("min_hours"))
    years = data.get("period_years")
    if fte is None or per_year is None or hours is None:
        return []
    if not isinstance(years, int) or isinstance(years, bool) or years < 1:
        return []
    if not 0 < fte <= 1 or per_year <= 0 or hours < 0:
        return []
    expected = fte * per_year * years
    low, high = math.floor(expected), math.ceil(expected)
    if low <= hours <= high:
        return []
    values = {"hours": hours, "fte": fte, "per_year": per_year, "years": years}
    message = (
        M.HOURS_FTE_MISMATCH(**values, expected=expected, allowed=low)
        if low == high
        else M.HOURS_FTE_MISMATCH_EITHER(**values, expected=expected, low=low, high=high)
    )
    return [Fault(("work_experience", "min_hours"), message)]


def reregistration_faults(data: Mapping[str, Any]) -> list[Fault]:
    """Every cross-field contradiction in a re-registration document."""
    total = _non_negative(data.get("min_total_hours"))
    faults = _minimum_faults(data, "area_minimums", total, with_sector=False)
    faults += _minimum_faults(data, "sector_minimums", total, with_sector=True)
    if "counted_kinds" in data:
        kinds = _seq(data.get("counted_kinds"))
        faults += [
            Fault(("counted_kinds",), M.VALUE_NAMED_TWICE(value=repr(kind)))
            for kind in _repeated(kinds)
        ]
        if not kinds and total is not None and total > 0:
            faults.append(
                Fault(
                    ("counted_kinds",),
                    M.COUNTED_KINDS_EMPTY(total=total),
                )
            )
    faults += _work_experience_faults(data)
    return faults


def validation_faults(data: Mapping[str, Any]) -> list[Fault]:
    """Every cross-field contradiction in a validation document."""
    faults = [
        Fault(("sectors",), M.VALUE_NAMED_TWICE(value=repr(sector)))
        for sector in _repeated(_seq(data.get("sectors")))
    ]
    if (
        data.get("assessment_when_self_study_exceeds_contact", True) is True
        and data.get("requires_hours_split", True) is False
    ):
        faults.append(
            Fault(
                ("requires_hours_split",),
                M.HOURS_SPLIT_REQUIRED(),
            )
        )
    return faults
