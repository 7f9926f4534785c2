"""The event catalogue, generated from the code: every event type of every aggregate, with its
fields, their types and which of them are personal data (:mod:`domain.personal`).

``python -m domain.event_catalogue`` writes ``docs/events.md``; ``--check`` only compares and
exits 1 when the file is not what the code says. A test runs the same comparison, so a new
event type, field or personal-data declaration is not done until the catalogue is regenerated.

The aggregates are found by walking the ``domain`` package, so a new aggregate needs no entry
here. Stored events are forever: the catalogue names each event by its stored topic.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import pkgutil
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

import domain
from domain import personal

#: Where the catalogue is kept, beside the other documents of the repository.
DOCUMENT = Path(__file__).resolve().parent.parent / "docs" / "events.md"

#: Nested event classes of an aggregate that are never stored themselves: the aggregate's
#: event base, the library's default creation event, and snapshots.
_NOT_STORED = frozenset({"Event", "Created", "Snapshot"})

#: What the library stores with every event, whatever the aggregate.
_LIBRARY_FIELDS = (
    ("originator_id", "UUID", "the aggregate's id (stored beside the state, not in it)"),
    ("originator_version", "int", "the aggregate's version after this event (likewise)"),
    ("timestamp", "datetime", "when the event was recorded (recorded time, not valid time)"),
)


@dataclass(frozen=True)
class Field:
    name: str
    type: str


@dataclass(frozen=True)
class EventType:
    topic: str
    name: str
    summary: str
    creates: bool
    fields: tuple[Field, ...]
    personal: tuple[str, ...]
    whose: str | None


@dataclass(frozen=True)
class AggregateType:
    topic: str
    name: str
    summary: str
    common: tuple[Field, ...]
    events: tuple[EventType, ...]


def _summary(cls: type) -> str:
    """The first paragraph of a class's own docstring, on one line."""
    doc = cls.__dict__.get("__doc__")
    if not doc or doc.startswith(f"{cls.__name__}("):  # none, or the one dataclass writes
        return ""
    return " ".join(inspect.cleandoc(doc).split("\n\n", 1)[0].split())


def _type_text(annotation: Any) -> str:
    if isinstance(annotation, str):
        return annotation
    return inspect.formatannotation(annotation)


def _own_fields(cls: type) -> list[Field]:
    annotations = inspect.get_annotations(cls)  # its own, not inherited
    return [
        Field(name, _type_text(annotation))
        for name, annotation in annotations.items()
        if not _type_text(annotation).startswith("ClassVar")
    ]


def aggregates() -> list[type[Aggregate]]:
    """Every aggregate class defined in the ``domain`` package, by stored topic."""
    found: dict[str, type[Aggregate]] = {}
    for info in pkgutil.walk_packages(domain.__path__, "domain."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Aggregate)
                and value is not Aggregate
                and value.__module__ == module.__name__
            ):
                found[get_topic(value)] = value
    return [found[topic] for topic in sorted(found)]


def _stored_events(aggregate: type[Aggregate]) -> list[type[Aggregate.Event]]:
    """The aggregate's own event classes that are stored, in the order they are declared; a
    class that other events extend (a shared base such as ``Teacher.Decided``) is not."""
    nested = [
        value
        for name, value in vars(aggregate).items()
        if isinstance(value, type)
        and issubclass(value, Aggregate.Event)
        and name not in _NOT_STORED
        and value.__qualname__ == f"{aggregate.__qualname__}.{name}"
    ]
    bases = {base for cls in nested for base in cls.__mro__[1:]}
    return [cls for cls in nested if cls not in bases]


def _whose(person: Callable[[UUID, Mapping[str, Any]], UUID | None], aggregate: str) -> str:
    """Whose personal data an event carries, from its declaration in domain.personal."""
    if person is personal.PersonalFields.__dataclass_fields__["person"].default:
        if aggregate == "Teacher":
            return "the teacher the aggregate belongs to"
        return "the record's own key, destroyed with the teacher's at an erasure"
    if person.__name__ == "_answer_owner":
        return "the teacher the kept answer names (sealed only if they have a key)"
    if person.__name__ == "_teacher_field":
        return "the teacher in `teacher_id`"
    cells = [cell.cell_contents for cell in person.__closure__ or ()]
    named = [cell for cell in cells if isinstance(cell, str)]
    if named:
        return f"the teacher in `{named[0]}`"
    return person.__name__  # pragma: no cover - a new kind of declaration names itself


