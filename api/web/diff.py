"""A side-by-side difference of two texts, row by row, for the criteria comparison page."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from itertools import zip_longest


@dataclass(frozen=True)
class Row:
    """One row of the comparison: a line on the left, on the right, or both.

    `kind` is `same`, `changed`, `removed` (left only) or `added` (right only).
    """

    kind: str
    left_no: int | None
    left: str | None
    right_no: int | None
    right: str | None


def pretty(document: str) -> list[str]:
    """A JSON document laid out one value per line (the text itself when it is not JSON)."""
    try:
        parsed = json.loads(document)
    except ValueError:
        return document.splitlines()
    return json.dumps(parsed, indent=2, ensure_ascii=False).splitlines()


def side_by_side(left: list[str], right: list[str], context: int | None = None) -> list[Row]:
    """Rows pairing the lines of two texts; unchanged stretches beyond `context` lines of a
    change are left out when `context` is given."""
    rows: list[Row] = []
    matcher = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [
                Row("same", i + 1, left[i], j + 1, right[j])
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            ]
            continue
        for i, j in zip_longest(range(i1, i2), range(j1, j2)):
            if i is not None and j is not None:
                rows.append(Row("changed", i + 1, left[i], j + 1, right[j]))
            elif i is not None:
                rows.append(Row("removed", i + 1, left[i], None, None))
            elif j is not None:
                rows.append(Row("added", None, None, j + 1, right[j]))
    if context is None:
        return rows
    near = {
        k
        for n, row in enumerate(rows)
        if row.kind != "same"
        for k in range(n - context, n + context + 1)
    }
    return [row for n, row in enumerate(rows) if n in near]
