"""Pure helpers of the read models: name keys, dated intervals, money and cursors."""

from __future__ import annotations

from datetime import date

import pytest

from projections.common import (
    decode_cursor,
    encode_cursor,
    money,
    name_key,
    split_name_query,
)
from projections.public_register_entries import intervals


@pytest.mark.parametrize(
    ("text", "key"),
    [
        pytest.param("Ünal", "unal", id="umlaut"),
        pytest.param("Yılmaz", "yilmaz", id="dotless-i"),
        pytest.param("Çelik", "celik", id="cedilla"),
        pytest.param("  Van  der MEER ", "van der meer", id="spaces-and-case"),
        pytest.param("Jansen-Öztürk", "jansen ozturk", id="hyphen"),
    ],
)
def test_name_keys_ignore_case_accents_and_spacing(text: str, key: str) -> None:
    """Search keys fold case, accents and punctuation away."""
    assert name_key(text) == key


def test_a_leading_name_prefix_is_split_off_a_query() -> None:
    """ "de Vries" searches family names starting with "vries" among people prefixed "de"."""
    assert split_name_query("De Vries") == ("de", "vries")
    assert split_name_query("van den berg") == ("van den", "berg")
    assert split_name_query("van") == ("", "van")


def _change(on: str, status: str, seq: int, start: str = "2020-01-01") -> dict[str, object]:
    return {"from": on, "status": status, "seq": seq, "period_start": start, "event": "x"}


def test_status_changes_become_consecutive_intervals() -> None:
    """Each status runs until the day before the next one; the last is still running."""
    history = intervals(
        [
            _change("2020-01-01", "registered", 1),
            _change("2023-05-01", "struck_off", 2),
            _change("2024-01-01", "registered", 3, "2024-01-01"),
        ],
        4,
        [],
    )
    assert [(h["status"], h["from"], h["to"]) for h in history] == [
        ("registered", "2020-01-01", "2023-04-30"),
        ("struck_off", "2023-05-01", "2023-12-31"),
        ("registered", "2024-01-01", None),
    ]
    assert history[-1]["period_end"] == "2027-12-31"


def test_a_same_day_change_supersedes_and_equal_ones_merge() -> None:
    """Two changes on one day leave the later; a repeated status does not split an interval."""
    history = intervals(
        [
            _change("2020-01-01", "registered", 1),
            _change("2022-01-01", "struck_off", 2),
            _change("2022-01-01", "registered", 3),
        ],
        4,
        [(date(2021, 1, 1), date(2021, 1, 10))],
    )
    assert [(h["status"], h["from"], h["to"]) for h in history] == [
        ("registered", "2020-01-01", None)
    ]
    assert history[0]["period_end"] == "2024-01-10"


def test_money_is_printed_with_two_decimals() -> None:
    """Integer cents print as the API's money strings."""
    assert [money(25000), money(5), money(-150)] == ["250.00", "0.05", "-1.50"]


def test_a_cursor_round_trips_and_a_foreign_one_is_refused() -> None:
    """Cursors carry the last sort key; anything else decodes to None."""
    assert decode_cursor(encode_cursor("vries", "1234567890"), 2) == ["vries", "1234567890"]
    assert decode_cursor("not-a-cursor", 2) is None
    assert decode_cursor(encode_cursor("a"), 2) is None
