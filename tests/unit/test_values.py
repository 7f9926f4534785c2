"""Vocabulary and value rules that need no database."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.demo import valid_bsn
from domain.values import (
    bsn_is_valid,
    luhn_check_digit,
    new_register_number,
    person_key,
    register_number_is_valid,
)
from policies.periods import add_years, period_end


@pytest.mark.parametrize(
    ("bsn", "valid"),
    [
        pytest.param("111222333", True, id="known-valid"),
        pytest.param("123456782", True, id="textbook-example"),
        pytest.param("123456789", False, id="fails-elfproef"),
        pytest.param("12345678", False, id="eight-digits"),
        pytest.param("1234567890", False, id="ten-digits"),
        pytest.param("12345678a", False, id="letter"),
        pytest.param("000000000", False, id="all-zero"),
        pytest.param("١١١٢٢٢٣٣٣", False, id="non-ascii-digits"),
    ],
)
def test_bsn_elfproef(bsn: str, valid: bool) -> None:
    """The BSN check rule accepts exactly the numbers that pass the elfproef."""
    assert bsn_is_valid(bsn) is valid


@given(st.integers(min_value=0, max_value=2**32))
def test_generated_bsns_pass_the_elfproef(seed: int) -> None:
    """The demo's BSN generator only makes valid numbers."""
    assert bsn_is_valid(valid_bsn(random.Random(seed)))


@given(st.integers(min_value=0, max_value=2**32))
def test_register_numbers_carry_a_valid_check_digit(seed: int) -> None:
    """A new register number validates; changing any one digit breaks the check digit."""
    number = new_register_number(random.Random(seed))
    assert register_number_is_valid(number)
    for i in range(10):
        wrong = number[:i] + str((int(number[i]) + 1) % 10) + number[i + 1 :]
        assert not register_number_is_valid(wrong)


def test_luhn_check_digit_known_value() -> None:
    assert luhn_check_digit("7992739871") == 3


def test_person_key_depends_on_secret_and_is_not_the_bsn() -> None:
    """The keyed hash hides the BSN and differs per register secret."""
    a = person_key(b"one", "111222333")
    assert a != person_key(b"two", "111222333")
    assert "111222333" not in a
    assert a == person_key(b"one", "111222333")


def test_period_is_four_years_minus_a_day() -> None:
    assert period_end(date(2020, 1, 1), 4) == date(2023, 12, 31)


def test_leap_day_start_ends_on_28_february() -> None:
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)


def test_leave_extends_the_period_by_its_length() -> None:
    """Ninety-one days of leave inside the period move its end by ninety-one days."""
    leave = [(date(2021, 1, 1), date(2021, 4, 1))]
    assert period_end(date(2020, 1, 1), 4, leave) == date(2024, 3, 31)


def test_overlapping_leave_counts_once() -> None:
    leaves = [(date(2021, 1, 1), date(2021, 1, 10)), (date(2021, 1, 5), date(2021, 1, 14))]
    assert period_end(date(2020, 1, 1), 4, leaves) == date(2024, 1, 14)


def test_leave_outside_the_period_changes_nothing() -> None:
    assert period_end(date(2020, 1, 1), 4, [(date(2019, 1, 1), date(2019, 6, 1))]) == date(
        2023, 12, 31
    )


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1)),
    st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 400)), max_size=5),
)
def test_leave_never_shortens_a_period(start: date, raw: list[tuple[int, int]]) -> None:
    """Whatever leave is recorded, the period ends no earlier than without it."""

    leaves = [(start + timedelta(days=a), start + timedelta(days=a + b)) for a, b in raw]
    assert period_end(start, 4, leaves) >= period_end(start, 4)
