"""What a decision receipt says besides the verdict: its legal basis and its reasons, in words.

docs/architecture.md: every decision states its reasons (Awb 3:46) and the remedy (Awb 3:45, 6:7);
the receipt names the articles with the law's BWB identifier and a Juriconnect reference, as the
government's rules-as-code receipts do. The articles of the sector laws that hold the register's
provisions (inserted by Stb. 2017, 85) are cited by law until their numbering is confirmed; every
reference lives in :data:`LAWS` and :func:`legal_basis`, in one place.

Reasons are generated from the trace, in plain Dutch and English, so a teacher reads what was
short and by how much without reading the trace.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from policies.law import TRANSITION_SOURCE
from policies.terms import Term

JCI_BASE: Final = "https://wetten.overheid.nl/"


@dataclass(frozen=True, slots=True)
class Law:
    """A law by its title and its identifier in the government's law database (BWB)."""

    title: str
    short: str
    bwb_id: str


AWB: Final = Law("Algemene wet bestuursrecht", "Awb", "BWBR0005537")
WPO: Final = Law("Wet op het primair onderwijs", "WPO", "BWBR0003420")
WVO: Final = Law("Wet op het voortgezet onderwijs", "WVO", "BWBR0002399")
WEB: Final = Law("Wet educatie en beroepsonderwijs", "WEB", "BWBR0007625")
ATW: Final = Law("Algemene termijnenwet", "Atw", "BWBR0002448")
#: The sector law that governs a qualification, by sector.
LAWS: Final = {"po": WPO, "vo": WVO, "mbo": WEB}
REGISTER_PROVISIONS: Final = (
    "lerarenregister en registervoorportaal, ingevoegd bij de Wet beroep leraar en"
    " lerarenregister (Stb. 2017, 85)"
)


def reference(law: Law, article: str | None, topic: str) -> dict[str, Any]:
    """One legal reference: the law, the article (None: the law as a whole) and its link."""
    jci = f"jci1.3:c:{law.bwb_id}" + (f"&artikel={article}" if article else "")
    return {
        "law": law.title,
        "short": law.short,
        "bwb_id": law.bwb_id,
        "article": article,
        "topic": topic,
        "juriconnect": jci,
        "url": JCI_BASE + jci,
    }


def legal_basis(
    kind: str, sector: str, *, hearing: bool, transition: bool = False
) -> list[dict[str, Any]]:
    """The articles a decision of ``kind`` rests on; ``hearing`` when Awb 4:8 applied;
    ``transition`` when the law's transition rule decided between annotation and strike-off."""
    refs = [reference(LAWS[sector], None, REGISTER_PROVISIONS)]
    if transition:
        refs.append(reference(LAWS[sector], None, TRANSITION_SOURCE))
    if hearing:
        refs.append(reference(AWB, "4:8", "zienswijze vóór een belastend besluit"))
    refs += [
        reference(AWB, "3:46", "deugdelijke motivering"),
        reference(AWB, "3:45", "vermelding van bezwaar en termijn"),
        reference(AWB, "6:7", "bezwaartermijn van zes weken"),
        reference(AWB, "6:8", "aanvang van de termijn: de dag na bekendmaking"),
    ]
    return refs


def term_entry(term: Term, *articles: tuple[str, str]) -> dict[str, Any]:
    """A statutory term as a receipt states it: its days, any extension under the Algemene
    termijnenwet in words, and the articles it rests on (``articles``: the Awb's, as
    ``(article, topic)``, then the Atw article that extended it)."""
    entry = term.to_dict()
    refs = [reference(AWB, article, topic) for article, topic in articles]
    if term.article == "1":
        refs.append(reference(ATW, "1", "verlenging tot de eerstvolgende werkdag"))
    elif term.article == "2":
        refs.append(reference(ATW, "2", "ten minste twee werkdagen in de termijn"))
    entry["legal_basis"] = refs
    return entry


def objection_term_entry(term: Term) -> dict[str, Any]:
    """The objection term of a decision (Awb 6:7, 6:8), for its receipt."""
    return term_entry(
        term,
        ("6:7", "bezwaartermijn van zes weken"),
        ("6:8", "aanvang van de termijn: de dag na bekendmaking"),
    )


