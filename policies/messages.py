# ruff: noqa: E501  (a catalogue: one message a line reads and greps best)
"""The register's messages by code: one catalogue for the API's English and the pages' Dutch.

Every refusal of domain/ and policies/ is an entry of `M`, a `Message` with a code (the
attribute's name in lower case, e.g. `teacher_not_found`) and an English and a Dutch template
that name their values `{name}`. A raise site says which message and with which values:

    raise NotFoundError(M.DECISION_NOT_FOUND(decision_id=decision_id))

Calling a message makes a `Text`: a `str` that is the English words (what the API answers in
problem+json `detail` and the CLI prints, unchanged) and that keeps its message and values, so a
page says it in Dutch with `text.said("nl")`. The values of `{status}` and `{ground}` are said in
words in Dutch (`WORDS`); other values are shown as in English.

A code names the subject, then the problem, in at most five words: `person_already_on_file`,
`file_busy`, `consultation_date_invalid`. The endings say the kind of refusal: `_not_found`
(no such thing), `<owner>_no_<thing>` (the owner has no such thing), `_required`, `_invalid`,
`_unknown` (not one of the choices), `_too_long`/`_too_many`/`_out_of_range`, `_in_future`,
`_already_<state>`, `_changed_concurrently`/`_busy` (try again), and `_breaks_rules` or
`_refused` for the heading of a refusal whose fields say the rest. The codes are stable: the
problem+json answers carry them as `code` (docs/api.md) and clients act on them, so reword an
entry's English or Dutch freely but never rename its attribute; a new entry is named in the
scheme from the start. tests/unit/test_messages.py checks that every entry has both languages
with the same values, that every code keeps to the scheme as far as it can be checked (snake
case, unique, at most five words, no fragment such as the `s` of a possessive), and that no
raise site in domain/ or policies/ gives free English.

Pure data and two small classes: domain/ and api/ import it, it imports nothing of ours.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from string import Formatter
from typing import Any, Final


@dataclass(frozen=True, slots=True)
class Message:
    """One message of the register: its code, and its words in English and in Dutch."""

    en: str
    nl: str
    code: str = field(default="", compare=False)

    def __set_name__(self, owner: type, name: str) -> None:
        object.__setattr__(self, "code", name.lower())

    def __call__(self, **values: object) -> Text:
        """The message with its values: English words that keep their code."""
        return Text(self, values)

    def placeholders(self, lang: str) -> list[str]:
        """The names of the values the template in `lang` shows, in order."""
        template = self.nl if lang == "nl" else self.en
        return [name for _, name, _, _ in Formatter().parse(template) if name is not None]


class Text(str):
    """A message of the register in English (the `str` itself), with its code and values.

    `english` is given where the English words are not the catalogue's (pydantic's own words
    for a fault in a document's shape): the Dutch then comes from the catalogue by code."""

    message: Message
    values: Mapping[str, object]

    def __new__(
        cls, message: Message, values: Mapping[str, object], english: str | None = None
    ) -> Text:
        text = super().__new__(cls, message.en.format(**values) if english is None else english)
        text.message = message
        text.values = dict(values)
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (Text, (self.message, self.values, str(self)))

    @property
    def code(self) -> str:
        return self.message.code

    def said(self, lang: str) -> str:
        """The message in `lang`: Dutch for "nl", the English words otherwise."""
        if lang != "nl":
            return str(self)
        return self.message.nl.format(**{k: in_words(k, v) for k, v in self.values.items()})


def in_words(name: str, value: object) -> str:
    """A value as the Dutch template shows it: said in words where `WORDS` knows it."""
    shown = format(value, "")
    return WORDS.get(name, {}).get(shown, shown)


