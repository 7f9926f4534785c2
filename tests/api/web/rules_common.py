"""What the page × caller tables share: the request shapes and the rule record.

`tests/api/web/test_web_authorisation.py` holds the table of the first pages; each group of
pages added later keeps its rules in its own `rules_*.py` module, merged there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.api.world import CALLERS, World

ANYONE = frozenset(CALLERS)
SIGNED_IN = ANYONE - {"none"}
FILE_READERS = frozenset({"teacher", "employer", "registrar", "appeals", "auditor"})
REVIEWERS = frozenset({"appeals", "auditor"})
TEACHER = "/teachers/{teacher_id}"


@dataclass(frozen=True)
class Page:
    """A request to a page: method, path, form fields, and files."""

    method: str
    path: str
    data: dict[str, Any] = field(default_factory=dict)
    files: dict[str, Any] | None = None


Builder = Callable[[World], Page]


@dataclass(frozen=True)
class WebRule:
    """The callers that get through, their status, the request, and the API route it mirrors."""

    allowed: frozenset[str]
    ok: int
    request: Builder
    api: tuple[str, str] | None = None
    special: dict[str, int] = field(default_factory=dict)


def _get(path: str) -> Builder:
    return lambda w: Page("GET", path.format(**vars(w)))


def _post(path: str, data: dict[str, Any] | None = None) -> Builder:
    return lambda w: Page("POST", path.format(**vars(w)), dict(data or {}))
