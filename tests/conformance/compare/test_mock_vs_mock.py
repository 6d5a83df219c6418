"""Two fresh mocks answer the same generated sequences alike: every difference a comparison
reports between them would be the comparison's own error."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from conformance.bitrix24.calls import Credentials
from conformance.bitrix24.suite import Bitrix24Suite
from conformance.bitrix24.target import Bitrix24Target
from conformance.compare.comparison import CompareConfig, Deployment, compare
from conformance.compare.report import report_of
from tests.broken_servers import mutants
from tests.broken_servers.layer import Answer, Call, Mutation

from ..bitrix24.conftest import TOKEN, WEBHOOK
from ..judging import mock_app
from .sides import CONTRACTS, ROUNDS, SEQUENCES, STEPS, compare_mocks, compare_pair

# Whole comparisons of generated sequences: `make test` runs them, the quick loop does not.
pytestmark = pytest.mark.slow

SEEDS = range(1, 11)
"""Ten seeds for each contract: one mock pair per contract, reset before each seed, one
round of two sequences of ten steps (about 1 s a seed on an idle machine)."""


@pytest.fixture(scope="module")
def mock_pairs() -> Iterator[dict[str, tuple[TestClient, TestClient]]]:
    """A reference and a candidate mock for each contract, started once for every seed."""
    with contextlib.ExitStack() as stack:
        pairs = {}
        for name, contract in CONTRACTS.items():
            reference, candidate = (
                stack.enter_context(TestClient(mock_app(), base_url=contract.base_url))
                for _ in range(2)
            )
            pairs[name] = (reference, candidate)
        yield pairs


@pytest.mark.parametrize(
    ("contract", "seed"), [(contract, seed) for contract in sorted(CONTRACTS) for seed in SEEDS]
)
def test_two_mocks_answer_every_sequence_alike(
    contract: str, seed: int, mock_pairs: dict[str, tuple[TestClient, TestClient]]
) -> None:
    report = compare_pair(contract, seed, *mock_pairs[contract], rounds=1)

    assert report.agrees, [difference.place for difference in report.differences]
    assert report.steps > 40
    assert not report.run.leftovers


def test_what_the_two_references_also_disagree_on_is_noise() -> None:
    report = compare_mocks(
        "closient", 1, mutants.TitleTruncated(), second_reference=mutants.TitleTruncated()
    )

    assert report.agrees
    assert {aspect for _, aspect in (d.place for d in report.noise)} >= {"body /title"}


def test_a_difference_the_references_agree_on_is_reported_beside_the_noise() -> None:
    report = compare_mocks(
        "closient", 1, mutants.UploadAnswers200(), second_reference=mutants.TitleTruncated()
    )

    assert [d.place[1] for d in report.differences] == ["status"]


class UploadsCounted(Mutation):
    """Each upload's answer says how many uploads the server has answered: a count that
    differs between any two runs that do not start together."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if call.is_upload and answer.status == 201:
            count = self.seen["uploads"] = self.seen.get("uploads", 0) + 1
            answer.set_json({**answer.json(), "uploads_answered": count})
        return answer


def test_what_the_reference_answers_otherwise_when_rerun_is_noise() -> None:
    counted = compare_mocks("closient", 1, UploadsCounted(), reference=UploadsCounted())
    rerun = compare_mocks(
        "closient", 1, UploadsCounted(), reference=UploadsCounted(), noise_from_a_rerun=True
    )

    assert counted.agrees
    assert counted.noise == []
    assert rerun.agrees
    assert "body /uploads_answered" in {d.place[1] for d in rerun.noise}


@pytest.mark.parametrize("contract", sorted(CONTRACTS))
def test_the_run_stops_at_its_request_budget_and_cleans_up(contract: str) -> None:
    report = compare_mocks(contract, 1, max_requests=30)

    assert report.agrees
    assert len({(step.sequence, step.number) for step in report.run.compared}) == 30
    assert any("request budget (30 requests" in note for note in report.run.notes)
    assert not report.run.leftovers


def test_ids_each_side_was_given_are_translated_in_every_request() -> None:
    """The reference writes to product 1 and reads product 2; the candidate the other way
    round: every request names the candidate's own products, and the answers agree."""
    swapped = (
        {"product_id": "1", "other_product_id": "2"},
        {"product_id": "2", "other_product_id": "1"},
    )
    with TestClient(mock_app()) as reference, TestClient(mock_app()) as candidate:
        run = compare(
            CompareConfig(seed=1, sequences=SEQUENCES, steps=STEPS, rounds=ROUNDS),
            Deployment(reference, bitrix24_suite(1, 2), swapped[0]),
            Deployment(candidate, bitrix24_suite(2, 1), swapped[1]),
            sleep=lambda _: None,
        )

    report = report_of(run, "bitrix24")
    assert report.agrees, [difference.place for difference in report.differences]
    assert report.steps > 50


def bitrix24_suite(product: int, other_product: int) -> Bitrix24Suite:
    return Bitrix24Suite(Bitrix24Target(Credentials(WEBHOOK, TOKEN), product, other_product))
