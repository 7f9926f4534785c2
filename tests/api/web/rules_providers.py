"""Who may open which of the providers pages (merged into the table of test_web_authorisation).

The world's two providers ("provider" and "other_provider") applied and were admitted; each
holds its own subject. Builders that need a fresh application or offering make one through
the register.
"""

from __future__ import annotations

from tests.api.web.rules_common import Page, WebRule, _get, _post
from tests.api.world import PROVIDER, World

PROVIDERS = frozenset({"provider", "other_provider"})
#: The API's read_provider and read_offering: the provider itself, validators, auditors.
READERS = frozenset({"provider", "validator", "auditor"})
VALIDATOR = frozenset({"validator"})

APPLICATION_FORM = {
    "name": "Nieuwe Academie",
    "kvk_number": "12345678",
    "staff_level": "hbo",
    "practice_alignment": "Samen met scholen ontwikkeld.",
    "quality_monitoring": "Evaluatie na elke cursus.",
    "complaints_procedure_in_place": "true",
    "complaints_procedure_decision_days": "10",
}
OFFERING_FORM = {
    "title": "Formatief evalueren",
    "description": "Twee middagen.",
    "sector": "vo",
    "competence_areas": "didactics",
    "contact_hours": "8",
    "self_study_hours": "4",
    "price": "250,00",
}


def _admission(w: World) -> Page:
    return Page(
        "POST",
        f"/validation/providers/{w.applied_provider()}/admission",
        {
            "practice_alignment_sufficient": "true",
            "quality_monitoring_sufficient": "true",
            "reason": "in orde",
        },
    )


def _validation(w: World) -> Page:
    return Page("POST", f"/validation/offerings/{w.submitted_offering()}/validation")


def _revocation(w: World) -> Page:
    return Page(
        "POST", f"/validation/offerings/{w.validated_offering()}/revocation", {"reason": "klachten"}
    )


RULES: dict[tuple[str, str], WebRule] = {
    # the provider
    ("GET", "/provider"): WebRule(PROVIDERS, 200, _get("/provider")),
    ("GET", "/provider/application"): WebRule(PROVIDERS, 200, _get("/provider/application")),
    ("POST", "/provider/application"): WebRule(
        # both providers of the world applied and were admitted: the refusal proves the checks
        PROVIDERS,
        409,
        _post("/provider/application", APPLICATION_FORM),
        ("POST", "/api/providers"),
    ),
    ("GET", "/provider/offerings/new"): WebRule(PROVIDERS, 200, _get("/provider/offerings/new")),
    ("POST", "/provider/offerings"): WebRule(
        PROVIDERS, 303, _post("/provider/offerings", OFFERING_FORM), ("POST", "/api/offerings")
    ),
    ("GET", "/provider/offerings/{offering_id}"): WebRule(
        READERS,
        200,
        _get("/provider/offerings/{offering_id}"),
        ("GET", "/api/offerings/{offering_id}"),
    ),
    # the validator
    ("GET", "/validation"): WebRule(VALIDATOR, 200, _get("/validation"), ("GET", "/api/providers")),
    ("GET", "/validation/providers/{provider_id}"): WebRule(
        READERS,
        200,
        _get(f"/validation/providers/{PROVIDER}"),
        ("GET", "/api/providers/{provider_id}"),
    ),
    ("POST", "/validation/providers/{provider_id}/admission"): WebRule(
        VALIDATOR, 303, _admission, ("POST", "/api/providers/{provider_id}/admission")
    ),
    ("GET", "/validation/offerings/{offering_id}"): WebRule(
        READERS,
        200,
        _get("/validation/offerings/{offering_id}"),
        ("GET", "/api/offerings/{offering_id}"),
    ),
    ("POST", "/validation/offerings/{offering_id}/validation"): WebRule(
        VALIDATOR, 303, _validation, ("POST", "/api/offerings/{offering_id}/validation")
    ),
    ("POST", "/validation/offerings/{offering_id}/revocation"): WebRule(
        VALIDATOR, 303, _revocation, ("POST", "/api/offerings/{offering_id}/revocation")
    ),
}
