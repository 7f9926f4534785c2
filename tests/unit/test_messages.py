"""The register's messages by code (policies/messages.py).

Every refusal of domain/ and policies/ is an entry of the catalogue `M`: a stable code, English
words (what the API answers and the CLI prints) and Dutch words (what a page in Dutch shows),
with the same values. The source of domain/ and policies/ is read with `ast`: no refusal gives
free English, and every use of an entry passes exactly the values its words name (a missing
one would fail at the moment of refusing). No entry is kept that nothing uses.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from api.web.labels.domain_errors import translate
from domain.errors import (
    FieldError,
    InvalidInputError,
    TeacherNotFoundError,
    VersionMismatchError,
)
from domain.values import QualificationStatus
from policies.messages import BY_CODE, M, Message, Shape, Text, from_pydantic

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*(ROOT / "domain").rglob("*.py"), *(ROOT / "policies").rglob("*.py")])
#: api/ uses some entries too (a CSV line that does not fit its header, an id in the address).
USERS = sorted([*SOURCES, *(ROOT / "api").rglob("*.py")])

#: The calls that carry a refusal's message, and the position of the message among their
#: arguments: the errors of domain/errors.py, the field errors, the faults of policies.
CARRIERS = {
    "RegisterError": 0,
    "InvalidInputError": 0,
    "NotFoundError": 0,
    "ConflictError": 0,
    "BusyError": 0,
    "AlreadyDecidedError": 0,
    "AwaitingHearingError": 0,
    "CriteriaDocumentError": None,  # a list of {"field", "message"} (read as dicts below)
    "FieldError": 1,
    "Fault": 1,  # policies/consistency.py
    "DateFault": 1,  # policies/law.py
}

ENTRIES = [m for m in vars(M).values() if isinstance(m, Message)]
SHAPES = [m for m in vars(Shape).values() if isinstance(m, Message)]


def _callee(func: ast.expr) -> tuple[str, bool]:
    """`ConflictError` → ("ConflictError", False); `InvalidInputError.of` → (..., True)."""
    if isinstance(func, ast.Name):
        return func.id, False
    if isinstance(func, ast.Attribute):
        if func.attr == "of":
            return _callee(func.value)[0], True
        return func.attr, False
    return "", False


def _free_english(node: ast.expr) -> bool:
    """A literal or an f-string (on either side of `a if c else b`): words without a code."""
    if isinstance(node, ast.IfExp):
        return _free_english(node.body) or _free_english(node.orelse)
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def _free_messages(sources: list[Path] = SOURCES) -> list[str]:
    """Every place in domain/ and policies/ that refuses with words instead of a message."""
    found: list[str] = []
    for path in sources:
        relative = path.name if ROOT not in path.parents else path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text())
        assigned = {  # `message = f"..."` then `raise ConflictError(message)`
            t.id
            for n in ast.walk(tree)
            if isinstance(n, ast.Assign) and _free_english(n.value)
            for t in n.targets
            if isinstance(t, ast.Name) and t.id in ("message", "msg", "text", "again", "refusal")
        }
        for node in ast.walk(tree):
            where = f"{relative}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    is_message = isinstance(key, ast.Constant) and key.value == "message"
                    if is_message and _free_english(value):
                        found.append(f"{where} {ast.unparse(value)[:60]}")
                continue
            if not isinstance(node, ast.Call):
                continue
            name, of = _callee(node.func)
            if name not in CARRIERS or CARRIERS[name] is None:
                continue
            index = 1 if of else CARRIERS[name]
            assert index is not None
            argument = next((k.value for k in node.keywords if k.arg == "message"), None)
            if argument is None and len(node.args) > index:
                argument = node.args[index]
            if argument is None:
                continue
            if _free_english(argument) or (
                isinstance(argument, ast.Name) and argument.id in assigned
            ):
                found.append(f"{where} {name}({ast.unparse(argument)[:60]})")
    return found


def _uses() -> list[tuple[str, str, ast.Call]]:
    """Every `M.NAME(...)` in the source: (where, NAME, the call)."""
    uses: list[tuple[str, str, ast.Call]] = []
    for path in USERS:
        relative = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "M"
            ):
                uses.append((f"{relative}:{node.lineno}", node.func.attr, node))
    return uses


def _named() -> set[str]:
    """Every `M.NAME` the source names (called there, or passed on to be called)."""
    names: set[str] = set()
    for path in USERS:
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "M"
            ):
                names.add(node.attr)
    return names


USES = _uses()


def test_no_refusal_gives_free_english() -> None:
    """Every message of domain/ and policies/ is an entry of the catalogue, so a page can say
    it in Dutch by its code."""
    assert _free_messages() == []


def test_the_reader_finds_free_english(tmp_path: Path) -> None:
    """The source reader sees an error given words (else the test above could not fail)."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f(x):\n"
        "    raise ConflictError(f'qualification {x} is busy')\n"
        "def g():\n"
        "    return [FieldError('bsn', 'no such person'), {'field': 'a', 'message': 'b'}]\n"
        "def h():\n"
        "    raise InvalidInputError.of('bsn', M.BSN_NOT_FOUND())\n"
    )
    assert len(_free_messages([sample])) == 3


