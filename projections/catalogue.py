"""Providers, offerings and ratings: the validators' work lists and the public catalogue.

- ``catalogue_provider``: every application with its status and the day it must be decided by,
  so validators see what is due and what is overdue.
- ``catalogue_offering``: every offering with its status, validity and a search text; the
  public catalogue shows the validated ones whose validity covers the day asked.
- ``catalogue_rating``: one rating per teacher and offering (1 to 5, optional comment). The
  catalogue shows the average and the count, never who rated.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from domain.offering import Offering, Provider
from domain.teacher import Teacher
from projections.common import dumps, iso, name_key
from projections.db import Db
from projections.projection import Batch, Projection, topics_of

PROVIDER_COLUMNS = (
    "aggregate_id",
    "provider_id",
    "name",
    "kvk_number",
    "status",
    "submitted_on",
    "decide_by",
    "decided_on",
    "position",
)
OFFERING_COLUMNS = (
    "offering_id",
    "provider_id",
    "provider_name",
    "title",
    "description",
    "sector",
    "competence_areas",
    "contact_hours",
    "self_study_hours",
    "has_assessment",
    "price",
    "status",
    "submitted_on",
    "decide_by",
    "decided_on",
    "valid_from",
    "valid_until",
    "revoked_on",
    "search",
    "position",
)
RATING_COLUMNS = ("offering_id", "teacher_id", "score", "comment", "position")


class Catalogue(Projection):
    """Applications, offerings and ratings."""

    name = "catalogue"
    version = 1
    pipelined = True
    tables = ("catalogue_provider", "catalogue_offering", "catalogue_rating")
    topics = topics_of(
        Provider.Applied,
        Provider.Reapplied,
        Provider.AdmissionDecided,
        Offering.Submitted,
        Offering.Validated,
        Offering.Refused,
        Offering.Revoked,
        Teacher.OfferingRated,
    )

    def create_tables(self, db: Db, t: Callable[[str], str]) -> None:
        provider, offering, rating = (t(n) for n in self.tables)
        db.execute(
            f"CREATE TABLE {provider} (aggregate_id TEXT PRIMARY KEY, provider_id TEXT NOT NULL, "
            "name TEXT NOT NULL, "
            "kvk_number TEXT NOT NULL, status TEXT NOT NULL, submitted_on TEXT NOT NULL, "
            "decide_by TEXT NOT NULL, decided_on TEXT, position BIGINT NOT NULL)"
        )
        db.execute(f"CREATE INDEX {provider}_due ON {provider} (status, decide_by)")
        db.execute(
            f"CREATE TABLE {offering} (offering_id TEXT PRIMARY KEY, provider_id TEXT NOT NULL, "
            "provider_name TEXT NOT NULL, title TEXT NOT NULL, description TEXT NOT NULL, "
            "sector TEXT, competence_areas TEXT NOT NULL, contact_hours TEXT NOT NULL, "
            "self_study_hours TEXT NOT NULL, has_assessment INTEGER NOT NULL, price TEXT NOT NULL, "
            "status TEXT NOT NULL, submitted_on TEXT NOT NULL, decide_by TEXT NOT NULL, "
            "decided_on TEXT, valid_from TEXT, valid_until TEXT, revoked_on TEXT, "
            "search TEXT NOT NULL, position BIGINT NOT NULL)"
        )
        db.execute(f"CREATE INDEX {offering}_status ON {offering} (status, title, offering_id)")
        db.execute(f"CREATE INDEX {offering}_provider ON {offering} (provider_id)")
        db.execute(
            f"CREATE TABLE {rating} (offering_id TEXT NOT NULL, teacher_id TEXT NOT NULL, "
            "score INTEGER NOT NULL, comment TEXT, position BIGINT NOT NULL, "
            "PRIMARY KEY (offering_id, teacher_id))"
        )

    def apply(self, db: Db, batch: Batch, t: Callable[[str], str]) -> None:
        provider_t, offering_t, rating_t = (t(n) for n in self.tables)
        providers: dict[str, list[Any]] = {}
        offerings: dict[str, list[Any]] = {}
        ratings: list[tuple[Any, ...]] = []
        entries = batch.entries()
        wanted_providers = {
            oid
            for _, oid, e in entries
            if type(e) in (Provider.Reapplied, Provider.AdmissionDecided)
        }
        for stored in db.fetch_in(
            f"SELECT {', '.join(PROVIDER_COLUMNS)} FROM {provider_t} "  # noqa: S608
            "WHERE aggregate_id IN ({keys})",
            wanted_providers,
        ):
            providers[stored[0]] = list(stored)
        wanted_offerings = {
            oid
            for _, oid, e in entries
            if type(e) in (Offering.Validated, Offering.Refused, Offering.Revoked)
        }
        for stored in db.fetch_in(
            f"SELECT {', '.join(OFFERING_COLUMNS)} FROM {offering_t} "  # noqa: S608
            "WHERE offering_id IN ({keys})",
            wanted_offerings,
        ):
            offerings[stored[0]] = list(stored)
        for position, oid, event in entries:
            kind = type(event)
            if kind is Provider.Applied:
                providers[oid] = [
                    oid,
                    event.provider_id,
                    event.name,
                    event.kvk_number,
                    "submitted",
                    event.submitted_on.isoformat(),
                    event.decide_by.isoformat(),
                    None,
                    position,
                ]
            elif kind in (Provider.Reapplied, Provider.AdmissionDecided):
                row = providers.get(oid)
                if row is None:
                    continue
                if kind is Provider.Reapplied:
                    row[2], row[4] = event.name, "submitted"
                    row[5], row[6], row[7] = (
                        event.submitted_on.isoformat(),
                        event.decide_by.isoformat(),
                        None,
                    )
                else:
                    row[4], row[7] = event.decision["outcome"], event.decision["decided_on"]
                row[8] = position
            elif kind is Offering.Submitted:
                offerings[oid] = [
                    oid,
                    event.provider_id,
                    event.provider_name,
                    event.title,
                    event.description,
                    event.sector,
                    dumps(event.competence_areas),
                    str(event.contact_hours),
                    str(event.self_study_hours),
                    1 if event.has_assessment else 0,
                    f"{event.price:.2f}",
                    "submitted",
                    event.submitted_on.isoformat(),
                    event.decide_by.isoformat(),
                    None,
                    None,
                    None,
                    None,
                    name_key(f"{event.title} {event.description} {event.provider_name}"),
                    position,
                ]
            elif kind in (Offering.Validated, Offering.Refused, Offering.Revoked):
                row = offerings.get(oid)
                if row is None:
                    continue
                row[19] = position
                if kind is Offering.Validated:
                    row[11], row[14] = "validated", event.decision["decided_on"]
                    row[15], row[16] = event.valid_from.isoformat(), event.valid_until.isoformat()
                elif kind is Offering.Refused:
                    row[11], row[14] = "refused", event.decision["decided_on"]
                else:
                    row[11], row[17] = "revoked", iso(event.revoked_on)
            elif kind is Teacher.OfferingRated:
                ratings.append((event.offering_id, oid, event.score, event.comment, position))
        db.upsert(provider_t, PROVIDER_COLUMNS, ("aggregate_id",), list(providers.values()))
        db.upsert(offering_t, OFFERING_COLUMNS, ("offering_id",), list(offerings.values()))
        db.upsert(rating_t, RATING_COLUMNS, ("offering_id", "teacher_id"), ratings)


# -- queries ----------------------------------------------------------------------------------


def _offering(row: tuple[Any, ...]) -> dict[str, Any]:
    out = dict(zip(OFFERING_COLUMNS, row[: len(OFFERING_COLUMNS)], strict=True))
    out["competence_areas"] = json.loads(out["competence_areas"])
    out["has_assessment"] = bool(out["has_assessment"])
    count, total = (row[len(OFFERING_COLUMNS)] or 0), (row[len(OFFERING_COLUMNS) + 1] or 0)
    out["rating"] = {
        "count": int(count),
        "average": f"{(Decimal(total) / Decimal(count)).quantize(Decimal('0.1'))}"
        if count
        else None,
    }
    del out["search"]
    return out


_SELECT = (
    f"SELECT {', '.join('o.' + c for c in OFFERING_COLUMNS)}, r.n, r.total "  # noqa: S608
    "FROM catalogue_offering o LEFT JOIN (SELECT offering_id, count(*) AS n, "
    "sum(score) AS total FROM catalogue_rating GROUP BY offering_id) r "
    "ON r.offering_id = o.offering_id "
)


def public_offerings(
    db: Db,
    *,
    on: date,
    q: str | None = None,
    after: tuple[str, str] | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Offerings validated on ``on`` (not revoked), matching every word of ``q``, by title."""
    day = on.isoformat()
    where = "o.status = 'validated' AND o.valid_from <= ? AND o.valid_until >= ?"
    params: list[Any] = [day, day]
    for word in name_key(q or "").split()[:8]:
        where += " AND o.search LIKE ?"
        params.append(f"%{word.replace('%', '').replace('_', '')}%")
    if after is not None:
        where += " AND (o.title > ? OR (o.title = ? AND o.offering_id > ?))"
        params += [after[0], after[0], after[1]]
    rows = db.fetchall(
        f"{_SELECT} WHERE {where} ORDER BY o.title, o.offering_id LIMIT ?",
        (*params, limit),
    )
    return [_offering(r) for r in rows]


