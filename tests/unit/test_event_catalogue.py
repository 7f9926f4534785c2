"""docs/events.md is what the code says: every stored event type, its fields and its personal
data (`python -m domain.event_catalogue` regenerates it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from eventsourcing.utils import get_topic

from domain import event_catalogue
from domain.personal import PERSONAL
from domain.teacher import Teacher

ROOT = Path(__file__).resolve().parents[2]


def test_docs_events_md_is_what_the_generator_writes() -> None:
    """A new event type, field or personal-data declaration fails here until the catalogue is
    regenerated with `python -m domain.event_catalogue`."""
    assert (ROOT / "docs" / "events.md").read_text(encoding="utf-8") == event_catalogue.render()


def test_the_catalogue_holds_every_event_and_every_personal_declaration() -> None:
    """Each declaration of domain.personal names a catalogued event and fields it carries."""
    described = [event_catalogue.describe(a) for a in event_catalogue.aggregates()]
    events = {e.topic: e for a in described for e in a.events}
    common = {e.topic: a.common for a in described for e in a.events}
    assert get_topic(Teacher.ActivityRecorded) in events
    assert get_topic(Teacher.Decided) not in events  # a base of decisions, never stored itself
    assert set(PERSONAL) <= set(events)
    for topic, declared in PERSONAL.items():
        carried = {f.name for f in (*events[topic].fields, *common[topic])}
        # a path into a field (`decision.reasons`) is carried by its first part
        assert {name.split(".")[0] for name in declared.fields} <= carried, topic
        assert events[topic].personal == declared.fields
    recorded = events[get_topic(Teacher.ReRegistered)]
    assert [f.name for f in recorded.fields] == ["qualification_id", "decision", "new_period_start"]


def test_check_mode_names_a_stale_file(tmp_path: Path) -> None:
    """`--check` exits 1 on a file that differs and 0 on the generated one, writing nothing."""
    stale = tmp_path / "events.md"
    stale.write_text("# Event catalogue\n", encoding="utf-8")
    command = [sys.executable, "-m", "domain.event_catalogue", "--output", str(stale)]
    differs = subprocess.run(
        [*command, "--check"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert differs.returncode == 1
    assert "out of date" in differs.stderr
    assert stale.read_text(encoding="utf-8") == "# Event catalogue\n"
    assert subprocess.run(command, cwd=ROOT, check=False).returncode == 0
    same = subprocess.run([*command, "--check"], cwd=ROOT, check=False)
    assert same.returncode == 0