def test_the_source_uses_the_catalogue() -> None:
    assert len(USES) > 300
    assert any(name == "TEACHER_NOT_FOUND" for _, name, _ in USES)


@pytest.mark.parametrize("use", USES, ids=lambda u: f"{u[0]} {u[1]}")
def test_every_use_gives_the_values_its_words_name(use: tuple[str, str, ast.Call]) -> None:
    where, name, call = use
    message = getattr(M, name, None)
    assert isinstance(message, Message), f"{where}: no entry M.{name}"
    if any(k.arg is None for k in call.keywords):  # `**values`: checked by running it
        return
    given = sorted(k.arg for k in call.keywords if k.arg is not None)
    assert not call.args, where
    assert given == sorted(set(message.placeholders("en"))), where


def test_every_entry_is_used() -> None:
    """No words are kept for a message nothing gives any more."""
    named = _named()
    assert [m.code for m in ENTRIES if m.code.upper() not in named] == []


@pytest.mark.parametrize("message", ENTRIES + SHAPES, ids=lambda m: m.code)
def test_every_entry_has_english_and_dutch_with_the_same_values(message: Message) -> None:
    assert message.en.strip()
    assert message.nl.strip()
    assert message.nl != message.en
    english, dutch = set(message.placeholders("en")), set(message.placeholders("nl"))
    if message in SHAPES:  # pydantic's English says more (the type, the parser's complaint)
        assert dutch <= english
    else:
        assert english == dutch
    assert re.fullmatch(r"[a-z][a-z0-9_]*", message.code), message.code
    # the words format with their values (no stray braces)
    values = dict.fromkeys(message.placeholders("en"), "x")
    assert message.en.format(**values)
    assert message.nl.format(**values)


def test_codes_are_unique_and_found_by_code() -> None:
    assert len(BY_CODE) == len(ENTRIES)
    assert BY_CODE["teacher_not_found"] is M.TEACHER_NOT_FOUND


#: Words a code does not end on: a code cut off mid-phrase ends on one of them.
_DANGLING = {"a", "an", "the", "and", "or", "but", "so", "of", "to", "by", "with", "which"}
_DANGLING |= {"their", "its", "when", "where", "until", "before", "after", "than", "that"}
#: Words a code does not use: it names the subject and the problem, not the reader.
_PRONOUNS = {"you", "your", "they", "their", "we", "our", "it"}


