"""The suite passes on the real mock, and leaves the target as it found it."""

from __future__ import annotations

from starlette.testclient import TestClient

from conformance.client import TargetClient
from conformance.runner import all_rule_names
from conformance.samples import png

from .conftest import closient_target, run_config
from .judging import Judge, mock_app


def test_mock_conforms(judge: Judge) -> None:
    report = judge()

    assert report.findings == []
    assert report.conforms


def test_every_operation_and_rule_is_covered(judge: Judge) -> None:
    report = judge()

    assert len(report.operations) == 3
    assert report.checks == all_rule_names(run_config().suite)
    assert report.examples > 0


def test_images_the_run_did_not_create_survive_it(judge: Judge) -> None:
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

        report = judge(app=app)

        after = owner.send("GET", target.images_path()).json()["data"]
    assert report.conforms
    assert after == before
