"""The domain's refusals in Dutch, for the pages.

The domain (domain/, policies/) refuses a command with a message in English: that is what
the API answers (problem+json) and the CLI prints, and it stays so. A page in Dutch shows the
same refusal in Dutch: `translate(message, "nl")` finds the message's template in `TEMPLATES`
and fills the Dutch template with the values the message carried (ids, dates, numbers, names
as they are). A message no template knows is shown as it is, in English; the page never fails
on it. tests/unit/test_domain_error_translations.py reads every message the domain can raise
from the source, so a new message without a Dutch template fails that test.

A template names its values `{name}`. A name ending in `date` only matches an ISO date; the
values of `{status}` and `{ground}` are said in words (`_WORDS`), other values are kept.
"""

from __future__ import annotations

import re
from typing import Final

MESSAGES: Final[dict[str, tuple[str, str]]] = {}
LABELS: Final[dict[str, tuple[str, str]]] = {}

#: Every refusal of domain/ and policies/ as (English template, Dutch template).
TEMPLATES: Final[tuple[tuple[str, str], ...]] = (
    # domain/errors.py
    (
        "no teacher file with id {teacher_id}",
        "Er is geen dossier van een leraar met id {teacher_id}.",
    ),
    (
        "this person is already on file; a person has exactly one file",
        "Deze persoon staat al in het register; iemand heeft precies één dossier.",
    ),
    (
        "expected version {expected}, but the current version is {actual}",
        "Verwacht was versie {expected}, maar de huidige versie is {actual}.",
    ),
    # domain/application.py
    (
        "the file is too busy to change now; try again",
        "Er gebeurt nu te veel tegelijk in het dossier om het te wijzigen; probeer het opnieuw.",
    ),
    (
        "an idempotency key has 1 to 200 characters",
        "Een idempotentiesleutel heeft 1 tot en met 200 tekens.",
    ),
    (
        "this Idempotency-Key was already used for a different request",
        "Deze Idempotency-Key is al gebruikt voor een ander verzoek.",
    ),
    ("unknown role {role}", "Onbekende rol {role}."),
    ("a {role} token needs a subject", "Een token voor de rol {role} heeft een subject nodig."),
    ("no such token", "Dit token bestaat niet."),
    ("no file holds this BSN", "Er is geen dossier bij dit BSN."),
    (
        "a teacher subject is a teacher id",
        "Het subject van een token voor een leraar is het id van die leraar.",
    ),
    (
        "the file was changed by someone else at the same time; try again",
        "Iemand anders heeft het dossier tegelijk gewijzigd; probeer het opnieuw.",
    ),
    # domain/criteria_book.py
    (
        "the criteria document was refused: {count} fault(s)",
        "Het criteriadocument is geweigerd: {count} fout(en).",
    ),
    (
        "a criteria document has at most {max_bytes} bytes",
        "Een criteriadocument is hoogstens {max_bytes} bytes groot.",
    ),
    ("a criteria document is UTF-8 JSON", "Een criteriadocument is JSON in UTF-8."),
    ("name at least one party consulted", "Noem ten minste één partij met wie is overlegd."),
    (
        "no criteria named {name}; one of {names}",
        "Er zijn geen criteria met de naam {name}; kies een van {names}.",
    ),
    ("this book holds {name} documents", "Dit boek bevat alleen documenten {name}."),
    (
        "{name} criteria version {version} already exists",
        "Versie {version} van de criteria {name} bestaat al.",
    ),
    (
        "versions are numbered upwards: {name} already has version {highest}",
        "Versies worden oplopend genummerd: van {name} bestaat al versie {highest}.",
    ),
    (
        "{name} criteria version {version} is already adopted",
        "Versie {version} van de criteria {name} is al vastgesteld.",
    ),
    ("the adoption was refused", "De vaststelling is geweigerd."),
    (
        "the date of the consultation",
        "Geef een geldige datum van het overleg (JJJJ-MM-DD).",
    ),
    ("the consultation lies in the future", "De datum van het overleg ligt in de toekomst."),
    (
        "no {name} criteria version {version}",
        "Versie {version} van de criteria {name} bestaat niet.",
    ),
    (
        "criteria cannot take effect before their adoption",
        "Criteria kunnen niet ingaan vóór hun vaststelling.",
    ),
    (
        "must lie after {from_date}, the effective date of the current version {version}",
        "Moet na {from_date} liggen, de ingangsdatum van de huidige versie {version}.",
    ),
    ("version {version} is already adopted", "Versie {version} is al vastgesteld."),
    # domain/criteria_commands.py
    (
        "no {name} criteria in force on {on_date}",
        "Op {on_date} zijn geen criteria {name} van kracht.",
    ),
    (
        "retention version {version} no longer matches its recorded sha256 {sha256}",
        "Versie {version} van het bewaarbeleid komt niet meer overeen met de vastgelegde "
        "sha256 {sha256}.",
    ),
    (
        "{name} criteria version {version} no longer matches its recorded sha256 {sha256}",
        "Versie {version} van de criteria {name} komt niet meer overeen met de vastgelegde "
        "sha256 {sha256}.",
    ),
    (
        "the {name} criteria book was changed at the same time; try again",
        "Het criteriaboek {name} is tegelijk gewijzigd; probeer het opnieuw.",
    ),
    # domain/decisions.py
    (
        "the file is too busy to decide on now; try again",
        "Er gebeurt nu te veel tegelijk in het dossier om te besluiten; probeer het opnieuw.",
    ),
    (
        "no re-registration criteria in force on {on_date}",
        "Op {on_date} zijn geen criteria voor herregistratie van kracht.",
    ),
    (
        "qualification {qualification_id} is {status}: only a registered qualification is "
        "re-registered",
        "Bevoegdheid {qualification_id} is {status}: alleen een geregistreerde bevoegdheid kan "
        "worden geherregistreerd.",
    ),
    (
        "the registration period runs until {end_date}: re-registration can be decided from "
        "{from_date}",
        "De registratieperiode loopt tot {end_date}: over de herregistratie kan vanaf "
        "{from_date} worden besloten.",
    ),
    ("no decision with id {decision_id}", "Er is geen besluit met id {decision_id}."),
    (
        "this version would make {count} running registrations worse, so it may not govern "
        "periods already running (lex mitior): {listed}",
        "Deze versie zou {count} lopende registraties ongunstiger maken en mag daarom niet "
        "gelden voor perioden die al lopen (lex mitior): {listed}",
    ),
    (
        "the transition date is the law's ({transition_date}, Wet beroep leraar en "
        "lerarenregister): a criteria document cannot move or remove it",
        "De overgangsdatum is die van de wet ({transition_date}, Wet beroep leraar en "
        "lerarenregister): een criteriadocument kan die niet verschuiven of weglaten.",
    ),
    (
        "no re-registration criteria have been adopted",
        "Er zijn nog geen criteria voor herregistratie vastgesteld.",
    ),
    (
        "run-due decides on the register's date ({on_date}) only: decisions are dated the day "
        "they are taken",
        "Run-due besluit alleen op de datum van het register ({on_date}): een besluit krijgt de "
        "datum van de dag waarop het wordt genomen.",
    ),
    (
        "the decision was taken by engine {engine}, which this register does not have: it is "
        "not reproduced on another engine",
        "Het besluit is genomen met rekenregels {engine}, die dit register niet heeft: het wordt "
        "niet met andere rekenregels nagerekend.",
    ),
    (
        "a strike-off on {ground} is decided only after a proposal and the teacher's view "
        "(Awb 4:8): propose it first (strike-off-proposal)",
        "Over een doorhaling op grond van {ground} wordt pas besloten na een voornemen en de "
        "zienswijze van de leraar (Awb 4:8): maak eerst een voornemen tot doorhaling.",
    ),
    (
        "the period ended on {end_date}, before the transition date {transition_date} of the "
        "Wet beroep leraar: a shortfall in it gives an annotation, never a strike-off",
        "De periode eindigde op {end_date}, vóór de overgangsdatum {transition_date} van de Wet "
        "beroep leraar: een tekort daarin geeft een aantekening, nooit een doorhaling.",
    ),
    (
        "the period ended on {end_date}, before the transition date {transition_date}: a "
        "shortfall in it gives an annotation, never a strike-off; withdraw the proposal and "
        "decide the re-registration",
        "De periode eindigde op {end_date}, vóór de overgangsdatum {transition_date}: een tekort "
        "daarin geeft een aantekening, nooit een doorhaling; trek het voornemen in en besluit "
        "over de herregistratie.",
    ),
    # policies/law.py (the effective date of a strike-off)
    (
        "a strike-off on {ground} takes effect on the day it is decided ({decided_date}), never "
        "before it",
        "Een doorhaling op grond van {ground} gaat in op de dag van het besluit ({decided_date}), "
        "nooit eerder.",
    ),
    ("the date of death lies in the future", "De datum van overlijden ligt in de toekomst."),
    (
        "on own request a strike-off takes effect at most {days} days back, from {from_date}",
        "Op eigen verzoek gaat een doorhaling hoogstens {days} dagen terug in, vanaf {from_date}.",
    ),
    ("the strike-off was refused", "De doorhaling is geweigerd."),
    (
        "qualification {qualification_id} is already struck off",
        "Bevoegdheid {qualification_id} is al doorgehaald.",
    ),
    (
        "the criteria are met: no strike-off on criteria_not_met",
        "Aan de criteria is voldaan: een doorhaling omdat niet aan de criteria is voldaan, "
        "is dus niet mogelijk.",
    ),
    (
        "qualification {qualification_id} is not struck off",
        "Bevoegdheid {qualification_id} is niet doorgehaald.",
    ),
    (
        "a qualification struck off on death is not reinstated",
        "Een bevoegdheid die wegens overlijden is doorgehaald, wordt niet heringeschreven.",
    ),
    (
        "the criteria are not met again: {named}",
        "Aan de criteria is nog niet opnieuw voldaan: {named}.",
    ),
    ("the move to the register was refused", "De opname in het register is geweigerd."),
    (
        "qualification {qualification_id} is not in the pre-register",
        "Bevoegdheid {qualification_id} staat niet in het voorregister.",
    ),
    (
        "{name} criteria version {version} no longer matches the sha256 the decision recorded "
        "({sha256}): it cannot be reproduced",
        "Versie {version} van de criteria {name} komt niet meer overeen met de sha256 die het "
        "besluit vastlegde ({sha256}): het besluit kan niet opnieuw worden berekend.",
    ),
    (
        "unknown ground {value}; one of {grounds}",
        "Onbekende grond {value}; kies een van {grounds}.",
    ),
    ("the hearing lies in the future", "De datum van het horen ligt in de toekomst."),
    (
        "a strike-off cannot take effect in the future",
        "Een doorhaling kan niet in de toekomst ingaan.",
    ),
    (
        "a strike-off cannot take effect before the admission",
        "Een doorhaling kan niet ingaan vóór de inschrijving.",
    ),
    ("a strike-off states its reason", "Vermeld de reden van de doorhaling."),
    (
        "the registration period runs until {end_date}: whether the criteria are met is "
        "decided after it",
        "De registratieperiode loopt tot {end_date}: pas daarna wordt besloten of aan de "
        "criteria is voldaan.",
    ),
    ("the diploma date lies in the future", "De diplomadatum ligt in de toekomst."),
    ("the diploma date lies before the admission", "De diplomadatum ligt vóór de inschrijving."),
    ("decision {decision_id} was already taken", "Besluit {decision_id} is al genomen."),
    # domain/delivery.py (the rows of an employer's delivery)
    (
        "{name} is not a date YYYY-MM-DD or DD-MM-YYYY",
        "{name} is geen datum in de vorm JJJJ-MM-DD of DD-MM-JJJJ.",
    ),
    (
        "the appointment lasts less than one month; appointments shorter than a month are out"
        " of the register's scope",
        "De aanstelling duurt korter dan een maand; aanstellingen korter dan een maand vallen"
        " buiten het register.",
    ),
    (
        "8 digits: read with the leading zero a spreadsheet drops restored",
        "8 cijfers: gelezen met de voorloopnul terug die een spreadsheet weglaat.",
    ),
    # domain/teacher.py and domain/peer_commands.py (a colleague confirms a peer activity)
    (
        "activity {activity_id} was confirmed by a colleague: it counts as evidenced and is"
        " exempt from the sample check",
        "Activiteit {activity_id} is door een collega bevestigd: die telt als onderbouwd en valt"
        " buiten de steekproef.",
    ),
    (
        "a colleague confirms your activity: you cannot confirm it yourself",
        "Een collega bevestigt uw activiteit: u kunt die niet zelf bevestigen.",
    ),
    (
        "this register number is not of a registered teacher",
        "Dit registernummer is niet van een geregistreerde leraar.",
    ),
    (
        "only a peer activity ({kinds}) is confirmed by a colleague",
        "Alleen een activiteit van collegiaal leren ({kinds}) wordt door een collega bevestigd.",
    ),
    ("activity {activity_id} was withdrawn", "Activiteit {activity_id} is ingetrokken."),
    (
        "activity {activity_id} was already {outcome} in a sample check",
        "Activiteit {activity_id} is al beoordeeld ({outcome}) in een steekproef.",
    ),
    (
        "activity {activity_id} was already confirmed by a colleague",
        "Activiteit {activity_id} is al door een collega bevestigd.",
    ),
    (
        "activity {activity_id} has an open request to a colleague until {until_date}",
        "Voor activiteit {activity_id} loopt een verzoek aan een collega tot {until_date}.",
    ),
    (
        "no request {request_id} to teacher {teacher_id}",
        "Er is geen verzoek {request_id} aan leraar {teacher_id}.",
    ),
    ("the answer breaks the register's rules", "Het antwoord voldoet niet aan de regels."),
    ("the answer is one of {answers}", "Het antwoord is een van {answers}."),
    (
        "a remark has at most {most} characters",
        "Een opmerking heeft hoogstens {most} tekens.",
    ),
    (
        "the request expired on {expiry_date}: it can no longer be answered",
        "Het verzoek is verlopen op {expiry_date}: het kan niet meer beantwoord worden.",
    ),
    ("the request was already {status}", "Het verzoek is al {status}."),
    (
        "the personal data of the colleague's file were erased",
        "De persoonsgegevens in het dossier van de collega zijn gewist.",
    ),
    (
        "the request is no longer open on the colleague's file",
        "Het verzoek staat in het dossier van de collega niet meer open.",
    ),
    (
        "no teacher in the register has this number",
        "Geen leraar in het register heeft dit nummer.",
    ),
    (
        "the files were changed by someone else at the same time",
        "De dossiers zijn tegelijk door iemand anders gewijzigd.",
    ),
    (
        "the files are too busy to change now; try again",
        "Er gebeurt nu te veel tegelijk in de dossiers om ze te wijzigen; probeer het opnieuw.",
    ),
    # domain/participation.py and domain/fact_commands.py (participation, samples)
    (
        "a participation cannot be completed in the future",
        "Een deelname kan niet in de toekomst afgerond zijn.",
    ),
    ("{name} is not a number", "{name} is geen getal."),
    (
        "provider {provider_id} has no offering {offering_id}",
        "Aanbieder {provider_id} heeft geen aanbod {offering_id}.",
    ),
    (
        "offering {offering_id} was not validated on {completed_date}",
        "Aanbod {offering_id} was op {completed_date} niet gevalideerd.",
    ),
    (
        "no teacher with this BSN is in the register",
        "Er staat geen leraar met dit BSN in het register.",
    ),
    (
        "participation {participation_id} was already confirmed as activity {activity_id}",
        "Deelname {participation_id} is al bevestigd als activiteit {activity_id}.",
    ),
    ("no sample with id {sample_id}", "Er is geen steekproef met id {sample_id}."),
    (
        "sample {sample_id} did not draw activity {activity_id}",
        "Steekproef {sample_id} heeft activiteit {activity_id} niet getrokken.",
    ),
    (
        "sample {sample_id} was drawn by {method}, unknown here",
        "Steekproef {sample_id} is getrokken met {method}, dat hier onbekend is.",
    ),
    ("the sample was refused", "De steekproef is geweigerd."),
    (
        "a seed is a whole number from 0 to {max_seed}",
        "Een seed is een geheel getal van 0 tot en met {max_seed}.",
    ),
    (
        "a sample has 1 to {max_sample} activities",
        "Een steekproef heeft 1 tot {max_sample} activiteiten.",
    ),
    ("the window ends before it starts", "Het tijdvak eindigt voordat het begint."),
    # domain/activity_rules.py
    (
        "the offering was validated for at most {hours} contact hours",
        "Het aanbod is gevalideerd voor hoogstens {hours} contacturen.",
    ),
    (
        "the offering was validated for at most {hours} hours of self-study",
        "Het aanbod is gevalideerd voor hoogstens {hours} uur zelfstudie.",
    ),
    (
        "an activity that is not from a validated offering needs evidence: describe what you"
        " did and learned in at least a sentence ({words} words)",
        "Een activiteit die niet uit gevalideerd aanbod komt, heeft bewijs nodig: beschrijf in"
        " minstens een zin ({words} woorden) wat u deed en leerde.",
    ),
    (
        "a reference has at most {max_reference} characters",
        "Een vindplaats heeft hoogstens {max_reference} tekens.",
    ),
    ("fte is required", "fte is verplicht."),
    (
        "fte must be more than 0 and at most {max_fte}",
        "fte moet groter zijn dan 0 en hoogstens {max_fte}.",
    ),
    ("fte has at most four decimals", "fte heeft hoogstens vier cijfers achter de komma."),
    ("unknown column {column}", "Onbekende kolom {column}."),
    ("bsn is required", "Het BSN is verplicht."),
    ("gender is one of M, V, O, X", "Het geslacht is een van M, V, O, X."),
    ("basis is one of {bases}", "De grondslag is een van {bases}."),
    (
        "a school number is 2 digits and 2 letters, optionally a 2-digit branch",
        "Een schoolnummer (BRIN) bestaat uit 2 cijfers en 2 letters, eventueel gevolgd door een "
        "vestigingsnummer van 2 cijfers.",
    ),
    ("the contract ends before it starts", "Het contract eindigt voordat het begint."),
    ("{name} is required", "{name} is verplicht."),
    ("fte is not a number", "fte is geen getal."),
    (
        "not a valid BSN: nine digits that pass the elfproef",
        "Geen geldig BSN: een BSN heeft negen cijfers die voldoen aan de elfproef.",
    ),
    ("the date of birth lies in the future", "De geboortedatum ligt in de toekomst."),
    (
        "the appointment starts more than a year ahead",
        "De aanstelling begint pas over meer dan een jaar.",
    ),
    (
        "the appointment starts before the age of {min_age}",
        "De aanstelling begint vóór de leeftijd van {min_age} jaar.",
    ),
    ("the appointment ends before it starts", "De aanstelling eindigt voordat die begint."),
    (
        "the date of birth is more than {max_age} years ago",
        "De geboortedatum ligt meer dan {max_age} jaar terug.",
    ),
    (
        "the same appointment (bsn, brin, start) is in row {row}",
        "Dezelfde aanstelling (bsn, brin, start) staat al in regel {row}.",
    ),
    # api/delivery_csv.py: a line of the CSV file that does not fit the header (a row fault)
    (
        "the line has {fields} fields, the header {header}",
        "Deze regel heeft {fields} velden, de kopregel {header}.",
    ),
    # domain/delivery_commands.py
    (
        "the files of this delivery kept changing while it was applied; deliver again with "
        "the same delivery id",
        "De dossiers van deze levering veranderden steeds terwijl die werd verwerkt; lever "
        "opnieuw aan met dezelfde leverings-id.",
    ),
    (
        "the file kept changing while delivered appointments were attached",
        "Het dossier veranderde steeds terwijl de geleverde aanstellingen werden gekoppeld.",
    ),
    (
        "delivery {delivery_id} was already received with other content; a corrected delivery "
        "needs a new delivery id",
        "Levering {delivery_id} is al ontvangen met een andere inhoud; een verbeterde levering "
        "heeft een nieuwe leverings-id nodig.",
    ),
    ("the delivery was refused", "De levering is geweigerd."),
    ("a board number has five digits", "Een bestuursnummer heeft vijf cijfers."),
    (
        "a delivery id has 1 to {max_length} printable characters",
        "Een leverings-id heeft 1 tot en met {max_length} leesbare tekens.",
    ),
    ("a delivery has at least one row", "Een levering heeft ten minste één regel."),
    ("a delivery has at most {max_rows} rows", "Een levering heeft hoogstens {max_rows} regels."),
    (
        "differs from the date of birth in the register; the appointment was recorded for the "
        "person with this BSN",
        "Wijkt af van de geboortedatum in het register; de aanstelling is vastgelegd bij de "
        "persoon met dit BSN.",
    ),
    # domain/file_appointments.py, domain/teacher.py: the summary above the fields
    (
        "the appointment breaks the register's rules",
        "De aanstelling voldoet niet aan de regels van het register.",
    ),
    (
        "the admission breaks the register's rules",
        "De inschrijving voldoet niet aan de regels van het register.",
    ),
    (
        "the qualification breaks the register's rules",
        "De bevoegdheid voldoet niet aan de regels van het register.",
    ),
    (
        "the correction breaks the register's rules",
        "De correctie voldoet niet aan de regels van het register.",
    ),
    (
        "the leave breaks the register's rules",
        "Het verlof voldoet niet aan de regels van het register.",
    ),
    (
        "the activity breaks the register's rules",
        "De activiteit voldoet niet aan de regels van het register.",
    ),
    # domain/hearing_commands.py
    ("a withdrawal states its reason", "Vermeld de reden van de intrekking."),
    (
        "the proposal {proposal_id} was already {status}: a proposal carries one decision",
        "Het voornemen {proposal_id} is al {status}: op een voornemen volgt één besluit.",
    ),
    (
        "the teacher may give their view until {due_date}: decide once the view is given or "
        "the term has passed",
        "De leraar kan tot {due_date} een zienswijze geven: besluit pas als de zienswijze is "
        "gegeven of de termijn voorbij is.",
    ),
    # domain/impact.py
    ("the window ends before it begins", "Het tijdvak eindigt voordat het begint."),
    ("a window spans at most ten years", "Een tijdvak beslaat hoogstens tien jaar."),
    # domain/correspondence.py
    (
        "not an e-mail address the register can write to (name@domain.nl)",
        "Dit is geen e-mailadres waar het register naar kan schrijven (naam@domein.nl).",
    ),
    # domain/objection.py
    (
        "objection {objection_id} was already ruled on: no extension after the ruling",
        "Op bezwaar {objection_id} is al beslist: na de beslissing kan de termijn niet meer "
        "worden verdaagd.",
    ),
    (
        "objection {objection_id} was already ruled on: a ruling is given once",
        "Op bezwaar {objection_id} is al beslist: op een bezwaar wordt één keer beslist.",
    ),
    (
        "objection {objection_id} was already ruled on: {what}",
        "Op bezwaar {objection_id} is al beslist: {what}.",
    ),
    ("an extension records its reason", "Vermeld de reden van de verdaging."),
    (
        "the term of objection {objection_id} was already extended: the law allows one extension;"
        " a further deferral needs the objector's written consent (Awb 7:10(4))",
        "De beslistermijn van bezwaar {objection_id} is al verdaagd: de wet staat één "
        "verdaging toe; verder uitstel vraagt de schriftelijke instemming van de indiener "
        "(Awb 7:10 lid 4).",
    ),
    (
        "the judgement of the lateness states why",
        "Vermeld waarom de termijnoverschrijding wel of niet verschoonbaar is.",
    ),
    (
        "objection {objection_id} was in time: nothing to excuse",
        "Bezwaar {objection_id} is op tijd ingediend: er valt niets te verschonen.",
    ),
    (
        "the lateness of objection {objection_id} was excused",
        "De termijnoverschrijding van bezwaar {objection_id} is al verschoonbaar geoordeeld.",
    ),
    ("a deferral records its reason", "Vermeld de reden van het uitstel."),
    (
        "objection {objection_id} was not deferred yet: the first deferral of six weeks needs no"
        " consent (Awb 7:10(3))",
        "Bezwaar {objection_id} is nog niet verdaagd: de eerste verdaging met zes weken vraagt "
        "geen instemming (Awb 7:10 lid 3).",
    ),
    (
        "a deferral lies after the current last day {last_date}",
        "Uitstel loopt tot na de huidige laatste dag, {last_date}.",
    ),
    (
        "objection {objection_id} was late (the term ended on {end_date}): judge the lateness"
        " first (Awb 6:11): excuse it, or declare the objection inadmissible",
        "Bezwaar {objection_id} kwam te laat (de termijn eindigde op {end_date}): oordeel eerst"
        " over de termijnoverschrijding (Awb 6:11): verschoonbaar, of het bezwaar is"
        " niet-ontvankelijk.",
    ),
    (
        "an objection states its grounds (Awb 6:5)",
        "Vermeld de gronden van het bezwaar (Awb 6:5).",
    ),
    # domain/objection_commands.py
    (
        "the objection is too busy to rule on now",
        "Er gebeurt nu te veel tegelijk met dit bezwaar om erop te beslissen.",
    ),
    ("no objection with id {objection_id}", "Er is geen bezwaar met id {objection_id}."),
    (
        "decision {decision_id} was revoked: there is nothing to object to",
        "Besluit {decision_id} is herroepen: er is niets meer om bezwaar tegen te maken.",
    ),
    ("decision {decision_id} was already revoked", "Besluit {decision_id} is al herroepen."),
    (
        "decision {later_id} on the same qualification followed the one objected to; the "
        "state before it cannot be restored while that decision stands",
        "Na het besluit waartegen bezwaar is gemaakt, volgde besluit {later_id} over dezelfde "
        "bevoegdheid; de toestand van daarvoor kan niet worden hersteld zolang dat besluit "
        "geldt.",
    ),
    ("the ruling was refused", "De beslissing op bezwaar kan zo niet worden vastgelegd."),
    (
        "decision {decision_id} was taken on an objection: it is appealed to the court"
        " (Awb 7:1, 8:1), not objected to",
        "Besluit {decision_id} is genomen op bezwaar: daartegen staat beroep open bij de"
        " rechtbank (Awb 7:1, 8:1), geen bezwaar.",
    ),
    (
        "decision {decision_id} was taken by the appeals committee's ruling {ruling_id}: read"
        " the ruling; there is no criteria evaluation to reproduce",
        "Besluit {decision_id} is genomen bij de beslissing op bezwaar {ruling_id}: lees die"
        " beslissing; er is geen toetsing aan criteria om te herhalen.",
    ),
    ("the deferral was refused", "Het uitstel kan zo niet worden vastgelegd."),
    ("a deferral with consent names its day", "Vermeld tot welke dag het uitstel loopt."),
    ("the consent lies in the future", "De instemming ligt in de toekomst."),
    ("the consent lies before the objection", "De instemming ligt vóór het bezwaar."),
    (
        "an objection against decision {decision_id} was already filed (objection "
        "{objection_id}): one per decision",
        "Tegen besluit {decision_id} is al bezwaar gemaakt (bezwaar {objection_id}): één "
        "bezwaar per besluit.",
    ),
    (
        "objection {objection_id} changed at the same time",
        "Bezwaar {objection_id} is tegelijk gewijzigd.",
    ),
    ("one of {choices}", "Kies een van {choices}."),
    (
        "a ruling states its reasoning (Awb 7:12)",
        "Vermeld de motivering van de beslissing (Awb 7:12).",
    ),
    (
        "objection {objection_id} or the file changed at the same time; try again",
        "Bezwaar {objection_id} of het dossier is tegelijk gewijzigd; probeer het opnieuw.",
    ),
    # domain/offering.py
    (
        "provider {provider_id} already applied and is {status}: only a refused provider "
        "applies again",
        "Aanbieder {provider_id} heeft zich al aangemeld en is {status}: alleen een afgewezen "
        "aanbieder kan zich opnieuw aanmelden.",
    ),
    (
        "a provider keeps its KvK number; apply with the same number",
        "Een aanbieder houdt zijn KvK-nummer; meld u aan met hetzelfde nummer.",
    ),
    (
        "the application of provider {provider_id} was already decided ({status})",
        "Over de aanmelding van aanbieder {provider_id} is al besloten ({status}).",
    ),
    (
        "provider {provider_id} is {status}, not admitted: only an admitted provider submits "
        "offerings",
        "Aanbieder {provider_id} is {status} en niet toegelaten: alleen een toegelaten "
        "aanbieder kan aanbod indienen.",
    ),
    (
        "offering {offering_id} was already decided ({status}); an offering is validated once",
        "Over aanbod {offering_id} is al besloten ({status}); een aanbod wordt één keer "
        "gevalideerd.",
    ),
    ("a revocation states its reasons", "Vermeld de redenen van de intrekking."),
    (
        "offering {offering_id} is {status}: only a validated offering is revoked",
        "Aanbod {offering_id} is {status}: alleen gevalideerd aanbod kan worden ingetrokken.",
    ),
    (
        "the validation of offering {offering_id} already ended on {until_date}",
        "De validatie van aanbod {offering_id} is al op {until_date} geëindigd.",
    ),
    # domain/offering_commands.py
    ("no offering with id {offering_id}", "Er is geen aanbod met id {offering_id}."),
    ("the application was refused", "De aanmelding kan zo niet worden ingediend."),
    ("the offering was refused", "Het aanbod kan zo niet worden ingediend."),
    (
        "no validation criteria in force on {on_date}",
        "Op {on_date} zijn geen validatiecriteria van kracht.",
    ),
    (
        "validation criteria version {version} no longer matches its sha256",
        "Versie {version} van de validatiecriteria komt niet meer overeen met de vastgelegde "
        "sha256.",
    ),
    ("a comment has at most 2000 characters", "Een opmerking heeft hoogstens 2000 tekens."),
    (
        "no provider {provider_id} has applied",
        "Er heeft zich geen aanbieder {provider_id} aangemeld.",
    ),
    (
        "a provider's name has 1 to 200 characters",
        "De naam van een aanbieder heeft 1 tot en met 200 tekens.",
    ),
    ("a KvK number has exactly eight digits", "Een KvK-nummer heeft precies acht cijfers."),
    ("at least one day", "Ten minste één dag."),
    (
        "a provider with this KvK number has already applied, or this application changed at "
        "the same time",
        "Een aanbieder met dit KvK-nummer heeft zich al aangemeld, of deze aanmelding is "
        "tegelijk gewijzigd.",
    ),
    (
        "the application changed at the same time; try again",
        "De aanmelding is tegelijk gewijzigd; probeer het opnieuw.",
    ),
    ("a title has 1 to 300 characters", "Een titel heeft 1 tot en met 300 tekens."),
    ("at most {max_length} characters", "Hoogstens {max_length} tekens."),
    ("name at least one competence area", "Noem ten minste één bekwaamheidsgebied."),
    ("a competence area is named twice", "Een bekwaamheidsgebied is twee keer genoemd."),
    ("a price is not negative", "Een prijs kan niet negatief zijn."),
    (
        "provider {provider_id} is {status}, not admitted: an offering of an unadmitted "
        "provider is not validated",
        "Aanbieder {provider_id} is {status} en niet toegelaten: aanbod van een niet-toegelaten "
        "aanbieder wordt niet gevalideerd.",
    ),
    (
        "offering {offering_id} was decided by someone else at the same time",
        "Over aanbod {offering_id} heeft iemand anders tegelijk besloten.",
    ),
    (
        "offering {offering_id} changed at the same time; try again",
        "Aanbod {offering_id} is tegelijk gewijzigd; probeer het opnieuw.",
    ),
    (
        "describe it in 1 to {max_length} characters",
        "Beschrijf dit in 1 tot en met {max_length} tekens.",
    ),
    ("unknown area {area}", "Onbekend bekwaamheidsgebied {area}."),
    ("hours from 0 to 2000", "Uren van 0 tot en met 2000."),
    # domain/register.py
    (
        "could not draw a free register number; try again",
        "Er kon geen vrij registernummer worden toegekend; probeer het opnieuw.",
    ),
    # domain/teacher.py
    ("sector is one of {sectors}", "De sector is een van {sectors}."),
    (
        "subjects are stated with the sector they are in",
        "Vakken worden opgegeven met de sector waarin ze vallen.",
    ),
    ("a po appointment has no subjects", "Een aanstelling in het po heeft geen vakken."),
    ("at most {max_subjects} subjects", "Hoogstens {max_subjects} vakken."),
    (
        "a subject has at most {max_length} characters",
        "Een vak heeft hoogstens {max_length} tekens.",
    ),
    ("a subject is named twice", "Een vak is twee keer genoemd."),
    (
        "name at least one qualification, or leave the field out for all",
        "Noem ten minste één bevoegdheid, of laat het veld weg voor alle.",
    ),
    (
        "this file has no qualification {qualification_id}",
        "Dit dossier heeft geen bevoegdheid {qualification_id}.",
    ),
    (
        "teacher {teacher_id} has no reported participation {participation_id}",
        "Leraar {teacher_id} heeft geen gemelde deelname {participation_id}.",
    ),
    ("the outcome is one of {outcomes}", "De uitkomst is een van {outcomes}."),
    ("a judgement states its reason", "Een oordeel noemt de reden."),
    (
        "the judgement breaks the register's rules",
        "Het oordeel gaat tegen de regels van het register in.",
    ),
    (
        "activity {activity_id} was already {outcome} in sample {sample_id}",
        "Activiteit {activity_id} is al beoordeeld ({outcome}) in steekproef {sample_id}.",
    ),
    (
        "unknown {field} {value}; one of {allowed}",
        "Onbekende waarde {value} voor {field}; kies een van {allowed}.",
    ),
    ("a board number is required", "Het bestuursnummer is verplicht."),
    ("a school number (BRIN) is required", "Het schoolnummer (BRIN) is verplicht."),
    ("fte must be more than 0 and at most 1.5", "fte moet groter zijn dan 0 en hoogstens 1,5."),
    (
        "a {sector} qualification needs a subject",
        "Een bevoegdheid voor het {sector} heeft een vak nodig.",
    ),
    ("a po qualification has no subject", "Een bevoegdheid voor het po heeft geen vak."),
    (
        "this file is closed: the teacher is deceased",
        "Dit dossier is gesloten: de leraar is overleden.",
    ),
    ("activity {activity_id} is already recorded", "Activiteit {activity_id} is al vastgelegd."),
    (
        "teacher {teacher_id} has no activity {activity_id}",
        "Leraar {teacher_id} heeft geen activiteit {activity_id}.",
    ),
    ("activity {activity_id} was already withdrawn", "Activiteit {activity_id} is al ingetrokken."),
    ("a withdrawal needs a reason", "Geef een reden voor de intrekking."),
    (
        "qualification {qualification_id} is {status}, not registered",
        "Bevoegdheid {qualification_id} is {status}, niet geregistreerd.",
    ),
    (
        "teacher {teacher_id} has no appointment {appointment_id}",
        "Leraar {teacher_id} heeft geen aanstelling {appointment_id}.",
    ),
    (
        "appointment {appointment_id} is already confirmed",
        "Aanstelling {appointment_id} is al bevestigd.",
    ),
    ("a dispute says what is wrong with the data", "Vermeld wat er niet klopt aan de gegevens."),
    (
        "appointment {appointment_id} is already disputed; the employer answers by delivering "
        "it again",
        "Aanstelling {appointment_id} is al betwist; de werkgever reageert door de aanstelling "
        "opnieuw aan te leveren.",
    ),
    (
        "the strike-off proposal was refused",
        "Het voornemen tot doorhaling kan zo niet worden vastgelegd.",
    ),
    (
        "qualification {qualification_id} already has an open strike-off proposal",
        "Voor bevoegdheid {qualification_id} loopt al een voornemen tot doorhaling.",
    ),
    (
        "qualification {qualification_id} has an open strike-off proposal {proposal_id}: "
        "re-registration waits until it is decided or withdrawn",
        "Voor bevoegdheid {qualification_id} loopt een voornemen tot doorhaling"
        " ({proposal_id}): de herregistratie wacht tot daarop is beslist of het is ingetrokken.",
    ),
    (
        "the proposal judged the period from {start}; the qualification's period now starts "
        "on {now}: withdraw the proposal and decide the re-registration again",
        "Het voornemen beoordeelde de periode vanaf {start}; de periode van de bevoegdheid begint"
        " nu op {now}: trek het voornemen in en beslis opnieuw over de herregistratie.",
    ),
    (
        "{name} criteria version {version} no longer matches the sha256 the proposal recorded "
        "({sha256})",
        "Versie {version} van de criteria {name} komt niet meer overeen met de sha256 die het"
        " voornemen vastlegde ({sha256}).",
    ),
    ("a view has some text", "Een zienswijze moet tekst bevatten."),
    (
        "the proposal {proposal_id} was already {status}",
        "Het voornemen {proposal_id} is al {status}.",
    ),
    (
        "a view on proposal {proposal_id} was already given",
        "Op voornemen {proposal_id} is al een zienswijze gegeven.",
    ),
    (
        "the term for a view on this proposal ended on {end_date}",
        "De termijn voor een zienswijze op dit voornemen is op {end_date} geëindigd.",
    ),
    (
        "a rating is a whole number from 1 to 5",
        "Een waardering is een heel getal van 1 tot en met 5.",
    ),
    (
        "only an offering you followed can be rated: no activity with offering {offering_id} "
        "in this file",
        "U kunt alleen aanbod waarderen dat u hebt gevolgd: dit dossier heeft geen activiteit "
        "met aanbod {offering_id}.",
    ),
    (
        "offering {offering_id} was already rated; a rating is given once",
        "Aanbod {offering_id} is al gewaardeerd; u waardeert een aanbod één keer.",
    ),
    (
        "teacher {teacher_id} has no qualification {qualification_id}",
        "Leraar {teacher_id} heeft geen bevoegdheid {qualification_id}.",
    ),
    ("a family name is required", "De achternaam is verplicht."),
    ("initials are required", "De voorletters zijn verplicht."),
    (
        "registration cannot be dated in the future",
        "De inschrijving kan geen datum in de toekomst hebben.",
    ),
    ("registration before the date of birth", "De inschrijving ligt vóór de geboortedatum."),
    ("at least one qualification is required", "Ten minste één bevoegdheid is verplicht."),
    ("this qualification is already on file", "Deze bevoegdheid staat al in het dossier."),
    ("nothing to correct", "Er is niets te corrigeren."),
    ("an erasure needs a reason", "Een wissing heeft een reden nodig."),
    (
        "the personal data of this file were erased: it takes no changes",
        "De persoonsgegevens van dit dossier zijn gewist: het neemt geen wijzigingen meer aan.",
    ),
    (
        "this register keeps no data keys: erasure needs them",
        "Dit register bewaart geen sleutels per persoon: wissen kan alleen daarmee.",
    ),
    ("a correction needs a reason", "Geef een reden voor de correctie."),
    ("the leave ends before it starts", "Het verlof eindigt voordat het begint."),
    ("leave cannot start in the future", "Verlof kan niet in de toekomst beginnen."),
    ("leave of more than five years", "Verlof duurt hoogstens vijf jaar."),
    (
        "leave for illness is recorded as 'sickness'",
        "Verlof wegens ziekte heet 'sickness' (ziekte).",
    ),
    (
        "only the registrar records {kind} leave; one of {allowed}",
        "Alleen de registrar legt {kind}-verlof vast; kies een van {allowed}.",
    ),
    ("leave {leave_id} is already recorded", "Verlof {leave_id} is al vastgelegd."),
    (
        "teacher {teacher_id} has no leave {leave_id}",
        "Leraar {teacher_id} heeft geen verlof {leave_id}.",
    ),
    (
        "leave {leave_id} is {status}, not pending",
        "Verlof {leave_id} is {status}, en wacht niet meer op goedkeuring.",
    ),
    (
        "a rejection says why the leave does not count",
        "Geef bij een afwijzing aan waarom het verlof niet telt.",
    ),
    (
        "the pre-register's term of {qualification_id} runs until {day}",
        "De termijn in het registervoorportaal van {qualification_id} loopt tot {day}.",
    ),
    ("a title is required", "De titel is verplicht."),
    ("the activity cannot lie in the future", "De activiteit kan niet in de toekomst liggen."),
    ("the activity lies before the date of birth", "De activiteit ligt vóór de geboortedatum."),
    ("hours cannot be negative", "Uren kunnen niet negatief zijn."),
    ("an activity needs more than zero hours", "Een activiteit heeft meer dan nul uur nodig."),
    (
        "more than {max_hours} hours in one activity",
        "Eén activiteit heeft hoogstens {max_hours} uur.",
    ),
    (
        "teacher {teacher_id} has no strike-off proposal {proposal_id}",
        "Leraar {teacher_id} heeft geen voornemen tot doorhaling {proposal_id}.",
    ),
    (
        "a strike-off on {ground} needs no hearing: decide it directly",
        "Een doorhaling op grond van {ground} vraagt niet om horen: besluit direct.",
    ),
    (
        "a proposal states why the strike-off is intended",
        "Vermeld waarom de doorhaling wordt voorgenomen.",
    ),
    (
        "the date of birth is more than 100 years ago",
        "De geboortedatum ligt meer dan 100 jaar terug.",
    ),
    ("the same qualification twice", "Dezelfde bevoegdheid staat er twee keer in."),
    ("a cost cannot be negative", "Kosten kunnen niet negatief zijn."),
    ("a teacher is at least 15 years old", "Een leraar is ten minste 15 jaar oud."),
    # domain/tokens.py
    ("this token was already revoked", "Dit token is al ingetrokken."),
    # domain/values.py
    ("{field} must be a finite number of hours", "{field} moet een eindig aantal uren zijn."),
    ("{field} must be a number of hours", "{field} moet een aantal uren zijn."),
    ("{field} {date} lies in the future", "{field} {date} ligt in de toekomst."),
    # policies/consistency.py (faults of a criteria document)
    (
        "{hours} hours does not match {fte} FTE x {per_year} hours a year x {years} years = "
        "{expected} (allowed: {low} or {high})",
        "{hours} uur past niet bij {fte} fte x {per_year} uur per jaar x {years} jaar = "
        "{expected} (toegestaan: {low} of {high}).",
    ),
    (
        "{hours} hours does not match {fte} FTE x {per_year} hours a year x {years} years = "
        "{expected} (allowed: {allowed})",
        "{hours} uur past niet bij {fte} fte x {per_year} uur per jaar x {years} jaar = "
        "{expected} (toegestaan: {allowed}).",
    ),
    ("names {value} more than once", "Noemt {value} meer dan één keer."),
    (
        "the assessment rule compares self-study with contact hours, so the split must be required",
        "De beoordelingsregel vergelijkt zelfstudie met contacturen, dus de uitsplitsing moet "
        "verplicht zijn.",
    ),
    (
        "{hours} hours is more than the {total} hours required in total",
        "{hours} uur is meer dan de {total} uur die in totaal vereist is.",
    ),
    (
        "no activity kind counts, so {total} hours can never be met",
        "Geen enkele soort activiteit telt mee, dus {total} uur is nooit te halen.",
    ),
    (
        "repeats {key}.{index} for the same areas",
        "Herhaalt {key}.{index} voor dezelfde bekwaamheidsgebieden.",
    ),
    # domain/teacher.py and domain/share_commands.py: an overview shared with the employer
    ("this file has no activity {activity_id}", "Dit dossier heeft geen activiteit {activity_id}."),
    (
        "a share shows at most {count} activities",
        "Een gedeeld overzicht toont ten hoogste {count} activiteiten.",
    ),
    (
        "a note has at most {count} characters",
        "Een toelichting heeft ten hoogste {count} tekens.",
    ),
    (
        "a share shows something: progress, activities or a note",
        "Deel ten minste iets: voortgang, activiteiten of een toelichting.",
    ),
    ("a share ends today or later", "Het delen eindigt vandaag of later."),
    (
        "a share runs at most {days} days, until {until_date}",
        "U kunt ten hoogste {days} dagen delen, tot en met {until_date}.",
    ),
    (
        "the share breaks the register's rules",
        "Het delen voldoet niet aan de regels van het register.",
    ),
    (
        "you can share only with a board where you have a current appointment you confirmed;"
        " board {board_number} has none in your file",
        "U kunt alleen delen met een bestuur waar u een lopende aanstelling hebt die u hebt"
        " bevestigd; bestuur {board_number} heeft die niet in uw dossier.",
    ),
    (
        "a share with board {board_number} is already in force; revoke it to share anew",
        "U deelt al met bestuur {board_number}; trek dat eerst in om opnieuw te delen.",
    ),
    (
        "teacher {teacher_id} has no share {share_id}",
        "Leraar {teacher_id} heeft geen gedeeld overzicht {share_id}.",
    ),
    (
        "share {share_id} was already revoked",
        "Het gedeelde overzicht {share_id} is al ingetrokken.",
    ),
    (
        "share {share_id} ended on {end_date}",
        "Het delen van overzicht {share_id} is op {end_date} geëindigd.",
    ),
    (
        "board {board_number} has no share {share_id}",
        "Bestuur {board_number} heeft geen gedeeld overzicht {share_id}.",
    ),
    (
        "share {share_id} is no longer in force",
        "Het gedeelde overzicht {share_id} is niet meer geldig.",
    ),
    (
        "share {share_id} is not in force: board {board_number} no longer employs the teacher",
        "Het gedeelde overzicht {share_id} is niet geldig: bestuur {board_number} heeft de"
        " leraar niet meer in dienst.",
    ),
    # policies/criteria.py
    ("key appears more than once", "Deze sleutel komt meer dan één keer voor."),
    ("a criteria document is a JSON object", "Een criteriadocument is een JSON-object."),
    ("must be one of {names}, not {name}", "Moet een van {names} zijn, niet {name}."),
    ("must be 'reregistration'", "Moet 'reregistration' zijn."),
    ("must be 'validation'", "Moet 'validation' zijn."),
    ("not valid JSON: {error}", "Geen geldige JSON: {error}."),
    # domain/identity_check.py (the rows of an employer's bulk check)
    ("a register number is required", "Het registernummer is verplicht."),
    (
        "a register number has ten digits with a valid check digit",
        "Een registernummer heeft tien cijfers met een geldig controlecijfer.",
    ),
    (
        "this register number is asked in row {row} already",
        "Naar dit registernummer wordt al gevraagd in rij {row}.",
    ),
    ("a date of birth is required", "De geboortedatum is verplicht."),
    ("a date of birth is written YYYY-MM-DD", "Een geboortedatum schrijft u als JJJJ-MM-DD."),
    (
        "the date of birth lies outside the possible range",
        "De geboortedatum ligt buiten het mogelijke bereik.",
    ),
)

