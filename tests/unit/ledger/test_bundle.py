"""Offline verification of audit bundles, including tampering one byte anywhere."""

from __future__ import annotations

import base64
import copy
import json
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from projections.ledger.proof.bundle import BundleEvent, build_bundle, verify_bundle
from projections.ledger.proof.checkpoint import Checkpoint, sign_checkpoint
from projections.ledger.proof.encoding import event_leaf_hash
from projections.ledger.proof.merkle import DictNodeStore, IncrementalTree

TEACHER = str(uuid.UUID(int=0xA1))
OTHER = str(uuid.UUID(int=0xB2))
KEY = Ed25519PrivateKey.generate()
WHEN = "2025-06-01T12:00:00.000000Z"


@dataclass(frozen=True)
class Stored:
    position: int
    originator_id: str
    version: int
    topic: str
    state: bytes


def make_log(events: int = 40) -> list[Stored]:
    """Two teachers' events interleaved, with gaps in the positions as rollbacks leave them."""
    log, versions = [], {TEACHER: 0, OTHER: 0}
    for i in range(events):
        originator = TEACHER if i % 3 == 0 else OTHER
        versions[originator] += 1
        state = json.dumps({"n": i, "note": "één"}).encode()
        log.append(Stored(i * 2 + 1, originator, versions[originator], f"topic:E{i % 4}", state))
    return log


class Ledger:
    """Just enough of the ledger projection to serve proofs and checkpoints in tests."""

    def __init__(self, log: list[Stored]) -> None:
        self.log = log
        self.store = DictNodeStore()
        self.tree = IncrementalTree(self.store)
        leaves = (
            event_leaf_hash(e.position, e.originator_id, e.version, e.topic, e.state) for e in log
        )
        self.store.put_many(self.tree.append_many(leaves))

    def checkpoint(self, size: int) -> Checkpoint:
        return sign_checkpoint(KEY, size, self.tree.root_at(size), WHEN)

    def bundle(self, size: int, teacher: str = TEACHER) -> dict[str, Any]:
        events = [
            BundleEvent(
                e.position,
                e.originator_id,
                e.version,
                e.topic,
                e.state,
                leaf_index,
                self.tree.inclusion_proof(leaf_index, size),
            )
            for leaf_index, e in enumerate(self.log[:size])
            if e.originator_id == teacher
        ]
        return build_bundle(teacher, self.checkpoint(size), reversed(events))


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return Ledger(make_log())


@pytest.fixture
def bundle(ledger: Ledger) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(json.dumps(ledger.bundle(40)))  # as an auditor loads it
    return loaded


def test_an_honest_bundle_verifies(bundle: dict[str, Any]) -> None:
    report = verify_bundle(bundle, KEY.public_key())
    assert report.ok, report.problems
    assert report.events_verified == 14
    assert [e["version"] for e in bundle["events"]] == list(range(1, 15))  # put in log order


def test_one_changed_byte_of_state_is_named(bundle: dict[str, Any]) -> None:
    event = bundle["events"][4]
    state = bytearray(base64.b64decode(event["state_b64"]))
    state[3] ^= 1
    event["state_b64"] = base64.b64encode(bytes(state)).decode()
    report = verify_bundle(bundle, KEY.public_key())
    assert not report.ok
    assert report.events_verified == 13
    assert report.problems[0].startswith(f"event at position 25 (version 5 of {TEACHER})")


def test_a_removed_event_is_named(bundle: dict[str, Any]) -> None:
    del bundle["events"][6]
    report = verify_bundle(bundle, KEY.public_key())
    assert not report.ok
    assert "position 43 (version 8" in report.problems[0]
    assert "version 7 is missing" in report.problems[0]


def test_swapped_events_are_named(bundle: dict[str, Any]) -> None:
    events = bundle["events"]
    events[2], events[3] = events[3], events[2]
    report = verify_bundle(bundle, KEY.public_key())
    assert report.events_verified == 14  # each is genuine, only the order is wrong
    assert report.problems == [
        f"event at position 13 (version 3 of {TEACHER}): out of log order after position 19"
    ]


def test_swapped_places_in_the_ledger_fail_inclusion(bundle: dict[str, Any]) -> None:
    first, second = bundle["events"][0], bundle["events"][1]
    first["leaf_index"], second["leaf_index"] = second["leaf_index"], first["leaf_index"]
    report = verify_bundle(bundle, KEY.public_key())
    assert not report.ok
    assert "position 1 (version 1" in report.problems[0]


def test_a_forged_event_with_a_borrowed_proof_fails(bundle: dict[str, Any]) -> None:
    forged = copy.deepcopy(bundle["events"][-1])
    forged.update(position=forged["position"] + 2, version=15)
    bundle["events"].append(forged)
    report = verify_bundle(bundle, KEY.public_key())
    assert not report.ok
    assert "version 15" in report.problems[0]


