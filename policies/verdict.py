"""What the engine answers: an outcome and a trace that explains it, as plain values.

Every value in a trace is a canonical string, so a reproduction years later can compare the
recorded and recomputed traces with ``==`` and a person can read them without the code.
Conventions of ``required``:

- ``"160.0"``: at least that many hours; ``">3.0"``: strictly more;
- an ISO date: on or before that day;
- ``"-"``: no requirement; the entry only informs (it always passes).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any, Final

#: ``required`` of an entry that informs rather than tests.
INFORMATIONAL: Final = "-"
_TENTH = Decimal("0.1")


def canonical_hours(value: Decimal) -> str:
    """Hours with at least one decimal and no trailing zeros beyond it: 160 -> "160.0"."""
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -1:
        return format(value.quantize(_TENTH), "f")
    return format(value.normalize(), "f")


def tenths_down(value: Decimal) -> Decimal:
    """Truncate to tenths: a computed figure is shown and compared the same, never rounded up."""
    return value.quantize(_TENTH, rounding=ROUND_DOWN)


def refs(values: Iterable[str | None]) -> tuple[str, ...]:
    """Evidence as a sorted tuple of distinct event refs, so equal facts give equal traces."""
    return tuple(sorted({value for value in values if value}))


@dataclass(frozen=True, slots=True)
class CriterionResult:
    """One line of the trace: the requirement, the value found, and the events behind it."""

    criterion: str
    required: str
    actual: str
    passed: bool
    evidence: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, as stored in a decision receipt."""
        return {
            "criterion": self.criterion,
            "required": self.required,
            "actual": self.actual,
            "passed": self.passed,
            "evidence": list(self.evidence),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CriterionResult:
        """Inverse of :meth:`to_dict`."""
        return cls(
            criterion=str(data["criterion"]),
            required=str(data["required"]),
            actual=str(data["actual"]),
            passed=bool(data["passed"]),
            evidence=tuple(str(ref) for ref in data["evidence"]),
        )


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of evaluating facts against criteria, with the trace that explains it.

    ``period_start``/``period_end`` are the period the facts were judged over (leave included);
    for an offering, the validity period; for the pre-register, the stay.
    """

    outcome: str
    met: bool
    period_start: date
    period_end: date
    trace: tuple[CriterionResult, ...]

    @property
    def shortfalls(self) -> tuple[CriterionResult, ...]:
        """The criteria not met: what a teacher's progress page and a decision's reasons name."""
        return tuple(result for result in self.trace if not result.passed)

    def result(self, criterion: str) -> CriterionResult | None:
        """The trace entry for ``criterion``, if the trace has one."""
        return next((r for r in self.trace if r.criterion == criterion), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, as stored in a decision receipt."""
        return {
            "outcome": self.outcome,
            "met": self.met,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "trace": [result.to_dict() for result in self.trace],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Verdict:
        """Inverse of :meth:`to_dict`."""
        return cls(
            outcome=str(data["outcome"]),
            met=bool(data["met"]),
            period_start=date.fromisoformat(str(data["period_start"])),
            period_end=date.fromisoformat(str(data["period_end"])),
            trace=tuple(CriterionResult.from_dict(entry) for entry in data["trace"]),
        )
