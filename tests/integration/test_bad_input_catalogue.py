"""Closient: malformed requests get a problem document with a 4xx, never a 500, and store
nothing. One case per way a client can get a request wrong below the contract's schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from tests.demo import DEMO_ORG, GTIN, auth, images_path
from tests.images import png
from tests.integration.uploads import listed_ids

BOUNDARY = "catalogue"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


def multipart(*, title: bytes = b"a title", file_name: bytes = b"a.png") -> bytes:
    return (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="title"\r\n\r\n'.encode()
        + title
        + f'\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name="image"; '.encode()
        + b'filename="'
        + file_name
        + b'"\r\nContent-Type: image/png\r\n\r\n'
        + png()
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


def chunks(body: bytes) -> Iterator[bytes]:
    """A body sent chunked: without a Content-Length."""
    yield body[:40]
    yield body[40:]


MEDIA = f"/media/{DEMO_ORG}/{GTIN}/AAAAAAAAAAAAAAAAAAAAAA.png"
MALFORMED: dict[str, tuple[int, dict[str, Any]]] = {
    "an upload without Content-Type": (
        422,
        {"method": "POST", "url": images_path(), "content": multipart()},
    ),
    "a title with a NUL byte": (
        422,
        {
            "method": "POST",
            "url": images_path(),
            "content": multipart(title=b"a\x00b"),
            "headers": {"Content-Type": MULTIPART},
        },
    ),
    "a title that is not UTF-8": (
        422,
        {
            "method": "POST",
            "url": images_path(),
            "content": multipart(title=b"\xff\xfe"),
            "headers": {"Content-Type": MULTIPART},
        },
    ),
    "a file name that is not UTF-8": (
        422,
        {
            "method": "POST",
            "url": images_path(),
            "content": multipart(file_name=b"\xff.png"),
            "headers": {"Content-Type": MULTIPART},
        },
    ),
    "a chunked title that is not UTF-8": (
        422,
        {
            "method": "POST",
            "url": images_path(),
            "content": chunks(multipart(title=b"\xff\xfe")),
            "headers": {"Content-Type": MULTIPART},
        },
    ),
    "a page of 4400 digits": (422, {"method": "GET", "url": images_path() + "?page=" + "9" * 4400}),
    "a POST to a media file": (405, {"method": "POST", "url": MEDIA}),
    "a DELETE of a media file": (405, {"method": "DELETE", "url": MEDIA}),
}


@pytest.mark.parametrize("case", MALFORMED.values(), ids=list(MALFORMED))
def test_a_malformed_request_is_a_problem_and_stores_nothing(
    client: TestClient, case: tuple[int, dict[str, Any]]
) -> None:
    status, request = case
    response = client.request(**{**request, "headers": {**auth(), **request.get("headers", {})}})
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == status
    assert listed_ids(client) == []


def test_a_chunked_upload_is_taken_as_one_with_a_length(client: TestClient) -> None:
    response: httpx.Response = client.post(
        images_path(),
        content=chunks(multipart()),
        headers={**auth(), "Content-Type": MULTIPART},
    )
    assert response.status_code == 201, response.text
    assert listed_ids(client) == [response.json()["id"]]


def test_a_refused_method_on_a_media_file_names_the_allowed_ones(client: TestClient) -> None:
    assert client.put(MEDIA).headers["allow"] == "GET, HEAD"
