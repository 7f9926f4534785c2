"""Who may do what at the edge, in one place (docs/access.md).

- :data:`RULES`: the role groups routes and pages admit, each named once with what it guards.
  A caller of another role is answered 403 before the route runs. A group of one role is named
  after it, with ``Only`` where the bare name is taken (``Teacher`` and ``Provider`` are
  aggregates) or would mislead (``AuditorOnly`` admits no appeals committee).
- The API's dependencies for them (``Registrar``, ``Reviewer``, ...), one per group; the
  pages' gates of the same names are in :mod:`api.web.access`, built from the same table, so a
  page admits exactly whom the route it mirrors admits.
- The resource rules a role group cannot express: a teacher only their own file, an employer
  only the people it employs or its own board, a provider only its own offerings. When an
  appointment opens a file to an employer is the domain's rule (:mod:`domain.access`); these
  functions apply it to the caller.

Rules of the register itself (who may decide, what a decision needs) are in `domain/` and
`policies/`, never here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Final
from uuid import UUID

from fastapi import Depends

from api import context
from api.auth import Principal, forbid, require
from domain.access import board_sees_file
from domain.teacher import Teacher
from domain.values import Role

#: The role groups, by the name of the dependency (and page gate) that admits them.
RULES: Final[Mapping[str, tuple[Role, ...]]] = {
    #: Admission, corrections, appointments by the registrar, decisions, proposals, samples,
    #: privacy requests.
    "Registrar": (Role.REGISTRAR,),
    #: The teacher's own writes: activities, peer requests, objections, shares, ratings,
    #: correspondence, the view on a proposal.
    "TeacherOnly": (Role.TEACHER,),
    #: The staff list, deliveries, the bulk check, shares received.
    "Employer": (Role.EMPLOYER,),
    #: A provider's application, offerings and participation deliveries.
    "ProviderOnly": (Role.PROVIDER,),
    #: The validators' work lists and decisions on providers and offerings.
    "Validator": (Role.VALIDATOR,),
    #: Drafting and adopting criteria, and a draft's impact.
    "Standards": (Role.STANDARDS,),
    #: Extending an objection's term and ruling on it.
    "Appeals": (Role.APPEALS,),
    #: The register-wide access log.
    "AuditorOnly": (Role.AUDITOR,),
    #: Leave and withdrawing an activity; a register extract.
    "TeacherOrRegistrar": (Role.TEACHER, Role.REGISTRAR),
    #: Recording leave: the teacher, the registrar, or an employer of the teacher.
    "LeaveRecorder": (Role.TEACHER, Role.REGISTRAR, Role.EMPLOYER),
    #: Reproducing decisions, the audit trail, ledger proofs and bundles, objection cases.
    "Reviewer": (Role.APPEALS, Role.AUDITOR),
    #: The list of intended strike-offs.
    "RegistrarOrAuditor": (Role.REGISTRAR, Role.AUDITOR),
    #: Reading samples of activities; looking files and decisions up for review.
    "RegistrarOrReviewer": (Role.REGISTRAR, Role.AUDITOR, Role.APPEALS),
    #: Cost totals (an employer only its own board's).
    "CostReaders": (Role.STANDARDS, Role.REGISTRAR, Role.EMPLOYER),
    #: The demand signal: providers (to make their offerings follow it), the profession,
    #: validators and the registrar.
    "DemandReaders": (Role.PROVIDER, Role.STANDARDS, Role.VALIDATOR, Role.REGISTRAR),
}


def _admits(name: str) -> object:
    return Depends(require(*RULES[name]))


Registrar = Annotated[Principal, _admits("Registrar")]
TeacherOnly = Annotated[Principal, _admits("TeacherOnly")]
Employer = Annotated[Principal, _admits("Employer")]
ProviderOnly = Annotated[Principal, _admits("ProviderOnly")]
Validator = Annotated[Principal, _admits("Validator")]
Standards = Annotated[Principal, _admits("Standards")]
Appeals = Annotated[Principal, _admits("Appeals")]
AuditorOnly = Annotated[Principal, _admits("AuditorOnly")]
TeacherOrRegistrar = Annotated[Principal, _admits("TeacherOrRegistrar")]
LeaveRecorder = Annotated[Principal, _admits("LeaveRecorder")]
Reviewer = Annotated[Principal, _admits("Reviewer")]
RegistrarOrAuditor = Annotated[Principal, _admits("RegistrarOrAuditor")]
RegistrarOrReviewer = Annotated[Principal, _admits("RegistrarOrReviewer")]
CostReaders = Annotated[Principal, _admits("CostReaders")]
DemandReaders = Annotated[Principal, _admits("DemandReaders")]


# -- resource rules ------------------------------------------------------------------------


def employs(teacher: Teacher, board_number: str, on: date | None = None) -> bool:
    """Whether a board may see this file through an employment relationship on that day: an
    appointment that has not ended and that the teacher confirmed or left undisputed for the
    set term (:mod:`domain.access`, docs/access.md). A delivery alone opens nothing."""
    return board_sees_file(teacher.appointments.values(), board_number, on or context.today())


def check_file_access(principal: Principal, teacher: Teacher, *, write: bool = False) -> None:
    """Resource rule: a teacher only their own file; an employer only people it employs.

    A read that passes is noted for the access log ("who looked at my file"): call this in
    every route that answers with a teacher's non-public data.
    """
    role = principal.role
    if role == Role.TEACHER:
        if principal.subject != str(teacher.id):
            raise forbid("a teacher may only see and change their own file")
    elif role == Role.EMPLOYER:
        if write or principal.subject is None or not employs(teacher, principal.subject):
            raise forbid(
                "an employer sees only the files of people it employs, once the teacher has"
                " confirmed the appointment (or left it undisputed for four weeks)"
            )
    elif role == Role.REGISTRAR or (role in (Role.APPEALS, Role.AUDITOR) and not write):
        pass
    else:
        raise forbid(f"the role {role} has no access to teacher files")
    if not write:
        context.note_file_read(teacher.id)


def check_write_access(principal: Principal, teacher_id: UUID) -> None:
    """The write rule of `check_file_access`, without loading the file: a teacher changes
    only their own, the registrar any; no other role changes a file through these routes."""
    role = principal.role
    if role == Role.TEACHER:
        if principal.subject != str(teacher_id):
            raise forbid("a teacher may only see and change their own file")
    elif role != Role.REGISTRAR:
        raise forbid(f"the role {role} may not change teacher files")


def check_own_subject(principal: Principal, subject: str, what: str) -> None:
    """Resource rule for subject-bound roles: an employer its own board, a provider its own
    offerings (`what` names the thing, for the message)."""
    if principal.subject != subject:
        raise forbid(f"a {principal.role} may only act on its own {what}")
