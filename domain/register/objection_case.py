"""The appeals committee's view of an objection's case: the objection, the decision record,
the evidence the decision counted, the criteria text it applied, and the file since the decision.

A read, beside the objection procedure's commands (`objections.py`).
"""

from __future__ import annotations

from typing import Any, Final

from eventsourcing.persistence import StoredEvent

from domain.commands.objections import ObjectionCase
from domain.register.base import RegisterBase
from domain.register.objections import load_objection, objection_data

#: Events of the hearing that preceded a decision, shown as its evidence.
HEARING_TOPICS: Final = ("Teacher.StrikeOffProposed", "Teacher.ViewGiven")


class ObjectionCaseView(RegisterBase):
    """What the committee weighs on an objection."""

    def objection_case(self, objection_id: str) -> ObjectionCase:
        """Everything the committee weighs: the objection, the decision record, the evidence
        the decision counted, the criteria text it applied, and the file since the decision.

        Events come as (position, event) pairs, read from the event store itself.
        """
        objection = load_objection(self.repository, objection_id)
        record = self.get_decision(objection.decision_id)
        tid = objection.teacher_id
        prefix = f"{tid}/"
        wanted: set[int] = set()
        for entry in record.get("trace") or []:
            for ref in entry.get("evidence") or []:
                if str(ref).startswith(prefix) and str(ref)[len(prefix) :].isdigit():
                    wanted.add(int(str(ref)[len(prefix) :]))
        hearing = (record.get("inputs") or {}).get("hearing") or {}
        evidence: list[tuple[int, Any]] = []
        since: list[tuple[int, Any]] = []
        decided_at = int(record["version"])
        for position, version, topic, state in self.events_with_positions(tid):
            heard = topic.endswith(HEARING_TOPICS) and bool(hearing)
            if version not in wanted and version <= decided_at and not heard:
                continue
            event = self.mapper.to_domain_event(
                StoredEvent(originator_id=tid, originator_version=version, topic=topic, state=state)
            )
            if heard and getattr(event, "proposal_id", None) != hearing.get("proposal_id"):
                heard = False
            if version in wanted or (heard and version <= decided_at):
                evidence.append((position, event))
            if version > decided_at:
                since.append((position, event))
        criteria = None
        policy = record.get("policy")
        if policy:
            version_ = self.criteria_version(str(policy["name"]), int(policy["version"]))
            criteria = {
                **version_.summary(),
                "document": version_.document,
            }
        return {
            "objection": objection_data(objection, self.clock()),
            "decision": record,
            "evidence": evidence,
            "criteria": criteria,
            "since": since,
        }
