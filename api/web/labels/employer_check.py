"""Labels of the employer's bulk check page, in Dutch and English."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "check.title": ("Registratie controleren", "Check registrations"),
    "check.intro": (
        "Upload een CSV-bestand met per regel een registernummer en de geboortedatum die u van "
        "die persoon heeft (kolommen register_number,birth_date; datum als JJJJ-MM-DD). U ziet "
        "per regel de openbare inschrijving: naam, bevoegdheden en hun status.",
        "Upload a CSV file with a register number per line and the date of birth you hold for "
        "that person (columns register_number,birth_date; dates as YYYY-MM-DD). You see per "
        "line the public entry: name, qualifications and their status.",
    ),
    "check.not_found_rule": (
        "Klopt de geboortedatum niet bij het registernummer, dan ziet u 'niet gevonden', net als "
        "bij een onbekend nummer: het register zegt nooit welke van de twee. Elke gevonden "
        "persoon ziet in zijn eigen overzicht dat uw bestuur hem heeft gecontroleerd.",
        "If the date of birth does not go with the register number you see 'not found', as for "
        "an unknown number: the register never says which of the two. Every person found sees "
        "in their own overview that your board checked them.",
    ),
    "check.file": ("CSV-bestand", "CSV file"),
    "check.file_hint": (
        "Ten hoogste 10.000 regels; een registernummer één keer per bestand.",
        "At most 10,000 lines; a register number once per file.",
    ),
    "check.button": ("Controleren", "Check"),
    "check.report": ("Uitkomst per regel", "Result per line"),
    "check.found": ("Gevonden", "Found"),
    "check.not_found": ("Niet gevonden", "Not found"),
    "check.invalid": ("Onjuiste regel", "Faulty line"),
    "check.rows": ("regels", "lines"),
    "check.line": ("Regel", "Line"),
    "check.result": ("Uitkomst", "Result"),
}
LABELS: Final[dict[str, tuple[str, str]]] = {}
