"""Labels of the standards pages (the profession's criteria work) and the costs page, in
Dutch and English."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    # the criteria books
    "standards.title": ("Criteria van de beroepsgroep", "The profession's criteria"),
    "standards.intro": (
        "Elk criteriadocument met al zijn versies, ontwerpen en vastgestelde. Begin een nieuw"
        " ontwerp vanuit de tekst van een bestaande versie, bekijk wat het ontwerp voor het"
        " register zou betekenen, en stel het vast met het verslag van de consultatie.",
        "Every criteria document with all its versions, drafts and adopted ones. Start a new"
        " draft from the text of an existing version, see what the draft would mean for the"
        " register, and adopt it with the record of the consultation.",
    ),
    "standards.public_list": ("Openbare lijst van criteria", "Public list of criteria"),
    "standards.new_draft": ("Nieuw ontwerp", "New draft"),
    "standards.from_in_force": ("vanuit de geldende versie", "from the version in force"),
    "standards.versions_of": ("Versies van", "Versions of"),
    "standards.links": ("Bekijken", "View"),
    "standards.public_text": ("Openbare tekst", "Public text"),
    "standards.compare_in_force": (
        "Vergelijken met de geldende versie",
        "Compare with the version in force",
    ),
    "standards.draft_from": ("Ontwerp op basis van deze versie", "Draft based on this version"),
    # drafting
    "standards.started_from": ("U begint met de tekst van", "You start from the text of"),
    "standards.draft_intro": (
        "Plak of typ het criteriadocument (JSON), of kies een bestand. Het formaat staat in de"
        " bestaande versies: begin liever vanuit een van die versies.",
        "Paste or type the criteria document (JSON), or choose a file. The existing versions"
        " show the format: better start from one of them.",
    ),
    "standards.document": ("Criteriadocument (JSON)", "Criteria document (JSON)"),
    "standards.version_hint": (
        'Pas het versienummer ("version") aan: een nieuw ontwerp krijgt een hoger nummer'
        " dan alle bestaande versies.",
        'Change the version number ("version"): a new draft takes a number higher than'
        " every existing version.",
    ),
    "standards.highest_so_far": ("Het hoogste nummer tot nu toe is", "The highest so far is"),
    "standards.document_hint": (
        "Het register bewaart de tekst precies zoals verstuurd en legt de sha256 ervan vast.",
        "The register keeps the text exactly as sent and records its sha256.",
    ),
    "standards.file": ("Of: een bestand", "Or: a file"),
    "standards.file_hint": (
        "Een gekozen bestand gaat voor op de tekst hierboven; het wordt byte voor byte bewaard.",
        "A chosen file takes precedence over the text above; it is kept byte for byte.",
    ),
    "standards.save_draft": ("Ontwerp opslaan", "Save draft"),
    "standards.document_missing": ("Vul het document in.", "Please fill in the document."),
    "standards.document_too_large": (
        "Een criteriadocument is hoogstens {} bytes.",
        "A criteria document has at most {} bytes.",
    ),
    "standards.refused": (
        "Het document is geweigerd: {} fout(en). Elke fout staat hieronder, met het veld"
        " waar die zit.",
        "The document was refused: {} fault(s). Each fault is listed below, with the field"
        " it is in.",
    ),
    "standards.whole_document": ("het hele document", "the whole document"),
    "standards.drafted": ("Het ontwerp is opgeslagen.", "The draft was saved."),
    # one version
    "standards.in_force_now": ("Geldt nu", "In force now"),
    "standards.adopted": (
        "De versie is vastgesteld en staat in de openbare lijst.",
        "The version was adopted and is in the public list.",
    ),
    "standards.adopt": ("Vaststellen", "Adopt"),
    "standards.adopt_intro": (
        "Stel dit ontwerp vast met de datum vanaf wanneer het geldt, en leg vast wie er"
        " geraadpleegd is, wanneer, en wat eruit kwam. Dit is openbaar.",
        "Adopt this draft with the date from which it applies, and record who was consulted,"
        " when, and what came of it. This is public.",
    ),
    "standards.effective_hint": (
        "Niet vóór vandaag, en na de ingangsdatum van de laatst vastgestelde versie.",
        "Not before today, and after the effective date of the latest adopted version.",
    ),
    "standards.consulted": ("Geraadpleegd", "Consulted"),
    "standards.consulted_hint": ("Eén partij per regel.", "One party per line."),
    "standards.adopt_button": ("Vaststellen", "Adopt"),
    # impact
    "standards.impact": ("Gevolgen voor het register", "Impact on the register"),
    "standards.impact_intro": (
        "Beoordeel iedere registratie waarvan de periode in het venster afloopt met deze versie"
        " en met de geldende criteria, en zie welke uitkomsten veranderen. Er wordt niets"
        " vastgelegd.",
        "Judge every registration whose period ends in the window under this version and under"
        " the criteria in force, and see which outcomes change. Nothing is recorded.",
    ),
    "standards.due_from": ("Periode loopt af vanaf", "Period ends from"),
    "standards.due_to": ("tot en met", "up to and including"),
    "standards.effective_from_assumed": (
        "Zou ingaan op (leeg: morgen)",
        "Would take effect on (empty: tomorrow)",
    ),
    "standards.governed": (
        "Perioden die deze versie zou beheersen (die na de ingangsdatum beginnen, of lopende "
        "als de versie dat verklaart)",
        "Periods this version would govern (beginning after it takes effect, or running ones "
        "when the version says so)",
    ),
    "standards.better": ("gunstiger", "better"),
    "standards.worse": ("ongunstiger", "worse"),
    "standards.impact_hint": (
        "Op het hele register kan dit minuten duren: laat het dan op de achtergrond berekenen"
        " (de uitkomst blijft bewaard). Direct berekenen is voor een klein register.",
        "Over the whole register this can take minutes: run it in the background then (the"
        " result is kept). Computing it at once is for a small register.",
    ),
    "standards.impact_button": ("Gevolgen berekenen", "Compute the impact"),
    "standards.impact_run_button": ("Op de achtergrond laten berekenen", "Run in the background"),
    "standards.impact_run": ("Berekening van de gevolgen", "Impact run"),
    "standards.last_run": ("Laatste berekening op de achtergrond", "Last run in the background"),
    "standards.run_state": ("Stand", "Status"),
    "standards.run_status.queued": ("wacht op een verwerker", "waiting for a worker"),
    "standards.run_status.running": ("bezig", "running"),
    "standards.run_status.completed": ("klaar", "completed"),
    "standards.run_status.failed": ("mislukt", "failed"),
    "standards.run_progress": ("Dossiers gelezen", "Files read"),
    "standards.run_requested": ("Gevraagd op", "Requested on"),
    "standards.run_attempts": ("Pogingen", "Attempts"),
    "standards.run_refreshes": (
        "Deze pagina ververst zichzelf tot de berekening klaar is; u kunt haar ook sluiten en"
        " later terugkomen: de uitkomst blijft bewaard.",
        "This page refreshes itself until the run has ended; you may also close it and come"
        " back later: the result is kept.",
    ),
    "standards.run_failed": ("De berekening is mislukt", "The run failed"),
    "standards.impact_lead": (
        "Uitkomsten met dit ontwerp naast die met de criteria die nu gelden, met de gegevens"
        " die nu in de dossiers staan. Niets hiervan is vastgelegd.",
        "Outcomes under this draft beside those under the criteria in force, with the facts on"
        " file now. None of this was recorded.",
    ),
    "standards.window": ("Periodes die aflopen", "Periods ending"),
    "standards.draft_assessed": ("Beoordeelde versie", "Version assessed"),
    "standards.files_read": ("Dossiers gelezen", "Files read"),
    "standards.qualifications_due": (
        "Registraties die in het venster aflopen",
        "Registrations ending in the window",
    ),
    "standards.changed": ("Uitkomsten die veranderen", "Outcomes that change"),
    "standards.outcomes": ("Uitkomsten", "Outcomes"),
    "standards.outcome": ("Uitkomst", "Outcome"),
    "standards.under_in_force": ("Met de geldende criteria", "Under the criteria in force"),
    "standards.under_draft": ("Met deze versie", "Under this version"),
    "standards.difference": ("Verschil", "Difference"),
    "standards.transitions": ("Van de ene uitkomst naar de andere", "From one outcome to another"),
    "standards.before_after": ("Nu → met deze versie", "Now → under this version"),
    "standards.count": ("Aantal", "Number"),
    "standards.changes": ("Registraties waarvan de uitkomst verandert", "Changed outcomes"),
    "standards.changes_caption": (
        "Per registratie: nu en met deze versie, en wat er dan tekortschiet",
        "Per registration: now and under this version, and what would then fall short",
    ),
    "standards.register_number": ("Registernummer", "Register number"),
    "standards.shortfalls": ("Tekort met deze versie", "Short under this version"),
    "standards.changes_truncated": (
        "Niet alle veranderde uitkomsten staan in de lijst.",
        "Not every changed outcome is listed.",
    ),
    "standards.no_changes": (
        "Geen enkele uitkomst verandert in dit venster.",
        "No outcome changes in this window.",
    ),
    "standards.seconds": ("Rekentijd", "Computed in"),
    # costs
    "costs.title": ("Kosten van professionalisering", "Costs of professional development"),
    "costs.intro": (
        "Wie betaalt wat: bedragen per jaar, sector, werkgever en betaler, uit de activiteiten"
        " in het register.",
        "Who pays what: amounts per year, sector, employer and payer, from the activities in"
        " the register.",
    ),
    "costs.intro_board": (
        "Wie betaalt wat voor de professionalisering van het personeel van bestuur",
        "Who pays what for the professional development of the staff of board",
    ),
    "costs.filter": ("Selecteren", "Select"),
    "costs.year": ("Jaar", "Year"),
    "costs.payer": ("Betaald door", "Paid by"),
    "costs.all": ("alle", "all"),
    "costs.apply": ("Toon", "Show"),
    "costs.totals": ("Totalen", "Totals"),
    "costs.by_year": ("Per jaar", "By year"),
    "costs.by_sector": ("Per sector", "By sector"),
    "costs.by_payer": ("Per betaler", "By payer"),
    "costs.count": ("Activiteiten", "Activities"),
    "costs.total": ("Bedrag", "Amount"),
    "costs.rows": ("Per jaar, sector, werkgever en betaler", "By year, sector, employer and payer"),
    "costs.rows_caption": ("Bedragen per groep", "Amounts per group"),
    "costs.board": ("Werkgever (bestuur)", "Employer (board)"),
    "costs.no_board": ("geen werkgever", "no employer"),
    "costs.none": ("Geen kosten vastgelegd.", "No costs recorded."),
}
LABELS: Final[dict[str, tuple[str, str]]] = {
    "costs_payer.teacher": ("leraar zelf", "the teacher"),
    "costs_payer.employer": ("werkgever", "employer"),
    "costs_payer.fund": ("fonds", "fund"),
    "costs_payer.other": ("anders", "other"),
}
