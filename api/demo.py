"""A realistic synthetic register, generated through the application, deterministic per seed.

Dutch names, qualifications across po, vo and mbo, appointments at schools, activities of every
kind over past years with plausible hours, costs and payers, some leave, some withdrawn
activities, and career switchers in the pre-register. Files are built with the aggregates'
own command methods (so every rule applies) and saved many per write, which is what makes the
load fast.
"""

from __future__ import annotations

import queue
import random
import threading
import uuid
from bisect import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate
from typing import Any

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Recording

from domain.commands import AdmitTeacher, RecordActivity, RecordLeave
from domain.register import Context, Register
from domain.teacher import Teacher
from domain.values import Actor, Cost, Name, Role, luhn_check_digit

GIVEN = [
    "Anna",
    "Bram",
    "Daan",
    "Emma",
    "Fleur",
    "Gijs",
    "Hanna",
    "Iris",
    "Jesse",
    "Julia",
    "Koen",
    "Lotte",
    "Maarten",
    "Noor",
    "Olivier",
    "Pien",
    "Ruben",
    "Sanne",
    "Thijs",
    "Vera",
    "Willem",
    "Yara",
    "Zoë",
    "Fatima",
    "Mohamed",
    "Ayşe",
    "Mehmet",
    "Priya",
    "Rajesh",
    "Sven",
    "Ingrid",
    "Joris",
    "Esther",
    "Marloes",
    "Wouter",
    "Femke",
    "Bas",
    "Lieke",
    "Niels",
    "Eline",
]
FAMILY = [
    ("", "Jansen"),
    ("de", "Jong"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("van", "Dijk"),
    ("", "Bakker"),
    ("", "Janssen"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("", "Smits"),
    ("de", "Graaf"),
    ("van der", "Meer"),
    ("van der", "Linden"),
    ("", "Kok"),
    ("", "Jacobs"),
    ("de", "Haan"),
    ("", "Vermeulen"),
    ("van den", "Heuvel"),
    ("van der", "Veen"),
    ("van den", "Broek"),
    ("de", "Bruijn"),
    ("de", "Vos"),
    ("", "Yılmaz"),
    ("", "El Amrani"),
    ("", "Kaya"),
    ("", "Ünal"),
    ("", "Öztürk"),
    ("", "Çelik"),
    ("", "Bouali"),
]
VO_SUBJECTS = [
    "wiskunde",
    "nederlands",
    "engels",
    "duits",
    "frans",
    "geschiedenis",
    "aardrijkskunde",
    "biologie",
    "natuurkunde",
    "scheikunde",
    "economie",
    "lichamelijke opvoeding",
    "kunst",
]
MBO_SUBJECTS = ["techniek", "zorg en welzijn", "economie", "ict", "horeca", "bouwkunde"]
#: What a demo teacher wrote about each activity: evidence is required (issue 13).
EVIDENCE = "Deelgenomen en uitgewerkt wat ik leerde voor mijn eigen lessen."
TITLES: dict[str, list[str]] = {
    "training_programme": ["Masteropleiding leren en innoveren", "Opleiding schoolopleider"],
    "course": [
        "Formatief evalueren",
        "Differentiëren in de klas",
        "Taalgericht vakonderwijs",
        "Omgaan met gedrag",
        "ICT in de les",
        "Begrijpend lezen",
    ],
    "study_day": ["Studiedag passend onderwijs", "Studiedag burgerschap"],
    "conference": ["Onderwijsdagen", "Nationaal congres vakdidactiek"],
    "peer_consultation": ["Intervisie met sectieleden", "Intervisie startende leraren"],
    "lesson_visit": ["Lesbezoek bij collega", "Collegiale consultatie"],
    "lesson_development": ["Ontwikkeling lessenserie", "Nieuwe praktische opdracht"],
    "lesson_evaluation": ["Lesevaluatie met leerlingen", "Lesson study"],
    "network": ["Vakdidactisch netwerk", "Regionaal netwerk"],
    "school_project": ["Schoolproject onderzoekend leren", "Project leesbevordering"],
    "self_study": ["Vakliteratuur", "Online module vakinhoud"],
}
KIND_WEIGHTS = {
    "training_programme": 1,
    "course": 8,
    "study_day": 6,
    "conference": 3,
    "peer_consultation": 7,
    "lesson_visit": 6,
    "lesson_development": 6,
    "lesson_evaluation": 5,
    "network": 3,
    "school_project": 3,
    "self_study": 4,
}
AREAS = ["subject_matter", "didactics", "pedagogy", "professional"]


class Weighted:
    """A weighted draw of one item: the same draws as `rng.choices(items, weights)[0]` (which
    sums the weights on every call) from the same generator, with the sums made once."""

    def __init__(self, items: Sequence[str], weights: Sequence[int]) -> None:
        self.items = list(items)
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1] + 0.0
        self.hi = len(self.items) - 1

    def draw(self, rng: random.Random) -> str:
        return self.items[bisect(self.cumulative, rng.random() * self.total, 0, self.hi)]


SECTOR = Weighted(["po", "vo", "mbo"], [45, 40, 15])
BASIS = Weighted(["diploma", "suitability_declaration", "in_training"], [88, 7, 5])
KIND = Weighted(list(KIND_WEIGHTS), list(KIND_WEIGHTS.values()))
PAYER = Weighted(["employer", "teacher", "fund", "other"], [70, 15, 12, 3])


@dataclass(frozen=True)
class DemoSummary:
    teachers: int
    events: int
    position: int
    sample_register_numbers: list[str]


def valid_bsn(rng: random.Random) -> str:
    """A random nine-digit number that passes the elfproef."""
    while True:
        first = [rng.randrange(10) for _ in range(8)]
        if first[0] == 0:
            continue
        total = sum(w * d for w, d in zip(range(9, 1, -1), first, strict=True))
        last = total % 11
        if last < 10:
            return "".join(map(str, first)) + str(last)


def _register_number(rng: random.Random) -> str:
    body = f"{rng.randrange(100_000_000, 1_000_000_000)}"
    return body + str(luhn_check_digit(body))


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _day_between(rng: random.Random, start: date, end: date) -> date:
    span = max(0, (end - start).days)
    return start + timedelta(days=rng.randint(0, span))


class DemoGenerator:
    """Builds teacher files for the demo, one at a time, reproducibly."""

    def __init__(self, register: Register, seed: int, today: date) -> None:
        self.register = register
        self.rng = random.Random(seed)
        self.seed = seed
        self.today = today
        self.boards = [f"{self.rng.randrange(10_000, 99_999)}" for _ in range(60)]
        self.schools = {
            b: [
                f"{self.rng.randrange(10, 99)}{chr(65 + self.rng.randrange(26))}"
                f"{chr(65 + self.rng.randrange(26))}"
                for _ in range(4)
            ]
            for b in self.boards
        }
        self.registrar = Actor(Role.REGISTRAR, "demo")
        #: The numbers used so far, as integers (both kinds are digits without a leading
        #: zero): half the memory of the strings, which at 250,000 teachers is tens of MB.
        self._bsns: set[int] = set()
        self._numbers: set[int] = set()

    def _unique(self, make: Callable[[random.Random], str], seen: set[int]) -> str:
        while True:
            value = make(self.rng)
            if int(value) not in seen:
                seen.add(int(value))
                return value

    def _qualifications(self) -> list[dict[str, Any]]:
        rng = self.rng
        sector = SECTOR.draw(rng)
        basis = BASIS.draw(rng)
        subjects = VO_SUBJECTS if sector == "vo" else MBO_SUBJECTS
        quals = [
            {
                "qualification_id": str(_uuid(rng)),
                "sector": sector,
                "subject": rng.choice(subjects) if sector != "po" else None,
                "basis": basis,
            }
        ]
        if sector == "vo" and rng.random() < 0.15:
            second = rng.choice([s for s in VO_SUBJECTS if s != quals[0]["subject"]])
            quals.append(
                {
                    "qualification_id": str(_uuid(rng)),
                    "sector": "vo",
                    "subject": second,
                    "basis": "diploma",
                }
            )
        return quals

    def teacher(self, n: int) -> list[Aggregate]:
        """One teacher's file with its history, plus its index aggregates, unsaved."""
        rng = self.rng
        ctx = Context(self.registrar, correlation_id=f"demo-{self.seed}-{n}")
        given = rng.choice(GIVEN)
        prefix, family = rng.choice(FAMILY)
        second_initial = f"{rng.choice('ABCDEFGHJKLMNPRSTW')}." if rng.random() < 0.4 else ""
        birth = _day_between(
            rng, date(self.today.year - 64, 1, 1), date(self.today.year - 23, 1, 1)
        )
        registered_on = _day_between(rng, self.today - timedelta(days=365 * 6), self.today)
        aggregates = self.register.prepare_admission(
            AdmitTeacher(
                bsn=self._unique(valid_bsn, self._bsns),
                name=Name(f"{given[0]}.{second_initial}", given, prefix, family),
                birth_date=birth,
                qualifications=self._qualifications(),
                registered_on=registered_on,
            ),
            ctx=ctx,
            teacher_id=_uuid(rng),
            register_number=self._unique(_register_number, self._numbers),
        )
        teacher = aggregates[0]
        assert isinstance(teacher, Teacher)
        self._history(teacher, registered_on, ctx)
        return aggregates

    def _history(self, teacher: Teacher, registered_on: date, ctx: Context) -> None:
        rng = self.rng
        board = rng.choice(self.boards)
        employer = Actor(Role.EMPLOYER, board)
        start = registered_on - timedelta(days=rng.randint(0, 2000))
        basis = next(iter(teacher.qualifications.values())).basis
        teacher.record_appointment(
            appointment_id=str(_uuid(rng)),
            board_number=board,
            brin=rng.choice(self.schools[board]),
            start=start,
            end=None,
            fte=Decimal(rng.choice(["0.4", "0.6", "0.8", "1.0", "1.0"])),
            basis=basis,
            contract_start=start,
            contract_end=None,
            actor=employer,
            reason=None,
            correlation_id=ctx.correlation_id,
        )
        if rng.random() < 0.2:
            other = rng.choice(self.boards)
            s2 = _day_between(rng, registered_on, self.today)
            teacher.record_appointment(
                appointment_id=str(_uuid(rng)),
                board_number=other,
                brin=rng.choice(self.schools[other]),
                start=s2,
                end=None,
                fte=Decimal("0.2"),
                basis=basis,
                contract_start=s2,
                contract_end=None,
                actor=Actor(Role.EMPLOYER, other),
                reason=None,
                correlation_id=ctx.correlation_id,
            )
        me = Actor(Role.TEACHER, str(teacher.id))
        years = max(1, (self.today - registered_on).days / 365)
        count = int(rng.uniform(2, 9) * years)
        first_activity = registered_on
        for _ in range(count):
            kind = KIND.draw(rng)
            contact = Decimal(rng.choice([2, 3, 4, 6, 8, 12, 16, 24]))
            self_study = Decimal(rng.choice([0, 0, 1, 2, 4, 8]))
            if kind == "self_study":
                contact, self_study = Decimal(0), Decimal(rng.choice([4, 8, 12]))
            if kind == "training_programme":
                contact, self_study = Decimal(rng.choice([40, 60])), Decimal(rng.choice([40, 80]))
            areas = rng.sample(AREAS, k=rng.choice([1, 1, 2, 2, 3]))
            cost = None
            if kind in ("training_programme", "course", "conference", "study_day"):
                amount = Decimal(rng.choice([95, 150, 250, 395, 650, 1200, 2950]))
                payer = PAYER.draw(rng)
                cost = Cost(amount, payer)
            activity_id = str(_uuid(rng))  # drawn first, as before: the demo stays the same
            teacher.record_activity(
                RecordActivity(
                    kind=kind,
                    title=rng.choice(TITLES[kind]),
                    occurred_on=_day_between(rng, first_activity, self.today),
                    contact_hours=contact,
                    self_study_hours=self_study,
                    competence_areas=tuple(areas),
                    offering_id=None,
                    evidence=EVIDENCE,
                    evidence_reference="certificaat.pdf" if rng.random() < 0.8 else None,
                    reflection="Wat ik leerde en hoe ik het toepas in de klas."
                    if rng.random() < 0.6
                    else None,
                    cost=cost,
                ),
                activity_id=activity_id,
                today=self.today,
                actor=me,
                reason=None,
                correlation_id=ctx.correlation_id,
            )
        if teacher.activities and rng.random() < 0.05:
            victim = rng.choice(list(teacher.activities))
            teacher.withdraw_activity(
                activity_id=victim,
                actor=me,
                reason="dubbel ingevoerd",
                correlation_id=ctx.correlation_id,
            )
        if rng.random() < 0.06:
            leave_start = _day_between(rng, registered_on, self.today - timedelta(days=30))
            leave_end = min(self.today, leave_start + timedelta(days=rng.choice([60, 112, 180])))
            leave_id = str(_uuid(rng))  # drawn first, as before: the demo stays the same
            teacher.record_leave(
                RecordLeave(
                    kind=rng.choice(["sickness", "parental"]), start=leave_start, end=leave_end
                ),
                leave_id=leave_id,
                today=self.today,
                actor=self.registrar,
                reason="verlof gemeld door werkgever",
                correlation_id=ctx.correlation_id,
            )


class _Writer:
    """Saves each write and hands its recordings to `on_saved`, in the order given; with
    `background`, in a thread of its own, one write behind the generator.

    The database's time (the insert, the read models' writes, the commits) then overlaps
    with generating the next files: psycopg lets go of the interpreter while it waits. At
    most one write waits in the queue, so memory stays at a few writes' files."""

    def __init__(
        self,
        register: Register,
        teachers: int,
        progress: Callable[[int, int], None] | None,
        on_saved: Callable[[list[Recording[Any]]], object] | None,
        *,
        background: bool,
    ) -> None:
        self.register = register
        self.teachers = teachers
        self.progress = progress
        self.on_saved = on_saved
        self.position = 0
        self.failed: BaseException | None = None
        self._queue: queue.Queue[tuple[int, list[Aggregate]] | None] = queue.Queue(maxsize=1)
        self._thread: threading.Thread | None = None
        if background:
            self._thread = threading.Thread(target=self._run, name="demo-writer", daemon=True)
            self._thread.start()

    def write(self, done: int, aggregates: list[Aggregate]) -> None:
        """Queue one write (`done` teachers generated so far); re-raises a failed write."""
        if self._thread is None:
            self._save(done, aggregates)
            return
        self._raise_failure()
        self._queue.put((done, aggregates))

    def finish(self) -> int:
        """Wait for every queued write; the last log position written."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._raise_failure()
        return self.position

    def _raise_failure(self) -> None:
        if self.failed is not None:
            raise self.failed

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            if self.failed is not None:
                continue  # drain: the generator learns of the failure at its next write
            done, aggregates = item
            try:
                self._save(done, aggregates)
            except BaseException as exc:  # handed to the generator thread, raised there
                self.failed = exc

    def _save(self, done: int, aggregates: list[Aggregate]) -> None:
        recordings = self.register.save(*aggregates)
        self.position = max((r.notification.id for r in recordings), default=self.position)
        if self.on_saved is not None:
            self.on_saved(recordings)
        if self.progress is not None:
            self.progress(done, self.teachers)


def load_demo(
    register: Register,
    teachers: int,
    seed: int,
    *,
    batch_teachers: int = 250,
    progress: Callable[[int, int], None] | None = None,
    on_saved: Callable[[list[Recording[Any]]], object] | None = None,
    background: bool = False,
) -> DemoSummary:
    """Generate and save `teachers` files, many per write.

    `on_saved` is given each write's recordings as soon as they are stored: the command line
    folds them into the read models there and then (`ProjectionRunner.fold_saved`), so the
    load ends with the register ready, and nothing holds more than a few writes' files.
    With `background`, the writes (and `on_saved`) run in a thread of their own, one write
    behind the generator (`_Writer`); the events and their order in the log are the same."""
    generator = DemoGenerator(register, seed, register.clock())
    events = 0
    samples: list[str] = []
    pending: list[Aggregate] = []
    writer = _Writer(register, teachers, progress, on_saved, background=background)
    for n in range(teachers):
        aggregates = generator.teacher(n)
        teacher = aggregates[0]
        assert isinstance(teacher, Teacher)
        if len(samples) < 5:
            samples.append(teacher.register_number)
        events += len(teacher.pending_events) + len(aggregates) - 1
        pending.extend(aggregates)
        if (n + 1) % batch_teachers == 0 or n + 1 == teachers:
            writer.write(n + 1, pending)
            pending = []
    return DemoSummary(
        teachers=teachers, events=events, position=writer.finish(), sample_register_numbers=samples
    )
