"""The register's messages in the page's language.

The domain (domain/, policies/) refuses a command with a message of the catalogue in
policies/messages.py: a `Text` whose words are the English the API answers (problem+json) and
the CLI prints, and which keeps its code and values. A page says it in its own language by that
code (`translate(message, lang)`): Dutch from the same catalogue entry, the values kept and
statuses and grounds said in words. pydantic's faults in a form come out the same way, by
pydantic's error type (`policies.messages.from_pydantic`). Words that carry no code (text
made elsewhere) are shown as they are: nothing here reads English to guess its meaning.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from policies.messages import Text, from_pydantic


def translate(message: str, lang: str) -> str:
    """A message of the register in the page's language: Dutch for "nl" by its code, the
    English words otherwise; words without a code as they are."""
    if isinstance(message, Text):
        return message.said(lang)
    return message


def translate_pydantic(error: Mapping[str, Any], lang: str) -> str:
    """One of pydantic's errors (an item of `ValidationError.errors()`) in the page's language."""
    return translate(from_pydantic(error), lang)
