"""Every label of the web pages in Dutch (the default) and English: one dict, no catalogue tools.

`MESSAGES` maps a key to its (Dutch, English) pair; `LABELS` names the register's vocabulary
(sectors, statuses, kinds of activity, outcomes, event types...) the same way. A test checks
that every key a template asks for exists and has both languages. A value the dictionary does
not know (an event type added later) is shown as it is stored rather than failing the page.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Final

LANGUAGES: Final = ("nl", "en")
DEFAULT_LANGUAGE: Final = "nl"

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    # frame
    "site.name": ("Lerarenregister", "Teachers' Register"),
    "site.tagline": (
        "Het register van, voor en door leraren",
        "The register of, for and by teachers",
    ),
    "nav.skip": ("Naar de inhoud", "Skip to content"),
    "nav.main": ("Hoofdmenu", "Main menu"),
    "nav.search": ("Zoeken", "Search"),
    "nav.criteria": ("Criteria", "Criteria"),
    "nav.offerings": ("Aanbod", "Offerings"),
    "nav.ledger": ("Controlepunt", "Checkpoint"),
    "nav.my_file": ("Mijn dossier", "My file"),
    "nav.progress": ("Voortgang", "Progress"),
    "nav.staff": ("Personeel", "Staff"),
    "nav.disputes": ("Betwistingen", "Disputes"),
    "nav.costs": ("Kosten", "Costs"),
    "nav.review": ("Toetsing", "Review"),
    "nav.registrar": ("Registratie", "Registration"),
    "nav.validation": ("Validatie", "Validation"),
    "nav.provider": ("Mijn aanbod", "My offerings"),
    "nav.standards": ("Criteria opstellen", "Set criteria"),
    "nav.sign_in": ("Inloggen", "Sign in"),
    "nav.sign_out": ("Uitloggen", "Sign out"),
    "nav.language": ("English", "Nederlands"),
    "nav.language_label": ("Switch to English", "Schakel naar Nederlands"),
    "nav.signed_in_as": ("Ingelogd als", "Signed in as"),
    "footer.api": ("Voor systemen: de API", "For systems: the API"),
    "footer.text": (
        "Dit register zegt niets over hoe goed iemand lesgeeft; het laat zien wat iemand doet "
        "om zich te ontwikkelen.",
        "This register says nothing about how well someone teaches; it shows what they do to "
        "develop.",
    ),
    "common.yes": ("ja", "yes"),
    "common.no": ("nee", "no"),
    "common.none": ("geen", "none"),
    "common.back": ("Terug", "Back"),
    "common.show": ("Tonen", "Show"),
    "common.date": ("Datum", "Date"),
    "common.from": ("Van", "From"),
    "common.to": ("Tot en met", "Until"),
    "common.now": ("heden", "now"),
    "common.status": ("Status", "Status"),
    "common.sector": ("Sector", "Sector"),
    "common.subject": ("Vak", "Subject"),
    "common.qualification": ("Bevoegdheid", "Qualification"),
    "common.period_end": ("Einde registratieperiode", "End of registration period"),
    "common.since": ("Sinds", "Since"),
    "common.hours": ("uur", "hours"),
    "common.version": ("Versie", "Version"),
    "common.next_page": ("Volgende pagina", "Next page"),
    "common.required": ("verplicht", "required"),
    "common.optional": ("optioneel", "optional"),
    "common.error_summary": (
        "Het formulier is niet verwerkt. Verbeter het volgende:",
        "The form was not processed. Please correct the following:",
    ),
    "common.saved": ("Opgeslagen.", "Saved."),
    # errors
    "error.title": ("Er ging iets mis", "Something went wrong"),
    "error.400": ("Onjuist verzoek", "Malformed request"),
    "error.401": ("Inloggen nodig", "Sign-in needed"),
    "error.403": ("Geen toegang", "Not allowed"),
    "error.404": ("Niet gevonden", "Not found"),
    "error.409": ("Niet mogelijk in de huidige stand", "Not possible in the current state"),
    "error.412": ("Het dossier is intussen gewijzigd", "The file changed in the meantime"),
    "error.422": ("Ongeldige invoer", "Invalid input"),
    "error.500": ("Interne fout", "Internal error"),
    "error.429": ("Even geduld", "Please wait a moment"),
    "error.rate_limited": (
        "U heeft het openbare register de afgelopen minuut vaak geraadpleegd. Probeer het over "
        "een minuut opnieuw.",
        "You consulted the public register many times in the last minute. Please try again in "
        "a minute.",
    ),
    "error.503": ("Even geduld", "Please wait"),
    "error.500_detail": (
        "Het register kon dit niet beantwoorden. De fout is vastgelegd; vermeld dit kenmerk "
        "als u contact opneemt:",
        "The register could not answer. The error was logged; quote this reference if you "
        "get in touch:",
    ),
    "error.csrf": (
        "Dit formulier is verlopen of kwam niet van deze site. Laad de pagina opnieuw en "
        "probeer het nog eens.",
        "This form has expired or did not come from this site. Reload the page and try again.",
    ),
    "error.home": ("Naar de beginpagina", "To the home page"),
    # home and search
    "home.title": ("Zoek een leraar in het register", "Find a teacher in the register"),
    "home.intro": (
        "Iedereen kan opzoeken of een leraar is geregistreerd, voor welke bevoegdheden, en "
        "hoe die registratie in de tijd is veranderd.",
        "Anyone can look up whether a teacher is registered, for which qualifications, and "
        "how that registration changed over time.",
    ),
    "search.label": ("Achternaam of registernummer", "Family name or register number"),
    "search.hint": (
        "Minstens 3 letters van de achternaam (bijvoorbeeld ‘vries’ of ‘de vries’), of het "
        "registernummer van 10 cijfers.",
        "At least 3 letters of the family name (for example ‘vries’ or ‘de vries’), or the "
        "10-digit register number.",
    ),
    "search.button": ("Zoeken", "Search"),
    "search.results": ("Zoekresultaten", "Search results"),
    "search.results_for": ("Resultaten voor", "Results for"),
    "search.none": (
        "Niemand gevonden. Controleer de spelling of zoek op registernummer.",
        "No one found. Check the spelling or search by register number.",
    ),
    "search.name": ("Naam", "Name"),
    "search.register_number": ("Registernummer", "Register number"),
    "search.qualifications": ("Bevoegdheden", "Qualifications"),
    # public entry
    "entry.title": ("Registratie", "Registration"),
    "entry.register_number": ("Registernummer", "Register number"),
    "entry.as_on": ("Zoals het stond op", "As it stood on"),
    "entry.as_on_now": ("Huidige stand", "Current entry"),
    "entry.as_on_button": ("Toon die dag", "Show that day"),
    "entry.as_on_shown": (
        "U ziet de registratie zoals die stond op",
        "You see the entry as it stood on",
    ),
    "entry.back_to_now": ("Terug naar de huidige stand", "Back to the current entry"),
    "entry.not_then": (
        "Deze persoon stond op die dag niet in het register.",
        "This person was not in the register on that day.",
    ),
    "entry.annotations": ("Aantekeningen en doorhalingen", "Annotations and strike-offs"),
    "entry.history": ("Geschiedenis", "History"),
    "entry.history_of": ("Geschiedenis van", "History of"),
    "entry.public_note": (
        "Openbaar zijn alleen naam, registernummer en de registratie per bevoegdheid. Geen "
        "BSN, geboortedatum, adres of portfolio.",
        "Only the name, register number and each qualification's registration are public. "
        "No citizen service number, birth date, address or portfolio.",
    ),
    "entry.ground": ("grond", "ground"),
    # criteria
    "criteria.title": (
        "Criteria voor herregistratie en validering",
        "Criteria for re-registration and validation",
    ),
    "criteria.intro": (
        "De beroepsgroep stelt de criteria vast na consultatie. Elke versie geldt vanaf haar "
        "ingangsdatum; besluiten noemen de versie die ze toepasten.",
        "The profession adopts the criteria after consultation. Each version applies from its "
        "effective date; decisions name the version they applied.",
    ),
    "criteria.name": ("Naam", "Name"),
    "criteria.effective_from": ("Geldt vanaf", "Effective from"),
    "criteria.adopted_on": ("Vastgesteld op", "Adopted on"),
    "criteria.drafted_on": ("Ontwerp van", "Drafted on"),
    "criteria.consultation": ("Consultatie", "Consultation"),
    "criteria.consulted": ("Geraadpleegd", "Consulted"),
    "criteria.held_on": ("Gehouden op", "Held on"),
    "criteria.summary": ("Samenvatting", "Summary"),
    "criteria.sha256": ("Vingerafdruk (sha256)", "Fingerprint (sha256)"),
    "criteria.document": ("De tekst van deze versie", "The text of this version"),
    "criteria.compare": ("Vergelijk versies", "Compare versions"),
    "criteria.compare_button": ("Vergelijken", "Compare"),
    "criteria.compare_from": ("Oude versie", "Older version"),
    "criteria.compare_to": ("Nieuwe versie", "Newer version"),
    "criteria.no_difference": ("Geen verschil.", "No difference."),
    "criteria.removed": ("verwijderd", "removed"),
    "criteria.added": ("toegevoegd", "added"),
    "criteria.changed": ("gewijzigd", "changed"),
    "criteria.in_force": ("nu van kracht", "in force now"),
    "criteria.raw": ("Het document als JSON", "The document as JSON"),
    "criteria.no_consultation": ("Geen consultatie vastgelegd.", "No consultation on record."),
    # offerings
    "offerings.title": ("Gevalideerd aanbod", "Validated offerings"),
    "offerings.intro": (
        "Scholing die aan de validatiecriteria voldoet, met de waardering van leraren die "
        "haar volgden.",
        "Training that meets the validation criteria, rated by the teachers who followed it.",
    ),
    "offerings.search": ("Zoek in het aanbod", "Search the offerings"),
    "offerings.rating": ("Waardering", "Rating"),
    "offerings.ratings": ("beoordelingen", "ratings"),
    "offerings.no_rating": ("nog geen waardering", "not rated yet"),
    "offerings.valid_until": ("Gevalideerd tot en met", "Validated until"),
    "offerings.provider": ("Aanbieder", "Provider"),
    "offerings.price": ("Prijs", "Price"),
    "offerings.comments": ("Wat leraren erover schreven", "What teachers wrote about it"),
    "offerings.none": ("Geen aanbod gevonden.", "No offerings found."),
    "offerings.rate_title": ("Uw waardering", "Your rating"),
    "offerings.rate_intro": (
        "Heeft u dit aanbod gevolgd (een activiteit in uw dossier noemt het)? Geef het een "
        "cijfer van 1 tot 5. U kunt één keer waarderen; uw naam wordt niet getoond.",
        "Did you follow this offering (an activity in your file names it)? Rate it from 1 to "
        "5. You can rate it once; your name is never shown.",
    ),
    "offerings.rate_score": ("Uw cijfer", "Your score"),
    "offerings.rate_comment": ("Toelichting", "Comment"),
    "offerings.rate_comment_hint": (
        "Wat had u eraan in de klas? Collega's lezen mee.",
        "What did it bring you in class? Colleagues will read it.",
    ),
    "offerings.rate_button": ("Waardering geven", "Rate"),
    "offerings.rated": (
        "Dank u; uw waardering is vastgelegd.",
        "Thank you; your rating is recorded.",
    ),
    # ledger
    "ledger.title": ("Het laatste ondertekende controlepunt", "The latest signed checkpoint"),
    "ledger.intro": (
        "Alle gebeurtenissen van het register staan in een Merkle-boom. Het register "
        "ondertekent regelmatig de wortel ervan. Wie een controlepunt bewaart, kan later "
        "bewijzen dat er niets is veranderd.",
        "Every event of the register is a leaf of a Merkle tree whose root the register signs "
        "regularly. Whoever keeps a checkpoint can later prove that nothing was changed.",
    ),
    "ledger.tree_size": ("Aantal gebeurtenissen", "Events in the tree"),
    "ledger.root_hash": ("Wortel (root hash)", "Root hash"),
    "ledger.signed_at": ("Ondertekend op", "Signed at"),
    "ledger.key_id": ("Sleutel", "Key"),
    "ledger.signature": ("Handtekening", "Signature"),
    "ledger.none": (
        "Er is nog geen controlepunt ondertekend.",
        "No checkpoint has been signed yet.",
    ),
    "ledger.how": (
        "Download het als JSON om te bewaren",
        "Download it as JSON to keep",
    ),
    # sign-in
    "signin.title": ("Inloggen", "Sign in"),
    "signin.intro": (
        "Plak het toegangstoken dat u van het register kreeg. Het blijft alleen in een "
        "beveiligde cookie van deze browser en verloopt na 8 uur.",
        "Paste the access token the register gave you. It stays only in a protected cookie of "
        "this browser and expires after 8 hours.",
    ),
    "signin.token": ("Toegangstoken", "Access token"),
    "signin.token_hint": ("Begint met lr_", "Starts with lr_"),
    "signin.button": ("Inloggen", "Sign in"),
    "signin.bad_token": (
        "Dit token is onbekend, ingetrokken of verlopen.",
        "This token is unknown, revoked or expired.",
    ),
    "signin.empty": ("Plak een token.", "Paste a token."),
    "signin.expired": (
        "Uw sessie is verlopen; log opnieuw in.",
        "Your session expired; please sign in again.",
    ),
    "signin.signed_out": ("U bent uitgelogd.", "You are signed out."),
    "signin.welcome": ("Welkom", "Welcome"),
    # teacher file
    "file.title": ("Dossier", "File"),
    "file.messages": ("Berichten per e-mail", "Messages by e-mail"),
    # the teacher's messages page (api/web/correspondence.py)
    "mail.title": ("Berichten per e-mail", "Messages by e-mail"),
    "mail.intro": (
        "Het register kan u een e-mail sturen als er een besluit over uw registratie is, als u"
        " gehoord wordt over een voorgenomen besluit, en zes en drie maanden voordat een"
        " registratieperiode afloopt.",
        "The register can e-mail you when there is a decision on your registration, when you"
        " are invited to give your view on an intended decision, and six and three months"
        " before a registration period ends.",
    ),
    "mail.address": ("E-mailadres", "E-mail address"),
    "mail.address_hint": (
        "Laat leeg als u geen e-mail wilt ontvangen.",
        "Leave empty to receive no e-mail.",
    ),
    "mail.reminders": ("Herinneringen", "Reminders"),
    "mail.reminders_hint": (
        "Berichten over besluiten en over het horen krijgt u altijd, als u een adres opgeeft.",
        "Messages about decisions and hearings are always sent when you give an address.",
    ),
    "mail.reminders_yes": (
        "Ja, herinner mij zes en drie maanden voordat een periode afloopt",
        "Yes, remind me six and three months before a period ends",
    ),
    "mail.reminders_no": ("Nee, geen herinneringen", "No reminders"),
    "mail.privacy": (
        "Een bericht bevat alleen uw naam en een link naar het register; niemand anders ziet"
        " uw adres.",
        "A message holds only your name and a link to the register; nobody else sees your address.",
    ),
    "mail.save": ("Opslaan", "Save"),
    "file.personal": ("Persoonsgegevens", "Personal data"),
    "file.name": ("Naam", "Name"),
    "file.birth_date": ("Geboortedatum", "Date of birth"),
    "file.bsn": ("BSN", "Citizen service number"),
    "file.registered_on": ("Ingeschreven op", "Registered on"),
    "file.qualifications": ("Bevoegdheden", "Qualifications"),
    "file.basis": ("Grondslag", "Basis"),
    "file.period": ("Registratieperiode", "Registration period"),
    "file.appointments": ("Aanstellingen", "Appointments"),
    "file.board": ("Bevoegd gezag", "Employer (board)"),
    "file.brin": ("School (BRIN)", "School (BRIN)"),
    "file.fte": ("Omvang (fte)", "Size (FTE)"),
    "file.taught": ("Sector en vakken", "Sector and subjects"),
    "file.taught_sector": ("Sector waarin lesgegeven wordt", "Sector taught in"),
    "file.taught_subjects": ("Vakken (vo, mbo)", "Subjects (vo, mbo)"),
    "file.not_stated": ("niet opgegeven", "not stated"),
    "registrar.subjects_hint": (
        "Alleen in vo en mbo; meerdere vakken gescheiden door komma's.",
        "Only in vo and mbo; several subjects separated by commas.",
    ),
    "file.confirmation": ("Uw controle", "Your check"),
    "file.confirm": ("Klopt", "Confirm"),
    "file.dispute": ("Klopt niet", "Dispute"),
    "file.dispute_reason": ("Wat klopt er niet?", "What is wrong?"),
    "file.activities": ("Professionalisering", "Professional development"),
    "file.activity": ("Activiteit", "Activity"),
    "file.kind": ("Soort", "Kind"),
    "file.areas": ("Bekwaamheidsgebieden", "Competence areas"),
    "file.withdrawn": ("ingetrokken", "withdrawn"),
    "file.decisions": ("Besluiten", "Decisions"),
    "file.decision": ("Besluit", "Decision"),
    "file.outcome": ("Uitkomst", "Outcome"),
    "file.decided_on": ("Besloten op", "Decided on"),
    "file.leaves": ("Verlof", "Leave"),
    "registrar.pending_leave_title": (
        "Gemeld verlof om te controleren",
        "Reported leave to check",
    ),
    "registrar.pending_leave_none": (
        "Er wacht geen gemeld verlof op goedkeuring.",
        "No reported leave awaits approval.",
    ),
    "file.leave_approve": ("Verlof goedkeuren", "Approve leave"),
    "file.leave_reject": ("Verlof afwijzen", "Reject leave"),
    "file.leave_reject_reason": (
        "Waarom telt dit verlof niet? (de leraar leest het)",
        "Why does this leave not count? (the teacher reads it)",
    ),
    "file.add_activity": ("Activiteit vastleggen", "Record an activity"),
    "file.access_log": ("Wie keek in mijn dossier", "Who viewed my file"),
    "file.export": ("Al mijn gegevens downloaden", "Download all my data"),
    "file.progress": ("Voortgang naar herregistratie", "Progress towards re-registration"),
    "file.timeline": ("Volledige tijdlijn", "Complete timeline"),
    "file.none": ("Nog niets vastgelegd.", "Nothing recorded yet."),
    "file.revoked": ("herroepen", "revoked"),
    "file.explain": ("Uitleg", "Explanation"),
    "file.at_version": (
        "Het dossier zoals het stond bij versie",
        "The file as it stood at version",
    ),
    "file.version_of": ("van", "of"),
    "file.objections": ("Bezwaren", "Objections"),
    # progress
    "progress.title": ("Voortgang naar herregistratie", "Progress towards re-registration"),
    "progress.intro": (
        "Per bevoegdheid: wat telt in de huidige periode, gemeten aan de criteria die nu gelden.",
        "Per qualification: what counts in the current period, against the criteria in force now.",
    ),
    "progress.criteria": ("Getoetst aan", "Measured against"),
    "progress.period": ("Periode", "Period"),
    "progress.days_left": ("Dagen over", "Days left"),
    "progress.on_track": ("Alles gehaald", "All met"),
    "progress.not_yet": ("Nog niet alles gehaald", "Not all met yet"),
    "progress.requirement": ("Eis", "Requirement"),
    "progress.required": ("Vereist", "Required"),
    "progress.found": ("Gevonden", "Found"),
    "progress.short": ("Nog te gaan", "Still short"),
    "progress.met": ("Gehaald", "Met"),
    "progress.by_area": ("Uren per bekwaamheidsgebied", "Hours by competence area"),
    "progress.by_kind": ("Uren per soort activiteit", "Hours by kind of activity"),
    "progress.counted": ("Activiteiten die tellen", "Activities that count"),
    "progress.excluded": ("Activiteiten die niet tellen", "Activities that do not count"),
    "progress.struck_off": (
        "Deze bevoegdheid is doorgehaald; er loopt geen periode.",
        "This qualification is struck off; no period is running.",
    ),
    "progress.bar_label": ("voortgang", "progress"),
    # activity form
    "activity.title": ("Een activiteit vastleggen", "Record an activity"),
    "activity.intro": (
        "Intervisie, lesbezoek, lesontwikkeling en lesevaluatie tellen net zo mee als een "
        "cursus. Kies de soort, vul de uren in en beschrijf kort wat u deed.",
        "Peer consultation, lesson visits, lesson development and lesson evaluation count "
        "just like a course. Choose the kind, enter the hours and describe briefly what you did.",
    ),
    "activity.kind": ("Soort activiteit", "Kind of activity"),
    "activity.kind_peer": ("Met collega's", "With colleagues"),
    "activity.kind_formal": ("Scholing en bijeenkomsten", "Training and events"),
    "activity.kind_other": ("Overig", "Other"),
    "activity.what": ("Titel of onderwerp", "Title or topic"),
    "activity.occurred_on": ("Datum", "Date"),
    "activity.contact_hours": ("Contacturen", "Contact hours"),
    "activity.contact_hint": (
        "Uren samen met anderen: de bijeenkomst, het bezoek, het gesprek.",
        "Hours spent with others: the meeting, the visit, the conversation.",
    ),
    "activity.self_study_hours": (
        "Uren zelfstudie en voorbereiding",
        "Self-study and preparation hours",
    ),
    "activity.areas": (
        "Welke bekwaamheidsgebieden diende het?",
        "Which competence areas did it serve?",
    ),
    "activity.evidence": ("Wat u deed en leerde", "What you did and learned"),
    "activity.evidence_hint": (
        "In minstens een zin. Nodig voor alles wat niet uit gevalideerd aanbod komt; de "
        "registrar kan het in een steekproef controleren.",
        "In at least a sentence. Needed for anything not from a validated offering; the "
        "registrar may check it in a sample.",
    ),
    "activity.evidence_reference": ("Vindplaats van het bewijs", "Where the evidence is"),
    "activity.evidence_reference_hint": (
        "Bijvoorbeeld: verslag van de intervisie, lesbezoekformulier, certificaat.",
        "For example: notes of the peer consultation, lesson visit form, certificate.",
    ),
    "activity.sample_rejected": (
        "afgekeurd in een steekproef, telt niet mee",
        "rejected in a sample check, does not count",
    ),
    "activity.sample_accepted": ("goedgekeurd in een steekproef", "accepted in a sample check"),
    "file.participations": ("Gemelde deelname", "Reported participation"),
    "file.participation_confirm": ("Bevestigen", "Confirm"),
    "file.participation_confirmed": ("bevestigd", "confirmed"),
    "activity.reflection": ("Reflectie", "Reflection"),
    "activity.offering": ("Gevalideerd aanbod (kenmerk)", "Validated offering (id)"),
    "activity.cost": ("Kosten in euro", "Cost in euros"),
    "activity.paid_by": ("Betaald door", "Paid by"),
    "activity.paid_by_none": ("geen kosten", "no cost"),
    "activity.button": ("Vastleggen", "Record"),
    "activity.recorded": (
        "De activiteit is vastgelegd. Zo staat uw voortgang nu:",
        "The activity was recorded. This is your progress now:",
    ),
    # access log
    "access.title": ("Wie keek in mijn dossier", "Who viewed my file"),
    "access.intro": (
        "Elke keer dat iemand niet-openbare gegevens uit uw dossier opvroeg, staat hier, de "
        "nieuwste eerst.",
        "Every time someone asked for non-public data of your file is listed here, newest first.",
    ),
    "access.at": ("Wanneer", "When"),
    "access.who": ("Wie", "Who"),
    "access.what": ("Wat", "What"),
    "access.none": ("Nog niemand.", "No one yet."),
    # decisions
    "decision.title": ("Besluit", "Decision"),
    "decision.about": ("Over", "About"),
    "decision.kind": ("Soort besluit", "Kind of decision"),
    "decision.outcome": ("Uitkomst", "Outcome"),
    "decision.decided_on": ("Datum besluit", "Date of decision"),
    "decision.decided_by": ("Genomen door", "Taken by"),
    "decision.reasons": ("Waarom", "Why"),
    "decision.criteria_used": ("Toegepaste criteria", "Criteria applied"),
    "decision.engine": ("Rekenregels", "Rules engine"),
    "decision.period": ("Beoordeelde periode", "Period judged"),
    "decision.as_of": ("Dossierversie bij het besluit", "File version at the decision"),
    "decision.per_criterion": ("Per eis", "Criterion by criterion"),
    "decision.required": ("Vereist", "Required"),
    "decision.found": ("Gevonden", "Found"),
    "decision.passed": ("Gehaald", "Met"),
    "decision.counted": ("Wat meetelde", "What counted"),
    "decision.nothing_counted": ("niets", "nothing"),
    "decision.legal_basis": ("Wettelijke grondslag", "Legal basis"),
    "decision.objection_deadline": ("Bezwaar mogelijk tot en met", "Objection possible until"),
    "decision.objection_closed": (
        "De bezwaartermijn is verstreken.",
        "The term for objection has passed.",
    ),
    "decision.revoked": (
        "Dit besluit is herroepen na een gegrond bezwaar.",
        "This decision was revoked after a well-founded objection.",
    ),
    "decision.reproduce": ("Opnieuw berekenen", "Reproduce"),
    "decision.reproduce_intro": (
        "Bereken het besluit opnieuw met het dossier zoals het toen was en dezelfde versie van "
        "de criteria, en vergelijk.",
        "Decide again from the file as it then stood and the same criteria version, and compare.",
    ),
    "decision.reproduced": (
        "Gereproduceerd: dezelfde uitkomst en dezelfde berekening.",
        "Reproduced: the same outcome and the same reasoning.",
    ),
    "decision.not_reproduced": (
        "Niet gereproduceerd: de herberekening wijkt af.",
        "Not reproduced: the recomputation differs.",
    ),
    "decision.recorded": ("Vastgelegd", "Recorded"),
    "decision.recomputed": ("Herberekend", "Recomputed"),
    "decision.differences": ("Verschillen", "Differences"),
    "decision.events_since": (
        "Gebeurtenissen in het dossier sinds het besluit",
        "Events in the file since the decision",
    ),
    "decision.engine_versions": ("Rekenregels toen en nu", "Rules engine then and now"),
    "decision.object": ("Bezwaar maken", "Object"),
    "decision.object_intro": (
        "U kunt binnen zes weken na de dag van het besluit bezwaar maken. Schrijf waarom u "
        "het niet eens bent met het besluit.",
        "You may object within six weeks from the day after the decision. Write why you "
        "disagree with the decision.",
    ),
    "decision.grounds": ("Gronden van het bezwaar", "Grounds of the objection"),
    "decision.excuse": ("Reden voor te laat indienen", "Reason for filing late"),
    "decision.excuse_hint": (
        "Alleen nodig na de termijn; de commissie weegt de reden.",
        "Only needed after the term; the committee weighs the reason.",
    ),
    "decision.object_button": ("Bezwaar indienen", "File the objection"),
    "decision.objected": ("Uw bezwaar is ingediend.", "Your objection was filed."),
    "decision.objection": ("Bezwaar", "Objection"),
    "decision.view_objection": ("Bekijk het bezwaar", "View the objection"),
    "decision.text_of": ("Tekst van de criteria", "Text of the criteria"),
    # review (appeals, auditor)
    "review.title": ("Toetsing", "Review"),
    "review.intro": (
        "Zoek een dossier op registernummer om de volledige tijdlijn, het dossier op elk "
        "moment en de besluiten met hun uitleg te zien.",
        "Find a file by register number to see its complete timeline, the file at any point, "
        "and its decisions with their explanation.",
    ),
    "review.find": ("Dossier openen", "Open file"),
    "review.decision_id": ("Kenmerk van een besluit", "Decision id"),
    "review.open_decision": ("Besluit openen", "Open decision"),
    "review.objections_open": ("Openstaande bezwaren", "Open objections"),
    "review.decide_by": ("Beslissen uiterlijk", "Decide by"),
    "review.overdue": ("te laat", "overdue"),
    "review.none_open": ("Geen openstaande bezwaren.", "No open objections."),
    "review.not_found": (
        "Geen dossier met dat registernummer.",
        "No file with that register number.",
    ),
    "audit_log.title": ("Wie las welk dossier", "Who read which file"),
    "audit_log.intro": (
        "Elke keer dat iemand niet-openbare gegevens van een leraar las, via de API of deze "
        "pagina's: wanneer, met welke rol en welk token, wat, en het kenmerk van het verzoek in "
        "de logregels. Nieuwste eerst; dit overzicht kan niet worden gewijzigd.",
        "Every read of a teacher's non-public data, through the API or these pages: when, with "
        "which role and token, what, and the request id of its log lines. Newest first; this "
        "record cannot be changed.",
    ),
    "audit_log.teacher_id": ("Alleen het dossier met id", "Only the file with id"),
    "audit_log.file": ("Dossier", "File"),
    "audit_log.request": ("Verzoek", "Request"),
    "audit_log.token": ("token", "token"),
    "review.audit_log": ("Wie las welk dossier", "Who read which file"),
    "timeline.bundle": (
        "Bundel van dit dossier downloaden",
        "Download this file's audit bundle",
    ),
    "timeline.bundle_hint": (
        "(de opgeslagen gebeurtenissen met bewijzen tegen het laatste ondertekende "
        "controlepunt; controleer ze zonder het register met lerarenregister verify-bundle)",
        "(the stored events with proofs against the latest signed checkpoint; verify them "
        "without the register with lerarenregister verify-bundle)",
    ),
    "timeline.title": ("Tijdlijn van het dossier", "Timeline of the file"),
    "timeline.intro": (
        "Elke gebeurtenis in volgorde, met wie het deed en waarom. Rechtstreeks uit de "
        "gebeurtenissenopslag, niet uit een afgeleid overzicht.",
        "Every event in order, with who did it and why. Read from the event store itself, not "
        "from a derived view.",
    ),
    "timeline.filter": ("Filter", "Filter"),
    "timeline.type": ("Soort gebeurtenis", "Kind of event"),
    "timeline.all_types": ("alle soorten", "all kinds"),
    "timeline.actor": ("Door (rol)", "By (role)"),
    "timeline.all_actors": ("iedereen", "everyone"),
    "timeline.text": ("Bevat tekst", "Contains text"),
    "timeline.apply": ("Filter toepassen", "Apply filter"),
    "timeline.position": ("Positie", "Position"),
    "timeline.recorded_at": ("Vastgelegd op", "Recorded at"),
    "timeline.by": ("Door", "By"),
    "timeline.reason": ("Reden", "Reason"),
    "timeline.details": ("Gegevens", "Data"),
    "timeline.state_here": ("Dossier bij deze versie", "File at this version"),
    "timeline.shown": ("getoond", "shown"),
    "timeline.none": (
        "Geen gebeurtenissen die aan het filter voldoen.",
        "No events match the filter.",
    ),
    "objection.title": ("Bezwaar", "Objection"),
    "objection.case": ("Dossier van het bezwaar", "Case file of the objection"),
    "objection.filed_on": ("Ingediend op", "Filed on"),
    "objection.term_end": ("Einde bezwaartermijn", "End of objection term"),
    "objection.in_time": ("Op tijd", "In time"),
    "objection.excuse": ("Verschoning", "Excuse"),
    "objection.decide_by": ("Beslissen uiterlijk", "Decide by"),
    "objection.extended": ("verlengd", "extended"),
    "objection.grounds": ("Gronden", "Grounds"),
    "objection.ruling": ("Uitspraak", "Ruling"),
    "objection.evidence": ("Bewijs dat het besluit woog", "Evidence the decision weighed"),
    "objection.since": ("Sinds het besluit", "Since the decision"),
    "objection.rule": ("Uitspraak doen", "Rule"),
    "objection.outcome": ("Uitkomst", "Outcome"),
    "objection.reasoning": ("Motivering", "Reasoning"),
    "objection.rule_button": ("Uitspraak vastleggen", "Record the ruling"),
    "objection.ruled": ("De uitspraak is vastgelegd.", "The ruling was recorded."),
    "objection.extend": ("Beslistermijn eenmaal verlengen", "Extend the term once"),
    "objection.extend_reason": ("Reden van de verlenging", "Reason for the extension"),
    "objection.lateness": ("Termijnoverschrijding beoordelen", "Judge the lateness"),
    "objection.lateness_intro": (
        "Het bezwaar kwam na afloop van de termijn. Is de overschrijding verschoonbaar (Awb"
        " 6:11)? Zo ja, dan wordt het bezwaar behandeld alsof het op tijd was; zo nee, dan is"
        " het niet-ontvankelijk, met een eigen beslissing en beroepsmogelijkheid.",
        "The objection arrived after the term. Is the lateness excusable (Awb 6:11)? If so,"
        " the objection is treated as in time; if not, it is inadmissible, by a decision with"
        " its own remedy.",
    ),
    "objection.excusable": ("Verschoonbaar", "Excusable"),
    "objection.not_excusable": (
        "Niet verschoonbaar: niet-ontvankelijk",
        "Not excusable: inadmissible",
    ),
    "objection.lateness_button": ("Oordeel vastleggen", "Record the judgement"),
    "objection.lateness_excused": ("Overschrijding verschoonbaar", "Lateness excused"),
    "objection.defer_consent": (
        "Verder uitstellen met schriftelijke instemming (Awb 7:10 lid 4)",
        "Defer further with written consent (Awb 7:10(4))",
    ),
    "objection.consent_given_on": ("Instemming gegeven op", "Consent given on"),
    "objection.consent_statement": ("Wat de instemming zegt", "What the consent says"),
    "objection.until": ("Uitstel tot en met", "Deferred until"),
    "objection.remedy": (
        "Beroep bij de rechtbank mogelijk tot en met",
        "Appeal to the court until",
    ),
    "objection.new_decision": ("Nieuw besluit in de plaats", "New decision in its place"),
    # employer
    # a development overview shared with the employer
    "nav.shares": ("Gedeeld met ons", "Shared with us"),
    "file.shares": ("Delen met mijn werkgever", "Share with my employer"),
    "shares.title": ("Delen met mijn werkgever", "Share with my employer"),
    "shares.intro": (
        "U bepaalt zelf wat uw werkgever ziet: de voortgang van de bevoegdheden en de"
        " activiteiten die u kiest, met een toelichting als u wilt, tot een dag die u kiest."
        " U kunt het altijd meteen intrekken. Zonder dat u deelt, ziet uw werkgever niets"
        " hiervan. Elke keer dat uw werkgever kijkt, staat in wie er in uw dossier keek.",
        "You decide what your employer sees: the progress of the qualifications and the"
        " activities you choose, with a note if you like, until a day you choose. You can"
        " revoke it at once at any time. Unless you share, your employer sees none of this."
        " Every look by your employer is listed under who viewed your file.",
    ),
    "shares.new": ("Nieuw overzicht delen", "Share a new overview"),
    "shares.board": ("Bestuur (werkgever)", "Board (employer)"),
    "shares.board_hint": (
        "Alleen besturen waar u een lopende aanstelling hebt die u hebt bevestigd.",
        "Only boards where you have a current appointment you confirmed.",
    ),
    "shares.no_board": (
        "U hebt geen lopende aanstelling die u hebt bevestigd. Bevestig eerst uw aanstelling"
        " in uw dossier.",
        "You have no current appointment you confirmed. Confirm your appointment in your"
        " file first.",
    ),
    "shares.progress_of": ("Voortgang van deze bevoegdheden", "Progress of these qualifications"),
    "shares.activities": ("Activiteiten", "Activities"),
    "shares.activities_hint": (
        "Alleen de activiteiten die u aanvinkt.",
        "Only the activities you tick.",
    ),
    "shares.note": ("Toelichting", "Note"),
    "shares.until": ("Delen tot en met", "Share until"),
    "shares.until_hint": ("Uiterlijk", "At the latest"),
    "shares.share": ("Delen", "Share"),
    "shares.mine": ("Wat ik deel", "What I share"),
    "shares.what": ("Wat", "What"),
    "shares.period": ("Gedeeld", "Shared"),
    "shares.n_qualifications": ("bevoegdheden", "qualifications"),
    "shares.n_activities": ("activiteiten", "activities"),
    "shares.with_note": ("met toelichting", "with a note"),
    "shares.status_in_force": ("gedeeld", "shared"),
    "shares.status_revoked": ("ingetrokken", "revoked"),
    "shares.status_ended": ("afgelopen", "ended"),
    "shares.revoke": ("Intrekken", "Revoke"),
    "shares.none": ("U deelt niets met uw werkgever.", "You share nothing with your employer."),
    "shares.received": ("Gedeeld met ons", "Shared with us"),
    "shares.received_intro": (
        "Ontwikkeloverzichten die leraren zelf met uw bestuur delen, zolang zij dat willen."
        " Elke keer dat u er een bekijkt, ziet de leraar dat.",
        "Development overviews that teachers chose to share with your board, for as long as"
        " they wish. Each time you open one, the teacher sees it.",
    ),
    "shares.received_none": (
        "Geen leraar deelt nu een overzicht met uw bestuur.",
        "No teacher shares an overview with your board now.",
    ),
    "shares.overview": ("Ontwikkeloverzicht", "Development overview"),
    "shares.overview_intro": (
        "Alleen wat de leraar deelt; de voortgang is berekend op de datum hieronder. De leraar"
        " ziet dat u dit bekeek.",
        "Only what the teacher shares; the progress is computed on the date below. The teacher"
        " sees that you looked.",
    ),
    "shares.as_of": ("Voortgang berekend op", "Progress computed on"),
    "shares.no_activities": ("Geen activiteiten gedeeld.", "No activities shared."),
    "staff.title": ("Personeel", "Staff"),
    "staff.intro": (
        "Iedereen met een aanstelling bij uw bestuur, en per bevoegdheid of die persoon erop "
        "mag lesgeven.",
        "Everyone with an appointment at your board and, per qualification, whether they may "
        "teach on it.",
    ),
    "staff.board": ("Bestuur", "Board"),
    "staff.may_teach": ("Mag lesgeven", "May teach"),
    "staff.preregister_expired": (
        "mag op deze grondslag niet lesgeven: termijn registervoorportaal verstreken",
        "may not teach on this basis: the pre-register's term passed",
    ),
    "staff.appointments": ("Aanstellingen", "Appointments"),
    "staff.none": ("Geen personeel gevonden.", "No staff found."),
    "staff.current": ("loopt", "running"),
    "disputes.title": ("Betwiste aanstellingen", "Disputed appointments"),
    "disputes.intro": (
        "Aanstellingen die leraren betwisten, met hun toelichting.",
        "Appointments that teachers dispute, with what they say is wrong.",
    ),
    "disputes.appointment": ("Aanstelling", "Appointment"),
    "disputes.reason": ("Toelichting van de leraar", "The teacher's reason"),
    "disputes.none": ("Geen betwiste aanstellingen.", "No disputed appointments."),
    "disputes.not_registered": ("niet ingeschreven", "not registered"),
    "disputes.status_open": ("open", "open"),
    "disputes.status_answered": ("beantwoord", "answered"),
    "disputes.status_withdrawn": ("ingetrokken", "withdrawn"),
    "disputes.status_all": ("alle", "all"),
    "disputes.answer_hint": (
        "U beantwoordt een betwisting door de aanstelling opnieuw te leveren, verbeterd.",
        "You answer a dispute by delivering the appointment again, corrected.",
    ),
    "delivery.title": ("Gegevens leveren", "Deliver data"),
    "delivery.intro": (
        "Lever aanstellingen als CSV-bestand met de kolommen bsn, gender, birth_date, basis, "
        "brin, start, end, contract_start, contract_end, fte. Dezelfde levering twee keer "
        "verandert niets.",
        "Deliver appointments as a CSV file with the columns bsn, gender, birth_date, basis, "
        "brin, start, end, contract_start, contract_end, fte. The same delivery twice changes "
        "nothing.",
    ),
    "delivery.file": ("CSV-bestand", "CSV file"),
    "delivery.id": ("Kenmerk van de levering", "Delivery id"),
    "delivery.id_hint": (
        "Kies een eigen kenmerk, bijvoorbeeld 2026-11-week48.",
        "Choose your own id, for example 2026-11-week48.",
    ),
    "delivery.button": ("Leveren", "Deliver"),
    "delivery.report": ("Verslag van de levering", "Delivery report"),
    "delivery.accepted": ("Verwerkt", "Accepted"),
    "delivery.rejected": ("Afgewezen regels", "Rejected rows"),
    "delivery.row": ("Regel", "Row"),
    "delivery.errors": ("Fouten", "Errors"),
}

LABELS: Final[dict[str, tuple[str, str]]] = {
    "sector.po": ("primair onderwijs", "primary education"),
    "sector.vo": ("voortgezet onderwijs", "secondary education"),
    "sector.mbo": ("middelbaar beroepsonderwijs", "vocational education"),
    "status.registered": ("geregistreerd", "registered"),
    "status.preregistered": ("registervoorportaal", "pre-register"),
    "status.struck_off": ("doorgehaald", "struck off"),
    "status.preregister_expired": (
        "termijn registervoorportaal verstreken",
        "pre-register term passed",
    ),
    "status.annotated": ("aantekening", "annotated"),
    "basis.diploma": ("diploma", "diploma"),
    "basis.suitability_declaration": ("geschiktheidsverklaring", "suitability declaration"),
    "basis.in_training": ("in opleiding", "in training"),
    "kind.training_programme": ("opleiding", "training programme"),
    "kind.course": ("cursus", "course"),
    "kind.study_day": ("studiedag", "study day"),
    "kind.conference": ("congres", "conference"),
    "kind.peer_consultation": ("intervisie", "peer consultation"),
    "kind.lesson_visit": ("lesbezoek", "lesson visit"),
    "kind.lesson_development": ("lesontwikkeling", "lesson development"),
    "kind.lesson_evaluation": ("lesevaluatie", "lesson evaluation"),
    "kind.network": ("netwerk", "network"),
    "kind.school_project": ("schoolproject", "school project"),
    "kind.self_study": ("zelfstudie", "self-study"),
    "area.subject_matter": ("vakinhoud", "subject matter"),
    "area.didactics": ("didactiek", "didactics"),
    "area.pedagogy": ("pedagogiek", "pedagogy"),
    "area.professional": (
        "professionele houding en schoolontwikkeling",
        "professional conduct and school development",
    ),
    "payer.teacher": ("ikzelf", "myself"),
    "payer.employer": ("werkgever", "employer"),
    "payer.fund": ("fonds", "fund"),
    "payer.other": ("anders", "other"),
    "leave.illness": ("ziekte", "illness"),
    "leave.sickness": ("ziekte", "sickness"),
    "leave.pregnancy_and_maternity": (
        "zwangerschaps- en bevallingsverlof",
        "pregnancy and maternity leave",
    ),
    "leave.parental": ("ouderschapsverlof", "parental leave"),
    "leave.care": ("zorgverlof", "care leave"),
    "leave.other": ("ander verlof (registrar)", "other leave (registrar)"),
    "leave_status.pending": (
        "wacht op goedkeuring: telt nog niet",
        "awaiting approval: does not count yet",
    ),
    "leave_status.approved": ("goedgekeurd", "approved"),
    "leave_status.rejected": ("afgewezen", "rejected"),
    "outcome.re_registered": ("geherregistreerd", "re-registered"),
    "outcome.annotated": ("aantekening", "annotated"),
    "outcome.struck_off": ("doorgehaald", "struck off"),
    "outcome.reinstated": ("heringeschreven", "reinstated"),
    "outcome.moved_to_register": ("naar het register", "moved to the register"),
    "decision_kind.re_registration": ("herregistratie", "re-registration"),
    "decision_kind.strike_off": ("doorhaling", "strike-off"),
    "decision_kind.reinstatement": ("herinschrijving", "reinstatement"),
    "decision_kind.move_to_register": ("opname in het register", "move to the register"),
    "decision_kind.replacement": ("nieuw besluit na bezwaar", "new decision after objection"),
    "ground.own_request": ("op eigen verzoek", "own request"),
    "ground.deceased": ("overleden", "deceased"),
    "ground.incorrect_data": ("onjuiste gegevens", "incorrect data"),
    "ground.criteria_not_met": ("niet voldaan aan de criteria", "criteria not met"),
    "ground.disciplinary_measure": ("tuchtmaatregel", "disciplinary measure"),
    "annotation.annotation": ("aantekening", "annotation"),
    "annotation.strike_off": ("doorhaling", "strike-off"),
    "criteria_name.reregistration": ("Criteria voor herregistratie", "Re-registration criteria"),
    "criteria_name.validation": (
        "Criteria voor de validatie van aanbod",
        "Criteria for validating offerings",
    ),
    "role.teacher": ("leraar", "teacher"),
    "role.employer": ("werkgever", "employer"),
    "role.provider": ("aanbieder", "provider"),
    "role.validator": ("validator", "validator"),
    "role.registrar": ("registerhouder", "registrar"),
    "role.appeals": ("bezwaarcommissie", "appeals committee"),
    "role.auditor": ("auditor", "auditor"),
    "role.standards": ("beroepsgroep", "the profession"),
    "role.system": ("systeem", "system"),
    "role.anonymous": ("anoniem", "anonymous"),
    "confirmation.unconfirmed": ("nog niet gecontroleerd", "not checked yet"),
    "confirmation.confirmed": ("klopt", "confirmed"),
    "confirmation.disputed": ("betwist", "disputed"),
    "criteria_status.draft": ("ontwerp", "draft"),
    "criteria_status.adopted": ("vastgesteld", "adopted"),
    "objection_status.open": ("in behandeling", "open"),
    "objection_status.ruled": ("beslist", "ruled"),
    "ruling.well_founded": ("gegrond", "well-founded"),
    "ruling.unfounded": ("ongegrond", "unfounded"),
    "ruling.inadmissible": ("niet-ontvankelijk", "inadmissible"),
    "exclusion.withdrawn": ("ingetrokken", "withdrawn"),
    "exclusion.outside_period": ("buiten de periode", "outside the period"),
    "exclusion.after_evaluation_date": ("na de beoordelingsdatum", "after the evaluation date"),
    "exclusion.kind_not_counted": ("soort telt niet mee", "kind does not count"),
    "exclusion.no_evidence": ("geen bewijs", "no evidence"),
    "exclusion.no_reflection": ("geen reflectie", "no reflection"),
    "event.Admitted": ("ingeschreven", "admitted"),
    "event.QualificationAdded": ("bevoegdheid toegevoegd", "qualification added"),
    "event.PersonalDataCorrected": ("persoonsgegevens gecorrigeerd", "personal data corrected"),
    "event.PersonalDataErased": ("persoonsgegevens gewist", "personal data erased"),
    "event.PublicEntryExpired": (
        "uit het openbare register (bewaartermijn)",
        "left the public register (retention)",
    ),
    "event.AppointmentRecorded": ("aanstelling vastgelegd", "appointment recorded"),
    "event.LeaveRecorded": ("verlof vastgelegd", "leave recorded"),
    "event.LeaveApproved": ("verlof goedgekeurd", "leave approved"),
    "event.LeaveRejected": ("verlof afgewezen", "leave rejected"),
    "event.PreregisterExpired": (
        "termijn registervoorportaal verstreken",
        "pre-register term passed",
    ),
    "event.ActivityRecorded": ("activiteit vastgelegd", "activity recorded"),
    "event.ParticipationReported": ("deelname gemeld door aanbieder", "participation reported"),
    "event.ActivityJudged": ("activiteit gecontroleerd", "activity checked in a sample"),
    "event.ActivityWithdrawn": ("activiteit ingetrokken", "activity withdrawn"),
    "event.ReRegistered": ("geherregistreerd", "re-registered"),
    "event.Annotated": ("aantekening", "annotated"),
    "event.StruckOff": ("doorgehaald", "struck off"),
    "event.Reinstated": ("heringeschreven", "reinstated"),
    "event.MovedToRegister": ("naar het register", "moved to the register"),
    "event.DecisionRevoked": ("besluit herroepen", "decision revoked"),
    "event.DecisionReplaced": ("nieuw besluit na bezwaar", "new decision after objection"),
    "event.AppointmentConfirmed": ("aanstelling bevestigd", "appointment confirmed"),
    "event.AppointmentDisputed": ("aanstelling betwist", "appointment disputed"),
    "event.StrikeOffProposed": ("voornemen tot doorhaling", "strike-off proposed"),
    "event.ViewGiven": ("zienswijze gegeven", "view given"),
    "event.ProposalClosed": ("voornemen gesloten", "proposal closed"),
    "event.OfferingRated": ("aanbod gewaardeerd", "offering rated"),
    "event.OverviewShared": (
        "ontwikkeloverzicht gedeeld met werkgever",
        "overview shared with employer",
    ),
    "event.ShareRevoked": ("delen met werkgever ingetrokken", "sharing with employer revoked"),
    "history.admitted": ("ingeschreven", "admitted"),
    "history.re_registered": ("geherregistreerd", "re-registered"),
    "history.annotated": ("aantekening", "annotated"),
    "history.struck_off": ("doorgehaald", "struck off"),
    "history.reinstated": ("heringeschreven", "reinstated"),
    "history.moved_to_register": ("naar het register", "moved to the register"),
    "history.revoked": ("herroepen", "revoked"),
    "criterion.period": ("beoordeelde periode", "period judged"),
    "criterion.leave_days": (
        "dagen verlof die de periode verlengden",
        "days of leave that extended the period",
    ),
    "criterion.total_hours": (
        "uren professionalisering in totaal",
        "hours of professional development in total",
    ),
    "criterion.work_experience": ("uren werkervaring", "hours of work experience"),
    "criterion.activities_counted": ("activiteiten die meetelden", "activities counted"),
    "criterion.areas": ("uren aan", "hours on"),
    "criterion.sector": ("in het", "in"),
    "criterion.excluded": ("activiteiten die niet meetelden", "activities not counted"),
}


def _merge_parts() -> None:
    """The labels of each group of pages (api/web/labels), none defined twice."""
    from api.web.labels import PARTS  # noqa: PLC0415

    for part in PARTS:
        for table, extra in ((MESSAGES, part.MESSAGES), (LABELS, part.LABELS)):
            twice = set(table) & set(extra)
            if twice:
                raise RuntimeError(f"labels defined twice: {sorted(twice)}")
            table.update(extra)


_merge_parts()

_MONTHS = {
    "nl": [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


def language_of(value: str | None) -> str:
    """A supported language code, Dutch unless English was chosen."""
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def message(key: str, lang: str) -> str:
    """The label for `key` in `lang`; the key itself when unknown (a test keeps that from
    happening in the shipped templates)."""
    pair = MESSAGES.get(key)
    if pair is None:
        return key
    return pair[LANGUAGES.index(lang)]


def label(group: str, value: object, lang: str) -> str:
    """A word of the register's vocabulary (`label("kind", "lesson_visit", "nl")`); the stored
    value itself when the dictionary does not know it."""
    if value is None:
        return ""
    pair = LABELS.get(f"{group}.{value}")
    if pair is None:
        return str(value)
    return pair[LANGUAGES.index(lang)]


def criterion_label(criterion: str, lang: str) -> str:
    """A trace entry's criterion in words: `areas:didactics+pedagogy+subject_matter` becomes
    "uren aan vakinhoud, didactiek of pedagogiek"."""
    head, _, rest = criterion.partition(":")
    if head == "areas":
        return f"{label('criterion', 'areas', lang)} {_areas(rest, lang)}"
    if head == "sector":
        sector, _, areas = rest.partition(":")
        return (
            f"{label('criterion', 'areas', lang)} {_areas(areas, lang)} "
            f"{label('criterion', 'sector', lang)} {label('sector', sector, lang)}"
        )
    if head == "activities_excluded":
        return f"{label('criterion', 'excluded', lang)}: {label('exclusion', rest, lang)}"
    return label("criterion", criterion, lang)


def _areas(joined: str, lang: str) -> str:
    names = [label("area", a, lang) for a in joined.split("+") if a]
    if len(names) <= 1:
        return "".join(names)
    joiner = " of " if lang == "nl" else " or "
    return ", ".join(names[:-1]) + joiner + names[-1]


def format_date(value: object, lang: str) -> str:
    """`2026-11-28` as "28 november 2026" (nl) or "28 November 2026" (en)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        day: date = value.date()
        return f"{format_date(day, lang)} {value.strftime('%H:%M')}"
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value)[:10])
        except ValueError:
            return str(value)
    return f"{day.day} {_MONTHS[lang][day.month - 1]} {day.year}"


def format_hours(value: object, lang: str) -> str:
    """Hours without trailing zeros, with a decimal comma in Dutch: "12,5"."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value).lstrip(">"))
    except (InvalidOperation, ValueError):
        return str(value)
    text = f"{number.normalize():f}" if number != number.to_integral() else f"{int(number)}"
    prefix = ">" if str(value).startswith(">") else ""
    return prefix + (text.replace(".", ",") if lang == "nl" else text)
