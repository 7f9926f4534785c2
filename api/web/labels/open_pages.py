"""Labels of the open pages (open data, demand signal, bulk check), in Dutch and English."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "open.link": ("Open data: cijfers over het register", "Open data: figures about the register"),
    "open.title": ("Open data van het lerarenregister", "Open data of the teachers' register"),
    "open.intro": (
        "Het aantal bevoegdheden in het register per sector, vak, status en jaar van inschrijving. "
        "Geen namen, geen registernummers: alleen aantallen.",
        "The number of qualifications in the register per sector, subject, status and year of "
        "admission. No names, no register numbers: counts only.",
    ),
    "open.license": (
        "Vrij te hergebruiken, zonder voorwaarden:",
        "Free to reuse, without conditions:",
    ),
    "open.csv": ("Download als CSV", "Download as CSV"),
    "open.json": ("Download als JSON", "Download as JSON"),
    "open.csv_metadata": (
        "Beschrijving van het CSV-bestand (CSV on the Web)",
        "Description of the CSV file (CSV on the Web)",
    ),
    "open.suppression": (
        "Een cel met minder dan 10 bevoegdheden tonen we niet, zodat niemand herkenbaar is: daar "
        "staat 'afgeschermd'.",
        "A cell of fewer than 10 qualifications is not shown, so that nobody can be recognised: "
        "it says 'suppressed'.",
    ),
    "open.caption": ("Stand op", "As of"),
    "open.sector": ("Sector", "Sector"),
    "open.subject": ("Vak", "Subject"),
    "open.status": ("Status", "Status"),
    "open.year": ("Jaar van inschrijving", "Year of admission"),
    "open.count": ("Aantal", "Count"),
    "open.suppressed": ("afgeschermd (< 10)", "suppressed (< 10)"),
    "open.none": ("Het register is nog leeg.", "The register is still empty."),
    "nav.demand": ("Vraag naar scholing", "Demand for training"),
    "demand.title": ("Waar leraren uren tekortkomen", "Where teachers fall short"),
    "demand.intro": (
        "Per sector en per urencriterium: hoeveel leraren van wie de registratieperiode de "
        "komende twaalf maanden afloopt nu nog uren tekortkomen, en hoeveel uren. Zo kan het "
        "aanbod volgen wat leraren nodig hebben.",
        "Per sector and hours criterion: how many teachers whose registration period ends in "
        "the next twelve months are still short of hours today, and by how many. So the offering "
        "can follow what teachers need.",
    ),
    "demand.window": ("Registratieperiodes die aflopen van", "Registration periods ending from"),
    "demand.counted": (
        "Geteld zoals een herregistratiebesluit telt: ingetrokken of afgekeurde activiteiten, "
        "activiteiten buiten de periode en activiteiten zonder bewijs tellen niet mee. "
        "Werkervaring staat er niet in.",
        "Counted as a re-registration decision counts: withdrawn or rejected activities, "
        "activities outside the period and activities without evidence do not count. Work "
        "experience is left out.",
    ),
    "demand.suppression": (
        "Een cel met minder dan 10 leraren, of waarin minder dan 10 leraren tekortkomen, tonen "
        "we niet, zodat niemand herkenbaar is: daar staat 'afgeschermd'.",
        "A cell of fewer than 10 teachers, or in which fewer than 10 fall short, is not shown, "
        "so that nobody can be recognised: it says 'suppressed'.",
    ),
    "demand.caption": ("Stand op", "As of"),
    "demand.criterion": ("Criterium", "Criterion"),
    "demand.any": (
        "tekort op minstens één urencriterium (uren: het grootste tekort)",
        "short on at least one hours criterion (hours: the largest shortfall)",
    ),
    "demand.teachers": ("Leraren", "Teachers"),
    "demand.falling_short": ("Komen tekort", "Falling short"),
    "demand.hours_total": ("Uren tekort samen", "Hours short in all"),
    "demand.hours_mean": ("Gemiddeld", "Mean"),
    "demand.hours_median": ("Mediaan", "Median"),
    "demand.none": (
        "Er lopen de komende twaalf maanden geen registratieperiodes af.",
        "No registration period ends in the next twelve months.",
    ),
}
LABELS: Final[dict[str, tuple[str, str]]] = {}
