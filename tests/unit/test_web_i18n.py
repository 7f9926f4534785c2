"""The web pages' words: every label in Dutch and English, and the small formatters."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from importlib import resources
from pathlib import Path

import pytest

from api.web import frame, i18n
from api.web.diff import side_by_side
from domain.teacher import Teacher
from domain.values import (
    ActivityKind,
    Basis,
    CompetenceArea,
    LeaveKind,
    Payer,
    QualificationStatus,
    Role,
    Sector,
    StrikeOffGround,
)

TEMPLATES = Path(str(resources.files("api.web").joinpath("templates")))
WEB_CODE = Path(str(resources.files("api.web")))
KEY_IN_TEMPLATE = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z_0-9]+)["']\s*\)""")
KEY_IN_CODE = re.compile(
    r"""\.t\(\s*["']([a-z_]+\.[a-z_0-9]+)["']\s*\)|^\s*\(\s*"(activity\.kind_[a-z]+)",""", re.M
)


def test_every_message_and_label_exists_in_both_languages() -> None:
    """No label is missing or empty in Dutch or in English."""
    for table in (i18n.MESSAGES, i18n.LABELS):
        for key, pair in table.items():
            assert len(pair) == 2, key
            assert all(text.strip() for text in pair), key


def test_every_key_the_pages_ask_for_exists() -> None:
    """Each `t("...")` in a template or in the page code names a known message."""
    used: set[str] = set()
    for template in TEMPLATES.glob("*.html"):
        used |= set(KEY_IN_TEMPLATE.findall(template.read_text()))
    for module in WEB_CODE.glob("*.py"):
        for found in KEY_IN_CODE.findall(module.read_text()):
            used |= {k for k in found if k}
    assert len(used) > 100
    assert sorted(used - set(i18n.MESSAGES)) == []


@pytest.mark.parametrize(
    ("group", "enum"),
    [
        ("sector", Sector),
        ("status", QualificationStatus),
        ("basis", Basis),
        ("kind", ActivityKind),
        ("area", CompetenceArea),
        ("payer", Payer),
        ("leave", LeaveKind),
        ("ground", StrikeOffGround),
        ("role", Role),
    ],
)
def test_every_value_of_the_vocabulary_has_a_label(group: str, enum: type[StrEnum]) -> None:
    """Each value a page may show has a word in both languages."""
    missing = [v.value for v in enum if f"{group}.{v.value}" not in i18n.LABELS]
    assert missing == []


def test_every_event_of_a_teacher_file_has_a_label() -> None:
    """The timeline names every kind of event of the file in words."""
    events = [
        name
        for name, value in vars(Teacher).items()
        if isinstance(value, type)
        and issubclass(value, Teacher.Event)
        and name not in ("Event", "Decided", "Created")
    ]
    missing = [e for e in events if f"event.{e}" not in i18n.LABELS]
    assert missing == []


def test_unknown_values_are_shown_as_stored() -> None:
    """A value added later shows as itself rather than breaking the page."""
    assert i18n.label("kind", "new_kind", "nl") == "new_kind"
    assert i18n.message("no.such.key", "en") == "no.such.key"
    assert i18n.language_of("fr") == "nl"


@pytest.mark.parametrize(
    ("value", "lang", "shown"),
    [
        ("12.50", "nl", "12,5"),
        ("12.50", "en", "12.5"),
        ("160", "nl", "160"),
        (">3.00", "nl", ">3"),
        ("1000.80", "nl", "1000,8"),
    ],
)
def test_hours_are_shown_without_trailing_zeros(value: str, lang: str, shown: str) -> None:
    assert i18n.format_hours(value, lang) == shown


def test_dates_are_written_out_in_the_language() -> None:
    assert i18n.format_date(date(2026, 11, 28), "nl") == "28 november 2026"
    assert i18n.format_date("2027-01-09", "en") == "9 January 2027"
    assert i18n.format_date(None, "nl") == ""


@pytest.mark.parametrize(
    ("criterion", "lang", "words"),
    [
        ("total_hours", "nl", "uren professionalisering in totaal"),
        (
            "areas:didactics+pedagogy+subject_matter",
            "nl",
            "uren aan didactiek, pedagogiek of vakinhoud",
        ),
        ("sector:vo:subject_matter", "en", "hours on subject matter in secondary education"),
        ("activities_excluded:no_evidence", "en", "activities not counted: no evidence"),
    ],
)
def test_criteria_are_named_in_words(criterion: str, lang: str, words: str) -> None:
    assert i18n.criterion_label(criterion, lang) == words


def test_side_by_side_pairs_changed_lines_and_keeps_the_rest() -> None:
    """Changed lines pair up; removed and added lines stand alone; equal lines stay."""
    rows = side_by_side(["a", "b", "c", "d"], ["a", "B", "c", "e", "f"])
    assert [r.kind for r in rows] == ["same", "changed", "same", "changed", "added"]
    assert rows[1].left == "b"
    assert rows[1].right == "B"
    assert rows[-1].left is None
    assert rows[-1].right_no == 5
    near = side_by_side([str(i) for i in range(20)], [*map(str, range(19)), "x"], context=1)
    assert [r.left for r in near] == ["18", "19"]


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@pytest.mark.parametrize(
    "role", [None, *(role.value for role in Role)], ids=lambda r: r or "anonymous"
)
def test_the_shared_header_names_every_link_in_words(lang: str, role: str | None) -> None:
    """The header made in code (`api/web/frame.py`) asks for known messages: an unknown key
    would be shown as itself (`nav.staff`)."""
    parts = frame.frame(lang, role, "s-1" if role else None)
    html = frame.header(parts, "/", "%2F", "token" if role else None)
    assert "nav." not in html
    assert "site." not in html
    assert len(parts.links) >= 4
