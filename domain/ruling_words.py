"""The words of a ruling on an objection and its remedy: an appeal to the court within six
weeks (Awb 8:1, 6:7), counted from the day after it was made known (6:8), under the Algemene
termijnenwet. Pure functions of the ruling; the ruling itself is `domain/register/objections.py`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.receipts import term_entry
from policies.terms import appeal_term


def appeal_remedy(decided_on: date) -> dict[str, Any]:
    """The remedy against a decision on an objection: appeal to the court (Awb 8:1) within six
    weeks (6:7), counted from the day after it was made known (6:8), under the Atw."""
    term = term_entry(
        appeal_term(decided_on),
        ("8:1", "beroep bij de bestuursrechter"),
        ("6:7", "beroepstermijn van zes weken"),
        ("6:8", "aanvang van de termijn: de dag na bekendmaking"),
    )
    return {"kind": "appeal", "court": "rechtbank (bestuursrecht)", "term": term}


def ruling_reasons(
    outcome: str, reasoning: str, *, late: bool, term_end: date, remedy: dict[str, Any]
) -> dict[str, list[str]]:
    """The reasons of a ruling in plain Dutch and English, ending with the remedy."""
    last = remedy["term"]["last_day"]
    nl: list[str] = []
    en: list[str] = []
    if outcome == "inadmissible" and late:
        nl.append(
            f"Het bezwaar kwam na afloop van de bezwaartermijn ({term_end.isoformat()}) binnen"
            " en de termijnoverschrijding is niet verschoonbaar (Awb 6:11): het bezwaar is"
            " niet-ontvankelijk."
        )
        en.append(
            f"The objection arrived after the objection term ended ({term_end.isoformat()}) and"
            " the lateness is not excusable (Awb 6:11): the objection is inadmissible."
        )
    elif outcome == "inadmissible":
        nl.append("Het bezwaar is niet-ontvankelijk.")
        en.append("The objection is inadmissible.")
    elif outcome == "unfounded":
        nl.append("Het bezwaar is ongegrond: het besluit blijft in stand.")
        en.append("The objection is unfounded: the decision stands.")
    else:
        nl.append(
            "Het bezwaar is gegrond: het besluit wordt herroepen en een nieuw besluit treedt"
            " in de plaats daarvan (Awb 7:11)."
        )
        en.append(
            "The objection is well-founded: the decision is revoked and a new decision takes"
            " its place (Awb 7:11)."
        )
    nl.append(f"Overwegingen van de commissie: {reasoning}")
    en.append(f"The committee's reasoning: {reasoning}")
    nl.append(
        f"Tegen deze beslissing op bezwaar kunt u tot en met {last} beroep instellen bij de"
        " rechtbank (Awb 8:1, 6:7)."
    )
    en.append(
        f"You may appeal against this decision on the objection to the court until {last}"
        " inclusive (Awb 8:1, 6:7)."
    )
    extension = remedy["term"].get("extension")
    if extension:
        nl.append(str(extension["nl"]))
        en.append(str(extension["en"]))
    return {"nl": nl, "en": en}
