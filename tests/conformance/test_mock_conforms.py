"""The suite passes on the real mock, covers every operation and rule, and leaves the
target as it found it: an image the run did not create survives it. One run for all three."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from starlette.testclient import TestClient

from conformance.client import TargetClient
from conformance.runner import RunReport, all_rule_names
from conformance.samples import png

from .conftest import closient_target, run_config
from .judging import judge_with, mock_app

# Whole suite runs against a server: `make test` runs them, the quick loop does not.
pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class JudgedMock:
    report: RunReport
    before: Any
    after: Any


@pytest.fixture(scope="module")
def judged() -> Iterator[JudgedMock]:
    app = mock_app()
    with TestClient(app, base_url="http://testserver") as http:
        target = closient_target()
        owner = TargetClient(http, target)
        owner.send(
            "POST",
            target.images_path(),
            files={"image": ("front.png", png(1, 2, 3), "image/png")},
            data={"title": "not the suite's", "is_primary": "true"},
        )
        before = owner.send("GET", target.images_path()).json()["data"]
        report = judge_with(run_config)(app=app)
        yield JudgedMock(report, before, owner.send("GET", target.images_path()).json()["data"])


def test_mock_conforms(judged: JudgedMock) -> None:
    assert judged.report.findings == []
    assert judged.report.conforms


def test_every_operation_and_rule_is_covered(judged: JudgedMock) -> None:
    assert len(judged.report.operations) == 3
    assert judged.report.checks == all_rule_names(run_config().suite)
    assert judged.report.examples > 0


def test_images_the_run_did_not_create_survive_it(judged: JudgedMock) -> None:
    assert judged.after == judged.before