#: The faults pydantic finds in the *shape* of a criteria document (policies/criteria.py passes
#: its messages on as they are), as (English template, Dutch template). Not the domain's own
#: words, so apart from TEMPLATES (whose test reads the domain's source).
SHAPE_TEMPLATES: Final[tuple[tuple[str, str], ...]] = (
    ("Field required", "Dit veld ontbreekt."),
    ("Extra inputs are not permitted", "Dit veld hoort niet in het document."),
    ("Input should be a valid decimal", "Hier hoort een getal."),
    ("Input should be a valid number", "Hier hoort een getal."),
    (
        "Input should be a valid number, unable to parse string as a number",
        "Hier hoort een getal.",
    ),
    ("Input should be a valid integer", "Hier hoort een geheel getal."),
    (
        "Input should be a valid integer, unable to parse string as an integer",
        "Hier hoort een geheel getal.",
    ),
    (
        "Input should be a valid integer, got a number with a fractional part",
        "Hier hoort een geheel getal.",
    ),
    ("Input should be a finite number", "Hier hoort een eindig getal."),
    ("Input should be a valid string", "Hier hoort tekst."),
    ("Input should be a valid boolean", "Hier hoort true of false."),
    ("Input should be a valid list", "Hier hoort een lijst."),
    ("Input should be a valid tuple", "Hier hoort een lijst."),
    ("Input should be a valid dictionary", "Hier hoort een object."),
    (
        "Input should be a valid dictionary or instance of {model}",
        "Hier hoort een object ({model}).",
    ),
    ("Input should be a valid date", "Hier hoort een datum (JJJJ-MM-DD)."),
    (
        "Input should be a valid date or datetime, {detail}",
        "Hier hoort een datum (JJJJ-MM-DD).",
    ),
    (
        "Input should be a valid date in the format YYYY-MM-DD, {detail}",
        "Hier hoort een datum (JJJJ-MM-DD).",
    ),
    ("Input should be greater than or equal to {limit}", "Moet ten minste {limit} zijn."),
    ("Input should be greater than {limit}", "Moet groter zijn dan {limit}."),
    ("Input should be less than or equal to {limit}", "Mag hoogstens {limit} zijn."),
    ("Input should be less than {limit}", "Moet kleiner zijn dan {limit}."),
    (
        "Decimal input should have no more than {places} decimal places",
        "Hoogstens {places} cijfers achter de komma.",
    ),
    (
        "Decimal input should have no more than {places} decimal place",
        "Hoogstens {places} cijfer achter de komma.",
    ),
    ("Input should be {choices}", "Kies uit: {choices}."),
    (
        "{kind} should have at least {least} item after validation, not {found}",
        "Hier hoort ten minste {least} waarde, niet {found}.",
    ),
    (
        "{kind} should have at least {least} items after validation, not {found}",
        "Hier horen ten minste {least} waarden, niet {found}.",
    ),
    (
        "{kind} should have at most {most} items after validation, not {found}",
        "Hier horen hoogstens {most} waarden, niet {found}.",
    ),
    ("String should have at least {least} character", "Hier hoort ten minste {least} teken."),
    ("String should have at least {least} characters", "Hier horen ten minste {least} tekens."),
    ("String should have at most {most} characters", "Hier horen hoogstens {most} tekens."),
)
#: Pydantic's prefix of a message a validator raised as ValueError: the message after it is
#: the register's own and is translated on its own.
_VALUE_ERROR: Final = "Value error, "

