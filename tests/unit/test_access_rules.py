"""Who may call what is said once: `api/access.py` holds the role groups, and no route or page
makes its own gate (`require(...)`, `signed_in(...)`) beside it."""

from __future__ import annotations

import ast
import typing
from pathlib import Path

from api import access
from api.web import access as web_access

ROOT = Path(__file__).resolve().parents[2]
GATES = {"require", "signed_in", "any_signed_in"}


def _calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name | ast.Attribute)
        and (node.func.id if isinstance(node.func, ast.Name) else node.func.attr) in GATES
    ]


def test_no_route_or_page_makes_its_own_role_gate() -> None:
    """A new role group goes in api.access.RULES, not in a route or page module."""
    modules = [*(ROOT / "api" / "routes").glob("*.py"), *(ROOT / "api" / "web").glob("*.py")]
    allowed = {ROOT / "api" / "web" / "access.py", ROOT / "api" / "web" / "core.py"}
    found = [call for path in sorted(modules) if path not in allowed for call in _calls(path)]
    assert found == []


def test_every_role_group_has_a_route_dependency_of_its_name() -> None:
    """Each entry of RULES is a dependency of the same name, admitting exactly its roles; each
    page gate is named after an entry."""
    for name, roles in access.RULES.items():
        alias = getattr(access, name)
        (depends,) = typing.get_args(alias)[1:]
        assert depends.dependency.__name__ == "require_" + "_".join(sorted(r.value for r in roles))
    gates = {
        name
        for name, value in vars(web_access).items()
        if typing.get_origin(value) is typing.Annotated
    }
    assert gates - {"SignedIn"} <= set(access.RULES)
