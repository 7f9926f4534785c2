"""Labels of the register extract's pages (checking an extract, the download link), in Dutch
and English."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "extract.link": (
        "Een uittreksel uit het register controleren",
        "Check an extract from the register",
    ),
    "file.extract": ("Uittreksel uit het register downloaden", "Download a register extract"),
    "extract.title": ("Uittreksel uit het register controleren", "Check a register extract"),
    "extract.intro": (
        "Een leraar kan een door het register ondertekend uittreksel van zijn inschrijving "
        "downloaden en aan een ander geven, bijvoorbeeld een nieuwe werkgever. Hier ziet u of "
        "het echt is en wat erin staat. De controle gebruikt alleen het bestand en de openbare "
        "sleutel van het register.",
        "A teacher can download an extract of their entry, signed by the register, and hand it "
        "to someone else, such as a new employer. Here you see whether it is genuine and what it "
        "says. The check uses only the file and the register's public key.",
    ),
    "extract.check": ("Uittreksel controleren", "Check an extract"),
    "extract.paste": ("Plak het uittreksel", "Paste the extract"),
    "extract.paste_hint": (
        "De hele inhoud van het bestand (JSON), of kies hieronder het bestand.",
        "The whole content of the file (JSON), or choose the file below.",
    ),
    "extract.file": ("Of kies het bestand", "Or choose the file"),
    "extract.button": ("Controleren", "Check"),
    "extract.missing": (
        "Plak een uittreksel of kies een bestand.",
        "Paste an extract or choose a file.",
    ),
    "extract.verified": (
        "Dit uittreksel is echt",
        "This extract is genuine",
    ),
    "extract.verified_means": (
        "Het register heeft deze inschrijving ondertekend, en de gebeurtenissen waarop zij "
        "berust staan onveranderd in het openbare logboek van het register.",
        "The register signed this entry, and the events it rests on stand unaltered in the "
        "register's public ledger.",
    ),
    "extract.not_verified": ("Dit uittreksel klopt niet", "This extract does not verify"),
    "extract.step.format": (
        "Het bestand is geen uittreksel uit het register, of het is beschadigd.",
        "The file is not a register extract, or it is damaged.",
    ),
    "extract.step.signature": (
        "De handtekening van het register klopt niet: de inhoud is na ondertekening veranderd.",
        "The register's signature does not hold: the content was changed after signing.",
    ),
    "extract.step.key": (
        "Het uittreksel is niet ondertekend met de sleutel van dit register.",
        "The extract is not signed with this register's key.",
    ),
    "extract.step.checkpoint": (
        "Het controlepunt in het uittreksel is niet door dit register ondertekend.",
        "The checkpoint in the extract is not signed by this register.",
    ),
    "extract.step.binding": (
        "Het controlepunt in het bestand is niet het controlepunt dat het uittreksel noemt.",
        "The checkpoint in the file is not the one the extract names.",
    ),
    "extract.step.proof": (
        "Een bewijs dat een gebeurtenis in het logboek staat, klopt niet.",
        "A proof that an event is in the ledger does not hold.",
    ),
    "extract.reason": ("Technische reden", "Technical reason"),
    "extract.register_number": ("Registernummer", "Register number"),
    "extract.name": ("Naam", "Name"),
    "extract.issued": ("Uitgegeven op", "Issued at"),
    "extract.checkpoint": ("Controlepunt (grootte · ondertekend)", "Checkpoint (size · signed)"),
    "extract.events": ("Gebeurtenissen bewezen", "Events proven"),
    "extract.witnesses": ("Medeondertekend door", "Cosigned by"),
    "extract.qualifications": ("Bevoegdheden", "Qualifications"),
    "extract.annotations": ("Aantekeningen en doorhalingen", "Annotations and strike-offs"),
    "extract.since": ("sinds", "since"),
    "extract.snapshot": (
        "Een uittreksel toont de inschrijving zoals zij was op de dag van uitgifte; het zegt "
        "niets over later.",
        "An extract shows the entry as it was on the day it was issued; it says nothing about "
        "later.",
    ),
    "extract.current": ("De inschrijving zoals zij nu is", "The entry as it stands now"),
    "extract.key": ("Gecontroleerd met de sleutel", "Checked with the key"),
    "extract.key_link": ("de sleutel van het register", "the register's key"),
}

LABELS: Final[dict[str, tuple[str, str]]] = {}
