"""Labels of the providers pages, in Dutch and English."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, tuple[str, str]]] = {}
LABELS: Final[dict[str, tuple[str, str]]] = {}
