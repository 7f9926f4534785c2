"""Labels of the pages where a colleague confirms a peer activity, in Dutch and English."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "peers.title": ("Verzoeken van collega's", "Requests from colleagues"),
    "peers.intro": (
        "Een collega vraagt u te bevestigen dat een collegiale activiteit (intervisie, lesbezoek,"
        " lesontwikkeling of lesevaluatie) met u heeft plaatsgevonden. U ziet alleen de naam en"
        " de activiteit, verder niets uit het dossier van uw collega.",
        "A colleague asks you to confirm that a peer activity (peer consultation, lesson visit,"
        " lesson development or lesson evaluation) took place with you. You see only the name"
        " and the activity, nothing else of your colleague's file.",
    ),
    "peers.none": ("Er staan geen verzoeken voor u open.", "No requests are open for you."),
    "peers.answer_until": ("beantwoorden kan tot en met", "can be answered until"),
    "peers.remark": ("Opmerking", "Remark"),
    "peers.confirm": ("Bevestigen", "Confirm"),
    "peers.decline": ("Afwijzen", "Decline"),
    "peers.answered_confirmed": (
        "Bevestigd. Het staat in uw dossier en in dat van uw collega.",
        "Confirmed. It is in your file and in your colleague's.",
    ),
    "peers.answered_declined": (
        "Afgewezen. Het staat in uw dossier en in dat van uw collega.",
        "Declined. It is in your file and in your colleague's.",
    ),
    "peers.ask": ("Laat een collega bevestigen", "Ask a colleague to confirm"),
    "peers.ask_hint": (
        "Het registernummer van de collega met wie u dit deed. Uw collega ziet uw naam en de"
        " titel en datum van deze activiteit, verder niets.",
        "The register number of the colleague you did this with. Your colleague sees your name"
        " and this activity's title and date, nothing else.",
    ),
    "peers.ask_send": ("Verzoek versturen", "Send the request"),
    "peers.colleague_number": ("Registernummer van uw collega", "Your colleague's register number"),
    "peers.number_needed": (
        "Vul het registernummer van uw collega in.",
        "Fill in your colleague's register number.",
    ),
    "peers.answer_needed": ("Kies bevestigen of afwijzen.", "Choose confirm or decline."),
    "peers.status_open": ("Bevestiging gevraagd aan", "Confirmation asked of"),
    "peers.status_confirmed": ("Bevestigd door", "Confirmed by"),
    "peers.status_declined": ("Afgewezen door", "Declined by"),
    "peers.status_expired": ("Verzoek verlopen bij", "Request expired with"),
    "peers.evidenced": (
        "telt als onderbouwd, buiten de steekproef",
        "counts as evidenced, exempt from sample checks",
    ),
    "peers.not_same_board": (
        "niet bij hetzelfde bestuur: telt als voorheen",
        "not at the same board: counts as before",
    ),
}

LABELS: Final[dict[str, tuple[str, str]]] = {
    "event.PeerConfirmationRequested": (
        "bevestiging gevraagd aan een collega",
        "confirmation asked of a colleague",
    ),
    "event.PeerConfirmationAnswered": (
        "antwoord van een collega op een verzoek om bevestiging",
        "a colleague's answer to a request for confirmation",
    ),
    "event.PeerRequestReceived": (
        "verzoek om bevestiging van een collega ontvangen",
        "request for confirmation received from a colleague",
    ),
    "event.PeerRequestAnswered": (
        "verzoek om bevestiging van een collega beantwoord",
        "a colleague's request for confirmation answered",
    ),
    "criterion.activities_peer_confirmed": (
        "activiteiten bevestigd door een collega",
        "activities confirmed by a colleague",
    ),
    "criterion.activities_peer_not_same_board": (
        "bevestigingen niet bij hetzelfde bestuur",
        "confirmations not at the same board",
    ),
}
