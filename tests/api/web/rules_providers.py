"""Who may open which of the providers pages (merged into the table of test_web_authorisation)."""

from __future__ import annotations

from tests.api.web.rules_common import WebRule

RULES: dict[tuple[str, str], WebRule] = {}
