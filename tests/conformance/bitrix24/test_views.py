"""The Bitrix24 document as the suite reads it: error codes per status and URL forms, as its
prose states them, and the fuzzing view pinned to what the run may touch."""

from __future__ import annotations

import json

import pytest

from conformance.bitrix24.suite import Bitrix24Suite
from conformance.client import Exchange
from conformance.validation import ResponseValidator

from .conftest import PRODUCT, TOKEN, WEBHOOK, bitrix_target

BASE_URL = "http://testserver"
LIST_PATH = f"/rest/{WEBHOOK.text}/catalog.productImage.list"
PICTURE = {
    "id": 1,
    "name": "a.png",
    "productId": PRODUCT,
    "type": "MORE_PHOTO",
    "createTime": "2026-01-01T00:00:00+00:00",
    "detailUrl": "/upload/iblock/1/a.png",
    "downloadUrl": f"{BASE_URL}/rest/download.json?token=catalog%7CaWQ9MQ%3D%3D",
}
TIME = {
    "start": 1.0,
    "finish": 1.5,
    "duration": 0.5,
    "processing": 0.1,
    "date_start": "2026-01-01T00:00:00+00:00",
    "date_finish": "2026-01-01T00:00:01+00:00",
}


@pytest.fixture(scope="module")
def validator() -> ResponseValidator:
    suite = Bitrix24Suite(bitrix_target())
    return ResponseValidator(suite.documented_view(), BASE_URL, suite.media_type_deserializers)


def listing_answer(status: int, body: object) -> Exchange:
    return Exchange(
        layer="stateful",
        method="POST",
        url=BASE_URL + LIST_PATH,
        request_headers={"content-type": "application/json"},
        request_body=json.dumps({"productId": PRODUCT}).encode(),
        status=status,
        response_headers={"content-type": "application/json"},
        content=json.dumps(body).encode(),
    )


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (400, "200040300010"),
        (400, "0"),
        (401, "NO_AUTH_FOUND"),
        (403, "INVALID_CREDENTIALS"),
        (404, "ERROR_METHOD_NOT_FOUND"),
        (503, "QUERY_LIMIT_EXCEEDED"),
    ],
)
def test_an_error_code_with_its_status_conforms(
    validator: ResponseValidator, status: int, code: object
) -> None:
    answer = listing_answer(status, {"error": code, "error_description": "…"})

    assert validator.violation(answer) is None


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (400, "200040300020"),  # no right to modify: not an answer of list
        (400, 200040300010),  # a JSON number, which the official SDKs do not read
        (400, 0),
        (400, "NO_AUTH_FOUND"),
        (401, "0"),
        (404, "QUERY_LIMIT_EXCEEDED"),
        (503, "INTERNAL_SERVER_ERROR"),
    ],
)
def test_an_error_code_with_another_status_does_not_conform(
    validator: ResponseValidator, status: int, code: object
) -> None:
    answer = listing_answer(status, {"error": code, "error_description": "…"})

    assert validator.violation(answer) is not None


@pytest.mark.parametrize(
    ("field", "value"), [("detailUrl", "upload/iblock/1/a.png"), ("downloadUrl", "/rest/x")]
)
def test_picture_urls_have_the_forms_the_contract_describes(
    validator: ResponseValidator, field: str, value: str
) -> None:
    picture = {**PICTURE, field: value}
    listing = {"result": {"productImages": [picture]}, "total": 1, "time": TIME}

    assert validator.violation(listing_answer(200, listing)) is not None
    assert (
        validator.violation(
            listing_answer(200, {**listing, "result": {"productImages": [PICTURE]}})
        )
        is None
    )


def test_the_fuzzing_view_pins_credentials_product_and_deletes() -> None:
    suite = Bitrix24Suite(bitrix_target())
    suite.target.probe = 7

    schemas = suite.fuzzing_view()["components"]["schemas"]

    assert schemas["TokenAuth"]["properties"]["auth"]["enum"] == [TOKEN]
    assert schemas["ListParams"]["properties"]["productId"]["enum"] == [PRODUCT]
    assert schemas["OwnImageRef"]["properties"]["id"]["enum"] == [7]
    assert "examples" not in schemas["AddParams"]


def test_the_fuzzing_view_leaves_out_deletes_without_a_picture_of_the_run() -> None:
    paths = Bitrix24Suite(bitrix_target()).fuzzing_view()["paths"]

    assert len(paths) == 10
    assert not [path for path in paths if path.endswith(".delete")]