def test_the_wrong_public_key_fails(bundle: dict[str, Any]) -> None:
    report = verify_bundle(bundle, Ed25519PrivateKey.generate().public_key())
    assert not report.ok
    assert any("signature does not verify" in p for p in report.problems)


def test_a_bundle_without_the_teachers_events_fails(ledger: Ledger) -> None:
    report = verify_bundle(ledger.bundle(40, teacher=str(uuid.UUID(int=7))), KEY.public_key())
    assert report.problems == [f"the bundle holds no events of teacher {uuid.UUID(int=7)}"]


def test_dropping_the_latest_events_is_beyond_what_a_bundle_can_prove(
    bundle: dict[str, Any],
) -> None:
    """Documented limit: a log tree has no proofs of absence, so a cut-off tail verifies."""
    del bundle["events"][-1]
    assert verify_bundle(bundle, KEY.public_key()).ok


@pytest.mark.parametrize("older_size", [0, 1, 17, 32, 39, 40])
def test_the_checkpoint_extends_an_older_one(
    ledger: Ledger, bundle: dict[str, Any], older_size: int
) -> None:
    older = ledger.checkpoint(older_size).to_dict()
    proof = [base64.b64encode(p).decode() for p in ledger.tree.consistency_proof(older_size, 40)]
    report = verify_bundle(bundle, KEY.public_key(), older, proof)
    assert report.ok, report.problems


def test_a_rewritten_history_does_not_extend_the_older_checkpoint(bundle: dict[str, Any]) -> None:
    log = make_log()
    log[5] = Stored(11, OTHER, log[5].version, log[5].topic, b"rewritten")
    rewritten = Ledger(log)
    older = rewritten.checkpoint(20).to_dict()  # what the auditor kept from before... a fork
    proof = Ledger(make_log()).tree.consistency_proof(20, 40)
    report = verify_bundle(bundle, KEY.public_key(), older, proof)
    assert report.problems == [
        "checkpoint of size 40 does not extend the older checkpoint of size 20: "
        "the history was rewritten or the proof is wrong"
    ]


def test_older_checkpoint_problems_are_reported(ledger: Ledger, bundle: dict[str, Any]) -> None:
    older = ledger.checkpoint(20)
    forged = Checkpoint(20, older.root_hash, older.timestamp, bytes(64), older.key_id)
    proof = ledger.tree.consistency_proof(20, 40)
    report = verify_bundle(bundle, KEY.public_key(), forged.to_dict(), proof)
    assert report.problems == ["older checkpoint (size 20): signature does not verify"]
    report = verify_bundle(bundle, KEY.public_key(), older.to_dict(), None)
    assert len(report.problems) == 1
    report = verify_bundle(bundle, KEY.public_key(), {"tree_size": 3}, [])
    assert report.problems[0].startswith("older checkpoint or consistency proof is malformed")


@pytest.mark.parametrize(
    "mangle",
    [
        lambda b: [],
        lambda b: b | {"format": "something-else/1"},
        lambda b: b | {"events": {}},
        lambda b: b | {"checkpoint": None},
        lambda b: {k: v for k, v in b.items() if k != "teacher_id"},
        lambda b: b | {"events": [*b["events"][:-1], {"position": 1}]},
        lambda b: b | {"events": [*b["events"][:-1], "junk"]},
        lambda b: b | {"events": [*b["events"][:-1], b["events"][-1] | {"version": "15"}]},
        lambda b: b | {"events": [*b["events"][:-1], b["events"][-1] | {"inclusion_proof": 1}]},
    ],
)
def test_malformed_bundles_are_reported_not_raised(bundle: dict[str, Any], mangle: Any) -> None:
    report = verify_bundle(mangle(bundle), KEY.public_key())
    assert not report.ok
    assert report.problems


def test_build_bundle_refuses_events_beyond_the_checkpoint(ledger: Ledger) -> None:
    event = BundleEvent(81, TEACHER, 15, "t", b"", 40, [])
    with pytest.raises(ValueError, match="not covered"):
        build_bundle(TEACHER, ledger.checkpoint(40), [event])


@pytest.fixture(scope="module")
def bundle_bytes(ledger: Ledger) -> bytes:
    return json.dumps(ledger.bundle(40), separators=(",", ":")).encode()


def _accepted(raw: bytes) -> bool:
    try:
        document = json.loads(raw)
    except ValueError:  # not even JSON any more (UnicodeDecodeError is a ValueError)
        return False
    return verify_bundle(document, KEY.public_key()).ok


def test_the_untouched_file_is_accepted(bundle_bytes: bytes) -> None:
    assert _accepted(bundle_bytes)


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_any_one_changed_byte_fails(bundle_bytes: bytes, data: st.DataObject) -> None:
    at = data.draw(st.integers(min_value=0, max_value=len(bundle_bytes) - 1))
    new = data.draw(st.integers(min_value=0, max_value=255).filter(lambda b: b != bundle_bytes[at]))
    assert not _accepted(bundle_bytes[:at] + bytes([new]) + bundle_bytes[at + 1 :])
