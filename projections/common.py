"""Small helpers the read models share: portable values, stable JSON, name keys, cursors.

Read models keep values that compare the same on SQLite and PostgreSQL: ids and dates as text
(ISO dates sort correctly), money as integer cents, hours as integer hundredths.
"""

from __future__ import annotations

import base64
import binascii
import json
import unicodedata
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

#: Dutch name prefixes (tussenvoegsels), as words; "de Vries" is found by "vries".
NAME_PREFIX_WORDS = frozenset(
    (
        "van",
        "de",
        "der",
        "den",
        "het",
        "ter",
        "ten",
        "te",
        "op",
        "in",
        "'t",
        "d'",
        "da",
        "das",
        "del",
        "della",
        "des",
        "di",
        "do",
        "dos",
        "du",
        "la",
        "le",
        "les",
        "lo",
        "aan",
        "bij",
        "onder",
        "over",
        "tot",
        "uit",
        "uijt",
        "voor",
        "vom",
        "von",
        "zu",
        "zum",
        "zur",
        "'s",
    )
)
_FOLD = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
        "’": "'",
        "‘": "'",
        "`": "'",
        "-": " ",
        ".": " ",
        ",": " ",
    }
)
#: Above every character a name key can hold: the end of a prefix range.
KEY_END = "\U0010ffff"


def name_key(text: str) -> str:
    """A name for search: lower case, accents and dots gone, spaces single ("Ünal" → "unal")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.translate(_FOLD).split())


def split_name_query(text: str) -> tuple[str, str]:
    """(prefix key, family key) of a search: "De Vries" → ("de", "vries").

    Leading words that are name prefixes are taken as the prefix while a family name remains,
    so "van" alone searches family names starting with "van".
    """
    words = name_key(text).split()
    cut = 0
    while cut < len(words) - 1 and words[cut] in NAME_PREFIX_WORDS:
        cut += 1
    return " ".join(words[:cut]), " ".join(words[cut:])


def iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def cents(amount: Decimal) -> int:
    """Money as integer cents (half up; amounts arrive with two decimals)."""
    return int((amount * 100).to_integral_value())


def hundredths(hours: Decimal) -> int:
    """Hours as integer hundredths (they arrive with at most two decimals)."""
    return int((hours * 100).to_integral_value())


def money(value: int) -> str:
    """Integer cents as the API's money string: 25000 → "250.00"."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    return f"{sign}{value // 100}.{value % 100:02d}"


def hours_text(value: int) -> Decimal:
    """Integer hundredths back to hours."""
    return Decimal(value) / 100


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if hasattr(value, "to_dict"):
        return value.to_dict()
    raise TypeError(f"cannot store {type(value).__name__} as JSON")


def dumps(value: Any) -> str:
    """Stable JSON for columns: equal content gives equal text on every store."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain
    )


def encode_cursor(*values: Any) -> str:
    """An opaque cursor holding the sort key of the last row of a page."""
    raw = json.dumps(list(values), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, arity: int) -> list[Any] | None:
    """The sort key in a cursor, or None when it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(values, list) or len(values) != arity:
        return None
    return values
