"""The import contract on aggregate modules lists every module that defines a stored aggregate.

Aggregates stay where they are (their module path is in every stored event's topic), so the
contract `aggregates-no-store` in pyproject.toml names them; a new aggregate module that is not
named there would escape it.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import tomllib
from pathlib import Path

from eventsourcing.domain import Aggregate

import domain

ROOT = Path(__file__).resolve().parents[2]
#: Modules that define an aggregate but also do application work that reads the store.
MIXED = {"domain.decisions"}


def _contract_modules() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    (contract,) = [c for c in contracts if c["id"] == "aggregates-no-store"]
    return set(contract["source_modules"])


def _aggregate_modules() -> set[str]:
    found = set()
    for info in pkgutil.walk_packages(domain.__path__, "domain."):
        module = importlib.import_module(info.name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Aggregate) and obj.__module__ == info.name:
                found.add(info.name)
    return found


def test_the_aggregate_contract_names_every_aggregate_module() -> None:
    aggregates = _aggregate_modules()
    assert "domain.teacher" in aggregates
    assert _contract_modules() == aggregates - MIXED
