"""The public register's change feed.

It carries only what the public register shows (docs/domain.md, "What is public"): never a
BSN, a date of birth, gender, address or portfolio.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from api.schemas.public_register import RegisterEntryDetail


class PublicChange(BaseModel):
    """One change of the public register: the entry after it, or its removal."""

    position: int = Field(description="log position of the event that made the change")
    leaf_index: int = Field(description="the event's leaf in the ledger (inclusion proofs)")
    register_number: str
    change: Literal["entry", "removed"] = Field(
        description="entry: the public entry as it now stands; removed: the entry left the"
        " register (an erasure), no name or content is given"
    )
    entry: RegisterEntryDetail | None


class PublicChanges(BaseModel):
    data: list[PublicChange]
    next_position: int = Field(
        description="the `after` of the next request: the last change's position (or the"
        " `after` asked, when there was none)"
    )
    more: bool = Field(description="more changes follow at once; ask again with next_position")