@pytest.mark.parametrize("message", ENTRIES, ids=lambda m: m.code)
def test_every_code_follows_the_scheme(message: Message) -> None:
    """A code is `<subject>_<problem>` in snake case (`person_already_on_file`,
    `consultation_date_invalid`): at most five words, no word twice, no one-letter fragment
    (the `s` of a possessive, a lone digit or letter), no pronoun, not cut off mid-phrase.
    Codes are stable (clients read them): a new entry follows the scheme from the start."""
    code = message.code
    assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", code), code
    words = code.split("_")
    assert len(words) <= 5, code
    assert len(set(words)) == len(words), f"{code}: a word twice"
    assert not [w for w in words if len(w) == 1], f"{code}: a one-letter fragment"
    assert not words[0].isdigit(), code
    assert not set(words) & _PRONOUNS, code
    assert words[-1] not in _DANGLING, f"{code}: cut off mid-phrase"


def test_the_scheme_test_sees_a_clumsy_code() -> None:
    """Each rule of the scheme refuses a code that breaks only it (codes such as the
    catalogue had before its codes were made stable; none of them its old codes, which
    the rename of the codes would rewrite here too)."""
    for clumsy in (
        "expected_version_but_current_version_now",  # six words
        "objection_already_filed_objection",  # a word twice
        "offering_breaks_register_s_rules",  # the `s` of a possessive
        "gender_is_m_v_o",  # lone letters
        "name_1_200_characters",  # a lone digit
        "subjects_they_state",  # a pronoun
        "criteria_take_effect_before",  # cut off
        "Bad-Code",  # not snake case
    ):
        message = Message("en", "nl")
        object.__setattr__(message, "code", clumsy)
        with pytest.raises(AssertionError):
            test_every_code_follows_the_scheme(message)


def test_the_english_is_the_words_the_api_gave() -> None:
    """The English of a message is what the API answered before it had a code, byte for
    byte: the values formatted as an f-string formats them."""
    text = M.QUALIFICATION_NOT_REREGISTRABLE(
        qualification_id="q-7", status=QualificationStatus.STRUCK_OFF
    )
    assert text == (
        "qualification q-7 is struck_off: only a registered qualification is re-registered"
    )
    assert type(str(text)) is str
    assert text.code == "qualification_not_reregistrable"
    assert json.dumps({"detail": text}) == json.dumps({"detail": str(text)})
    error = VersionMismatchError(3, 4)
    assert error.message == "expected version 3, but the current version is 4"
    assert error.code == "version_mismatch"
    refused = InvalidInputError.of("occurred_on", M.DATE_IN_FUTURE(field="occurred_on", date="x"))
    assert refused.errors[0].code == "date_in_future"
    assert FieldError("bsn", "words").code is None


@pytest.mark.parametrize(
    ("text", "dutch"),
    [
        (M.ACTIVITY_IN_FUTURE(), "De activiteit kan niet in de toekomst liggen."),
        (
            TeacherNotFoundError("0b4f5b6e-1111-2222-3333-444455556666").message,
            "Er is geen dossier van een leraar met id 0b4f5b6e-1111-2222-3333-444455556666.",
        ),
        (
            M.QUALIFICATION_NOT_REREGISTRABLE(
                qualification_id="q-7", status=QualificationStatus.STRUCK_OFF
            ),
            "Bevoegdheid q-7 is doorgehaald: alleen een geregistreerde bevoegdheid kan worden "
            "geherregistreerd.",
        ),
        (
            M.STRIKE_OFF_NEEDS_PROPOSAL(ground="incorrect_data"),
            "Over een doorhaling op grond van onjuiste gegevens wordt pas besloten na een"
            " voornemen en de zienswijze van de leraar (Awb 4:8): maak eerst een voornemen tot"
            " doorhaling.",
        ),
        (
            VersionMismatchError(3, 4).message,
            "Verwacht was versie 3, maar de huidige versie is 4.",
        ),
    ],
)
def test_values_are_kept_and_vocabulary_is_said_in_dutch(text: str, dutch: str) -> None:
    assert translate(text, "nl") == dutch
    assert translate(text, "en") == text


def test_words_without_a_code_stay_as_they_are() -> None:
    """Nothing reads English words to guess their meaning: words without a code are shown as
    they are, in any language."""
    assert translate("something new went wrong", "nl") == "something new went wrong"
    assert translate("the activity cannot lie in the future", "nl") == (
        "the activity cannot lie in the future"
    )
    assert translate("", "nl") == ""