#: Values said in words in Dutch; any other value is kept as it is.
_WORDS: Final[dict[str, dict[str, str]]] = {
    "status": {
        # qualifications
        "preregistered": "opgenomen in het voorregister",
        "registered": "geregistreerd",
        "struck_off": "doorgehaald",
        "preregister_expired": "termijn registervoorportaal verstreken",
        "pending": "wacht op goedkeuring",
        "approved": "goedgekeurd",
        "rejected": "afgewezen",
        # providers and offerings
        "submitted": "in behandeling",
        "admitted": "toegelaten",
        "refused": "afgewezen",
        "validated": "gevalideerd",
        "revoked": "ingetrokken",
        # strike-off proposals
        "open": "nog open",
        "decided": "afgerond met een besluit",
        "withdrawn": "ingetrokken",
        # requests to a colleague
        "confirmed": "bevestigd",
        "declined": "afgewezen",
        "expired": "verlopen",
    },
    "ground": {
        "own_request": "eigen verzoek",
        "deceased": "overlijden",
        "incorrect_data": "onjuiste gegevens",
        "criteria_not_met": "het niet voldoen aan de criteria",
        "disciplinary_measure": "een tuchtmaatregel",
    },
}

_PLACEHOLDER: Final = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_ISO_DATE: Final = r"\d{4}-\d{2}-\d{2}"