# -- reasons --------------------------------------------------------------------------------

_AREAS_NL: Final = {
    "subject_matter": "vakinhoud",
    "didactics": "vakdidactiek",
    "pedagogy": "pedagogiek",
    "professional": "professionele houding en schoolontwikkeling",
}
_AREAS_EN: Final = {
    "subject_matter": "subject matter",
    "didactics": "didactics",
    "pedagogy": "pedagogy",
    "professional": "professional conduct and school development",
}


def _hours(value: str) -> str:
    return value.replace(".", ",")


def _short(required: str, actual: str) -> str | None:
    try:
        return format(Decimal(required) - Decimal(actual), "f")
    except InvalidOperation:
        return None


def _criterion_words(criterion: str) -> tuple[str, str]:
    """How a criterion is named in a sentence, in Dutch and English."""
    if criterion == "total_hours":
        return "professionalisering in totaal", "professional development in total"
    if criterion == "work_experience":
        return "werkervaring", "work experience"
    if criterion.startswith("areas:") or criterion.startswith("sector:"):
        parts = criterion.split(":")
        areas = parts[-1].split("+")
        nl = " of ".join(_AREAS_NL.get(a, a) for a in areas)
        en = " or ".join(_AREAS_EN.get(a, a) for a in areas)
        if criterion.startswith("sector:"):
            return f"{nl} (eis voor {parts[1]})", f"{en} ({parts[1]} requirement)"
        return nl, en
    return criterion, criterion


def shortfall_sentences(trace: Iterable[Mapping[str, Any]]) -> tuple[list[str], list[str]]:
    """One sentence per criterion not met, naming the hours found, required and missing."""
    nl: list[str] = []
    en: list[str] = []
    for entry in trace:
        if entry["passed"] or entry["required"] == "-":
            continue
        word_nl, word_en = _criterion_words(str(entry["criterion"]))
        required, actual = str(entry["required"]), str(entry["actual"])
        short = _short(required, actual)
        if short is None:
            nl.append(f"Niet voldaan aan {word_nl}: vereist {required}, gevonden {actual}.")
            en.append(f"Not met, {word_en}: required {required}, found {actual}.")
            continue
        nl.append(
            f"Uren {word_nl}: {_hours(actual)} geregistreerd, {_hours(required)} vereist;"
            f" er ontbreken {_hours(short)} uur."
        )
        en.append(
            f"Hours of {word_en}: {actual} recorded, {required} required;"
            f" {short} hours are missing."
        )
    return nl, en


def reasons(
    kind: str,
    outcome: str,
    trace: Sequence[Mapping[str, Any]],
    *,
    period: tuple[str, str] | None,
    objection_deadline: str,
    extra: Mapping[str, Any] | None = None,
    objection_term: Mapping[str, Any] | None = None,
) -> dict[str, list[str]]:
    """The reasons of a decision in plain Dutch and English, ending with the remedy (and,
    when the Algemene termijnenwet extended the objection term, why it ends when it does)."""
    extra = extra or {}
    nl: list[str] = []
    en: list[str] = []
    span_nl = f"de registratieperiode {period[0]} t/m {period[1]}" if period else "de periode"
    span_en = f"the registration period {period[0]} to {period[1]}" if period else "the period"
    short_nl, short_en = shortfall_sentences(trace)
    if kind == "re_registration":
        if outcome == "re_registered":
            nl.append(f"U voldoet over {span_nl} aan alle herregistratie-eisen.")
            en.append(f"You meet every re-registration criterion over {span_en}.")
        else:
            nl.append(f"U voldoet over {span_nl} niet aan alle herregistratie-eisen.")
            en.append(f"You do not meet every re-registration criterion over {span_en}.")
            nl += short_nl
            en += short_en
            if outcome == "annotated":
                nl.append(
                    "Tot de overgangsdatum leidt een tekort tot een aantekening, zonder"
                    " gevolgen voor uw registratie; een nieuwe periode is begonnen."
                )
                en.append(
                    "Until the transition date a shortfall gives an annotation without"
                    " consequences for your registration; a new period has begun."
                )
            else:
                nl.append("Daarom wordt deze bevoegdheid doorgehaald in het register.")
                en.append("This qualification is therefore struck off the register.")
    elif kind == "strike_off":
        ground = str(extra.get("ground", ""))
        nl.append(f"Deze bevoegdheid wordt doorgehaald op grond van: {ground}.")
        en.append(f"This qualification is struck off on the ground: {ground}.")
        if extra.get("heard_on"):
            nl.append(f"U bent gehoord op {extra['heard_on']}.")
            en.append(f"You were heard on {extra['heard_on']}.")
        nl += short_nl
        en += short_en
    elif kind == "reinstatement":
        nl.append(f"U voldoet weer aan de herregistratie-eisen over {span_nl}.")
        en.append(f"You meet the re-registration criteria again over {span_en}.")
    elif kind == "move_to_register":
        nl.append(
            f"U bent bevoegd sinds {extra.get('qualified_on')} en gaat van het"
            " registervoorportaal naar het register."
        )
        en.append(
            f"You are qualified since {extra.get('qualified_on')} and move from the"
            " pre-register to the register."
        )
    nl.append(
        f"Bent u het niet eens met dit besluit, dan kunt u tot en met {objection_deadline}"
        " bezwaar maken (Awb 6:7)."
    )
    en.append(
        f"If you disagree with this decision you may object until {objection_deadline}"
        " inclusive (Awb 6:7)."
    )
    extension = (objection_term or {}).get("extension")
    if extension:
        nl.append(str(extension["nl"]))
        en.append(str(extension["en"]))
    return {"nl": nl, "en": en}


