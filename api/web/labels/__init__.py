"""Labels of the pages, per area, merged into `api.web.i18n.MESSAGES` and `LABELS`.

Each module here holds `MESSAGES` and `LABELS` dicts of (Dutch, English) pairs for one group
of pages; a key may be defined once only (a test checks).
"""

from __future__ import annotations

from api.web.labels import (
    employer_check,
    extract,
    open_pages,
    peers,
    providers,
    registrar,
    standards,
)

#: The modules whose labels are merged, in order.
PARTS = (
    registrar,
    providers,
    standards,
    open_pages,
    peers,
    extract,
    employer_check,
)
