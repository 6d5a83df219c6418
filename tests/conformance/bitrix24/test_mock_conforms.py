"""The Bitrix24 suite passes on the real mock, and leaves the target as it found it."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from starlette.testclient import TestClient

from conformance.bitrix24.suite import Bitrix24Suite
from conformance.runner import all_rule_names
from conformance.samples import png

from ..judging import Judge, mock_app
from .conftest import OTHER_PRODUCT, PRODUCT, WEBHOOK, bitrix_target, run_config

# Whole suite runs against a server: `make test` runs them, the quick loop does not.
pytestmark = pytest.mark.slow

WEBHOOK_PATH = f"/rest/{WEBHOOK.text}/catalog.productImage"


def test_mock_conforms_and_every_operation_and_rule_is_covered(judge: Judge) -> None:
    report = judge(max_examples=4)

    assert report.findings == []
    assert len(report.operations) == 12
    assert report.checks == all_rule_names(run_config().suite)
    assert report.examples > 0
    assert report.notes == []


def test_one_credential_is_enough(judge: Judge) -> None:
    report = judge(suite=Bitrix24Suite(bitrix_target(webhook=None)))

    assert report.conforms
    assert len(report.operations) == 12
    assert any("both_call_styles_agree went untested" in note for note in report.notes)


def test_pictures_the_run_did_not_add_survive_it(judge: Judge) -> None:
    app = mock_app()
    with TestClient(app, base_url="http://testserver") as http:
        for product, kind in ((PRODUCT, "DETAIL_PICTURE"), (PRODUCT, None), (OTHER_PRODUCT, None)):
            add(http, product, kind)
        before = [listed(http, product) for product in (PRODUCT, OTHER_PRODUCT)]

        report = judge(app=app)

        after = [listed(http, product) for product in (PRODUCT, OTHER_PRODUCT)]
    assert report.conforms
    assert after == before
    assert any("DETAIL_PICTURE the run did not add" in note for note in report.notes)


def add(http: TestClient, product: int, kind: str | None) -> None:
    fields: dict[str, Any] = {"productId": product}
    if kind is not None:
        fields["type"] = kind
    content = ["front.png", base64.b64encode(png(1, 2, 3)).decode()]
    response = http.post(f"{WEBHOOK_PATH}.add", json={"fields": fields, "fileContent": content})
    assert response.status_code == 200


def listed(http: TestClient, product: int) -> list[dict[str, Any]]:
    response = http.post(f"{WEBHOOK_PATH}.list", json={"productId": product})
    pictures: list[dict[str, Any]] = response.json()["result"]["productImages"]
    return pictures