def placeholders(template: str) -> list[str]:
    """The names of the values in a template, in order."""
    return _PLACEHOLDER.findall(template)


def _pattern(english: str) -> re.Pattern[str]:
    """The English template as a regular expression with a named group per value."""
    parts: list[str] = []
    seen: set[str] = set()
    position = 0
    for match in _PLACEHOLDER.finditer(english):
        parts.append(re.escape(english[position : match.start()]))
        name = match.group(1)
        if name in seen:
            parts.append(f"(?P={name})")
        else:
            seen.add(name)
            parts.append(f"(?P<{name}>{_ISO_DATE if name.endswith('date') else '.+?'})")
        position = match.end()
    parts.append(re.escape(english[position:]))
    return re.compile("".join(parts), re.DOTALL)


def _literal_length(template: str) -> int:
    return len(_PLACEHOLDER.sub("", template))


#: Messages without values, looked up as they are.
_ALL: Final = TEMPLATES + SHAPE_TEMPLATES
_EXACT: Final[dict[str, str]] = {en: en for en, _ in _ALL if not placeholders(en)}
#: Messages with values, the most specific template (the most fixed text) first.
_PATTERNS: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (_pattern(en), en)
    for en in sorted(
        (en for en, _ in _ALL if placeholders(en)), key=lambda en: -_literal_length(en)
    )
)
_DUTCH: Final[dict[str, str]] = dict(_ALL)


def _match(message: str) -> tuple[str, dict[str, str]] | None:
    """The English template of a message, and the values it carried."""
    exact = _EXACT.get(message)
    if exact is not None:
        return exact, {}
    for pattern, english in _PATTERNS:
        found = pattern.fullmatch(message)
        if found is not None:
            return english, found.groupdict()
    return None


def template_of(message: str) -> str | None:
    """The English template a message was made from, None when no template knows it."""
    found = _match(message)
    return None if found is None else found[0]


def _fill(dutch: str, values: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        given = values[name]
        return _WORDS.get(name, {}).get(given, given)

    return _PLACEHOLDER.sub(value, dutch)


def translate(message: str, lang: str) -> str:
    """A refusal of the domain in the page's language: Dutch for "nl", the message as it is
    otherwise, and as it is when no template knows it."""
    if lang != "nl" or not message:
        return message
    if message.startswith(_VALUE_ERROR):
        return translate(message.removeprefix(_VALUE_ERROR), lang)
    found = _match(message)
    if found is None:
        return message
    english, values = found
    return _fill(_DUTCH[english], values)