def test_a_text_survives_copying_and_pickling() -> None:
    import copy
    import pickle

    text = M.DECISION_NOT_FOUND(decision_id="d-1")
    for again in (copy.deepcopy(text), pickle.loads(pickle.dumps(text))):
        assert again == text
        assert isinstance(again, Text)
        assert again.said("nl") == text.said("nl")


def test_the_faults_in_a_documents_shape_are_said_in_dutch() -> None:
    """pydantic's words for a malformed criteria document (missing, extra, wrong type, out of
    range, not one of the choices, too few items) keep their English and come out in Dutch
    by pydantic's error type, values kept."""
    from policies.criteria import CriteriaDocumentError, parse_document

    root = ROOT / "policies" / "documents"
    document = json.loads((root / "reregistration-v1.json").read_text(encoding="utf-8"))
    document.pop("period_years", None)
    document.update(
        version="two",
        min_total_hours="lots",
        unexpected=True,
        area_minimums=[{"areas": ["nonsense"], "min_hours": -5}, {"areas": [], "min_hours": 1}],
    )
    with pytest.raises(CriteriaDocumentError) as refused:
        parse_document(json.dumps(document).encode())
    messages = [e["message"] for e in refused.value.errors]
    assert len(messages) >= 5
    assert any(m == "Field required" for m in messages)  # pydantic's own English, kept
    for message in messages:
        dutch = translate(message, "nl")
        assert dutch != message, message
        assert not re.search(r"\b(Input|Field|should|Extra)\b", dutch), dutch
        assert translate(message, "en") == message
    error = {"type": "greater_than_equal", "msg": "Input should be >= 0", "ctx": {"ge": 0}}
    assert translate(from_pydantic(error), "nl") == "Moet ten minste 0 zijn."
    assert from_pydantic(error) == "Input should be >= 0"
    one = {"type": "string_too_short", "msg": "short", "ctx": {"min_length": 1}}
    assert translate(from_pydantic(one), "nl") == "Hier hoort ten minste 1 teken."
    unknown = {"type": "url_parsing", "msg": "Input should be a valid URL"}
    assert translate(from_pydantic(unknown), "nl") == "Input should be a valid URL"


def test_a_contradiction_in_a_document_keeps_its_code() -> None:
    """A cross-field fault goes through pydantic and comes out with its own code."""
    from policies.criteria import CriteriaDocumentError, parse_document

    root = ROOT / "policies" / "documents"
    document = json.loads((root / "reregistration-v1.json").read_text(encoding="utf-8"))
    document["counted_kinds"] = [*document["counted_kinds"], document["counted_kinds"][0]]
    with pytest.raises(CriteriaDocumentError) as refused:
        parse_document(json.dumps(document).encode())
    codes = [getattr(e["message"], "code", None) for e in refused.value.errors]
    assert "value_named_twice" in codes


def test_a_forms_shape_faults_are_said_in_the_pages_language() -> None:
    """A page's form checked by pydantic: each field's fault in Dutch by pydantic's error type
    (a date, a number, a choice), in pydantic's English on an English page."""
    from datetime import date
    from typing import Literal

    from pydantic import BaseModel, Field, ValidationError

    from api.web.core import field_errors

    class Form(BaseModel):
        occurred_on: date
        hours: int = Field(ge=1)
        kind: Literal["course", "visit"]

    with pytest.raises(ValidationError) as refused:
        Form.model_validate({"occurred_on": "soon", "hours": 0, "kind": "party"})
    assert field_errors(refused.value, "nl") == {
        "occurred_on": "Hier hoort een datum (JJJJ-MM-DD).",
        "hours": "Moet ten minste 1 zijn.",
        "kind": "Kies uit: 'course' or 'visit'.",
    }
    english = field_errors(refused.value, "en")
    assert english["hours"] == "Input should be greater than or equal to 1"