def offering(db: Db, offering_id: str) -> dict[str, Any] | None:
    row = db.fetchone(f"{_SELECT} WHERE o.offering_id = ?", (offering_id,))
    return _offering(row) if row is not None else None


def comments(db: Db, offering_id: str, limit: int = 50) -> list[dict[str, Any]]:
    """The latest comments on an offering, without who gave them."""
    rows = db.fetchall(
        "SELECT score, comment FROM catalogue_rating WHERE offering_id = ? AND comment IS NOT NULL "
        "ORDER BY position DESC LIMIT ?",
        (offering_id, limit),
    )
    return [{"score": r[0], "comment": r[1]} for r in rows]


def provider_offerings(
    db: Db, provider_id: str, *, after: tuple[str, str] | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """A provider's offerings whatever their status, the latest submitted first."""
    columns = [c for c in OFFERING_COLUMNS if c not in ("provider_name", "description", "search")]
    where = "provider_id = ?"
    params: list[Any] = [provider_id]
    if after is not None:
        where += " AND (submitted_on < ? OR (submitted_on = ? AND offering_id < ?))"
        params += [after[0], after[0], after[1]]
    rows = db.fetchall(
        f"SELECT {', '.join(columns)} FROM catalogue_offering WHERE {where} "  # noqa: S608
        "ORDER BY submitted_on DESC, offering_id DESC LIMIT ?",
        (*params, limit),
    )
    out = []
    for r in rows:
        item = dict(zip(columns, r, strict=True))
        item["competence_areas"] = json.loads(item["competence_areas"])
        item["has_assessment"] = bool(item["has_assessment"])
        del item["position"]
        out.append(item)
    return out


def due(
    db: Db, kind: str, *, on: date, limit: int = 50, after: tuple[str, str] | None = None
) -> list[dict[str, Any]]:
    """Applications (``providers``) or offerings awaiting a decision, by decide-by day;
    ``overdue`` when that day has passed."""
    columns: tuple[str, ...]
    if kind == "providers":
        table, key, columns = "catalogue_provider", "provider_id", PROVIDER_COLUMNS
    else:
        table, key, columns = "catalogue_offering", "offering_id", OFFERING_COLUMNS
    where = "status = 'submitted'"
    params: list[Any] = []
    if after is not None:
        where += f" AND (decide_by > ? OR (decide_by = ? AND {key} > ?))"
        params += [after[0], after[0], after[1]]
    rows = db.fetchall(
        f"SELECT {', '.join(columns)} FROM {table} WHERE {where} "  # noqa: S608
        f"ORDER BY decide_by, {key} LIMIT ?",
        (*params, limit),
    )
    out = []
    for r in rows:
        item = dict(zip(columns, r, strict=True))
        item.pop("search", None)
        item.pop("aggregate_id", None)
        if "competence_areas" in item:
            item["competence_areas"] = json.loads(item["competence_areas"])
            item["has_assessment"] = bool(item["has_assessment"])
        item["overdue"] = item["decide_by"] < on.isoformat()
        out.append(item)
    return out
