"""Labels of the registrar pages, in Dutch and English."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "registrar.find_bsn": ("Dossier zoeken op BSN", "Find a file by BSN"),
    "registrar.bsn_label": ("BSN", "BSN"),
    "registrar.find_bsn_hint": (
        "Het BSN wordt niet bewaard en staat nooit in een adres of logregel.",
        "The BSN is not kept and never appears in an address or a log line.",
    ),
    "registrar.due_first_page": ("Eerste pagina", "First page"),
    # home
    "registrar.home_title": ("Registratie", "Registration"),
    "registrar.home_intro": (
        "Zoek een dossier, schrijf iemand in, beslis na het horen over voornemens tot "
        "doorhaling, en beslis over bevoegdheden waarvan de registratieperiode voorbij is.",
        "Find a file, admit a person, decide on strike-off proposals after the hearing, and "
        "decide on qualifications whose registration period has ended.",
    ),
    "registrar.find_number": ("Dossier op registernummer", "File by register number"),
    "registrar.open_file": ("Dossier openen", "Open the file"),
    "registrar.find_name": ("Zoeken op naam", "Find by name"),
    "registrar.find_name_hint": (
        "Zoek in het openbare register op achternaam; het registernummer daar opent hier het "
        "dossier.",
        "Search the public register by family name; the register number there opens the file here.",
    ),
    "registrar.to_search": ("Naar zoeken op naam", "To search by name"),
    "registrar.admit": ("Inschrijven", "Admission"),
    "registrar.admit_button": ("Persoon inschrijven", "Admit a person"),
    "registrar.due_title": ("Toe aan herregistratie", "Due for re-registration"),
    "registrar.due_intro": (
        "Geregistreerde bevoegdheden waarvan de registratieperiode voorbij is en waarover nog "
        "niet is beslist, de oudste eerst (volgens het openbare register, dat even achter kan "
        "lopen).",
        "Registered qualifications whose registration period has ended and that are not yet "
        "decided, oldest first (from the public register, which may lag a moment).",
    ),
    "registrar.due_count": ("Aantal", "Number"),
    "registrar.due_shown": ("getoond:", "shown:"),
    "registrar.due_none": (
        "Er zijn geen bevoegdheden toe aan herregistratie.",
        "No qualifications are due for re-registration.",
    ),
    "registrar.proposals_title": (
        "Voornemens tot doorhaling die op een besluit wachten",
        "Strike-off proposals awaiting a decision",
    ),
    "registrar.proposals_intro": (
        "Bovenaan de voornemens waarover u nu kunt beslissen: de zienswijze is gegeven of de "
        "termijn ervoor is voorbij. Daarna die waarvoor de termijn nog loopt, op de uiterste "
        "datum voor de zienswijze.",
        "At the top the proposals you may decide now: the view was given or its term has "
        "passed. Then those whose term still runs, by the day the view is due.",
    ),
    "registrar.proposals_none": (
        "Er zijn geen open voornemens tot doorhaling.",
        "There are no open strike-off proposals.",
    ),
    "registrar.proposal_state": ("Stand", "State"),
    "registrar.may_decide_now": ("nu te beslissen", "may be decided now"),
    "registrar.awaiting_view": ("termijn voor de zienswijze loopt", "awaiting the view"),
    "registrar.proposal_open_link": ("voornemen openen", "open the proposal"),
    # deciding every re-registration due on a day
    "registrar.run_due_title": (
        "Alle herregistraties beslissen die op een dag aan de beurt zijn",
        "Decide every re-registration due on a day",
    ),
    "registrar.run_due_intro": (
        "Beslist over elke bevoegdheid waarvan de registratieperiode vóór die dag eindigde en "
        "waarover nog niet is beslist, volgens de criteria die op die dag gelden. Opnieuw "
        "versturen is veilig: wat al beslist is, wordt niet nog eens beslist.",
        "Decides today on every qualification whose registration period ended and that is not "
        "decided yet, each against the criteria that govern its period. Sending it again is "
        "safe: what was decided is not decided twice.",
    ),
    "registrar.run_due_button": ("Alles beslissen wat aan de beurt is", "Decide everything due"),
    "registrar.run_due_report": ("Beslist per", "Decided as of"),
    "registrar.run_due_decided": ("Besluiten genomen", "Decisions taken"),
    "registrar.run_due_proposed": (
        "Voornemens tot doorhaling (de leraar wordt eerst gehoord)",
        "Strike-offs proposed (the teacher is heard first)",
    ),
    "registrar.run_due_awaiting": (
        "Wachten op de zienswijze of het besluit op het voornemen",
        "Awaiting the hearing or the decision on the proposal",
    ),
    "registrar.run_due_left": (
        "Voornemen ingetrokken: de registrateur beslist opnieuw",
        "Proposal withdrawn: the registrar decides again",
    ),
    "registrar.run_due_files": ("Dossiers gelezen", "Files read"),
    "registrar.run_due_conflicts": (
        "Niet te beslissen dossiers",
        "Files that could not be decided",
    ),
    "registrar.run_due_writes": ("Schrijfacties", "Writes"),
    "registrar.run_due_seconds": ("Duur (seconden)", "Duration (seconds)"),
    "registrar.run_due_lag": (
        "De lijsten op deze pagina volgen de besluiten binnen enkele ogenblikken.",
        "The lists on this page follow the decisions within moments.",
    ),
    "registrar.decide": ("Beslissen", "Decide"),
    # admission
    "registrar.admission_title": ("Persoon inschrijven", "Admit a person"),
    "registrar.admission_intro": (
        "Met een diploma komt een bevoegdheid in het register, anders in het registervoorportaal.",
        "With a diploma a qualification enters the register, otherwise the pre-register.",
    ),
    "registrar.person": ("Persoon", "Person"),
    "registrar.bsn_hint": ("Negen cijfers.", "Nine digits."),
    "registrar.initials": ("Voorletters", "Initials"),
    "registrar.given_name": ("Roepnaam", "Given name"),
    "registrar.prefix": ("Tussenvoegsel", "Prefix"),
    "registrar.family_name": ("Achternaam", "Family name"),
    "registrar.registered_on_hint": (
        "Leeg laten voor vandaag.",
        "Leave empty for today.",
    ),
    "registrar.at_least_one": ("minstens één", "at least one"),
    "registrar.qualifications_hint": (
        "Vul een regel per bevoegdheid in; lege regels tellen niet mee.",
        "Fill in one row per qualification; empty rows are left out.",
    ),
    "registrar.subject_hint": (
        "Voor vo en mbo; niet voor po.",
        "For vo and mbo; not for po.",
    ),
    "registrar.choose": ("Kies…", "Choose…"),
    # decisions
    "registrar.decide_title": ("Beslissen over", "Decide on"),
    "registrar.rereg_title": ("Herregistratie", "Re-registration"),
    "registrar.rereg_intro": (
        "Beslist vandaag over de afgelopen periode, volgens de criteria die golden op de eerste "
        "dag van die periode; pas na het einde van de periode.",
        "Decides today on the period that ended, against the criteria in force on its first "
        "day; only after the period's end.",
    ),
    "registrar.rereg_button": ("Herregistratie beslissen", "Decide the re-registration"),
    "registrar.move_title": ("Opnemen in het register", "Move to the register"),
    "registrar.move_intro": (
        "Wanneer het diploma er is, gaat de bevoegdheid van het registervoorportaal naar het "
        "register.",
        "Once the diploma is in, the qualification moves from the pre-register to the register.",
    ),
    "registrar.qualified_on": ("Datum van het diploma", "Date of the diploma"),
    "registrar.move_button": ("Opnemen in het register", "Move to the register"),
    "registrar.reinstate_title": ("Herinschrijven", "Reinstate"),
    "registrar.reinstate_intro": (
        "Alleen wanneer weer aan de criteria is voldaan; anders weigert het register.",
        "Only when the criteria are met again; otherwise the register refuses.",
    ),
    "registrar.reinstate_button": ("Herinschrijven", "Reinstate"),
    "registrar.propose_title": ("Voornemen tot doorhaling", "Propose a strike-off"),
    "registrar.propose_intro": (
        "De leraar mag binnen de termijn een zienswijze geven; daarna beslist u.",
        "The teacher may give their view within the term; then you decide.",
    ),
    "registrar.propose_reason": (
        "Waarom de doorhaling wordt overwogen",
        "Why a strike-off is intended",
    ),
    "registrar.propose_button": ("Voornemen vastleggen", "Record the proposal"),
    "registrar.proposal_open": (
        "Er loopt al een voornemen:",
        "A proposal is already open:",
    ),
    "registrar.strike_title": ("Direct doorhalen", "Strike off directly"),
    "registrar.strike_intro": (
        "Alleen op eigen verzoek of bij overlijden; op andere gronden maakt u een voornemen "
        "en wordt de leraar eerst gehoord.",
        "Only on the teacher's own request or death; on other grounds you propose it and the "
        "teacher is heard first.",
    ),
    "registrar.ground": ("Grond", "Ground"),
    "registrar.effective_on": ("Ingangsdatum", "Effective on"),
    "registrar.effective_on_hint": (
        "Op eigen verzoek: de gevraagde datum, hoogstens 30 dagen terug. Bij overlijden: de "
        "datum van overlijden.",
        "On own request: the date asked for, at most 30 days back. On death: the date of death.",
    ),
    "registrar.reason": ("Reden", "Reason"),
    "registrar.strike_button": ("Doorhalen", "Strike off"),
    # the hearing
    "registrar.proposals": ("Voornemens tot doorhaling", "Strike-off proposals"),
    "registrar.proposal_title": ("Voornemen tot doorhaling", "Intended strike-off"),
    "registrar.proposed_on": ("Aangekondigd op", "Proposed on"),
    "registrar.view_due": ("Zienswijze uiterlijk", "View due by"),
    "registrar.view": ("Zienswijze", "View"),
    "registrar.view_given": ("gegeven op", "given on"),
    "registrar.no_view": ("geen zienswijze gegeven", "no view given"),
    "registrar.view_title": ("Uw zienswijze geven", "Give your view"),
    "registrar.view_intro": (
        "Schrijf wat de registerhouder moet weten voordat er wordt beslist. Dat kan tot en met",
        "Write what the registrar should know before deciding. You can do so until",
    ),
    "registrar.view_button": ("Zienswijze geven", "Give my view"),
    "registrar.decide_proposal_title": ("Beslissen na het horen", "Decide after the hearing"),
    "registrar.decide_proposal_intro": (
        "Pas wanneer de zienswijze er is of de termijn voorbij is.",
        "Only once the view is in or the term has passed.",
    ),
    "registrar.withdraw_proposal_title": ("Voornemen intrekken", "Withdraw the proposal"),
    "registrar.withdraw_proposal_button": ("Voornemen intrekken", "Withdraw the proposal"),
    # the upkeep of a file
    "registrar.save": ("Vastleggen", "Save"),
    "registrar.appointment_title": ("Aanstelling vastleggen", "Record an appointment"),
    "registrar.appointment_intro": (
        "Werkgevers leveren aanstellingen zelf aan; leg hier een aanstelling met de hand vast.",
        "Employers deliver appointments themselves; record one by hand here.",
    ),
    "registrar.fte_hint": ("Bijvoorbeeld 0,8.", "For example 0.8."),
    "registrar.contract_start": ("Begin contract", "Contract start"),
    "registrar.contract_end": ("Einde contract", "Contract end"),
    "registrar.correction_title": ("Persoonsgegevens corrigeren", "Correct personal data"),
    "registrar.correction_intro": (
        "Wijzig wat niet klopt; de reden komt in het dossier.",
        "Change what is wrong; the reason goes on file.",
    ),
    "registrar.leave_title": ("Verlof vastleggen", "Record leave"),
    "registrar.leave_intro": (
        "Verlof verlengt elke registratieperiode waarin het valt.",
        "Leave extends each registration period it falls in.",
    ),
    "registrar.leave_kind": ("Soort verlof", "Kind of leave"),
    "registrar.withdrawal_title": ("Activiteit intrekken", "Withdraw an activity"),
    "registrar.withdrawal_intro": (
        "De activiteit blijft in de geschiedenis staan maar telt niet meer mee.",
        "The activity stays in the history but no longer counts.",
    ),
    "registrar.withdrawal_button": ("Intrekken", "Withdraw"),
}
LABELS: Final[dict[str, tuple[str, str]]] = {
    "registrar.proposal.open": ("loopt", "open"),
    "registrar.proposal.decided": ("beslist", "decided"),
    "registrar.proposal.withdrawn": ("ingetrokken", "withdrawn"),
    "registrar.proposal.revoked": ("doorhaling herroepen", "strike-off revoked"),
}
