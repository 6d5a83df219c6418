"""Two (or three) mocks in process, each behind its own client, compared: the same for every
contract's tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from starlette.testclient import TestClient
from starlette.types import ASGIApp

from conformance.bitrix24.suite import Bitrix24Suite
from conformance.closient.suite import ClosientSuite
from conformance.cloud_images.suite import CloudImagesSuite
from conformance.compare.comparison import CompareConfig, Deployment, compare
from conformance.compare.known import KnownDifference
from conformance.compare.report import ComparisonReport, report_of
from conformance.suite import ContractSuite
from tests.broken_servers.layer import Mutation, RewritingLayer

from ..bitrix24.conftest import bitrix_target
from ..cloud_images.conftest import MOCK_BASE_URL as CLOUD_BASE_URL
from ..cloud_images.conftest import cloud_target
from ..conftest import closient_target
from ..judging import mock_app

# Few and short sequences: each comparison sends every request to two or three mocks.
SEQUENCES = 2
STEPS = 10
ROUNDS = 2


@dataclass(frozen=True)
class ContractUnderTest:
    name: str
    base_url: str
    suite: Callable[[], ContractSuite]


CONTRACTS = {
    "closient": ContractUnderTest(
        "closient", "http://testserver", lambda: ClosientSuite(closient_target())
    ),
    "cloud-images": ContractUnderTest(
        "cloud-images", CLOUD_BASE_URL, lambda: CloudImagesSuite(cloud_target())
    ),
    "bitrix24": ContractUnderTest(
        "bitrix24", "http://testserver", lambda: Bitrix24Suite(bitrix_target())
    ),
}


def compare_mocks(
    contract: str,
    seed: int,
    candidate: Mutation | None = None,
    *,
    second_reference: Mutation | bool | None = False,
    known: tuple[KnownDifference, ...] = (),
    sequences: int = SEQUENCES,
    reference: Mutation | None = None,
    noise_from_a_rerun: bool = False,
    max_requests: int | None = None,
) -> ComparisonReport:
    """A fresh reference mock against a fresh candidate mock (each behind the rewriting
    given for it), and a second reference when asked (behind its own rewriting when one is
    given)."""
    under_test = CONTRACTS[contract]
    apps: list[ASGIApp] = [_behind(reference), _behind(candidate)]
    if second_reference is not False:
        apps.append(_behind(second_reference if isinstance(second_reference, Mutation) else None))
    clients = [TestClient(app, base_url=under_test.base_url) for app in apps]
    for client in clients:
        client.__enter__()
    try:
        deployments = [Deployment(client, under_test.suite(), {}) for client in clients]
        run = compare(
            CompareConfig(
                seed=seed,
                sequences=sequences,
                steps=STEPS,
                rounds=ROUNDS,
                max_requests=max_requests,
            ),
            deployments[0],
            deployments[1],
            deployments[2] if len(deployments) > 2 else None,
            noise_from_a_rerun=noise_from_a_rerun,
            sleep=lambda _: None,
        )
    finally:
        for client in clients:
            client.__exit__(None, None, None)
    return report_of(run, contract, known)


def compare_pair(
    contract: str, seed: int, reference: TestClient, candidate: TestClient, *, rounds: int = ROUNDS
) -> ComparisonReport:
    """Two mocks already started, each first brought back to its seed (`/__admin/reset`), so
    that one pair serves many comparisons, each as from fresh mocks."""
    under_test = CONTRACTS[contract]
    for client in (reference, candidate):
        client.post(client.base_url.copy_with(path="/__admin/reset")).raise_for_status()
    run = compare(
        CompareConfig(seed=seed, sequences=SEQUENCES, steps=STEPS, rounds=rounds),
        Deployment(reference, under_test.suite(), {}),
        Deployment(candidate, under_test.suite(), {}),
        sleep=lambda _: None,
    )
    return report_of(run, contract)


def _behind(mutation: Mutation | None) -> ASGIApp:
    app = mock_app()
    return RewritingLayer(app, mutation) if mutation is not None else app
