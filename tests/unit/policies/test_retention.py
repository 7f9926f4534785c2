"""The retention policy document and its pure rules."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources

import pytest
from pydantic import ValidationError

from policies.retention import (
    ErasureFacts,
    annotation_visible_until,
    erasure_refusals,
    load_retention,
    parse_retention,
    strike_off_visible_until,
)

POLICY = load_retention().policy


def test_shipped_document_parses_and_is_hashed() -> None:
    loaded = load_retention()
    assert loaded.summary()["name"] == "retention"
    assert len(loaded.sha256) == 64


def test_a_document_with_an_unknown_field_is_refused() -> None:
    raw = json.loads((resources.files("policies") / "documents" / "retention-v1.json").read_text())
    raw["keep_forever"] = True
    with pytest.raises(ValidationError):
        parse_retention(json.dumps(raw).encode())


@pytest.mark.parametrize(
    ("next_reregistration", "until"),
    [
        pytest.param(date(2028, 9, 1), date(2028, 9, 1), id="leaves-at-next-re-registration"),
        pytest.param(None, date(2030, 9, 1), id="at-most-max-years"),
        pytest.param(date(2035, 1, 1), date(2030, 9, 1), id="max-years-first"),
    ],
)
def test_annotation_leaves_the_public_view(next_reregistration: date | None, until: date) -> None:
    assert annotation_visible_until(date(2026, 9, 1), next_reregistration, POLICY) == until


def test_disciplinary_strike_off_stays_public_longest() -> None:
    on = date(2026, 1, 1)
    assert strike_off_visible_until("disciplinary_measure", on, POLICY) == date(2036, 1, 1)
    assert strike_off_visible_until("criteria_not_met", on, POLICY) == date(2031, 1, 1)


def test_erasure_waits_for_the_end_the_retention_period_and_open_cases() -> None:
    running = ErasureFacts(None, open_objections=1, open_proposals=0)
    assert len(erasure_refusals(running, POLICY, date(2040, 1, 1))) == 2
    ended = ErasureFacts(date(2026, 2, 28), open_objections=0, open_proposals=0)
    assert erasure_refusals(ended, POLICY, date(2031, 2, 27))
    assert erasure_refusals(ended, POLICY, date(2031, 2, 28)) == []
