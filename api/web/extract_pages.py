"""The register extract on the web (docs/ledger.md, "Register extracts"): the teacher downloads
theirs from their file's page; anyone checks one on `/extract` by pasting or uploading it.

The check is the offline one (`projections.ledger.proof.extract.verify_extract`, pure code, no
network) with this register's own verifier key, which the page shows so that a careful reader
compares it with the key the register publishes elsewhere.
"""

from __future__ import annotations

import json

from fastapi import Response

from api.deps import teacher_id_of
from api.ledger_setup import log_verifier
from api.readmodels import ReadDbDep
from api.routes import extract as extract_routes
from api.web.access import TeacherOrRegistrar
from api.web.core import FormDep, Web, WebDep, web_router
from projections.ledger.proof.extract import ExtractError, ExtractVerdict, verify_extract

router = web_router()
#: Largest extract pasted into the form (an uploaded file may be as large as any upload).
MAX_PASTED = 1_000_000


def _render(
    web: Web,
    *,
    status: int = 200,
    verdict: ExtractVerdict | None = None,
    failure: ExtractError | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    return web.render(
        "extract.html",
        status=status,
        verdict=verdict,
        failure=failure,
        errors=errors or {},
        vkey=log_verifier(web.services.settings).vkey(),
    )


@router.get("/extract")
def extract_form(web: WebDep) -> Response:
    """The form: paste or upload a register extract."""
    return _render(web)


@router.post("/extract")
def check_extract(web: WebDep, form: FormDep) -> Response:
    """Verify a pasted or uploaded extract and show what it says, or why it does not verify."""
    upload = form.files.get("file")
    pasted = form.text("extract")
    if upload is not None and upload[1]:
        data: bytes = upload[1]
    elif pasted is not None and len(pasted) <= MAX_PASTED:
        data = pasted.encode("utf-8")
    else:
        return _render(web, status=422, errors={"extract": web.t("extract.missing")})
    try:
        verdict = verify_extract(data, log_verifier(web.services.settings))
    except ExtractError as failure:
        return _render(web, failure=failure)
    return _render(web, verdict=verdict)


@router.get("/teachers/{teacher_id}/extract")
def download_extract(teacher_id: str, web: TeacherOrRegistrar, db: ReadDbDep) -> Response:
    """The teacher's register extract as a download; the API's route decides who may have it."""
    assert web.principal is not None
    tid = teacher_id_of(teacher_id)
    extract_routes.may_have_extract(web.principal, tid)
    number, document = extract_routes.build_extract(web.services, db, tid)
    return Response(
        json.dumps(document, indent=2, ensure_ascii=False),
        media_type="application/json",
        headers={
            "Content-Disposition": extract_routes.download_name(number),
            "Cache-Control": "no-store",
        },
    )
