"""Bitrix24: malformed calls and file requests get `{error, error_description}` with a 4xx,
never a 500, and store nothing. One case per way a client can get a call wrong below the
contract's schema, over every transport."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.integration.bitrix24.calls import PRODUCT, WEBHOOK, file_content

BIG = "9" * 4400
CODE = WEBHOOK.rsplit("/", 1)[1]
ENCODED_PNG = file_content()[1]


def token_of(text: str) -> str:
    return "catalog|" + base64.b64encode(text.encode()).decode()


def form_add(name: bytes) -> bytes:
    content = ENCODED_PNG.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    return b"fields[productId]=1&fileContent[0]=" + name + b"&fileContent[1]=" + content.encode()


def multipart_add(name: bytes, fields: bytes = b"fields[productId]") -> bytes:
    parts = [(fields, b"1"), (b"fileContent[0]", name)]
    parts.append((b"fileContent[1]", ENCODED_PNG.encode()))
    body = b"".join(
        b'--XX\r\nContent-Disposition: form-data; name="' + key + b'"\r\n\r\n' + value + b"\r\n"
        for key, value in parts
    )
    return body + b"--XX--\r\n"


def json_add(name: str) -> dict[str, Any]:
    return {"fields": {"productId": PRODUCT}, "fileContent": [name, ENCODED_PNG]}


def json_add_raw(name: bytes) -> bytes:
    """An add whose file name is written into the JSON text as it is."""
    return (
        b'{"fields":{"productId":1},"fileContent":["'
        + name
        + b'","'
        + ENCODED_PNG.encode()
        + b'"]}'
    )


APPENDS = b"&".join([b"a[]=1"] * 100_000)
DEEP_FIELDS = b"fields" + b"[productId]" * 500


GET = f"{WEBHOOK}/catalog.productImage.get"
ADD = f"{WEBHOOK}/catalog.productImage.add"
BATCH = f"{WEBHOOK}/batch"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
MALFORMED: dict[str, tuple[int, dict[str, Any]]] = {
    "a JSON id of 4400 digits": (
        400,
        {"method": "POST", "url": GET, "content": f'{{"productId": 1, "id": {BIG}}}'.encode()},
    ),
    "a JSON productId of 4400 digits": (
        400,
        {"method": "POST", "url": GET, "content": f'{{"productId": {BIG}, "id": 1}}'.encode()},
    ),
    "a form id of 4400 digits": (
        400,
        {
            "method": "POST",
            "url": GET,
            "content": f"productId=1&id={BIG}".encode(),
            "headers": FORM,
        },
    ),
    "a form productId of 4400 digits": (
        400,
        {
            "method": "POST",
            "url": GET,
            "content": f"productId={BIG}&id=1".encode(),
            "headers": FORM,
        },
    ),
    "a query id of 4400 digits": (400, {"method": "GET", "url": f"{GET}?productId=1&id={BIG}"}),
    "a query productId of 4400 digits": (400, {"method": "GET", "url": f"{GET}?productId={BIG}"}),
    "a webhook user id of 4400 digits": (
        401,
        {"method": "POST", "url": f"/rest/{BIG}/{CODE}/catalog.productImage.list", "json": {}},
    ),
    "a junk webhook with 100,000 form appends": (
        401,
        {
            "method": "POST",
            "url": "/rest/1/junk/catalog.productImage.list",
            "content": APPENDS,
            "headers": FORM,
        },
    ),
    "a junk webhook with JSON nested 10,000 deep": (
        401,
        {"method": "POST", "url": "/rest/1/junk/batch", "content": b"[" * 10_000 + b"]" * 10_000},
    ),
    "a file id of 4400 digits": (404, {"method": "GET", "url": f"/upload/iblock/{BIG}/a.png"}),
    "a file id in superscript digits": (
        404,
        {"method": "GET", "url": "/upload/iblock/\u00b2/a.png"},
    ),
    "a download token of 4400 digits": (
        404,
        {"method": "GET", "url": "/rest/download.json", "params": {"token": token_of("id=" + BIG)}},
    ),
    "a download token of a superscript digit": (
        404,
        {"method": "GET", "url": "/rest/download.json", "params": {"token": token_of("id=\u00b2")}},
    ),
    "a JSON file name with a NUL byte": (
        400,
        {"method": "POST", "url": ADD, "json": json_add("a\x00.png")},
    ),
    "a JSON file name with a line break": (
        400,
        {"method": "POST", "url": ADD, "json": json_add("a\n.png")},
    ),
    "a form file name that is not UTF-8": (
        400,
        {"method": "POST", "url": ADD, "content": form_add(b"%FF%FE.png"), "headers": FORM},
    ),
    "a query file name that is not UTF-8": (
        400,
        {
            "method": "GET",
            "url": ADD + "?" + form_add(b"%FF.png").decode(),
        },
    ),
    "a multipart file name that is not UTF-8": (
        400,
        {
            "method": "POST",
            "url": ADD,
            "content": multipart_add(b"\xff\xfe.png"),
            "headers": {"Content-Type": "multipart/form-data; boundary=XX"},
        },
    ),
    "a call without Content-Type": (400, {"method": "POST", "url": ADD, "content": b"x=1"}),
    # Past PHP's max_input_vars (1000) a portal drops the rest: productId is never read.
    "100,000 form appends before productId": (
        400,
        {"method": "POST", "url": GET, "content": APPENDS + b"&productId=1&id=1", "headers": FORM},
    ),
    "2,000 query appends before productId": (
        400,
        {"method": "GET", "url": GET + "?" + "a[]=1&" * 2000 + "productId=1&id=1"},
    ),
    # Past max_input_nesting_level (64) the variable is dropped: fields is never read.
    "a form key nested 500 deep": (
        400,
        {"method": "POST", "url": ADD, "content": DEEP_FIELDS + b"=1", "headers": FORM},
    ),
    "a query key nested 10,000 deep": (
        400,
        {"method": "GET", "url": ADD + "?" + "fields" + "[a]" * 10_000 + "=1"},
    ),
    "a multipart field name nested 300 deep": (
        400,
        {
            "method": "POST",
            "url": ADD,
            "content": multipart_add(b"a.png", fields=b"fields" + b"[productId]" * 300),
            "headers": {"Content-Type": "multipart/form-data; boundary=XX"},
        },
    ),
    "a multipart field name nested 500 deep": (
        400,
        {
            "method": "POST",
            "url": ADD,
            "content": multipart_add(b"a.png", fields=DEEP_FIELDS),
            "headers": {"Content-Type": "multipart/form-data; boundary=XX"},
        },
    ),
    "JSON with a surrogate encoded in UTF-8 in select": (
        400,
        {
            "method": "POST",
            "url": GET,
            "content": b'{"productId":1,"id":1,"select":["\xed\xa0\x80"]}',
        },
    ),
    "JSON with a lone surrogate as a key": (
        400,
        {"method": "POST", "url": GET, "content": b'{"productId":1,"id":1,"\\ud800":1}'},
    ),
    "JSON with a lone surrogate in auth": (
        400,
        {
            "method": "POST",
            "url": "/rest/catalog.productImage.add",
            "content": b'{"auth":"\\udfff","fields":{"productId":1}}',
        },
    ),
    "JSON with a lone surrogate in fileContent's file name": (
        400,
        {"method": "POST", "url": ADD, "content": json_add_raw(b"a\\ud800.png")},
    ),
    "JSON with a lone surrogate as a batch command's name": (
        400,
        {
            "method": "POST",
            "url": BATCH,
            "content": b'{"cmd":{"\\ud800":"catalog.productImage.list?productId=1"}}',
        },
    ),
    "JSON with a lone surrogate as a batch command's method": (
        400,
        {"method": "POST", "url": BATCH, "content": b'{"cmd":["catalog.\\udc00?productId=1"]}'},
    ),
    "JSON nested 1,200 deep": (
        400,
        {"method": "POST", "url": ADD, "content": b'{"fields":' * 1200 + b"1" + b"}" * 1200},
    ),
    "JSON nested 10,000 deep": (
        400,
        {"method": "POST", "url": ADD, "content": b"[" * 10_000 + b"]" * 10_000},
    ),
    "an 8 MB nested-list JSON": (
        400,
        {"method": "POST", "url": ADD, "content": b"[" + b",".join([b"[[]]"] * 1_600_000) + b"]"},
    ),
    "a POST to a file": (405, {"method": "POST", "url": "/upload/iblock/1/a.png"}),
    "a DELETE of a download link": (405, {"method": "DELETE", "url": "/rest/download.json"}),
}


@pytest.mark.parametrize("case", MALFORMED.values(), ids=list(MALFORMED))
def test_a_malformed_call_is_a_bitrix_error_and_stores_nothing(
    client: TestClient, case: tuple[int, dict[str, Any]]
) -> None:
    status, request = case
    response = client.request(**request)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    assert set(response.json()) == {"error", "error_description"}
    pictures = client.get("/__admin/state").json()["bitrix24"]["products"]
    assert all(not product["pictures"] for product in pictures)
