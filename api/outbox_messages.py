"""The words of the register's messages: Dutch first, then English.

A message holds no personal data beyond the name it greets and a link to the register's page
(the teacher signs in there to read what it is about): no BSN, no date of birth, no register
number, no decision's content, no period end (which would reveal leave). The text depends only
on the outbox row, so a resend carries the same words as the first attempt.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from typing import Final

from projections.outbox import DECISION, HEARING, REMINDER, Claimed

#: Where the link leads: the signed-in teacher's own file (no id in the address).
PAGE: Final = "/me/file"

_SUBJECTS: Final = {
    REMINDER: (
        "Herinnering: uw registratieperiode loopt af",
        "Reminder: your registration period is ending",
    ),
    DECISION: ("Er is een besluit over uw registratie", "A decision on your registration"),
    HEARING: (
        "U wordt gehoord over een voorgenomen besluit",
        "You are invited to give your view on an intended decision",
    ),
}


def _body(kind: str, name: str, months: int, link: str) -> str:
    if kind == REMINDER:
        nl_when = "zes" if months == 6 else "drie" if months == 3 else str(months)
        en_when = "six" if months == 6 else "three" if months == 3 else str(months)
        nl = (
            f"Over ongeveer {nl_when} maanden loopt een registratieperiode van u af. In het"
            " register ziet u wat u hebt vastgelegd en wat nog nodig is voor herregistratie."
        )
        en = (
            f"One of your registration periods ends in about {en_when} months. The register"
            " shows what you have recorded and what re-registration still needs."
        )
    elif kind == DECISION:
        nl = (
            "Het lerarenregister heeft een besluit over uw registratie genomen. U leest het"
            " besluit, de motivering en hoe u bezwaar kunt maken in het register."
        )
        en = (
            "The teachers' register took a decision on your registration. The register shows"
            " the decision, its reasons and how to object."
        )
    else:
        nl = (
            "Het lerarenregister is van plan een besluit over uw registratie te nemen en wil"
            " eerst uw zienswijze horen. In het register leest u het voornemen en tot wanneer"
            " u kunt reageren."
        )
        en = (
            "The teachers' register intends to take a decision on your registration and asks"
            " for your view first. The register shows the intention and until when you may"
            " respond."
        )
    return (
        f"Beste {name},\n\n{nl}\n\n{link}\n\n"
        "U krijgt dit bericht omdat u uw e-mailadres in het lerarenregister hebt opgegeven."
        " Herinneringen kunt u daar uitzetten.\n\n"
        f"-- \n\nDear {name},\n\n{en}\n\n{link}\n\n"
        "You receive this message because you gave your e-mail address to the teachers'"
        " register. You can turn reminders off there.\n"
    )


def render(message: Claimed, *, sender: str, base_url: str) -> EmailMessage:
    """The message for one outbox row; the same row always gives the same message."""
    link = base_url.rstrip("/") + PAGE
    nl_subject, en_subject = _SUBJECTS[message.kind]
    mail = EmailMessage()
    mail["From"] = formataddr(("Lerarenregister", sender))
    mail["To"] = message.recipient
    mail["Subject"] = f"{nl_subject} / {en_subject}"
    mail["Date"] = format_datetime(datetime.fromtimestamp(message.created_at, UTC))
    mail["Message-ID"] = message.message_id
    mail["Auto-Submitted"] = "auto-generated"
    months = int(message.detail.get("months_before", 0) or 0)
    mail.set_content(_body(message.kind, message.name, months, link))
    mail["Content-Language"] = "nl, en"  # after the content, which resets Content-* headers
    return mail
