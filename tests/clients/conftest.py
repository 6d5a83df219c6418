"""The vendors' own client libraries against the mock as users run it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.real_servers import running_mock

pytestmark = pytest.mark.slow

DEMO_TOKEN = "gAAAAAdemo-cloud-token"


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    """A mock process with room in its rate limit, shared by one module's scenario steps."""
    with running_mock("--rate-limit", "1000000/60") as base_url:
        yield base_url
