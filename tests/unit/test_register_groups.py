"""The `Register` is its command groups side by side, each directly on `RegisterBase`.

No group inherits another: where one uses another's method, `RegisterBase` declares it and
the group named answers it. These tests keep it so."""

from __future__ import annotations

import inspect

from domain.register import Register
from domain.register.base import RegisterBase
from domain.register.correspondence import CorrespondenceCommands
from domain.register.decisions import DecisionCommands
from domain.register.objections import ObjectionCommands
from domain.register.retention import RetentionCommands


def _groups() -> tuple[type, ...]:
    return Register.__bases__


def test_every_group_stands_directly_on_the_base() -> None:
    for group in _groups():
        assert group.__bases__ == (RegisterBase,), group
        assert group.__module__.startswith("domain.register."), group


def test_register_adds_nothing_of_its_own() -> None:
    own = {n for n in vars(Register) if not n.startswith("__")}
    assert own <= {"name", "_abc_impl"}  # the library names each application class


def test_every_method_the_base_declares_for_the_groups_is_answered() -> None:
    declared = [
        name
        for name, member in vars(RegisterBase).items()
        if inspect.isfunction(member) and "raise NotImplementedError" in inspect.getsource(member)
    ]
    assert "criteria_book" in declared  # the declarations are found
    for name in declared:
        answer = getattr(Register, name)
        assert answer is not getattr(RegisterBase, name), f"no group answers {name}"
        owners = [g for g in _groups() if name in vars(g)]
        assert owners, name


def test_the_runs_that_call_on_with_super_are_in_order() -> None:
    """`run_due`: reminders after retention after the decisions; `reproduce`: objections
    before the decisions'."""
    mro = Register.__mro__
    assert (
        mro.index(CorrespondenceCommands)
        < mro.index(RetentionCommands)
        < mro.index(DecisionCommands)
    )
    assert mro.index(ObjectionCommands) < mro.index(DecisionCommands)
