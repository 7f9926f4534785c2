"""Who may open which of the standards pages (merged into the table of test_web_authorisation)."""

from __future__ import annotations

from datetime import date, timedelta

from domain.commands.criteria import DraftCriteria
from tests.api.web.rules_common import Page, WebRule, _get, _post
from tests.api.world import World
from tests.decision_helpers import STANDARDS, document

STANDARDS_ONLY = frozenset({"standards"})
#: The API's `/api/costs`: the profession, the registrar, and employers (each its own board).
COST_READERS = frozenset({"standards", "registrar", "employer", "other_employer"})


def _draft(w: World) -> Page:
    """A new version through the form (versions only go up, so a fresh number each time)."""
    text = document(version=2000 + w.serial()).decode("utf-8")
    return Page("POST", "/standards/drafts", {"document": text})


def _adoption(w: World) -> Page:
    """A fresh draft to adopt, effective after every earlier one."""
    version = 2000 + w.serial()
    w.services.register.draft_criteria(DraftCriteria(raw=document(version=version)), ctx=STANDARDS)
    return Page(
        "POST",
        f"/standards/criteria/reregistration/{version}/adoption",
        {
            "effective_from": (date(2027, 8, 1) + timedelta(days=version)).isoformat(),
            "consultation_with": "AOb\nCNV",
            "consultation_held_on": "2026-10-01",
        },
    )


def _impact_run(w: World) -> Page:
    """A fresh draft (one open run per version), started from its page."""
    version = 2000 + w.serial()  # versions only go up: one sequence
    w.services.register.draft_criteria(DraftCriteria(raw=document(version=version)), ctx=STANDARDS)
    return Page(
        "POST",
        f"/standards/criteria/reregistration/{version}/impact-runs",
        {"due_from": "2026-01-01", "due_to": "2026-12-31"},
    )


def _impact_run_page(w: World) -> Page:
    version = 2000 + w.serial()
    register = w.services.register
    register.draft_criteria(DraftCriteria(raw=document(version=version)), ctx=STANDARDS)
    run, _, _ = register.start_impact_run(
        "reregistration", version, due_from=None, due_to=None, effective_from=None, ctx=STANDARDS
    )
    return Page("GET", f"/standards/impact-runs/{run.run_id}")


RULES: dict[tuple[str, str], WebRule] = {
    ("GET", "/standards"): WebRule(STANDARDS_ONLY, 200, _get("/standards")),
    ("GET", "/standards/drafts/new"): WebRule(
        STANDARDS_ONLY, 200, _get("/standards/drafts/new?name=reregistration&from_version=1")
    ),
    ("POST", "/standards/drafts"): WebRule(STANDARDS_ONLY, 303, _draft, ("POST", "/api/criteria")),
    ("GET", "/standards/criteria/{name}/{version}"): WebRule(
        STANDARDS_ONLY, 200, _get("/standards/criteria/reregistration/1")
    ),
    ("POST", "/standards/criteria/{name}/{version}/adoption"): WebRule(
        STANDARDS_ONLY,
        303,
        _adoption,
        ("POST", "/api/criteria/{name}/{version}/adoption"),
    ),
    ("POST", "/standards/criteria/{name}/{version}/impact"): WebRule(
        STANDARDS_ONLY,
        200,
        _post(
            "/standards/criteria/reregistration/1/impact",
            {"due_from": "2026-01-01", "due_to": "2026-12-31"},
        ),
        ("POST", "/api/criteria/impact"),
    ),
    ("POST", "/standards/criteria/{name}/{version}/impact-runs"): WebRule(
        STANDARDS_ONLY, 303, _impact_run, ("POST", "/api/criteria/impact-runs")
    ),
    ("GET", "/standards/impact-runs/{run_id}"): WebRule(
        STANDARDS_ONLY, 200, _impact_run_page, ("GET", "/api/criteria/impact-runs/{run_id}")
    ),
    ("GET", "/costs"): WebRule(COST_READERS, 200, _get("/costs"), ("GET", "/api/costs")),
}
