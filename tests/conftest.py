"""Shared fixtures: a fresh mock per test, its demo principals, and Hypothesis profiles."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings
from starlette.testclient import TestClient

from mockserver.app import create_app
from mockserver.config import MockConfig

settings.register_profile(
    "default", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci-deep", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

DEMO_ORG = "daqF5uqgcxrLXCkVJQEsLJ"
OTHER_ORG = "A7x7sdpJTpYcaBqrUC8eex"
GTIN = "00012345678905"
SECOND_GTIN = "04006381333931"
OTHER_ORG_GTIN = "05012345678900"
CONTRIBUTOR_KEY = "csb_democontributor_k7Qx"
CONTRIBUTOR_BEARER = "demo-contributor-token"
CONTRIBUTOR_SESSION = "demo-contributor-session"
VIEWER_KEY = "csb_demoviewer_p3Lm"
OTHER_CONTRIBUTOR_KEY = "csb_othercontributor_z9Vd"


def images_path(organization: str = DEMO_ORG, gtin: str = GTIN) -> str:
    return f"/dashboard/api/v1/trade-items/{organization}/{gtin}/images"


def auth(key: str = CONTRIBUTOR_KEY) -> dict[str, str]:
    return {"X-API-Key": key}


@pytest.fixture
def config() -> MockConfig:
    """No rate limit (tests that need one build their own) and responses checked against
    the contract, so every test also checks the mock's answers are contract-shaped."""
    return MockConfig(rate_limit_windows=(), validate_responses=True)


@pytest.fixture
def client(config: MockConfig) -> Iterator[TestClient]:
    with TestClient(create_app(config), raise_server_exceptions=False) as test_client:
        yield test_client
