"""Create, upload and download: queued → active on data upload, once."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator

from starlette.testclient import TestClient

from tests.integration.cloud_images.records import create, token, upload


def test_a_new_image_is_queued_without_data(client: TestClient) -> None:
    response = client.post("/v2/images", json={"name": "cirros"}, headers=token())
    image = response.json()
    # Absolute, as webob writes Glance's.
    assert response.headers["location"] == f"http://testserver/v2/images/{image['id']}"
    assert (image["status"], image["size"], image["checksum"]) == ("queued", None, None)
    assert (image["visibility"], image["protected"], image["tags"]) == ("shared", False, [])
    assert image["file"] == f"/v2/images/{image['id']}/file"


def test_a_client_chosen_id_is_kept_and_cannot_be_taken_twice(client: TestClient) -> None:
    chosen = str(uuid.uuid4())
    assert create(client, id=chosen)["id"] == chosen
    response = client.post("/v2/images", json={"id": chosen}, headers=token())
    assert response.status_code == 409
    assert response.json()["code"] == "409 Conflict"


def test_custom_properties_are_kept_as_strings(client: TestClient) -> None:
    image = create(client, os_distro="debian")
    assert client.get(f"/v2/images/{image['id']}", headers=token()).json()["os_distro"] == "debian"


def test_read_only_and_reserved_properties_are_refused_on_create(client: TestClient) -> None:
    for body in ({"status": "active"}, {"os_glance_import": "x"}):
        response = client.post("/v2/images", json=body, headers=token())
        assert response.status_code == 403, body


def test_uploading_data_makes_the_image_active(client: TestClient) -> None:
    image = create(client)
    data = b"\x00qcow2 data" * 100
    response = upload(client, image["id"], data)
    assert (response.status_code, response.content) == (204, b"")
    shown = client.get(f"/v2/images/{image['id']}", headers=token()).json()
    assert shown["status"] == "active"
    assert shown["size"] == len(data)
    assert shown["checksum"] == hashlib.md5(data).hexdigest()
    assert shown["os_hash_value"] == hashlib.sha512(data).hexdigest()


def test_a_second_upload_is_409(client: TestClient) -> None:
    image = create(client)
    assert upload(client, image["id"]).status_code == 204
    response = upload(client, image["id"], b"other")
    assert response.status_code == 409
    assert "active" in response.json()["message"]


def test_empty_data_makes_an_active_image_of_size_0(client: TestClient) -> None:
    image = create(client)
    assert upload(client, image["id"], b"").status_code == 204
    shown = client.get(f"/v2/images/{image['id']}", headers=token()).json()
    assert (shown["status"], shown["size"]) == ("active", 0)
    assert upload(client, image["id"], b"").status_code == 409


def test_a_create_body_that_is_no_utf8_text_is_400(client: TestClient) -> None:
    response = client.post(
        "/v2/images",
        content=b"\xcc\x01",
        headers={**token(), "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "400 Bad Request"


def test_upload_needs_both_formats(client: TestClient) -> None:
    image = create(client, disk_format=None)
    response = upload(client, image["id"])
    assert response.status_code == 400
    assert client.get(f"/v2/images/{image['id']}", headers=token()).json()["status"] == "queued"


def test_upload_takes_only_octet_stream(client: TestClient) -> None:
    image = create(client)
    response = client.put(
        f"/v2/images/{image['id']}/file",
        content=b"x",
        headers={**token(), "Content-Type": "text/plain"},
    )
    assert response.status_code == 415


def test_download_serves_the_uploaded_data_with_its_checksum(client: TestClient) -> None:
    image = create(client)
    upload(client, image["id"], b"the data")
    response = client.get(f"/v2/images/{image['id']}/file", headers=token())
    assert response.status_code == 200
    assert response.content == b"the data"
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["content-md5"] == hashlib.md5(b"the data").hexdigest()


def test_download_of_a_queued_image_is_204(client: TestClient) -> None:
    image = create(client)
    response = client.get(f"/v2/images/{image['id']}/file", headers=token())
    assert (response.status_code, response.content) == (204, b"")


def test_a_range_is_served_as_206(client: TestClient) -> None:
    image = create(client)
    upload(client, image["id"], b"0123456789")
    response = client.get(
        f"/v2/images/{image['id']}/file", headers={**token(), "Range": "bytes=2-4"}
    )
    assert (response.status_code, response.content) == (206, b"234")
    assert response.headers["content-range"] == "bytes 2-4/10"


def test_a_range_past_the_end_or_malformed_is_416_and_several_ranges_400(
    client: TestClient,
) -> None:
    image = create(client)
    upload(client, image["id"], b"0123456789")
    url = f"/v2/images/{image['id']}/file"
    assert client.get(url, headers={**token(), "Range": "bytes=10-"}).status_code == 416
    malformed = client.get(url, headers={**token(), "Range": "lines=1-2"})
    assert malformed.status_code == 416
    assert malformed.json()["message"].endswith("Invalid Range header.\n\n")
    assert client.get(url, headers={**token(), "Range": "bytes=0-1,4-5"}).status_code == 400


def test_an_upload_above_the_size_limit_is_413(client: TestClient) -> None:
    image = create(client)
    response = upload(client, image["id"], b"x" * (10 * 1024 * 1024 + 64 * 1024 + 1))
    assert response.status_code == 413
    assert response.json()["code"] == "413 Request Entity Too Large"


def test_a_chunked_create_is_taken_as_one_with_a_length(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:  # sent without a Content-Length, as Glance takes it
        yield b'{"name": "chu'
        yield b'nked"}'

    response = client.post(
        "/v2/images", content=chunks(), headers={**token(), "Content-Type": "application/json"}
    )
    assert response.status_code == 201, response.text
    assert response.json()["name"] == "chunked"
