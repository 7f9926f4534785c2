"""How long and how much a teacher may share with their employer (issue 18, item 2).

A teacher may show the board they work for a development overview: the progress of the
qualifications they choose, the activities they choose and a note of their own. The share runs
until a day the teacher sets, at most :data:`MAX_SHARE_DAYS` ahead, and the teacher can revoke
it at any moment. Nothing is shared unless the teacher does so.

Legal basis: the share rests on the teacher's consent, AVG (Regulation (EU) 2016/679, CELEX
32016R0679) art. 6(1)(a), which must be as easy to withdraw as to give (art. 7(3)): hence the
revocation at once. The term is bounded because consent is given for a specific purpose
(art. 4(11)), a conversation about development within a school year, not for ever; data
minimisation (art. 5(1)(c)) limits the overview to what the teacher picked.

A policy, not a setting of the server: changing the term changes what employers may see and
belongs in review, as the four weeks of :mod:`domain.access` do.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

#: The longest a share may run: a year from the day it is made.
MAX_SHARE_DAYS: Final = 365
#: The longest note a teacher may add to a share.
MAX_NOTE_LENGTH: Final = 2000
#: The most activities one share may show.
MAX_SHARED_ACTIVITIES: Final = 200


def latest_until(shared_on: date) -> date:
    """The last day a share made on `shared_on` may run to."""
    return shared_on + timedelta(days=MAX_SHARE_DAYS)


def in_force(until: date, revoked: bool, today: date) -> bool:
    """Whether a share is in force on `today`: not revoked, and its last day not passed."""
    return not revoked and today <= until
