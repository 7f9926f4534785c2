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
}
LABELS: Final[dict[str, tuple[str, str]]] = {}
