"""Two fresh mocks answer the same generated sequences alike: every difference a comparison
reports between them would be the comparison's own error."""

from __future__ import annotations

import pytest

from tests.broken_servers import mutants

from .sides import compare_mocks

SEEDS = {"closient": (1, 2, 3), "cloud-images": (1, 2), "bitrix24": (1, 2)}


@pytest.mark.parametrize(
    ("contract", "seed"),
    [(contract, seed) for contract, seeds in SEEDS.items() for seed in seeds],
)
def test_two_mocks_answer_every_sequence_alike(contract: str, seed: int) -> None:
    report = compare_mocks(contract, seed)

    assert report.agrees, [difference.place for difference in report.differences]
    assert report.steps > 50
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
