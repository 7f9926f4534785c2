"""Every refusal the domain can give has Dutch words for the pages.

The messages are read from the source of domain/ and policies/ with `ast`: each message given
to an error of domain/errors.py (`ConflictError("...")`, `InvalidInputError.of(field, "...")`,
`FieldError(field, "...")`, the messages the errors make themselves) and to the other records
that carry a `message` into the register's field errors (policies' `Fault`, the `{"field",
"message"}` faults of a criteria document). An f-string's values are filled in with samples;
the Dutch text must differ from the English and keep every sample value. A new message
without a Dutch template fails here.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from api.web.labels.domain_errors import TEMPLATES, placeholders, template_of, translate

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*(ROOT / "domain").rglob("*.py"), *(ROOT / "policies").rglob("*.py")])
ERRORS = ROOT / "domain" / "errors.py"

#: Messages the source builds in a way `ast` cannot read, as the register gives them.
EXPLICIT = (
    # api/delivery_csv.py puts it in a row (the `(row)` column) and domain/delivery.py turns it
    # into the row's FieldError with `str(raw[SHAPE])`.
    "the line has 7 fields, the header 9",
    # domain/objection.py: `_check_open(what)` with the two reasons it is called with.
    "objection 3f0c was already ruled on: no extension after the ruling",
    "objection 3f0c was already ruled on: a ruling is given once",
    # policies/consistency.py: `allowed` is "{low}" or "{low} or {high}".
    "1300 hours does not match 0.2 FTE x 1659 hours a year x 4 years = 1327.2 "
    "(allowed: 1327 or 1328)",
)

#: Where a message is passed on rather than written (`(file, source of the argument)`).
PASSED_ON = {
    # InvalidInputError.of(field, message): the message is the caller's, read at the caller.
    ("domain/errors.py", "message"),
    # A criteria document's faults, written in policies/criteria.py and consistency.py.
    ("domain/criteria_book.py", "e['message']"),
    # The `(row)` fault of a delivery's CSV line (EXPLICIT above).
    ("domain/delivery.py", "str(raw[SHAPE])"),
    ("domain/participation.py", "str(raw[SHAPE])"),
    ("domain/identity_check.py", "str(raw[shape_key])"),
    # FieldError.to_dict: the message it holds.
    ("domain/errors.py", "self.message"),
    # The law's date faults (policies/law.py `DateFault`), read where they are made.
    ("domain/register/decisions.py", "fault.message"),
    ("domain/register/hearings.py", "fault.message"),
    # A criteria document's contradictions: the `Fault` messages, read where they are made.
    ("policies/criteria.py", "f.message"),
    # A criteria document's shape faults in pydantic's own words (or a `Fault` message passed
    # through pydantic): not the register's words, shown as pydantic gives them.
    ("policies/criteria.py", "e['msg']"),
}


@dataclass(frozen=True)
class Found:
    where: str
    template: str
    sample: str
    values: tuple[str, ...]


def _classes(tree: ast.Module) -> dict[str, ast.ClassDef]:
    return {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}


def _own_message(cls: ast.ClassDef) -> ast.expr | None:
    """The message an error makes itself: `super().__init__(<text>)` in its `__init__`."""
    for node in ast.walk(cls):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "__init__"
            and node.args
            and isinstance(node.args[0], ast.Constant | ast.JoinedStr)
        ):
            return node.args[0]
    return None


def _message_index(cls: ast.ClassDef) -> int | None:
    """The position of `message` among the fields of a dataclass, None when it has none."""
    fields = [
        s.target.id
        for s in cls.body
        if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
    ]
    return fields.index("message") if "message" in fields else None


def _constructors() -> tuple[dict[str, int], list[tuple[str, ast.expr]]]:
    """Name → position of the message argument, and the messages errors make themselves."""
    positions: dict[str, int] = {}
    own: list[tuple[str, ast.expr]] = []
    tree = ast.parse(ERRORS.read_text())
    for name, cls in _classes(tree).items():
        made = _own_message(cls)
        index = _message_index(cls)
        if made is not None:
            own.append((f"domain/errors.py:{cls.lineno}", made))
        elif index is not None:
            positions[name] = index
        else:
            positions[name] = 0  # RegisterError(message), ConflictError(message), ...
    for path in SOURCES:
        for name, cls in _classes(ast.parse(path.read_text())).items():
            index = _message_index(cls)
            if index is not None and name not in positions:
                positions[name] = index  # policies.consistency.Fault(loc, message)
    return positions, own


def _callee(func: ast.expr) -> tuple[str, bool]:
    """`ConflictError` → ("ConflictError", False); `InvalidInputError.of` → (..., True)."""
    if isinstance(func, ast.Name):
        return func.id, False
    if isinstance(func, ast.Attribute):
        if func.attr == "of":
            return _callee(func.value)[0], True
        return func.attr, False
    return "", False


def _assigned(function: ast.AST, name: str, before: int) -> ast.expr | None:
    """The text last assigned to `name` in the function before the line (`message = f"..."`)."""
    found: ast.expr | None = None
    for node in ast.walk(function):
        if (
            isinstance(node, ast.Assign)
            and node.lineno < before
            and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
            and isinstance(node.value, ast.Constant | ast.JoinedStr)
        ):
            found = node.value
    return found


def _texts(node: ast.expr) -> list[ast.expr]:
    """The string literals and f-strings an argument can be (both sides of `a if c else b`)."""
    if isinstance(node, ast.IfExp):
        return _texts(node.body) + _texts(node.orelse)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node]
    if isinstance(node, ast.JoinedStr):
        return [node]
    return []


def _render(node: ast.expr, counter: list[int]) -> tuple[str, str, tuple[str, ...]]:
    """(template with `{}`, sample text, sample values) of a literal or an f-string."""
    if isinstance(node, ast.Constant):
        return str(node.value), str(node.value), ()
    assert isinstance(node, ast.JoinedStr)
    template, sample, values = "", "", []
    for part in node.values:
        if isinstance(part, ast.Constant):
            template += str(part.value)
            sample += str(part.value)
            continue
        assert isinstance(part, ast.FormattedValue)
        counter[0] += 1
        n = counter[0]
        source = ast.unparse(part.value)
        value = (
            f"20{30 + n % 60:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}"
            if source.endswith(".isoformat()")
            else f"V{n}x"
        )
        shown = repr(value) if part.conversion == ord("r") else value
        template += "{" + source + "}"
        sample += shown
        values.append(shown)
    return template, sample, tuple(values)


def collect() -> tuple[list[Found], list[str]]:
    """Every message of the source, and the arguments it could not read (to be explained)."""
    positions, own = _constructors()
    counter = [0]
    found: list[Found] = []
    unread: list[str] = []

    def add(where: str, node: ast.expr) -> None:
        template, sample, values = _render(node, counter)
        found.append(Found(where, template, sample, values))

    for where, made in own:
        add(where, made)
    for path in SOURCES:
        relative = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text())
        functions = [
            n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        ]
        for node in ast.walk(tree):
            where = f"{relative}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Dict):  # {"field": ..., "message": ...}
                for key, value in zip(node.keys, node.values, strict=True):
                    if isinstance(key, ast.Constant) and key.value == "message":
                        texts = _texts(value)
                        for text in texts:
                            add(where, text)
                        if not texts and (relative, ast.unparse(value)) not in PASSED_ON:
                            unread.append(f"{where} {ast.unparse(value)}")
                continue
            if not isinstance(node, ast.Call):
                continue
            name, of = _callee(node.func)
            if name not in positions:
                continue
            index = 1 if of else positions[name]
            argument = next((k.value for k in node.keywords if k.arg == "message"), None)
            if argument is None and len(node.args) > index:
                argument = node.args[index]
            if argument is None:
                continue  # an error that makes its own message (collected from errors.py)
            if isinstance(argument, ast.Name):
                around = [f for f in functions if f.lineno <= node.lineno <= (f.end_lineno or 0)]
                assigned = _assigned(around[-1], argument.id, node.lineno) if around else None
                if assigned is not None:
                    argument = assigned
            texts = _texts(argument)
            for text in texts:
                add(where, text)
            if not texts and (relative, ast.unparse(argument)) not in PASSED_ON:
                unread.append(f"{where} {name}({ast.unparse(argument)})")
    return found, unread


FOUND, UNREAD = collect()


def test_the_source_is_read() -> None:
    """The reading finds the domain's messages (a broken reader would find none), and every
    argument it cannot read is one explained in PASSED_ON."""
    assert len({f.template for f in FOUND}) > 200
    assert UNREAD == []
    assert any(f.template == "the activity cannot lie in the future" for f in FOUND)
    assert any(f.template.startswith("no teacher file with id {") for f in FOUND)


@pytest.mark.parametrize("found", FOUND, ids=lambda f: f"{f.where} {f.template[:60]}")
def test_every_refusal_has_dutch_words(found: Found) -> None:
    dutch = translate(found.sample, "nl")
    assert dutch != found.sample, f"no Dutch for {found.template!r} ({found.where})"
    for value in found.values:
        assert value in dutch, f"{value} lost in {dutch!r}"
    assert translate(found.sample, "en") == found.sample


@pytest.mark.parametrize("message", EXPLICIT)
def test_messages_made_elsewhere_have_dutch_words(message: str) -> None:
    dutch = translate(message, "nl")
    assert dutch != message
    for number in re.findall(r"\d+(?:\.\d+)?", message):
        assert number in dutch


def test_every_template_is_still_used() -> None:
    """No Dutch is kept for a message the domain no longer gives."""
    used = {template_of(f.sample) for f in FOUND} | {template_of(m) for m in EXPLICIT}
    assert [en for en, _ in TEMPLATES if en not in used] == []


def test_the_dutch_template_has_the_values_of_the_english() -> None:
    english = [en for en, _ in TEMPLATES]
    assert len(english) == len(set(english))
    for en, nl in TEMPLATES:
        assert sorted(placeholders(en)) == sorted(placeholders(nl)), en
        assert nl.strip(), en
        assert nl != en, en


@pytest.mark.parametrize(
    ("message", "dutch"),
    [
        ("the activity cannot lie in the future", "De activiteit kan niet in de toekomst liggen."),
        (
            "no teacher file with id 0b4f5b6e-1111-2222-3333-444455556666",
            "Er is geen dossier van een leraar met id 0b4f5b6e-1111-2222-3333-444455556666.",
        ),
        (
            "occurred_on 2031-02-03 lies in the future",
            "occurred_on 2031-02-03 ligt in de toekomst.",
        ),
        (
            "qualification q-7 is struck_off: only a registered qualification is re-registered",
            "Bevoegdheid q-7 is doorgehaald: alleen een geregistreerde bevoegdheid kan worden "
            "geherregistreerd.",
        ),
        (
            "a strike-off on incorrect_data is decided only after a proposal and the teacher's"
            " view (Awb 4:8): propose it first (strike-off-proposal)",
            "Over een doorhaling op grond van onjuiste gegevens wordt pas besloten na een"
            " voornemen en de zienswijze van de leraar (Awb 4:8): maak eerst een voornemen tot"
            " doorhaling.",
        ),
        (
            "expected version 3, but the current version is 4",
            "Verwacht was versie 3, maar de huidige versie is 4.",
        ),
    ],
)
def test_values_are_kept_and_vocabulary_is_said_in_dutch(message: str, dutch: str) -> None:
    assert translate(message, "nl") == dutch


def test_an_unknown_message_stays_as_it_is() -> None:
    assert translate("something new went wrong", "nl") == "something new went wrong"
    assert translate("", "nl") == ""
    # a value that is not a date does not make a dated message
    assert translate("occurred_on soon lies in the future", "nl") == (
        "occurred_on soon lies in the future"
    )


def test_the_faults_in_a_documents_shape_are_said_in_dutch() -> None:
    """pydantic's words for a malformed criteria document (missing, extra, wrong type, out of
    range, not one of the choices, too few items) come out in Dutch, values kept."""
    import json
    from pathlib import Path

    from policies.criteria import CriteriaDocumentError, parse_document

    root = Path(__file__).resolve().parents[2] / "policies" / "documents"
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
    for message in messages:
        dutch = translate(message, "nl")
        assert dutch != message, message
        assert not re.search(r"\b(Input|Field|should|Extra)\b", dutch), dutch
        assert translate(message, "en") == message
    assert (
        translate("Input should be greater than or equal to 0", "nl") == "Moet ten minste 0 zijn."
    )
