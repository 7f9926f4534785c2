"""The `Register` is its command groups side by side, each directly on `RegisterBase`.

No group inherits another or calls another's methods: what several groups need is the base's
(its methods, the collaborators it builds in `__init__`, the extension points it names in
`HOOKS`). So the order of `Register`'s bases changes nothing. These tests keep it so."""

from __future__ import annotations

import ast
import inspect
import sys
import textwrap

from eventsourcing.application import Application

from domain.register import Register
from domain.register.base import RegisterBase


def _groups() -> tuple[type, ...]:
    return Register.__bases__


def _own(cls: type) -> set[str]:
    return {n for n in vars(cls) if not (n.startswith("__") and n.endswith("__"))}


def _base_instance_names(cls: type = RegisterBase) -> set[str]:
    """The attributes `cls.__init__` sets on the register (for the base: its collaborators
    and the names bound to them)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls.__init__)))
    return {
        target.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Attribute)
        and isinstance(target.value, ast.Name)
        and target.value.id == "self"
    }


def test_every_group_stands_directly_on_the_base() -> None:
    for group in _groups():
        assert group.__bases__ == (RegisterBase,), group
        assert group.__module__.startswith("domain.register."), group


def test_register_adds_nothing_of_its_own() -> None:
    assert _own(Register) <= {"name", "_abc_impl"}  # the library names each application class


def test_the_base_declares_no_stub_for_a_group_to_answer() -> None:
    for name, member in vars(RegisterBase).items():
        if inspect.isfunction(member):
            assert "NotImplementedError" not in inspect.getsource(member), name


def test_a_group_refines_only_the_named_hooks_and_no_two_groups_share_a_name() -> None:
    assert RegisterBase.HOOKS  # the hooks are named
    for hook in RegisterBase.HOOKS:
        assert inspect.isfunction(vars(RegisterBase)[hook]), hook  # with their default
    shared = _base_instance_names() | set(dir(RegisterBase))
    owner: dict[str, type] = {}
    for group in _groups():
        for name in _own(group) - {"_abc_impl", "name"}:  # the library names each class
            if name in shared:
                assert name in RegisterBase.HOOKS, f"{group.__name__} overrides {name}"
            assert name not in owner, f"{name} in {owner.get(name)} and {group.__name__}"
            owner[name] = group


def test_a_group_calls_only_itself_the_base_and_its_collaborators() -> None:
    base = _base_instance_names() | _base_instance_names(Application) | set(dir(RegisterBase))
    assert {"criteria", "decider", "evaluations"} <= base
    for group in _groups():
        tree = ast.parse(inspect.getsource(sys.modules[group.__module__]))
        classes = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == group.__name__]
        used = {
            node.attr
            for node in ast.walk(classes[0])
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
        }
        foreign = used - base - set(dir(group))
        assert not foreign, f"{group.__name__} uses {sorted(foreign)} of another group"


def test_the_order_of_the_groups_changes_nothing() -> None:
    """`run_due` and `reproduce` say their order in code: every name resolves to the same
    member whatever the order of `Register`'s bases."""
    reordered = type("Reordered", tuple(reversed(_groups())), {"name": "Register"})
    for name in dir(Register):
        if name.startswith("__"):
            continue
        assert inspect.getattr_static(reordered, name) is inspect.getattr_static(Register, name), (
            name
        )