def describe(aggregate: type[Aggregate]) -> AggregateType:
    base = aggregate.__dict__.get("Event")
    common = tuple(_own_fields(base)) if isinstance(base, type) else ()
    events = []
    for cls in _stored_events(aggregate):
        topic = get_topic(cls)
        fields: list[Field] = []
        for klass in reversed(cls.__mro__):
            if klass.__module__ == cls.__module__ and klass is not base:
                fields.extend(f for f in _own_fields(klass) if f not in fields)
        creates = issubclass(cls, Aggregate.Created)
        declared = personal.personal_fields(topic)
        events.append(
            EventType(
                topic=topic,
                name=cls.__name__,
                summary=_summary(cls),
                creates=creates,
                fields=tuple(fields),
                personal=declared.fields if declared else (),
                whose=_whose(declared.person, aggregate.__name__) if declared else None,
            )
        )
    return AggregateType(
        topic=get_topic(aggregate),
        name=aggregate.__name__,
        summary=_summary(aggregate),
        common=common,
        events=tuple(events),
    )


def _table(fields: Sequence[Field], personal_names: Sequence[str] = ()) -> Iterator[str]:
    yield "| field | type | personal |"
    yield "|---|---|---|"
    for f in fields:
        mark = "yes" if f.name in personal_names else ""
        yield f"| `{f.name}` | `{f.type.replace('|', '&#124;')}` | {mark} |"


def render(found: Sequence[AggregateType] | None = None) -> str:
    """The catalogue as Markdown (docs/events.md)."""
    described = list(found) if found is not None else [describe(a) for a in aggregates()]
    count = sum(len(a.events) for a in described)
    out = [
        "# Event catalogue",
        "",
        "<!-- Generated by `python -m domain.event_catalogue` from the code; do not edit by",
        "     hand. tests/unit/test_event_catalogue.py fails when this file is out of date. -->",
        "",
        f"{count} event types of {len(described)} aggregates, each under the topic it is",
        "stored with (`module:Aggregate.Event`). Stored events are forever: a type, its topic",
        "and its stored fields never change (tests/golden holds an example of each as first",
        "written).",
        "",
        "Every event carries, besides the fields listed:",
        "",
        *(f"- `{name}` (`{kind}`): {what};" for name, kind, what in _LIBRARY_FIELDS),
        "- `originator_topic` (`str`) on the event that creates the aggregate: the aggregate's",
        "  class.",
        "",
        "**Personal** fields are personal data under the AVG: the store encrypts them with the",
        "person's own data key, and after an erasure they read as placeholders",
        "(`domain/personal.py`, docs/privacy.md). A field that is personal in one event type is",
        "not necessarily personal in another.",
        "",
        "## Contents",
        "",
    ]
    for aggregate in described:
        names = ", ".join(e.name for e in aggregate.events)
        out.append(f"- [{aggregate.name}](#{aggregate.name.lower()}): {names}")
    for aggregate in described:
        out += ["", f"## {aggregate.name}", "", f"`{aggregate.topic}`"]
        if aggregate.summary:
            out += ["", aggregate.summary]
        if aggregate.common:
            out += ["", "Every event of this aggregate also carries:", ""]
            out += _table(aggregate.common)
        for event in aggregate.events:
            out += ["", f"### {aggregate.name}.{event.name}", "", f"`{event.topic}`"]
            if event.summary or event.creates:
                created = " Creates the aggregate." if event.creates else ""
                out += ["", (event.summary + created).strip()]
            if event.fields:
                out += ["", *_table(event.fields, event.personal)]
            else:
                out += ["", "No fields of its own."]
            if event.personal:
                listed = ", ".join(f"`{name}`" for name in event.personal)
                out += ["", f"Personal data: {listed}, of {event.whose}."]
    return "\n".join(out) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m domain.event_catalogue",
        description="Write the event catalogue (docs/events.md) from the code.",
    )
    parser.add_argument("--output", type=Path, default=DOCUMENT, help="default: docs/events.md")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 when the file differs"
    )
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            sys.stderr.write(
                f"{args.output} is out of date: run python -m domain.event_catalogue\n"
            )
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
