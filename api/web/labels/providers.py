"""Labels of the training provider's and the validator's pages, in Dutch and English."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    # the provider
    "provider.home_title": ("Mijn aanmelding en aanbod", "My application and offerings"),
    "provider.application": ("Aanmelding als aanbieder", "Application as a provider"),
    "provider.not_applied": (
        "U hebt zich nog niet aangemeld als aanbieder van professionalisering. Na uw aanmelding "
        "beslist een validator binnen twee weken.",
        "You have not applied as a provider of professional development yet. After you apply, "
        "a validator decides within two weeks.",
    ),
    "provider.apply": ("Aanmelden als aanbieder", "Apply as a provider"),
    "provider.apply_again": ("Opnieuw aanmelden", "Apply again"),
    "provider.apply_title": ("Aanmelden als aanbieder", "Apply as a provider"),
    "provider.apply_intro": (
        "Een validator beoordeelt uw aanmelding binnen twee weken: uw KvK-nummer, het niveau van "
        "uw docenten, de aansluiting op de praktijk, de kwaliteitsbewaking en de klachtenregeling.",
        "A validator judges your application within two weeks: your Chamber of Commerce number, "
        "the level of your teaching staff, the alignment with practice, quality monitoring and "
        "the complaints procedure.",
    ),
    "provider.apply_button": ("Aanmelding versturen", "Send application"),
    "provider.applied": (
        "Uw aanmelding is ontvangen. Een validator beslist uiterlijk op de dag hieronder.",
        "Your application was received. A validator decides by the day below at the latest.",
    ),
    "provider.all_answers": ("Alle antwoorden van de aanmelding", "All answers of the application"),
    "provider.provider_id": ("Kenmerk aanbieder", "Provider id"),
    "provider.name": ("Naam van de aanbieder", "Name of the provider"),
    "provider.kvk_number": ("KvK-nummer", "Chamber of Commerce (KvK) number"),
    "provider.kvk_hint": ("Acht cijfers.", "Eight digits."),
    "provider.staff_level": ("Niveau van de docenten", "Level of the teaching staff"),
    "provider.practice_alignment": ("Aansluiting op de praktijk", "Alignment with practice"),
    "provider.practice_alignment_hint": (
        "Hoe sluit uw aanbod aan op de praktijk van de school?",
        "How do your offerings align with school practice?",
    ),
    "provider.quality_monitoring": ("Kwaliteitsbewaking", "Quality monitoring"),
    "provider.quality_monitoring_hint": (
        "Hoe bewaakt u de kwaliteit van uw aanbod?",
        "How do you monitor the quality of your offerings?",
    ),
    "provider.complaints_in_place": (
        "Is er een klachtenregeling?",
        "Is there a complaints procedure?",
    ),
    "provider.decision_days": (
        "Binnen hoeveel dagen wordt op een klacht beslist?",
        "Within how many days is a complaint decided?",
    ),
    "provider.decision_days_hint": (
        "Een aantal dagen, bijvoorbeeld 10.",
        "A number of days, e.g. 10.",
    ),
    "provider.submitted_on": ("Ingediend op", "Submitted on"),
    "provider.decisions": ("Besluiten", "Decisions"),
    "provider.offerings": ("Mijn aanbod", "My offerings"),
    "provider.offering": ("Aanbod", "Offering"),
    "provider.no_offerings": (
        "U hebt nog geen aanbod ingediend.",
        "You have not submitted offerings yet.",
    ),
    "provider.submit_offering": ("Aanbod indienen", "Submit an offering"),
    "provider.submit_hint": (
        "Alleen een toegelaten aanbieder kan aanbod ter validatie indienen.",
        "Only an admitted provider can submit offerings for validation.",
    ),
    "provider.offering_title": (
        "Aanbod ter validatie indienen",
        "Submit an offering for validation",
    ),
    "provider.offering_intro": (
        "Een validator toetst het aanbod aan de validatiecriteria die gelden; gevalideerd aanbod "
        "verschijnt in de openbare catalogus.",
        "A validator checks the offering against the validation criteria in force; validated "
        "offerings appear in the public catalogue.",
    ),
    "provider.title": ("Titel", "Title"),
    "provider.description": ("Beschrijving", "Description"),
    "provider.all_sectors": ("alle sectoren", "all sectors"),
    "provider.price": ("Prijs in euro", "Price in euros"),
    "provider.price_hint": ("Bijvoorbeeld 250,00.", "For example 250.00."),
    "provider.has_assessment": ("Met toetsing", "With an assessment"),
    "provider.has_assessment_hint": (
        "Wordt aan het eind getoetst wat de deelnemer heeft geleerd?",
        "Is what the participant learned assessed at the end?",
    ),
    "provider.submit_button": ("Aanbod indienen", "Submit offering"),
    "provider.submitted": (
        "Het aanbod is ingediend. Een validator beslist uiterlijk op de dag hieronder.",
        "The offering was submitted. A validator decides by the day below at the latest.",
    ),
    "provider.refused_title": ("Het register weigert dit", "The register refuses this"),
    "provider.refused_hint": (
        "Aanbod indienen kan pas als uw aanmelding als aanbieder is toegelaten. Bekijk de stand "
        "van uw aanmelding:",
        "You can submit offerings once your application as a provider is admitted. See where "
        "your application stands:",
    ),
    "provider.in_catalogue": ("In de openbare catalogus", "In the public catalogue"),
    # the validator
    "validator.work_title": ("Te beoordelen", "Awaiting a decision"),
    "validator.work_intro": (
        "Aanmeldingen en aanbod die op een besluit wachten, wat het eerst moet bovenaan. Na twee "
        "weken is een besluit te laat.",
        "Applications and offerings awaiting a decision, the one due first at the top. After "
        "two weeks a decision is overdue.",
    ),
    "validator.applications": ("Aanmeldingen van aanbieders", "Applications of providers"),
    "validator.offerings": ("Aanbod ter validatie", "Offerings to validate"),
    "validator.no_applications": ("Geen aanmeldingen die wachten.", "No applications waiting."),
    "validator.no_offerings": ("Geen aanbod dat wacht.", "No offerings waiting."),
    "validator.decide_by": ("Beslissen uiterlijk", "Decide by"),
    "validator.overdue": ("te laat", "overdue"),
    "validator.decide_title": ("Beslissen over de aanmelding", "Decide on the application"),
    "validator.decide_intro": (
        "KvK-nummer, docentniveau en klachtenregeling toetst het register aan de regels; of de "
        "aansluiting op de praktijk en de kwaliteitsbewaking voldoende zijn, beoordeelt u.",
        "The register checks the KvK number, staff level and complaints procedure against the "
        "rules; whether the alignment with practice and the quality monitoring suffice is your "
        "judgement.",
    ),
    "validator.alignment_judged": (
        "Aansluiting op de praktijk voldoende?",
        "Alignment with practice sufficient?",
    ),
    "validator.quality_judged": ("Kwaliteitsbewaking voldoende?", "Quality monitoring sufficient?"),
    "validator.sufficient": ("ja, voldoende", "yes, sufficient"),
    "validator.insufficient": ("nee, onvoldoende", "no, insufficient"),
    "validator.reason": ("Toelichting", "Reason"),
    "validator.decide_button": ("Besluit nemen", "Decide"),
    "validator.application_decided": ("Besloten", "Decided"),
    "validator.validate_title": ("Valideren", "Validate"),
    "validator.validate_intro": (
        "Het register toetst het aanbod aan de validatiecriteria die vandaag gelden en legt het "
        "besluit vast: gevalideerd met een geldigheidsperiode, of geweigerd.",
        "The register checks the offering against the validation criteria in force today and "
        "records the decision: validated with a validity period, or refused.",
    ),
    "validator.validate_button": ("Aanbod toetsen en besluiten", "Check the offering and decide"),
    "validator.offering_decided": ("Besloten", "Decided"),
    "validator.revoke_title": ("Validering intrekken", "Revoke the validation"),
    "validator.revoke_reason": ("Reden van de intrekking", "Reason for the revocation"),
    "validator.revoke_hint": (
        "De intrekking geldt vanaf vandaag; activiteiten van eerder blijven meetellen.",
        "The revocation holds from today; activities before today keep counting.",
    ),
    "validator.revoke_button": ("Validering intrekken", "Revoke validation"),
    "validator.revoked": ("De validering is ingetrokken.", "The validation was revoked."),
    "validator.no_decision": ("Nog geen besluit.", "No decision yet."),
    "validator.decided_on": ("Besloten op", "Decided on"),
    "validator.in_time": ("Binnen de termijn", "In time"),
    "validator.validity": ("Geldig", "Valid"),
    "validator.revoked_on": ("Ingetrokken per", "Revoked from"),
    "validator.policy": ("Toegepaste regels", "Rules applied"),
    "validator.objection_deadline": ("Bezwaar mogelijk tot en met", "Objection possible until"),
    "validator.reasons": ("Motivering", "Reasons"),
    "validator.trace": ("Per criterium", "Per criterion"),
    "validator.criterion": ("Criterium", "Criterion"),
    "validator.required": ("Vereist", "Required"),
    "validator.found": ("Gevonden", "Found"),
    "validator.met": ("Voldaan", "Met"),
    "validator.informational": ("ter informatie", "for information"),
    # values in the trace ({n}, {level}: filled in by the page)
    "validator.more_than_hours": ("meer dan {n} uur", "more than {n} hours"),
    "validator.hours": ("{n} uur", "{n} hours"),
    "validator.at_least": ("ten minste {level}", "at least {level}"),
    "validator.within_days": ("binnen {n} dagen", "within {n} days"),
    "validator.days": ("{n} dagen", "{n} days"),
}

LABELS: Final[dict[str, tuple[str, str]]] = {
    # statuses of applications and offerings, and the outcomes of decisions on them
    "provider_status.submitted": ("wacht op besluit", "awaiting a decision"),
    "provider_status.admitted": ("toegelaten", "admitted"),
    "provider_status.refused": ("geweigerd", "refused"),
    "provider_status.validated": ("gevalideerd", "validated"),
    "provider_status.revoked": ("ingetrokken", "revoked"),
    "provider_staff.mbo": ("mbo", "mbo (vocational)"),
    "provider_staff.hbo": ("hbo", "hbo (higher professional)"),
    "provider_staff.wo": ("wo", "wo (university)"),
    "validator_kind.provider_admission": ("Besluit over de toelating", "Decision on admission"),
    "validator_kind.offering_validation": ("Besluit over de validering", "Decision on validation"),
    "validator_kind.offering_revocation": ("Intrekking van de validering", "Revocation"),
    # the criteria of a trace
    "validator_criterion.kvk_number": ("KvK-nummer", "Chamber of Commerce number"),
    "validator_criterion.staff_level": ("Niveau van de docenten", "Level of the teaching staff"),
    "validator_criterion.practice_alignment": (
        "Aansluiting op de praktijk",
        "Alignment with practice",
    ),
    "validator_criterion.quality_monitoring": ("Kwaliteitsbewaking", "Quality monitoring"),
    "validator_criterion.complaints_procedure": ("Klachtenregeling", "Complaints procedure"),
    "validator_criterion.complaint_decision_days": (
        "Beslistermijn van klachten",
        "Term to decide on complaints",
    ),
    "validator_criterion.decided_on": ("Dag van het besluit", "Day of the decision"),
    "validator_criterion.total_hours": ("Omvang", "Size"),
    "validator_criterion.hours_split": ("Verdeling van de uren", "Split of the hours"),
    "validator_criterion.assessment": ("Toetsing", "Assessment"),
    "validator_criterion.competence_areas": ("Bekwaamheidsgebieden", "Competence areas"),
    "validator_criterion.sector": ("Sector", "Sector"),
    "validator_about.kvk_number": (
        "een geldig nummer bij de Kamer van Koophandel",
        "a valid number at the Chamber of Commerce",
    ),
    "validator_about.staff_level": (
        "de docenten hebben ten minste hbo-niveau",
        "the teaching staff is at least at hbo level",
    ),
    "validator_about.practice_alignment": (
        "oordeel van de validator over de beschrijving",
        "the validator's judgement of the description",
    ),
    "validator_about.quality_monitoring": (
        "oordeel van de validator over de beschrijving",
        "the validator's judgement of the description",
    ),
    "validator_about.complaints_procedure": (
        "er is een klachtenregeling",
        "there is a complaints procedure",
    ),
    "validator_about.complaint_decision_days": (
        "op een klacht wordt binnen twee weken beslist",
        "a complaint is decided within two weeks",
    ),
    "validator_about.decided_on": ("geen voorwaarde", "not a condition"),
    "validator_about.total_hours": (
        "contacturen en zelfstudie samen",
        "contact hours and self-study together",
    ),
    "validator_about.hours_split": (
        "contacturen en zelfstudie apart vermeld",
        "contact hours and self-study stated apart",
    ),
    "validator_about.assessment": (
        "verplicht als er meer zelfstudie dan contacturen is",
        "required when self-study exceeds the contact hours",
    ),
    "validator_about.competence_areas": (
        "ten minste één bekwaamheidsgebied",
        "at least one competence area",
    ),
    "validator_about.sector": (
        "een sector waarvoor gevalideerd wordt, of alle",
        "a sector offerings are validated for, or all",
    ),
    # values a trace names
    "validator_value.yes": ("ja", "yes"),
    "validator_value.no": ("nee", "no"),
    "validator_value.stated": ("vermeld", "stated"),
    "validator_value.missing": ("niet vermeld", "not stated"),
    "validator_value.at_least_one": ("ten minste één", "at least one"),
    "validator_value.none": ("geen", "none"),
    "validator_value.all": ("alle sectoren", "all sectors"),
    "validator_value.8_digits": ("8 cijfers", "8 digits"),
    "validator_value.malformed": ("geen 8 cijfers", "not 8 digits"),
    "validator_value.judged_sufficient": ("voldoende bevonden", "judged sufficient"),
    "validator_value.judged_insufficient": ("onvoldoende bevonden", "judged insufficient"),
    "validator_value.not_described": ("niet beschreven", "not described"),
}
