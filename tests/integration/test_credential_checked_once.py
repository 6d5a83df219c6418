"""Each credential of a request is checked once (one store read), though the rate limit's
key and the handler's principal both come from it, on either path through the mock."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from starlette.testclient import TestClient

from mockserver.adapters.closient.contract import ClosientContract
from mockserver.config import MockConfig
from mockserver.domain.ratelimit import Window
from tests.conftest import StartMock
from tests.demo import CONTRIBUTOR_KEY, auth, images_path


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    counted: Counter[str] = Counter()
    original = ClosientContract.authenticate

    def counting(self: ClosientContract, scheme: str, secret: str) -> Any:
        counted[secret] += 1
        return original(self, scheme, secret)

    monkeypatch.setattr(ClosientContract, "authenticate", counting)
    return counted


@pytest.mark.parametrize("engine", [True, False], ids=["engine", "connexion only"])
@pytest.mark.parametrize(
    ("headers", "status"),
    [(auth(), 200), ({"X-API-Key": "csb_nobody"}, 401)],
    ids=["known credential", "unknown credential"],
)
def test_a_credential_is_checked_once_per_request(
    checks: Counter[str], mock: StartMock, engine: bool, headers: dict[str, str], status: int
) -> None:
    client: TestClient = mock(MockConfig(engine=engine, rate_limit_windows=(Window(9, 60),)))
    assert client.get(images_path(), headers=headers).status_code == status
    assert checks[headers["X-API-Key"]] == 1
    assert checks[CONTRIBUTOR_KEY] == (1 if headers == auth() else 0)
