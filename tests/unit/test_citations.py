"""Code cites only documents in the repository, and the sections it cites exist.

A module of api/, domain/, policies/ or projections/ that cites the shared contract documents
(`DOMAIN.md`, `DESIGN.md`, `API.md`, `STYLE.md`, kept outside the repository) fails here; the
repository's own documents are cited as `docs/<name>.md`. A citation of a section,
`docs/domain.md, "Section"`, must name a heading of that document, so renaming a heading
without its citations fails too.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("api", "domain", "policies", "projections")

#: A shared document named bare: not preceded by a path (`docs/api.md` is lower case anyway).
OUTSIDE = re.compile(r"(?<![\w/.-])(?:DOMAIN|DESIGN|API|STYLE)\.md\b")
#: A cited section of a repository document: `docs/NAME.md, "Section"`.
SECTION = re.compile(r"docs/([\w-]+)\.md,\s+\"([^\"]+)\"")
#: A line break inside a docstring or a comment, with the next line's indent and comment mark.
BREAK = re.compile(r"\s*\n\s*(?:#:?\s+)?")

#: Lines that name a shared document as data, not as a citation, and must not change: the
#: provider admission rules are a hashed document whose sha256 every admission receipt states,
#: so editing its description would change what stored receipts say was applied.
KEPT: frozenset[tuple[str, str]] = frozenset(
    {
        (
            "policies/providers.py",
            '"description": "Admission of training providers (DOMAIN.md): KvK number, staff level,"',
        ),
    }
)


def _modules() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def outside_citations(path: str, text: str) -> list[str]:
    """The lines of ``text`` that cite a shared document outside the repository."""
    return [
        f"{path}:{number}: {line.strip()}"
        for number, line in enumerate(text.splitlines(), start=1)
        if OUTSIDE.search(line) and (path, line.strip()) not in KEPT
    ]


def headings(document: Path) -> set[str]:
    """The section headings of a markdown document, without their `#` marks."""
    found = set()
    for line in document.read_text(encoding="utf-8").splitlines():
        match = re.match(r"#{1,6}\s+(.*\S)\s*$", line)
        if match:
            found.add(match.group(1))
    return found


def missing_sections(path: str, text: str) -> list[str]:
    """The citations in ``text`` of a section that its document does not have."""
    faults = []
    for name, section in SECTION.findall(BREAK.sub(" ", text)):
        document = ROOT / "docs" / f"{name}.md"
        if not document.is_file():
            faults.append(f"{path}: docs/{name}.md does not exist")
        elif section not in headings(document):
            faults.append(f'{path}: docs/{name}.md has no section "{section}"')
    return faults


def test_code_cites_no_document_outside_the_repository() -> None:
    faults = [
        fault
        for module in _modules()
        for fault in outside_citations(
            str(module.relative_to(ROOT)), module.read_text(encoding="utf-8")
        )
    ]
    assert not faults, "cite docs/<name>.md instead:\n" + "\n".join(faults)


def test_every_cited_section_exists() -> None:
    """In the code and in docs/domain.md, which points to the other documents by section."""
    faults = [
        fault
        for module in [*_modules(), ROOT / "docs" / "domain.md"]
        for fault in missing_sections(
            str(module.relative_to(ROOT)), module.read_text(encoding="utf-8")
        )
    ]
    assert not faults, "\n".join(faults)


def test_the_code_cites_the_domain_document_by_section() -> None:
    """The check reads the citations as they are written: wrapped over lines, in comments."""
    cited = {
        section
        for module in _modules()
        for name, section in SECTION.findall(BREAK.sub(" ", module.read_text(encoding="utf-8")))
        if name == "domain"
    }
    assert {"Time and law", "Pre-register terms", "Criteria of the period"} <= cited


def test_a_bad_citation_is_caught() -> None:
    """What a planted citation would look like, judged by the same functions."""
    assert outside_citations("domain/x.py", '"""Rules (DOMAIN.md, "Time and law")."""')
    assert outside_citations("api/x.py", "# see DESIGN.md")
    assert not outside_citations("api/x.py", '"""See docs/api.md and docs/domain.md."""')
    wrapped = '"""Rules (docs/domain.md, "Time and\n    law")."""'
    assert not missing_sections("domain/x.py", wrapped)
    assert missing_sections("domain/x.py", '"""Rules (docs/domain.md, "Time and laws")."""')
    assert missing_sections("domain/x.py", '#: (docs/nowhere.md, "Time and law")')
