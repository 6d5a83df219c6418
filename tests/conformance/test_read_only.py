"""`--read-only`: a run, and a comparison, send only requests that read, for each contract.
A server in front of the mock records every request it receives; none may write (a
method other than GET, HEAD and OPTIONS, or on Bitrix24 any method but get, list and
getFields, and no batch), and the reads still reach the state machine's steps."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

import pytest
from starlette.testclient import TestClient
from starlette.types import ASGIApp, Receive, Scope, Send

from conformance.cli import parser as run_parser
from conformance.compare.command import parser as compare_parser
from conformance.compare.comparison import CompareConfig, Deployment, compare
from conformance.compare.report import report_of
from conformance.read_only import ReadOnlySuite
from conformance.runner import RunConfig, run
from mockserver.app import create_app
from mockserver.config import MockConfig

from .bitrix24.conftest import run_config as bitrix24_run
from .cloud_images.conftest import MOCK_BASE_URL as CLOUD_BASE_URL
from .cloud_images.conftest import run_config as cloud_run
from .compare.sides import CONTRACTS
from .conftest import run_config as closient_run
from .judging import ROOMY_WINDOWS

READING_HTTP_METHODS = {"GET", "HEAD", "OPTIONS"}
BITRIX24_READS = {"catalog.productimage.get", "catalog.productimage.list"}
BITRIX24_READS |= {"catalog.productimage.getfields"}
BITRIX24_CALL = re.compile(r"^/rest/(?:[^/]+/[^/]+/)?(?P<method>[^/]+?)(?:\.json)?/?$")

READ_ONLY_SEQUENCES = 4
"""Few: the state machine's reading steps are a few of its steps."""

RUNS: dict[str, tuple[Callable[..., RunConfig], str]] = {
    "closient": (closient_run, "http://testserver"),
    "cloud-images": (cloud_run, CLOUD_BASE_URL),
    "bitrix24": (bitrix24_run, "http://testserver"),
}


class Recording:
    """Records the method and path of every request before the mock answers it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.received: list[tuple[str, str]] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.received.append((scope["method"], scope["path"]))
        await self.app(scope, receive, send)


def writes(contract: str, received: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The requests among `received` that may change something."""
    return [(method, path) for method, path in received if not reads(contract, method, path)]


def reads(contract: str, method: str, path: str) -> bool:
    call = BITRIX24_CALL.match(path) if contract == "bitrix24" else None
    if call is None or call["method"] == "download":
        return method in READING_HTTP_METHODS
    return call["method"].lower() in BITRIX24_READS


def recorded_mock() -> Recording:
    """The mock with its seed's pictures, so that there is something to read."""
    return Recording(create_app(MockConfig(seed_pictures=True, rate_limit_windows=ROOMY_WINDOWS)))


@pytest.mark.slow  # a whole run per contract, about 15 s in all: `make test` runs it
@pytest.mark.parametrize("contract", sorted(RUNS))
def test_a_read_only_run_sends_no_write(contract: str) -> None:
    run_config, base_url = RUNS[contract]
    config = run_config(stateful_examples=READ_ONLY_SEQUENCES)
    server = recorded_mock()
    with TestClient(server, base_url=base_url) as http:
        report = run(dataclasses.replace(config, suite=ReadOnlySuite(config.suite)), http)

    assert writes(contract, server.received) == []
    stateful = [e for e in report.findings if e.layer == "stateful"]
    assert len(server.received) > 20, report.notes
    assert stateful == [], [finding.render() for finding in stateful]


@pytest.mark.parametrize("contract", sorted(CONTRACTS))
def test_a_read_only_comparison_sends_no_write_to_either_side(contract: str) -> None:
    under_test = CONTRACTS[contract]
    servers = [recorded_mock(), recorded_mock()]
    clients = [TestClient(server, base_url=under_test.base_url) for server in servers]
    with clients[0] as reference, clients[1] as candidate:
        result = compare(
            CompareConfig(seed=1, sequences=2, steps=10, rounds=2, read_only=True),
            Deployment(reference, under_test.suite(), {}),
            Deployment(candidate, under_test.suite(), {}),
            sleep=lambda _: None,
        )

    report = report_of(result, contract)
    assert [writes(contract, server.received) for server in servers] == [[], []]
    assert report.agrees, [difference.place for difference in report.differences]
    assert report.steps > 10


def test_both_commands_take_read_only() -> None:
    run_flags = ["--base-url=http://127.0.0.1:1", "--read-only"]
    compare_flags = [*run_flags, "--reference-url=http://127.0.0.1:2"]

    assert run_parser().parse_args(run_flags).read_only
    assert compare_parser().parse_args(compare_flags).read_only
    assert not run_parser().parse_args(run_flags[:1]).read_only
