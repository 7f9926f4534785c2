"""HTTP through the real app, on both stores."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.bootstrap import Services
from domain.commands.tokens import IssueToken
from domain.register import Context
from domain.values import Actor


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services)) as c:
        yield c


@pytest.fixture
def token_for(services: Services) -> Callable[..., dict[str, str]]:
    """Authorization headers for a fresh token of a role (and subject)."""

    def make(role: str, subject: str | None = None) -> dict[str, str]:
        token, _ = services.register.issue_token(
            IssueToken(role=role, subject=subject, expires_at=None),
            ctx=Context(Actor("system", "tests")),
        )
        return {"Authorization": f"Bearer {token}"}

    return make
