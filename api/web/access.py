"""The pages' gates: for each role group of :data:`api.access.RULES`, a dependency of the
same name that admits a signed-in caller of those roles and answers anyone else exactly as the
API would (401 to a caller not signed in, 403 to another role). A page uses the gate named like
the dependency of the route it mirrors, so both admit the same people.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from api.access import RULES
from api.web.core import Web, any_signed_in, signed_in


def _admits(name: str) -> object:
    return Depends(signed_in(*RULES[name]))


Registrar = Annotated[Web, _admits("Registrar")]
TeacherOnly = Annotated[Web, _admits("TeacherOnly")]
Employer = Annotated[Web, _admits("Employer")]
ProviderOnly = Annotated[Web, _admits("ProviderOnly")]
Validator = Annotated[Web, _admits("Validator")]
Standards = Annotated[Web, _admits("Standards")]
Appeals = Annotated[Web, _admits("Appeals")]
AuditorOnly = Annotated[Web, _admits("AuditorOnly")]
TeacherOrRegistrar = Annotated[Web, _admits("TeacherOrRegistrar")]
Reviewer = Annotated[Web, _admits("Reviewer")]
RegistrarOrReviewer = Annotated[Web, _admits("RegistrarOrReviewer")]
CostReaders = Annotated[Web, _admits("CostReaders")]
DemandReaders = Annotated[Web, _admits("DemandReaders")]
#: Any signed-in caller: the API functions the page calls check the resource (the teacher
#: concerned, the provider itself, ...).
SignedIn = Annotated[Web, Depends(any_signed_in())]