#: Values said in words in Dutch; any other value is kept as it is.
WORDS: Final[dict[str, dict[str, str]]] = {
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


class M:
    """The catalogue: every message of the register, grouped by where it is given."""

    TEACHER_NOT_FOUND = Message(
        "no teacher file with id {teacher_id}",
        "Er is geen dossier van een leraar met id {teacher_id}.",
    )
    PERSON_ALREADY_ON_FILE = Message(
        "this person is already on file; a person has exactly one file",
        "Deze persoon staat al in het register; iemand heeft precies één dossier.",
    )
    VERSION_MISMATCH = Message(
        "expected version {expected}, but the current version is {actual}",
        "Verwacht was versie {expected}, maar de huidige versie is {actual}.",
    )
    FILE_BUSY = Message(
        "the file is too busy to change now; try again",
        "Er gebeurt nu te veel tegelijk in het dossier om het te wijzigen; probeer het opnieuw.",
    )
    IDEMPOTENCY_KEY_LENGTH = Message(
        "an idempotency key has 1 to 200 characters",
        "Een idempotentiesleutel heeft 1 tot en met 200 tekens.",
    )
    IDEMPOTENCY_KEY_REUSED = Message(
        "this Idempotency-Key was already used for a different request",
        "Deze Idempotency-Key is al gebruikt voor een ander verzoek.",
    )
    IDEMPOTENT_ANSWER_ERASED = Message(
        "the request with this Idempotency-Key was carried out; its answer held personal"
        " data that were erased since",
        "Het verzoek met deze Idempotency-Key is uitgevoerd; het antwoord bevatte"
        " persoonsgegevens die inmiddels zijn gewist.",
    )
    ROLE_UNKNOWN = Message(
        "unknown role {role}",
        "Onbekende rol {role}.",
    )
    TOKEN_SUBJECT_REQUIRED = Message(
        "a {role} token needs a subject",
        "Een token voor de rol {role} heeft een subject nodig.",
    )
    TOKEN_NOT_FOUND = Message(
        "no such token",
        "Dit token bestaat niet.",
    )
    BSN_NOT_FOUND = Message(
        "no file holds this BSN",
        "Er is geen dossier bij dit BSN.",
    )
    TEACHER_SUBJECT_INVALID = Message(
        "a teacher subject is a teacher id",
        "Het subject van een token voor een leraar is het id van die leraar.",
    )
    FILE_CHANGED_CONCURRENTLY = Message(
        "the file was changed by someone else at the same time; try again",
        "Iemand anders heeft het dossier tegelijk gewijzigd; probeer het opnieuw.",
    )
    CRITERIA_DOCUMENT_REFUSED = Message(
        "the criteria document was refused: {count} fault(s)",
        "Het criteriadocument is geweigerd: {count} fout(en).",
    )
    CRITERIA_DOCUMENT_TOO_LARGE = Message(
        "a criteria document has at most {max_bytes} bytes",
        "Een criteriadocument is hoogstens {max_bytes} bytes groot.",
    )
    CRITERIA_DOCUMENT_NOT_JSON = Message(
        "a criteria document is UTF-8 JSON",
        "Een criteriadocument is JSON in UTF-8.",
    )
    CONSULTED_PARTY_REQUIRED = Message(
        "name at least one party consulted",
        "Noem ten minste één partij met wie is overlegd.",
    )
    CRITERIA_NAME_UNKNOWN = Message(
        "no criteria named {name}; one of {names}",
        "Er zijn geen criteria met de naam {name}; kies een van {names}.",
    )
    CRITERIA_BOOK_NAME_MISMATCH = Message(
        "this book holds {name} documents",
        "Dit boek bevat alleen documenten {name}.",
    )
    CRITERIA_VERSION_ALREADY_EXISTS = Message(
        "{name} criteria version {version} already exists",
        "Versie {version} van de criteria {name} bestaat al.",
    )
    CRITERIA_VERSION_NOT_HIGHER = Message(
        "versions are numbered upwards: {name} already has version {highest}",
        "Versies worden oplopend genummerd: van {name} bestaat al versie {highest}.",
    )
    CRITERIA_VERSION_ALREADY_ADOPTED = Message(
        "{name} criteria version {version} is already adopted",
        "Versie {version} van de criteria {name} is al vastgesteld.",
    )
    ADOPTION_REFUSED = Message(
        "the adoption was refused",
        "De vaststelling is geweigerd.",
    )
    CONSULTATION_DATE_INVALID = Message(
        "the date of the consultation",
        "Geef een geldige datum van het overleg (JJJJ-MM-DD).",
    )
    CONSULTATION_IN_FUTURE = Message(
        "the consultation lies in the future",
        "De datum van het overleg ligt in de toekomst.",
    )
    CRITERIA_VERSION_NOT_FOUND = Message(
        "no {name} criteria version {version}",
        "Versie {version} van de criteria {name} bestaat niet.",
    )
    CRITERIA_EFFECT_BEFORE_ADOPTION = Message(
        "criteria cannot take effect before their adoption",
        "Criteria kunnen niet ingaan vóór hun vaststelling.",
    )
    CRITERIA_EFFECT_BEFORE_CURRENT = Message(
        "must lie after {from_date}, the effective date of the current version {version}",
        "Moet na {from_date} liggen, de ingangsdatum van de huidige versie {version}.",
    )
    CRITERIA_VERSION_BELOW_CURRENT = Message(
        "version {version} is already adopted",
        "Versie {version} is al vastgesteld.",
    )
    CRITERIA_NOT_IN_FORCE = Message(
        "no {name} criteria in force on {on_date}",
        "Op {on_date} zijn geen criteria {name} van kracht.",
    )
    RETENTION_VERSION_HASH_MISMATCH = Message(
        "retention version {version} no longer matches its recorded sha256 {sha256}",
        "Versie {version} van het bewaarbeleid komt niet meer overeen met de vastgelegde sha256 {sha256}.",
    )
    CRITERIA_VERSION_HASH_MISMATCH = Message(
        "{name} criteria version {version} no longer matches its recorded sha256 {sha256}",
        "Versie {version} van de criteria {name} komt niet meer overeen met de vastgelegde sha256 {sha256}.",
    )
    CRITERIA_BOOK_CHANGED_CONCURRENTLY = Message(
        "the {name} criteria book was changed at the same time; try again",
        "Het criteriaboek {name} is tegelijk gewijzigd; probeer het opnieuw.",
    )
    FILE_BUSY_DECIDING = Message(
        "the file is too busy to decide on now; try again",
        "Er gebeurt nu te veel tegelijk in het dossier om te besluiten; probeer het opnieuw.",
    )
    REREGISTRATION_CRITERIA_NOT_IN_FORCE = Message(
        "no re-registration criteria in force on {on_date}",
        "Op {on_date} zijn geen criteria voor herregistratie van kracht.",
    )
    QUALIFICATION_NOT_REREGISTRABLE = Message(
        "qualification {qualification_id} is {status}: only a registered qualification is re-registered",
        "Bevoegdheid {qualification_id} is {status}: alleen een geregistreerde bevoegdheid kan worden geherregistreerd.",
    )
    REREGISTRATION_TOO_EARLY = Message(
        "the registration period runs until {end_date}: re-registration can be decided from {from_date}",
        "De registratieperiode loopt tot {end_date}: over de herregistratie kan vanaf {from_date} worden besloten.",
    )
    DECISION_NOT_FOUND = Message(
        "no decision with id {decision_id}",
        "Er is geen besluit met id {decision_id}.",
    )
    CRITERIA_WORSEN_RUNNING_PERIODS = Message(
        "this version would make {count} running registrations worse, so it may not govern periods already running (lex mitior): {listed}",
        "Deze versie zou {count} lopende registraties ongunstiger maken en mag daarom niet gelden voor perioden die al lopen (lex mitior): {listed}",
    )
    TRANSITION_DATE_FIXED_BY_LAW = Message(
        "the transition date is the law's ({transition_date}, Wet beroep leraar en lerarenregister): a criteria document cannot move or remove it",
        "De overgangsdatum is die van de wet ({transition_date}, Wet beroep leraar en lerarenregister): een criteriadocument kan die niet verschuiven of weglaten.",
    )
    REREGISTRATION_CRITERIA_NOT_ADOPTED = Message(
        "no re-registration criteria have been adopted",
        "Er zijn nog geen criteria voor herregistratie vastgesteld.",
    )
    RUN_DUE_DATE_NOT_TODAY = Message(
        "run-due decides on the register's date ({on_date}) only: decisions are dated the day they are taken",
        "Run-due besluit alleen op de datum van het register ({on_date}): een besluit krijgt de datum van de dag waarop het wordt genomen.",
    )
    DECISION_ENGINE_UNKNOWN = Message(
        "the decision was taken by engine {engine}, which this register does not have: it is not reproduced on another engine",
        "Het besluit is genomen met rekenregels {engine}, die dit register niet heeft: het wordt niet met andere rekenregels nagerekend.",
    )
    STRIKE_OFF_NEEDS_PROPOSAL = Message(
        "a strike-off on {ground} is decided only after a proposal and the teacher's view (Awb 4:8): propose it first (strike-off-proposal)",
        "Over een doorhaling op grond van {ground} wordt pas besloten na een voornemen en de zienswijze van de leraar (Awb 4:8): maak eerst een voornemen tot doorhaling.",
    )
    PERIOD_BEFORE_TRANSITION_DATE = Message(
        "the period ended on {end_date}, before the transition date {transition_date} of the Wet beroep leraar: a shortfall in it gives an annotation, never a strike-off",
        "De periode eindigde op {end_date}, vóór de overgangsdatum {transition_date} van de Wet beroep leraar: een tekort daarin geeft een aantekening, nooit een doorhaling.",
    )
    PROPOSAL_BEFORE_TRANSITION_DATE = Message(
        "the period ended on {end_date}, before the transition date {transition_date}: a shortfall in it gives an annotation, never a strike-off; withdraw the proposal and decide the re-registration",
        "De periode eindigde op {end_date}, vóór de overgangsdatum {transition_date}: een tekort daarin geeft een aantekening, nooit een doorhaling; trek het voornemen in en besluit over de herregistratie.",
    )
    STRIKE_OFF_BEFORE_DECISION = Message(
        "a strike-off on {ground} takes effect on the day it is decided ({decided_date}), never before it",
        "Een doorhaling op grond van {ground} gaat in op de dag van het besluit ({decided_date}), nooit eerder.",
    )
    DEATH_DATE_IN_FUTURE = Message(
        "the date of death lies in the future",
        "De datum van overlijden ligt in de toekomst.",
    )
    STRIKE_OFF_TOO_FAR_BACK = Message(
        "on own request a strike-off takes effect at most {days} days back, from {from_date}",
        "Op eigen verzoek gaat een doorhaling hoogstens {days} dagen terug in, vanaf {from_date}.",
    )
    STRIKE_OFF_REFUSED = Message(
        "the strike-off was refused",
        "De doorhaling is geweigerd.",
    )
    QUALIFICATION_ALREADY_STRUCK_OFF = Message(
        "qualification {qualification_id} is already struck off",
        "Bevoegdheid {qualification_id} is al doorgehaald.",
    )
    CRITERIA_MET_NO_STRIKE_OFF = Message(
        "the criteria are met: no strike-off on criteria_not_met",
        "Aan de criteria is voldaan: een doorhaling omdat niet aan de criteria is voldaan, is dus niet mogelijk.",
    )
    QUALIFICATION_NOT_STRUCK_OFF = Message(
        "qualification {qualification_id} is not struck off",
        "Bevoegdheid {qualification_id} is niet doorgehaald.",
    )
    DECEASED_NOT_REINSTATED = Message(
        "a qualification struck off on death is not reinstated",
        "Een bevoegdheid die wegens overlijden is doorgehaald, wordt niet heringeschreven.",
    )
    CRITERIA_NOT_MET_AGAIN = Message(
        "the criteria are not met again: {named}",
        "Aan de criteria is nog niet opnieuw voldaan: {named}.",
    )
    MOVE_TO_REGISTER_REFUSED = Message(
        "the move to the register was refused",
        "De opname in het register is geweigerd.",
    )
    QUALIFICATION_NOT_PREREGISTERED = Message(
        "qualification {qualification_id} is not in the pre-register",
        "Bevoegdheid {qualification_id} staat niet in het voorregister.",
    )
    DECISION_CRITERIA_HASH_MISMATCH = Message(
        "{name} criteria version {version} no longer matches the sha256 the decision recorded ({sha256}): it cannot be reproduced",
        "Versie {version} van de criteria {name} komt niet meer overeen met de sha256 die het besluit vastlegde ({sha256}): het besluit kan niet opnieuw worden berekend.",
    )
    GROUND_UNKNOWN = Message(
        "unknown ground {value}; one of {grounds}",
        "Onbekende grond {value}; kies een van {grounds}.",
    )
    HEARING_IN_FUTURE = Message(
        "the hearing lies in the future",
        "De datum van het horen ligt in de toekomst.",
    )
    STRIKE_OFF_IN_FUTURE = Message(
        "a strike-off cannot take effect in the future",
        "Een doorhaling kan niet in de toekomst ingaan.",
    )
    STRIKE_OFF_BEFORE_ADMISSION = Message(
        "a strike-off cannot take effect before the admission",
        "Een doorhaling kan niet ingaan vóór de inschrijving.",
    )
    STRIKE_OFF_REASON_REQUIRED = Message(
        "a strike-off states its reason",
        "Vermeld de reden van de doorhaling.",
    )
    REGISTRATION_PERIOD_RUNNING = Message(
        "the registration period runs until {end_date}: whether the criteria are met is decided after it",
        "De registratieperiode loopt tot {end_date}: pas daarna wordt besloten of aan de criteria is voldaan.",
    )
    DIPLOMA_DATE_IN_FUTURE = Message(
        "the diploma date lies in the future",
        "De diplomadatum ligt in de toekomst.",
    )
    DIPLOMA_DATE_BEFORE_ADMISSION = Message(
        "the diploma date lies before the admission",
        "De diplomadatum ligt vóór de inschrijving.",
    )
    DECISION_ALREADY_TAKEN = Message(
        "decision {decision_id} was already taken",
        "Besluit {decision_id} is al genomen.",
    )
    DATE_FORMAT_INVALID = Message(
        "{name} is not a date YYYY-MM-DD or DD-MM-YYYY",
        "{name} is geen datum in de vorm JJJJ-MM-DD of DD-MM-JJJJ.",
    )
    APPOINTMENT_TOO_SHORT = Message(
        "the appointment lasts less than one month; appointments shorter than a month are out of the register's scope",
        "De aanstelling duurt korter dan een maand; aanstellingen korter dan een maand vallen buiten het register.",
    )
    LEADING_ZERO_RESTORED = Message(
        "8 digits: read with the leading zero a spreadsheet drops restored",
        "8 cijfers: gelezen met de voorloopnul terug die een spreadsheet weglaat.",
    )
    ACTIVITY_PEER_CONFIRMED_EXEMPT = Message(
        "activity {activity_id} was confirmed by a colleague: it counts as evidenced and is exempt from the sample check",
        "Activiteit {activity_id} is door een collega bevestigd: die telt als onderbouwd en valt buiten de steekproef.",
    )
    PEER_IS_SELF = Message(
        "a colleague confirms your activity: you cannot confirm it yourself",
        "Een collega bevestigt uw activiteit: u kunt die niet zelf bevestigen.",
    )
    REGISTER_NUMBER_NOT_REGISTERED = Message(
        "this register number is not of a registered teacher",
        "Dit registernummer is niet van een geregistreerde leraar.",
    )
    ACTIVITY_NOT_PEER_KIND = Message(
        "only a peer activity ({kinds}) is confirmed by a colleague",
        "Alleen een activiteit van collegiaal leren ({kinds}) wordt door een collega bevestigd.",
    )
    ACTIVITY_WITHDRAWN = Message(
        "activity {activity_id} was withdrawn",
        "Activiteit {activity_id} is ingetrokken.",
    )
    ACTIVITY_ALREADY_SAMPLED = Message(
        "activity {activity_id} was already {outcome} in a sample check",
        "Activiteit {activity_id} is al beoordeeld ({outcome}) in een steekproef.",
    )
    ACTIVITY_ALREADY_PEER_CONFIRMED = Message(
        "activity {activity_id} was already confirmed by a colleague",
        "Activiteit {activity_id} is al door een collega bevestigd.",
    )
    ACTIVITY_PEER_REQUEST_OPEN = Message(
        "activity {activity_id} has an open request to a colleague until {until_date}",
        "Voor activiteit {activity_id} loopt een verzoek aan een collega tot {until_date}.",
    )
    TEACHER_NO_PEER_REQUEST = Message(
        "no request {request_id} to teacher {teacher_id}",
        "Er is geen verzoek {request_id} aan leraar {teacher_id}.",
    )
    ANSWER_BREAKS_RULES = Message(
        "the answer breaks the register's rules",
        "Het antwoord voldoet niet aan de regels.",
    )
    ANSWER_UNKNOWN = Message(
        "the answer is one of {answers}",
        "Het antwoord is een van {answers}.",
    )
    REMARK_TOO_LONG = Message(
        "a remark has at most {most} characters",
        "Een opmerking heeft hoogstens {most} tekens.",
    )
    PEER_REQUEST_EXPIRED = Message(
        "the request expired on {expiry_date}: it can no longer be answered",
        "Het verzoek is verlopen op {expiry_date}: het kan niet meer beantwoord worden.",
    )
    PEER_REQUEST_ALREADY_SETTLED = Message(
        "the request was already {status}",
        "Het verzoek is al {status}.",
    )
    PEER_FILE_ERASED = Message(
        "the personal data of the colleague's file were erased",
        "De persoonsgegevens in het dossier van de collega zijn gewist.",
    )
    PEER_REQUEST_NOT_OPEN = Message(
        "the request is no longer open on the colleague's file",
        "Het verzoek staat in het dossier van de collega niet meer open.",
    )
    REGISTER_NUMBER_NOT_FOUND = Message(
        "no teacher in the register has this number",
        "Geen leraar in het register heeft dit nummer.",
    )
    FILES_CHANGED_CONCURRENTLY = Message(
        "the files were changed by someone else at the same time",
        "De dossiers zijn tegelijk door iemand anders gewijzigd.",
    )
    FILES_BUSY = Message(
        "the files are too busy to change now; try again",
        "Er gebeurt nu te veel tegelijk in de dossiers om ze te wijzigen; probeer het opnieuw.",
    )
    PARTICIPATION_IN_FUTURE = Message(
        "a participation cannot be completed in the future",
        "Een deelname kan niet in de toekomst afgerond zijn.",
    )
    VALUE_NOT_NUMERIC = Message(
        "{name} is not a number",
        "{name} is geen getal.",
    )
    PROVIDER_NO_OFFERING = Message(
        "provider {provider_id} has no offering {offering_id}",
        "Aanbieder {provider_id} heeft geen aanbod {offering_id}.",
    )
    OFFERING_NOT_VALIDATED = Message(
        "offering {offering_id} was not validated on {completed_date}",
        "Aanbod {offering_id} was op {completed_date} niet gevalideerd.",
    )
    BSN_NOT_IN_REGISTER = Message(
        "no teacher with this BSN is in the register",
        "Er staat geen leraar met dit BSN in het register.",
    )
    PARTICIPATION_ALREADY_CONFIRMED = Message(
        "participation {participation_id} was already confirmed as activity {activity_id}",
        "Deelname {participation_id} is al bevestigd als activiteit {activity_id}.",
    )
    SAMPLE_NOT_FOUND = Message(
        "no sample with id {sample_id}",
        "Er is geen steekproef met id {sample_id}.",
    )
    SAMPLE_NO_ACTIVITY = Message(
        "sample {sample_id} did not draw activity {activity_id}",
        "Steekproef {sample_id} heeft activiteit {activity_id} niet getrokken.",
    )
    SAMPLE_METHOD_UNKNOWN = Message(
        "sample {sample_id} was drawn by {method}, unknown here",
        "Steekproef {sample_id} is getrokken met {method}, dat hier onbekend is.",
    )
    SAMPLE_REFUSED = Message(
        "the sample was refused",
        "De steekproef is geweigerd.",
    )
    SEED_OUT_OF_RANGE = Message(
        "a seed is a whole number from 0 to {max_seed}",
        "Een seed is een geheel getal van 0 tot en met {max_seed}.",
    )
    SAMPLE_SIZE_OUT_OF_RANGE = Message(
        "a sample has 1 to {max_sample} activities",
        "Een steekproef heeft 1 tot {max_sample} activiteiten.",
    )
    WINDOW_ENDS_BEFORE_STARTS = Message(
        "the window ends before it starts",
        "Het tijdvak eindigt voordat het begint.",
    )
    CONTACT_HOURS_ABOVE_VALIDATED = Message(
        "the offering was validated for at most {hours} contact hours",
        "Het aanbod is gevalideerd voor hoogstens {hours} contacturen.",
    )
    SELF_STUDY_HOURS_ABOVE_VALIDATED = Message(
        "the offering was validated for at most {hours} hours of self-study",
        "Het aanbod is gevalideerd voor hoogstens {hours} uur zelfstudie.",
    )
    ACTIVITY_EVIDENCE_REQUIRED = Message(
        "an activity that is not from a validated offering needs evidence: describe what you did and learned in at least a sentence ({words} words)",
        "Een activiteit die niet uit gevalideerd aanbod komt, heeft bewijs nodig: beschrijf in minstens een zin ({words} woorden) wat u deed en leerde.",
    )
    REFERENCE_TOO_LONG = Message(
        "a reference has at most {max_reference} characters",
        "Een vindplaats heeft hoogstens {max_reference} tekens.",
    )
    FTE_REQUIRED = Message(
        "fte is required",
        "fte is verplicht.",
    )
    DELIVERY_FTE_OUT_OF_RANGE = Message(
        "fte must be more than 0 and at most {max_fte}",
        "fte moet groter zijn dan 0 en hoogstens {max_fte}.",
    )
    FTE_TOO_PRECISE = Message(
        "fte has at most four decimals",
        "fte heeft hoogstens vier cijfers achter de komma.",
    )
    COLUMN_UNKNOWN = Message(
        "unknown column {column}",
        "Onbekende kolom {column}.",
    )
    BSN_REQUIRED = Message(
        "bsn is required",
        "Het BSN is verplicht.",
    )
    GENDER_UNKNOWN = Message(
        "gender is one of M, V, O, X",
        "Het geslacht is een van M, V, O, X.",
    )
    BASIS_UNKNOWN = Message(
        "basis is one of {bases}",
        "De grondslag is een van {bases}.",
    )
    SCHOOL_NUMBER_INVALID = Message(
        "a school number is 2 digits and 2 letters, optionally a 2-digit branch",
        "Een schoolnummer (BRIN) bestaat uit 2 cijfers en 2 letters, eventueel gevolgd door een vestigingsnummer van 2 cijfers.",
    )
    CONTRACT_ENDS_BEFORE_STARTS = Message(
        "the contract ends before it starts",
        "Het contract eindigt voordat het begint.",
    )
    FIELD_REQUIRED = Message(
        "{name} is required",
        "{name} is verplicht.",
    )
    FTE_NOT_NUMERIC = Message(
        "fte is not a number",
        "fte is geen getal.",
    )
    BSN_INVALID = Message(
        "not a valid BSN: nine digits that pass the elfproef",
        "Geen geldig BSN: een BSN heeft negen cijfers die voldoen aan de elfproef.",
    )
    BIRTH_DATE_IN_FUTURE = Message(
        "the date of birth lies in the future",
        "De geboortedatum ligt in de toekomst.",
    )
    APPOINTMENT_TOO_FAR_AHEAD = Message(
        "the appointment starts more than a year ahead",
        "De aanstelling begint pas over meer dan een jaar.",
    )
    APPOINTMENT_BEFORE_MIN_AGE = Message(
        "the appointment starts before the age of {min_age}",
        "De aanstelling begint vóór de leeftijd van {min_age} jaar.",
    )
    APPOINTMENT_ENDS_BEFORE_STARTS = Message(
        "the appointment ends before it starts",
        "De aanstelling eindigt voordat die begint.",
    )
    BIRTH_DATE_BEYOND_MAX_AGE = Message(
        "the date of birth is more than {max_age} years ago",
        "De geboortedatum ligt meer dan {max_age} jaar terug.",
    )
    APPOINTMENT_DUPLICATE_ROW = Message(
        "the same appointment (bsn, brin, start) is in row {row}",
        "Dezelfde aanstelling (bsn, brin, start) staat al in regel {row}.",
    )
    LINE_FIELD_COUNT_MISMATCH = Message(
        "the line has {fields} fields, the header {header}",
        "Deze regel heeft {fields} velden, de kopregel {header}.",
    )
    DELIVERY_FILES_KEPT_CHANGING = Message(
        "the files of this delivery kept changing while it was applied; deliver again with the same delivery id",
        "De dossiers van deze levering veranderden steeds terwijl die werd verwerkt; lever opnieuw aan met dezelfde leverings-id.",
    )
    FILE_KEPT_CHANGING = Message(
        "the file kept changing while delivered appointments were attached",
        "Het dossier veranderde steeds terwijl de geleverde aanstellingen werden gekoppeld.",
    )
    DELIVERY_ID_REUSED = Message(
        "delivery {delivery_id} was already received with other content; a corrected delivery needs a new delivery id",
        "Levering {delivery_id} is al ontvangen met een andere inhoud; een verbeterde levering heeft een nieuwe leverings-id nodig.",
    )
    DELIVERY_REFUSED = Message(
        "the delivery was refused",
        "De levering is geweigerd.",
    )
    BOARD_NUMBER_INVALID = Message(
        "a board number has five digits",
        "Een bestuursnummer heeft vijf cijfers.",
    )
    DELIVERY_ID_INVALID = Message(
        "a delivery id has 1 to {max_length} printable characters",
        "Een leverings-id heeft 1 tot en met {max_length} leesbare tekens.",
    )
    DELIVERY_EMPTY = Message(
        "a delivery has at least one row",
        "Een levering heeft ten minste één regel.",
    )
    DELIVERY_TOO_MANY_ROWS = Message(
        "a delivery has at most {max_rows} rows",
        "Een levering heeft hoogstens {max_rows} regels.",
    )
    BIRTH_DATE_DIFFERS = Message(
        "differs from the date of birth in the register; the appointment was recorded for the person with this BSN",
        "Wijkt af van de geboortedatum in het register; de aanstelling is vastgelegd bij de persoon met dit BSN.",
    )
    APPOINTMENT_BREAKS_RULES = Message(
        "the appointment breaks the register's rules",
        "De aanstelling voldoet niet aan de regels van het register.",
    )
    ADMISSION_BREAKS_RULES = Message(
        "the admission breaks the register's rules",
        "De inschrijving voldoet niet aan de regels van het register.",
    )
    QUALIFICATION_BREAKS_RULES = Message(
        "the qualification breaks the register's rules",
        "De bevoegdheid voldoet niet aan de regels van het register.",
    )
    CORRECTION_BREAKS_RULES = Message(
        "the correction breaks the register's rules",
        "De correctie voldoet niet aan de regels van het register.",
    )
    LEAVE_BREAKS_RULES = Message(
        "the leave breaks the register's rules",
        "Het verlof voldoet niet aan de regels van het register.",
    )
    ACTIVITY_BREAKS_RULES = Message(
        "the activity breaks the register's rules",
        "De activiteit voldoet niet aan de regels van het register.",
    )
    PROPOSAL_WITHDRAWAL_REASON_REQUIRED = Message(
        "a withdrawal states its reason",
        "Vermeld de reden van de intrekking.",
    )
    PROPOSAL_ALREADY_DECIDED = Message(
        "the proposal {proposal_id} was already {status}: a proposal carries one decision",
        "Het voornemen {proposal_id} is al {status}: op een voornemen volgt één besluit.",
    )
    VIEW_TERM_RUNNING = Message(
        "the teacher may give their view until {due_date}: decide once the view is given or the term has passed",
        "De leraar kan tot {due_date} een zienswijze geven: besluit pas als de zienswijze is gegeven of de termijn voorbij is.",
    )
    IMPACT_WINDOW_ENDS_BEFORE_START = Message(
        "the window ends before it begins",
        "Het tijdvak eindigt voordat het begint.",
    )
    IMPACT_WINDOW_TOO_LONG = Message(
        "a window spans at most ten years",
        "Een tijdvak beslaat hoogstens tien jaar.",
    )
    IMPACT_RUN_NOT_CLAIMABLE = Message(
        "impact run {run_id} is {status}: another worker holds it or it has ended",
        "Impactanalyse {run_id} is {status}: een andere verwerker heeft hem of hij is klaar.",
    )
    IMPACT_RUN_GIVEN_UP = Message(
        "the impact run was given up after {attempts} attempts: every worker that took it"
        " stopped before it ended",
        "De impactanalyse is na {attempts} pogingen opgegeven: elke verwerker die hem nam,"
        " stopte voordat hij klaar was.",
    )
    IMPACT_RUN_ALREADY_OPEN = Message(
        "impact run {run_id} of this version is still open",
        "Impactanalyse {run_id} van deze versie loopt nog.",
    )
    IMPACT_RUN_NOT_FOUND = Message(
        "no impact run {run_id}",
        "Impactanalyse {run_id} bestaat niet.",
    )
    IMPACT_WINDOW_BEYOND_CALENDAR = Message(
        "the window runs past the last day the register can count with ({last})",
        "Het tijdvak loopt voorbij de laatste dag waarmee het register kan rekenen ({last}).",
    )
    IMPACT_ONLY_REREGISTRATION = Message(
        "the impact analysis weighs re-registration criteria only, not {name}",
        "De impactanalyse weegt alleen criteria voor herregistratie, niet {name}.",
    )
    EMAIL_ADDRESS_INVALID = Message(
        "not an e-mail address the register can write to (name@domain.nl)",
        "Dit is geen e-mailadres waar het register naar kan schrijven (naam@domein.nl).",
    )
    OBJECTION_RULED_NO_EXTENSION = Message(
        "objection {objection_id} was already ruled on: no extension after the ruling",
        "Op bezwaar {objection_id} is al beslist: na de beslissing kan de termijn niet meer worden verdaagd.",
    )
    OBJECTION_ALREADY_RULED = Message(
        "objection {objection_id} was already ruled on: a ruling is given once",
        "Op bezwaar {objection_id} is al beslist: op een bezwaar wordt één keer beslist.",
    )
    OBJECTION_RULED_LATENESS_CLOSED = Message(
        "objection {objection_id} was already ruled on: the lateness is judged before the ruling",
        "Op bezwaar {objection_id} is al beslist: over de termijnoverschrijding wordt vóór de beslissing geoordeeld.",
    )
    OBJECTION_RULED_NO_DEFERRAL = Message(
        "objection {objection_id} was already ruled on: no deferral after the ruling",
        "Op bezwaar {objection_id} is al beslist: na de beslissing kan de beslissing niet meer worden uitgesteld.",
    )
    EXTENSION_REASON_REQUIRED = Message(
        "an extension records its reason",
        "Vermeld de reden van de verdaging.",
    )
    OBJECTION_ALREADY_EXTENDED = Message(
        "the term of objection {objection_id} was already extended: the law allows one extension; a further deferral needs the objector's written consent (Awb 7:10(4))",
        "De beslistermijn van bezwaar {objection_id} is al verdaagd: de wet staat één verdaging toe; verder uitstel vraagt de schriftelijke instemming van de indiener (Awb 7:10 lid 4).",
    )
    LATENESS_REASON_REQUIRED = Message(
        "the judgement of the lateness states why",
        "Vermeld waarom de termijnoverschrijding wel of niet verschoonbaar is.",
    )
    OBJECTION_IN_TIME = Message(
        "objection {objection_id} was in time: nothing to excuse",
        "Bezwaar {objection_id} is op tijd ingediend: er valt niets te verschonen.",
    )
    LATENESS_ALREADY_EXCUSED = Message(
        "the lateness of objection {objection_id} was excused",
        "De termijnoverschrijding van bezwaar {objection_id} is al verschoonbaar geoordeeld.",
    )
    DEFERRAL_REASON_REQUIRED = Message(
        "a deferral records its reason",
        "Vermeld de reden van het uitstel.",
    )
    OBJECTION_NOT_DEFERRED_YET = Message(
        "objection {objection_id} was not deferred yet: the first deferral of six weeks needs no consent (Awb 7:10(3))",
        "Bezwaar {objection_id} is nog niet verdaagd: de eerste verdaging met zes weken vraagt geen instemming (Awb 7:10 lid 3).",
    )
    DEFERRAL_NOT_AFTER_LAST_DAY = Message(
        "a deferral lies after the current last day {last_date}",
        "Uitstel loopt tot na de huidige laatste dag, {last_date}.",
    )
    OBJECTION_LATE = Message(
        "objection {objection_id} was late (the term ended on {end_date}): judge the lateness first (Awb 6:11): excuse it, or declare the objection inadmissible",
        "Bezwaar {objection_id} kwam te laat (de termijn eindigde op {end_date}): oordeel eerst over de termijnoverschrijding (Awb 6:11): verschoonbaar, of het bezwaar is niet-ontvankelijk.",
    )
    OBJECTION_GROUNDS_REQUIRED = Message(
        "an objection states its grounds (Awb 6:5)",
        "Vermeld de gronden van het bezwaar (Awb 6:5).",
    )
    OBJECTION_BUSY = Message(
        "the objection is too busy to rule on now",
        "Er gebeurt nu te veel tegelijk met dit bezwaar om erop te beslissen.",
    )
    OBJECTION_NOT_FOUND = Message(
        "no objection with id {objection_id}",
        "Er is geen bezwaar met id {objection_id}.",
    )
    DECISION_REVOKED = Message(
        "decision {decision_id} was revoked: there is nothing to object to",
        "Besluit {decision_id} is herroepen: er is niets meer om bezwaar tegen te maken.",
    )
    DECISION_ALREADY_REVOKED = Message(
        "decision {decision_id} was already revoked",
        "Besluit {decision_id} is al herroepen.",
    )
    LATER_DECISION_STANDS = Message(
        "decision {later_id} on the same qualification followed the one objected to; the state before it cannot be restored while that decision stands",
        "Na het besluit waartegen bezwaar is gemaakt, volgde besluit {later_id} over dezelfde bevoegdheid; de toestand van daarvoor kan niet worden hersteld zolang dat besluit geldt.",
    )
    RULING_REFUSED = Message(
        "the ruling was refused",
        "De beslissing op bezwaar kan zo niet worden vastgelegd.",
    )
    DECISION_APPEALED_TO_COURT = Message(
        "decision {decision_id} was taken on an objection: it is appealed to the court (Awb 7:1, 8:1), not objected to",
        "Besluit {decision_id} is genomen op bezwaar: daartegen staat beroep open bij de rechtbank (Awb 7:1, 8:1), geen bezwaar.",
    )
    DECISION_FROM_RULING = Message(
        "decision {decision_id} was taken by the appeals committee's ruling {ruling_id}: read the ruling; there is no criteria evaluation to reproduce",
        "Besluit {decision_id} is genomen bij de beslissing op bezwaar {ruling_id}: lees die beslissing; er is geen toetsing aan criteria om te herhalen.",
    )
    DEFERRAL_REFUSED = Message(
        "the deferral was refused",
        "Het uitstel kan zo niet worden vastgelegd.",
    )
    DEFERRAL_DAY_REQUIRED = Message(
        "a deferral with consent names its day",
        "Vermeld tot welke dag het uitstel loopt.",
    )
    CONSENT_IN_FUTURE = Message(
        "the consent lies in the future",
        "De instemming ligt in de toekomst.",
    )
    CONSENT_BEFORE_OBJECTION = Message(
        "the consent lies before the objection",
        "De instemming ligt vóór het bezwaar.",
    )
    OBJECTION_ALREADY_FILED = Message(
        "an objection against decision {decision_id} was already filed (objection {objection_id}): one per decision",
        "Tegen besluit {decision_id} is al bezwaar gemaakt (bezwaar {objection_id}): één bezwaar per besluit.",
    )
    OBJECTION_CHANGED_CONCURRENTLY = Message(
        "objection {objection_id} changed at the same time",
        "Bezwaar {objection_id} is tegelijk gewijzigd.",
    )
    CHOICE_UNKNOWN = Message(
        "one of {choices}",
        "Kies een van {choices}.",
    )
    RULING_REASONING_REQUIRED = Message(
        "a ruling states its reasoning (Awb 7:12)",
        "Vermeld de motivering van de beslissing (Awb 7:12).",
    )
    OBJECTION_OR_FILE_CHANGED = Message(
        "objection {objection_id} or the file changed at the same time; try again",
        "Bezwaar {objection_id} of het dossier is tegelijk gewijzigd; probeer het opnieuw.",
    )
    PROVIDER_ALREADY_APPLIED = Message(
        "provider {provider_id} already applied and is {status}: only a refused provider applies again",
        "Aanbieder {provider_id} heeft zich al aangemeld en is {status}: alleen een afgewezen aanbieder kan zich opnieuw aanmelden.",
    )
    PROVIDER_KVK_NUMBER_CHANGED = Message(
        "a provider keeps its KvK number; apply with the same number",
        "Een aanbieder houdt zijn KvK-nummer; meld u aan met hetzelfde nummer.",
    )
    APPLICATION_ALREADY_DECIDED = Message(
        "the application of provider {provider_id} was already decided ({status})",
        "Over de aanmelding van aanbieder {provider_id} is al besloten ({status}).",
    )
    PROVIDER_NOT_ADMITTED = Message(
        "provider {provider_id} is {status}, not admitted: only an admitted provider submits offerings",
        "Aanbieder {provider_id} is {status} en niet toegelaten: alleen een toegelaten aanbieder kan aanbod indienen.",
    )
    OFFERING_ALREADY_DECIDED = Message(
        "offering {offering_id} was already decided ({status}); an offering is validated once",
        "Over aanbod {offering_id} is al besloten ({status}); een aanbod wordt één keer gevalideerd.",
    )
    REVOCATION_REASONS_REQUIRED = Message(
        "a revocation states its reasons",
        "Vermeld de redenen van de intrekking.",
    )
    OFFERING_NOT_REVOCABLE = Message(
        "offering {offering_id} is {status}: only a validated offering is revoked",
        "Aanbod {offering_id} is {status}: alleen gevalideerd aanbod kan worden ingetrokken.",
    )
    VALIDATION_ALREADY_ENDED = Message(
        "the validation of offering {offering_id} already ended on {until_date}",
        "De validatie van aanbod {offering_id} is al op {until_date} geëindigd.",
    )
    OFFERING_NOT_FOUND = Message(
        "no offering with id {offering_id}",
        "Er is geen aanbod met id {offering_id}.",
    )
    APPLICATION_REFUSED = Message(
        "the application was refused",
        "De aanmelding kan zo niet worden ingediend.",
    )
    OFFERING_REFUSED = Message(
        "the offering was refused",
        "Het aanbod kan zo niet worden ingediend.",
    )
    VALIDATION_CRITERIA_NOT_IN_FORCE = Message(
        "no validation criteria in force on {on_date}",
        "Op {on_date} zijn geen validatiecriteria van kracht.",
    )
    VALIDATION_CRITERIA_HASH_MISMATCH = Message(
        "validation criteria version {version} no longer matches its sha256",
        "Versie {version} van de validatiecriteria komt niet meer overeen met de vastgelegde sha256.",
    )
    COMMENT_TOO_LONG = Message(
        "a comment has at most 2000 characters",
        "Een opmerking heeft hoogstens 2000 tekens.",
    )
    PROVIDER_NOT_FOUND = Message(
        "no provider {provider_id} has applied",
        "Er heeft zich geen aanbieder {provider_id} aangemeld.",
    )
    PROVIDER_NAME_LENGTH = Message(
        "a provider's name has 1 to 200 characters",
        "De naam van een aanbieder heeft 1 tot en met 200 tekens.",
    )
    KVK_NUMBER_INVALID = Message(
        "a KvK number has exactly eight digits",
        "Een KvK-nummer heeft precies acht cijfers.",
    )
    DECISION_DAYS_TOO_FEW = Message(
        "at least one day",
        "Ten minste één dag.",
    )
    KVK_NUMBER_ALREADY_APPLIED = Message(
        "a provider with this KvK number has already applied, or this application changed at the same time",
        "Een aanbieder met dit KvK-nummer heeft zich al aangemeld, of deze aanmelding is tegelijk gewijzigd.",
    )
    APPLICATION_CHANGED_CONCURRENTLY = Message(
        "the application changed at the same time; try again",
        "De aanmelding is tegelijk gewijzigd; probeer het opnieuw.",
    )
    TITLE_LENGTH = Message(
        "a title has 1 to 300 characters",
        "Een titel heeft 1 tot en met 300 tekens.",
    )
    DESCRIPTION_TOO_LONG = Message(
        "at most {max_length} characters",
        "Hoogstens {max_length} tekens.",
    )
    COMPETENCE_AREA_REQUIRED = Message(
        "name at least one competence area",
        "Noem ten minste één bekwaamheidsgebied.",
    )
    COMPETENCE_AREA_NAMED_TWICE = Message(
        "a competence area is named twice",
        "Een bekwaamheidsgebied is twee keer genoemd.",
    )
    PRICE_NEGATIVE = Message(
        "a price is not negative",
        "Een prijs kan niet negatief zijn.",
    )
    OFFERING_PROVIDER_NOT_ADMITTED = Message(
        "provider {provider_id} is {status}, not admitted: an offering of an unadmitted provider is not validated",
        "Aanbieder {provider_id} is {status} en niet toegelaten: aanbod van een niet-toegelaten aanbieder wordt niet gevalideerd.",
    )
    OFFERING_DECIDED_CONCURRENTLY = Message(
        "offering {offering_id} was decided by someone else at the same time",
        "Over aanbod {offering_id} heeft iemand anders tegelijk besloten.",
    )
    OFFERING_CHANGED_CONCURRENTLY = Message(
        "offering {offering_id} changed at the same time; try again",
        "Aanbod {offering_id} is tegelijk gewijzigd; probeer het opnieuw.",
    )
    DESCRIPTION_LENGTH = Message(
        "describe it in 1 to {max_length} characters",
        "Beschrijf dit in 1 tot en met {max_length} tekens.",
    )
    AREA_UNKNOWN = Message(
        "unknown area {area}",
        "Onbekend bekwaamheidsgebied {area}.",
    )
    HOURS_OUT_OF_RANGE = Message(
        "hours from 0 to 2000",
        "Uren van 0 tot en met 2000.",
    )
    REGISTER_NUMBER_NOT_DRAWN = Message(
        "could not draw a free register number; try again",
        "Er kon geen vrij registernummer worden toegekend; probeer het opnieuw.",
    )
    SECTOR_UNKNOWN = Message(
        "sector is one of {sectors}",
        "De sector is een van {sectors}.",
    )
    SUBJECTS_NEED_SECTOR = Message(
        "subjects are stated with the sector they are in",
        "Vakken worden opgegeven met de sector waarin ze vallen.",
    )
    PO_APPOINTMENT_WITH_SUBJECTS = Message(
        "a po appointment has no subjects",
        "Een aanstelling in het po heeft geen vakken.",
    )
    SUBJECTS_TOO_MANY = Message(
        "at most {max_subjects} subjects",
        "Hoogstens {max_subjects} vakken.",
    )
    SUBJECT_TOO_LONG = Message(
        "a subject has at most {max_length} characters",
        "Een vak heeft hoogstens {max_length} tekens.",
    )
    SUBJECT_NAMED_TWICE = Message(
        "a subject is named twice",
        "Een vak is twee keer genoemd.",
    )
    QUALIFICATIONS_EMPTY = Message(
        "name at least one qualification, or leave the field out for all",
        "Noem ten minste één bevoegdheid, of laat het veld weg voor alle.",
    )
    FILE_NO_QUALIFICATION = Message(
        "this file has no qualification {qualification_id}",
        "Dit dossier heeft geen bevoegdheid {qualification_id}.",
    )
    TEACHER_NO_PARTICIPATION = Message(
        "teacher {teacher_id} has no reported participation {participation_id}",
        "Leraar {teacher_id} heeft geen gemelde deelname {participation_id}.",
    )
    OUTCOME_UNKNOWN = Message(
        "the outcome is one of {outcomes}",
        "De uitkomst is een van {outcomes}.",
    )
    JUDGEMENT_REASON_REQUIRED = Message(
        "a judgement states its reason",
        "Een oordeel noemt de reden.",
    )
    JUDGEMENT_BREAKS_RULES = Message(
        "the judgement breaks the register's rules",
        "Het oordeel gaat tegen de regels van het register in.",
    )
    ACTIVITY_ALREADY_JUDGED = Message(
        "activity {activity_id} was already {outcome} in sample {sample_id}",
        "Activiteit {activity_id} is al beoordeeld ({outcome}) in steekproef {sample_id}.",
    )
    VALUE_UNKNOWN = Message(
        "unknown {field} {value}; one of {allowed}",
        "Onbekende waarde {value} voor {field}; kies een van {allowed}.",
    )
    BOARD_NUMBER_REQUIRED = Message(
        "a board number is required",
        "Het bestuursnummer is verplicht.",
    )
    SCHOOL_NUMBER_REQUIRED = Message(
        "a school number (BRIN) is required",
        "Het schoolnummer (BRIN) is verplicht.",
    )
    FTE_OUT_OF_RANGE = Message(
        "fte must be more than 0 and at most 1.5",
        "fte moet groter zijn dan 0 en hoogstens 1,5.",
    )
    QUALIFICATION_SUBJECT_REQUIRED = Message(
        "a {sector} qualification needs a subject",
        "Een bevoegdheid voor het {sector} heeft een vak nodig.",
    )
    PO_QUALIFICATION_WITH_SUBJECT = Message(
        "a po qualification has no subject",
        "Een bevoegdheid voor het po heeft geen vak.",
    )
    FILE_CLOSED_DECEASED = Message(
        "this file is closed: the teacher is deceased",
        "Dit dossier is gesloten: de leraar is overleden.",
    )
    ACTIVITY_ALREADY_RECORDED = Message(
        "activity {activity_id} is already recorded",
        "Activiteit {activity_id} is al vastgelegd.",
    )
    TEACHER_NO_ACTIVITY = Message(
        "teacher {teacher_id} has no activity {activity_id}",
        "Leraar {teacher_id} heeft geen activiteit {activity_id}.",
    )
    ACTIVITY_ALREADY_WITHDRAWN = Message(
        "activity {activity_id} was already withdrawn",
        "Activiteit {activity_id} is al ingetrokken.",
    )
    WITHDRAWAL_REASON_REQUIRED = Message(
        "a withdrawal needs a reason",
        "Geef een reden voor de intrekking.",
    )
    QUALIFICATION_NOT_REGISTERED = Message(
        "qualification {qualification_id} is {status}, not registered",
        "Bevoegdheid {qualification_id} is {status}, niet geregistreerd.",
    )
    TEACHER_NO_APPOINTMENT = Message(
        "teacher {teacher_id} has no appointment {appointment_id}",
        "Leraar {teacher_id} heeft geen aanstelling {appointment_id}.",
    )
    APPOINTMENT_ALREADY_CONFIRMED = Message(
        "appointment {appointment_id} is already confirmed",
        "Aanstelling {appointment_id} is al bevestigd.",
    )
    DISPUTE_REASON_REQUIRED = Message(
        "a dispute says what is wrong with the data",
        "Vermeld wat er niet klopt aan de gegevens.",
    )
    APPOINTMENT_ALREADY_DISPUTED = Message(
        "appointment {appointment_id} is already disputed; the employer answers by delivering it again",
        "Aanstelling {appointment_id} is al betwist; de werkgever reageert door de aanstelling opnieuw aan te leveren.",
    )
    STRIKE_OFF_PROPOSAL_REFUSED = Message(
        "the strike-off proposal was refused",
        "Het voornemen tot doorhaling kan zo niet worden vastgelegd.",
    )
    PROPOSAL_ALREADY_OPEN = Message(
        "qualification {qualification_id} already has an open strike-off proposal",
        "Voor bevoegdheid {qualification_id} loopt al een voornemen tot doorhaling.",
    )
    REREGISTRATION_AWAITS_PROPOSAL = Message(
        "qualification {qualification_id} has an open strike-off proposal {proposal_id}: re-registration waits until it is decided or withdrawn",
        "Voor bevoegdheid {qualification_id} loopt een voornemen tot doorhaling ({proposal_id}): de herregistratie wacht tot daarop is beslist of het is ingetrokken.",
    )
    PROPOSAL_PERIOD_OUTDATED = Message(
        "the proposal judged the period from {start}; the qualification's period now starts on {now}: withdraw the proposal and decide the re-registration again",
        "Het voornemen beoordeelde de periode vanaf {start}; de periode van de bevoegdheid begint nu op {now}: trek het voornemen in en beslis opnieuw over de herregistratie.",
    )
    PROPOSAL_CRITERIA_HASH_MISMATCH = Message(
        "{name} criteria version {version} no longer matches the sha256 the proposal recorded ({sha256})",
        "Versie {version} van de criteria {name} komt niet meer overeen met de sha256 die het voornemen vastlegde ({sha256}).",
    )
    VIEW_EMPTY = Message(
        "a view has some text",
        "Een zienswijze moet tekst bevatten.",
    )
    PROPOSAL_ALREADY_CLOSED = Message(
        "the proposal {proposal_id} was already {status}",
        "Het voornemen {proposal_id} is al {status}.",
    )
    VIEW_ALREADY_GIVEN = Message(
        "a view on proposal {proposal_id} was already given",
        "Op voornemen {proposal_id} is al een zienswijze gegeven.",
    )
    VIEW_TERM_ENDED = Message(
        "the term for a view on this proposal ended on {end_date}",
        "De termijn voor een zienswijze op dit voornemen is op {end_date} geëindigd.",
    )
    RATING_OUT_OF_RANGE = Message(
        "a rating is a whole number from 1 to 5",
        "Een waardering is een heel getal van 1 tot en met 5.",
    )
    OFFERING_NOT_FOLLOWED = Message(
        "only an offering you followed can be rated: no activity with offering {offering_id} in this file",
        "U kunt alleen aanbod waarderen dat u hebt gevolgd: dit dossier heeft geen activiteit met aanbod {offering_id}.",
    )
    OFFERING_ALREADY_RATED = Message(
        "offering {offering_id} was already rated; a rating is given once",
        "Aanbod {offering_id} is al gewaardeerd; u waardeert een aanbod één keer.",
    )
    TEACHER_NO_QUALIFICATION = Message(
        "teacher {teacher_id} has no qualification {qualification_id}",
        "Leraar {teacher_id} heeft geen bevoegdheid {qualification_id}.",
    )
    FAMILY_NAME_REQUIRED = Message(
        "a family name is required",
        "De achternaam is verplicht.",
    )
    INITIALS_REQUIRED = Message(
        "initials are required",
        "De voorletters zijn verplicht.",
    )
    REGISTRATION_IN_FUTURE = Message(
        "registration cannot be dated in the future",
        "De inschrijving kan geen datum in de toekomst hebben.",
    )
    REGISTRATION_BEFORE_BIRTH = Message(
        "registration before the date of birth",
        "De inschrijving ligt vóór de geboortedatum.",
    )
    QUALIFICATION_REQUIRED = Message(
        "at least one qualification is required",
        "Ten minste één bevoegdheid is verplicht.",
    )
    QUALIFICATION_ALREADY_ON_FILE = Message(
        "this qualification is already on file",
        "Deze bevoegdheid staat al in het dossier.",
    )
    CORRECTION_EMPTY = Message(
        "nothing to correct",
        "Er is niets te corrigeren.",
    )
    ERASURE_REASON_REQUIRED = Message(
        "an erasure needs a reason",
        "Een wissing heeft een reden nodig.",
    )
    FILE_ERASED = Message(
        "the personal data of this file were erased: it takes no changes",
        "De persoonsgegevens van dit dossier zijn gewist: het neemt geen wijzigingen meer aan.",
    )
    DATA_KEYS_NOT_KEPT = Message(
        "this register keeps no data keys: erasure needs them",
        "Dit register bewaart geen sleutels per persoon: wissen kan alleen daarmee.",
    )
    CORRECTION_REASON_REQUIRED = Message(
        "a correction needs a reason",
        "Geef een reden voor de correctie.",
    )
    LEAVE_ENDS_BEFORE_STARTS = Message(
        "the leave ends before it starts",
        "Het verlof eindigt voordat het begint.",
    )
    LEAVE_IN_FUTURE = Message(
        "leave cannot start in the future",
        "Verlof kan niet in de toekomst beginnen.",
    )
    LEAVE_TOO_LONG = Message(
        "leave of more than five years",
        "Verlof duurt hoogstens vijf jaar.",
    )
    LEAVE_ILLNESS_IS_SICKNESS = Message(
        "leave for illness is recorded as 'sickness'",
        "Verlof wegens ziekte heet 'sickness' (ziekte).",
    )
    LEAVE_KIND_REGISTRAR_ONLY = Message(
        "only the registrar records {kind} leave; one of {allowed}",
        "Alleen de registrar legt {kind}-verlof vast; kies een van {allowed}.",
    )
    LEAVE_ALREADY_RECORDED = Message(
        "leave {leave_id} is already recorded",
        "Verlof {leave_id} is al vastgelegd.",
    )
    TEACHER_NO_LEAVE = Message(
        "teacher {teacher_id} has no leave {leave_id}",
        "Leraar {teacher_id} heeft geen verlof {leave_id}.",
    )
    LEAVE_NOT_PENDING = Message(
        "leave {leave_id} is {status}, not pending",
        "Verlof {leave_id} is {status}, en wacht niet meer op goedkeuring.",
    )
    REJECTION_REASON_REQUIRED = Message(
        "a rejection says why the leave does not count",
        "Geef bij een afwijzing aan waarom het verlof niet telt.",
    )
    PREREGISTER_TERM_RUNNING = Message(
        "the pre-register's term of {qualification_id} runs until {day}",
        "De termijn in het registervoorportaal van {qualification_id} loopt tot {day}.",
    )
    TITLE_REQUIRED = Message(
        "a title is required",
        "De titel is verplicht.",
    )
    ACTIVITY_IN_FUTURE = Message(
        "the activity cannot lie in the future",
        "De activiteit kan niet in de toekomst liggen.",
    )
    ACTIVITY_BEFORE_BIRTH = Message(
        "the activity lies before the date of birth",
        "De activiteit ligt vóór de geboortedatum.",
    )
    HOURS_NEGATIVE = Message(
        "hours cannot be negative",
        "Uren kunnen niet negatief zijn.",
    )
    ACTIVITY_HOURS_ZERO = Message(
        "an activity needs more than zero hours",
        "Een activiteit heeft meer dan nul uur nodig.",
    )
    ACTIVITY_HOURS_TOO_MANY = Message(
        "more than {max_hours} hours in one activity",
        "Eén activiteit heeft hoogstens {max_hours} uur.",
    )
    TEACHER_NO_STRIKE_OFF_PROPOSAL = Message(
        "teacher {teacher_id} has no strike-off proposal {proposal_id}",
        "Leraar {teacher_id} heeft geen voornemen tot doorhaling {proposal_id}.",
    )
    STRIKE_OFF_NEEDS_NO_HEARING = Message(
        "a strike-off on {ground} needs no hearing: decide it directly",
        "Een doorhaling op grond van {ground} vraagt niet om horen: besluit direct.",
    )
    PROPOSAL_REASON_REQUIRED = Message(
        "a proposal states why the strike-off is intended",
        "Vermeld waarom de doorhaling wordt voorgenomen.",
    )
    BIRTH_DATE_TOO_EARLY = Message(
        "the date of birth is more than 100 years ago",
        "De geboortedatum ligt meer dan 100 jaar terug.",
    )
    QUALIFICATION_NAMED_TWICE = Message(
        "the same qualification twice",
        "Dezelfde bevoegdheid staat er twee keer in.",
    )
    COST_NEGATIVE = Message(
        "a cost cannot be negative",
        "Kosten kunnen niet negatief zijn.",
    )
    TEACHER_TOO_YOUNG = Message(
        "a teacher is at least 15 years old",
        "Een leraar is ten minste 15 jaar oud.",
    )
    TOKEN_ALREADY_REVOKED = Message(
        "this token was already revoked",
        "Dit token is al ingetrokken.",
    )
    HOURS_NOT_FINITE = Message(
        "{field} must be a finite number of hours",
        "{field} moet een eindig aantal uren zijn.",
    )
    HOURS_NOT_NUMERIC = Message(
        "{field} must be a number of hours",
        "{field} moet een aantal uren zijn.",
    )
    DATE_IN_FUTURE = Message(
        "{field} {date} lies in the future",
        "{field} {date} ligt in de toekomst.",
    )
    HOURS_FTE_MISMATCH_EITHER = Message(
        "{hours} hours does not match {fte} FTE x {per_year} hours a year x {years} years = {expected} (allowed: {low} or {high})",
        "{hours} uur past niet bij {fte} fte x {per_year} uur per jaar x {years} jaar = {expected} (toegestaan: {low} of {high}).",
    )
    HOURS_FTE_MISMATCH = Message(
        "{hours} hours does not match {fte} FTE x {per_year} hours a year x {years} years = {expected} (allowed: {allowed})",
        "{hours} uur past niet bij {fte} fte x {per_year} uur per jaar x {years} jaar = {expected} (toegestaan: {allowed}).",
    )
    VALUE_NAMED_TWICE = Message(
        "names {value} more than once",
        "Noemt {value} meer dan één keer.",
    )
    HOURS_SPLIT_REQUIRED = Message(
        "the assessment rule compares self-study with contact hours, so the split must be required",
        "De beoordelingsregel vergelijkt zelfstudie met contacturen, dus de uitsplitsing moet verplicht zijn.",
    )
    HOURS_ABOVE_TOTAL = Message(
        "{hours} hours is more than the {total} hours required in total",
        "{hours} uur is meer dan de {total} uur die in totaal vereist is.",
    )
    COUNTED_KINDS_EMPTY = Message(
        "no activity kind counts, so {total} hours can never be met",
        "Geen enkele soort activiteit telt mee, dus {total} uur is nooit te halen.",
    )
    AREAS_REPEATED = Message(
        "repeats {key}.{index} for the same areas",
        "Herhaalt {key}.{index} voor dezelfde bekwaamheidsgebieden.",
    )
    FILE_NO_ACTIVITY = Message(
        "this file has no activity {activity_id}",
        "Dit dossier heeft geen activiteit {activity_id}.",
    )
    SHARE_TOO_MANY_ACTIVITIES = Message(
        "a share shows at most {count} activities",
        "Een gedeeld overzicht toont ten hoogste {count} activiteiten.",
    )
    NOTE_TOO_LONG = Message(
        "a note has at most {count} characters",
        "Een toelichting heeft ten hoogste {count} tekens.",
    )
    SHARE_EMPTY = Message(
        "a share shows something: progress, activities or a note",
        "Deel ten minste iets: voortgang, activiteiten of een toelichting.",
    )
    SHARE_ENDS_IN_PAST = Message(
        "a share ends today or later",
        "Het delen eindigt vandaag of later.",
    )
    SHARE_TOO_LONG = Message(
        "a share runs at most {days} days, until {until_date}",
        "U kunt ten hoogste {days} dagen delen, tot en met {until_date}.",
    )
    SHARE_BREAKS_RULES = Message(
        "the share breaks the register's rules",
        "Het delen voldoet niet aan de regels van het register.",
    )
    SHARE_BOARD_NOT_EMPLOYER = Message(
        "you can share only with a board where you have a current appointment you confirmed; board {board_number} has none in your file",
        "U kunt alleen delen met een bestuur waar u een lopende aanstelling hebt die u hebt bevestigd; bestuur {board_number} heeft die niet in uw dossier.",
    )
    SHARE_ALREADY_IN_FORCE = Message(
        "a share with board {board_number} is already in force; revoke it to share anew",
        "U deelt al met bestuur {board_number}; trek dat eerst in om opnieuw te delen.",
    )
    TEACHER_NO_SHARE = Message(
        "teacher {teacher_id} has no share {share_id}",
        "Leraar {teacher_id} heeft geen gedeeld overzicht {share_id}.",
    )
    SHARE_ALREADY_REVOKED = Message(
        "share {share_id} was already revoked",
        "Het gedeelde overzicht {share_id} is al ingetrokken.",
    )
    SHARE_ENDED = Message(
        "share {share_id} ended on {end_date}",
        "Het delen van overzicht {share_id} is op {end_date} geëindigd.",
    )
    BOARD_NO_SHARE = Message(
        "board {board_number} has no share {share_id}",
        "Bestuur {board_number} heeft geen gedeeld overzicht {share_id}.",
    )
    SHARE_NOT_IN_FORCE = Message(
        "share {share_id} is no longer in force",
        "Het gedeelde overzicht {share_id} is niet meer geldig.",
    )
    SHARE_EMPLOYMENT_ENDED = Message(
        "share {share_id} is not in force: board {board_number} no longer employs the teacher",
        "Het gedeelde overzicht {share_id} is niet geldig: bestuur {board_number} heeft de leraar niet meer in dienst.",
    )
    KEY_REPEATED = Message(
        "key appears more than once",
        "Deze sleutel komt meer dan één keer voor.",
    )
    CRITERIA_DOCUMENT_NOT_OBJECT = Message(
        "a criteria document is a JSON object",
        "Een criteriadocument is een JSON-object.",
    )
    DOCUMENT_NAME_UNKNOWN = Message(
        "must be one of {names}, not {name}",
        "Moet een van {names} zijn, niet {name}.",
    )
    DOCUMENT_NOT_REREGISTRATION = Message(
        "must be 'reregistration'",
        "Moet 'reregistration' zijn.",
    )
    DOCUMENT_NOT_VALIDATION = Message(
        "must be 'validation'",
        "Moet 'validation' zijn.",
    )
    JSON_INVALID = Message(
        "not valid JSON: {error}",
        "Geen geldige JSON: {error}.",
    )
    REGISTER_NUMBER_REQUIRED = Message(
        "a register number is required",
        "Het registernummer is verplicht.",
    )
    REGISTER_NUMBER_INVALID = Message(
        "a register number has ten digits with a valid check digit",
        "Een registernummer heeft tien cijfers met een geldig controlecijfer.",
    )
    REGISTER_NUMBER_DUPLICATE_ROW = Message(
        "this register number is asked in row {row} already",
        "Naar dit registernummer wordt al gevraagd in rij {row}.",
    )
    BIRTH_DATE_REQUIRED = Message(
        "a date of birth is required",
        "De geboortedatum is verplicht.",
    )
    BIRTH_DATE_FORMAT_INVALID = Message(
        "a date of birth is written YYYY-MM-DD",
        "Een geboortedatum schrijft u als JJJJ-MM-DD.",
    )
    BIRTH_DATE_OUT_OF_RANGE = Message(
        "the date of birth lies outside the possible range",
        "De geboortedatum ligt buiten het mogelijke bereik.",
    )


#: Every message by code.
BY_CODE: Final[dict[str, Message]] = {m.code: m for m in vars(M).values() if isinstance(m, Message)}


class Shape:
    """pydantic's faults in the shape of an input, by pydantic's error type (the code), in
    Dutch; the English is pydantic's own message, kept as it is. A `_ONE` entry is the Dutch
    for a count of one."""

    MISSING = Message("Field required", "Dit veld ontbreekt.")
    EXTRA_FORBIDDEN = Message(
        "Extra inputs are not permitted", "Dit veld hoort niet in het document."
    )
    DECIMAL_PARSING = Message("Input should be a valid decimal", "Hier hoort een getal.")
    DECIMAL_TYPE = Message(
        "Decimal input should be an integer, float, string or Decimal object",
        "Hier hoort een getal.",
    )
    FLOAT_PARSING = Message(
        "Input should be a valid number, unable to parse string as a number",
        "Hier hoort een getal.",
    )
    FLOAT_TYPE = Message("Input should be a valid number", "Hier hoort een getal.")
    INT_PARSING = Message(
        "Input should be a valid integer, unable to parse string as an integer",
        "Hier hoort een geheel getal.",
    )
    INT_TYPE = Message("Input should be a valid integer", "Hier hoort een geheel getal.")
    INT_FROM_FLOAT = Message(
        "Input should be a valid integer, got a number with a fractional part",
        "Hier hoort een geheel getal.",
    )
    FINITE_NUMBER = Message("Input should be a finite number", "Hier hoort een eindig getal.")
    STRING_TYPE = Message("Input should be a valid string", "Hier hoort tekst.")
    BOOL_PARSING = Message(
        "Input should be a valid boolean, unable to interpret input", "Hier hoort true of false."
    )
    BOOL_TYPE = Message("Input should be a valid boolean", "Hier hoort true of false.")
    LIST_TYPE = Message("Input should be a valid list", "Hier hoort een lijst.")
    TUPLE_TYPE = Message("Input should be a valid tuple", "Hier hoort een lijst.")
    DICT_TYPE = Message("Input should be a valid dictionary", "Hier hoort een object.")
    MODEL_TYPE = Message(
        "Input should be a valid dictionary or instance of {class_name}",
        "Hier hoort een object ({class_name}).",
    )
    DATE_TYPE = Message("Input should be a valid date", "Hier hoort een datum (JJJJ-MM-DD).")
    DATE_PARSING = Message(
        "Input should be a valid date in the format YYYY-MM-DD, {error}",
        "Hier hoort een datum (JJJJ-MM-DD).",
    )
    DATE_FROM_DATETIME_PARSING = Message(
        "Input should be a valid date or datetime, {error}", "Hier hoort een datum (JJJJ-MM-DD)."
    )
    DATE_FROM_DATETIME_INEXACT = Message(
        "Datetimes provided to dates should have zero time - e.g. be exact dates",
        "Hier hoort een datum (JJJJ-MM-DD).",
    )
    GREATER_THAN_EQUAL = Message(
        "Input should be greater than or equal to {ge}", "Moet ten minste {ge} zijn."
    )
    GREATER_THAN = Message("Input should be greater than {gt}", "Moet groter zijn dan {gt}.")
    LESS_THAN_EQUAL = Message(
        "Input should be less than or equal to {le}", "Mag hoogstens {le} zijn."
    )
    LESS_THAN = Message("Input should be less than {lt}", "Moet kleiner zijn dan {lt}.")
    DECIMAL_MAX_PLACES = Message(
        "Decimal input should have no more than {decimal_places} decimal places",
        "Hoogstens {decimal_places} cijfers achter de komma.",
    )
    DECIMAL_MAX_PLACES_ONE = Message(
        "Decimal input should have no more than {decimal_places} decimal place",
        "Hoogstens {decimal_places} cijfer achter de komma.",
    )
    LITERAL_ERROR = Message("Input should be {expected}", "Kies uit: {expected}.")
    ENUM = Message("Input should be {expected}", "Kies uit: {expected}.")
    TOO_SHORT = Message(
        "{field_type} should have at least {min_length} items after validation, not {actual_length}",
        "Hier horen ten minste {min_length} waarden, niet {actual_length}.",
    )
    TOO_SHORT_ONE = Message(
        "{field_type} should have at least {min_length} item after validation, not {actual_length}",
        "Hier hoort ten minste {min_length} waarde, niet {actual_length}.",
    )
    TOO_LONG = Message(
        "{field_type} should have at most {max_length} items after validation, not {actual_length}",
        "Hier horen hoogstens {max_length} waarden, niet {actual_length}.",
    )
    STRING_TOO_SHORT = Message(
        "String should have at least {min_length} characters",
        "Hier horen ten minste {min_length} tekens.",
    )
    STRING_TOO_SHORT_ONE = Message(
        "String should have at least {min_length} character",
        "Hier hoort ten minste {min_length} teken.",
    )
    STRING_TOO_LONG = Message(
        "String should have at most {max_length} characters",
        "Hier horen hoogstens {max_length} tekens.",
    )


#: The value whose count of one picks a `_ONE` entry of `Shape`.
_COUNTED: Final = {
    "decimal_max_places": "decimal_places",
    "too_short": "min_length",
    "string_too_short": "min_length",
}


def from_pydantic(error: Mapping[str, Any]) -> str:
    """One of pydantic's errors (an item of `ValidationError.errors()`) as a message of the
    register: pydantic's English words, with the code of its `Shape` entry for the Dutch; a
    message the register raised inside a validator keeps its own code (pydantic's words for it,
    "Value error, ...", stay the English). A type `Shape` does not know stays English only."""
    english = str(error.get("msg", ""))
    kind = str(error.get("type", ""))
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    inner = ctx.get("text", ctx.get("error"))
    if isinstance(inner, BaseException) and inner.args:
        inner = inner.args[0]
    if isinstance(inner, Text):
        return Text(inner.message, inner.values, english)
    counted = _COUNTED.get(kind)
    one = counted is not None and str(ctx.get(counted)) == "1"
    message = getattr(Shape, kind.upper() + ("_ONE" if one else ""), None)
    if not isinstance(message, Message):
        return english
    values = {name: ctx.get(name, "") for name in message.placeholders("nl")}
    return Text(message, values, english)
