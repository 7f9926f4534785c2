"""Small-cell suppression: what aggregated figures the register may publish.

Every table the register publishes about groups of people (the open data, the demand signal)
counts persons per cell. A cell of fewer than :data:`MIN_CELL` persons is not shown: its count
and every figure derived from it are withheld and the cell says it was suppressed, so a small
group (one school's three physics teachers) cannot be singled out. The threshold follows the
register's rule for published statistics; the legal ground is the safeguard of Regulation (EU)
2016/679 (AVG) art. 89(1): statistical processing with measures for data minimisation.
"""

from __future__ import annotations

from typing import Final

#: The smallest number of persons a published cell may count.
MIN_CELL: Final = 10
#: Where the rule stands, as the published files cite it.
SOURCE: Final = (
    "Verordening (EU) 2016/679 (AVG) art. 89 lid 1: passende waarborgen bij verwerking voor "
    "statistische doeleinden; cellen van minder dan 10 personen worden niet gepubliceerd"
)


def publishable(persons: int) -> bool:
    """Whether a cell counting ``persons`` people may be shown."""
    return persons >= MIN_CELL


def shown(persons: int) -> int | None:
    """The count as published: itself, or None when the cell is suppressed."""
    return persons if publishable(persons) else None
