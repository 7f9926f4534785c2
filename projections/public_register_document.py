"""An entry of the public register as the public sees it: the merged history without period
ends (`public_history`, `publish`), and the document `GET /api/public/register/{register_number}`
answers, rendered once per change by the projection (`projections/public_register.py`) and
stored beside the entry.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from domain.values import Name


def public_history(history: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The history as the public sees it: consecutive intervals of one status merged (a new
    period of the same status is no public change: its first day would reveal the period end,
    and with it leave), without period ends."""
    out: list[dict[str, Any]] = []
    for h in history:
        if out and out[-1]["status"] == h["status"]:
            out[-1]["to"] = h["to"]
            continue
        out.append({"status": h["status"], "from": h["from"], "to": h["to"]})
    return out


def publish(found: dict[str, Any]) -> dict[str, Any]:
    """An entry as public answers give it: per qualification its status and the date it holds
    since, the merged history, annotations; no period end."""
    quals = []
    for q in found["qualifications"]:
        history = public_history(q["history"])
        since = history[-1]["from"] if history else q["admitted_on"]
        quals.append(
            {
                "sector": q["sector"],
                "subject": q["subject"],
                "status": q["status"],
                "since": since,
                "admitted_on": q["admitted_on"],
                "history": history,
                "annotations": q["annotations"],
            }
        )
    return {**found, "qualifications": quals}


def document(content: dict[str, Any]) -> str:
    """The body `GET /api/public/register/{register_number}` answers for an entry as it
    stands, from its public content (`publish`): the fields of `RegisterEntryDetail`
    (api/schemas_register.py) in their order, written as pydantic writes them (compact, UTF-8).

    Rendered here once per change, so that the register's busiest read sends one stored row as
    it is; tests/api/test_public_register.py holds it equal to the model's own rendering.
    """
    name = content["name"]
    quals = content["qualifications"]
    body = {
        "register_number": content["register_number"],
        "name": {
            "initials": name["initials"],
            "prefix": name["prefix"],
            "family_name": name["family_name"],
            "display": Name(name["initials"], "", name["prefix"], name["family_name"]).display(),
        },
        "qualifications": [
            {
                "sector": q["sector"],
                "subject": q["subject"],
                "status": q["status"],
                "since": q["since"],
            }
            for q in quals
        ],
        "annotations": [
            {
                "sector": q["sector"],
                "subject": q["subject"],
                "kind": a["kind"],
                "on": a["on"],
                "ground": a.get("ground"),
            }
            for q in quals
            for a in q["annotations"]
        ],
        "history": [
            {
                "qualification": {"sector": q["sector"], "subject": q["subject"]},
                "status": h["status"],
                "from": h["from"],
                "to": h["to"],
            }
            for q in quals
            for h in q["history"]
        ],
        "on": None,
    }
    return _compact(body)


_compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