def proposal_reasons(
    trace: Sequence[Mapping[str, Any]], *, period: tuple[str, str] | None, view_due: str
) -> dict[str, list[str]]:
    """Why a strike-off is intended after a re-registration's assessment, in Dutch and English.

    Not a decision (no objection lies against it): it names the shortfalls and the teacher's
    right to give their view before the registrar decides (Awb 4:8).
    """
    span_nl = f"de registratieperiode {period[0]} t/m {period[1]}" if period else "de periode"
    span_en = f"the registration period {period[0]} to {period[1]}" if period else "the period"
    short_nl, short_en = shortfall_sentences(trace)
    nl = [
        f"U voldoet over {span_nl} niet aan alle herregistratie-eisen.",
        *short_nl,
        "Na de overgangsdatum leidt een tekort tot doorhaling: de registrateur is van plan deze"
        " bevoegdheid door te halen.",
        f"U kunt tot en met {view_due} uw zienswijze geven (Awb 4:8); pas daarna wordt besloten.",
    ]
    en = [
        f"You do not meet every re-registration criterion over {span_en}.",
        *short_en,
        "After the transition date a shortfall leads to strike-off: the registrar intends to"
        " strike this qualification off.",
        f"You may give your view until {view_due} inclusive (Awb 4:8); only then is it decided.",
    ]
    return {"nl": nl, "en": en}


# -- comparing traces -----------------------------------------------------------------------


def trace_differences(
    recorded: Sequence[Mapping[str, Any]], recomputed: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Every difference between two traces, per criterion and field."""
    differences: list[dict[str, Any]] = []
    before = {str(e["criterion"]): e for e in recorded}
    after = {str(e["criterion"]): e for e in recomputed}
    for name in [*before, *(n for n in after if n not in before)]:
        old, new = before.get(name), after.get(name)
        if old is None or new is None:
            differences.append(
                {
                    "criterion": name,
                    "field": "(entry)",
                    "recorded": None if old is None else "present",
                    "recomputed": None if new is None else "present",
                }
            )
            continue
        for field in ("required", "actual", "passed", "evidence"):
            if old.get(field) != new.get(field):
                differences.append(
                    {
                        "criterion": name,
                        "field": field,
                        "recorded": old.get(field),
                        "recomputed": new.get(field),
                    }
                )
    if not differences and [str(e["criterion"]) for e in recorded] != [
        str(e["criterion"]) for e in recomputed
    ]:
        differences.append(
            {"criterion": "(order)", "field": "(entry)", "recorded": None, "recomputed": None}
        )
    return differences
