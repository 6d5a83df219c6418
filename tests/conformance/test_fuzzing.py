"""The schema-driven layer's drawing: an operation the run must never send to is left after a
few cases drawn, with no example, while the others get theirs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx
import pytest
import schemathesis

from conformance.client import Broken, TargetClient, WriteRefused
from conformance.fuzzing import UNSENDABLE_IN_A_ROW, Fuzzing, fuzz_operations

DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/things": {
            "get": {
                "parameters": [{"name": "page", "in": "query", "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "listed"}},
            },
            "post": {
                "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
                "responses": {"201": {"description": "created"}},
            },
        }
    },
}


class ReadsOnly:
    """A policy that refuses every write, and counts what it was asked."""

    def __init__(self) -> None:
        self.refused = 0

    credential_headers: Mapping[str, str] = {}
    secrets: Mapping[str, str] = {}

    def guard(self, request: httpx.Request) -> None:
        if request.method != "GET":
            self.refused += 1
            raise WriteRefused(request.method, request.url.path, "the run only reads")

    def learn(self, request: httpx.Request, response: httpx.Response | None) -> list[Broken]:
        return []

    def retry_after(self, response: httpx.Response) -> float | None:
        return None


def answering(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json=[])


@pytest.mark.slow  # draws hundreds of cases
def test_an_operation_the_run_may_not_send_to_is_left_after_a_few_cases() -> None:
    policy = ReadsOnly()
    http = httpx.Client(transport=httpx.MockTransport(answering), base_url="http://target")
    client = TargetClient(http, policy, sleep=lambda _: None)
    fuzzing = Fuzzing(client, (), lambda _case: False, lambda: None)
    progress: list[str] = []

    outcome = fuzz_operations(
        schemathesis.openapi.from_dict(DOCUMENT),
        fuzzing,
        max_examples=5,
        seed=1,
        progress=progress.append,
    )

    assert "POST /things [positive]: 0 examples" in progress
    assert "POST /things [negative]: 0 examples" in progress
    # Each mode stops at its limit (Hypothesis replays the last case once when it stops).
    assert policy.refused <= 2 * (UNSENDABLE_IN_A_ROW + 1)
    assert outcome.examples >= 5
    assert {exchange.method for exchange in client.exchanges} == {"GET"}
