"""What personal data read as once erased: the documented placeholders (docs/privacy.md).

Placeholders keep their field's type (a name stays a `Name`, a date of birth a `date`), so
nothing that reads an erased file raises.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from domain.values import Name

#: What an erased free-text field reads as.
ERASED_TEXT: Final = "[gewist]"
#: What an erased date of birth reads as.
ERASED_DATE: Final = date(1900, 1, 1)
#: What an erased name reads as.
ERASED_NAME: Final = Name(ERASED_TEXT, ERASED_TEXT, "", ERASED_TEXT)
