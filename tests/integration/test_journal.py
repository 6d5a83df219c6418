"""The request journal: what the contracts received, queried and cleared at
/__admin/requests."""

from __future__ import annotations

import hashlib
import time
from typing import Any

import pytest
from starlette.testclient import TestClient

from mockserver.config import MockConfig
from tests.conftest import StartMock
from tests.demo import CONTRIBUTOR_BEARER, CONTRIBUTOR_KEY, CONTRIBUTOR_SESSION, auth, images_path
from tests.images import png
from tests.integration.cloud_images.records import create, token
from tests.integration.uploads import listed_ids, upload

JOURNAL = "/__admin/requests"


def journal(client: TestClient, **filters: Any) -> dict[str, Any]:
    response = client.get(JOURNAL, params=filters)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def test_a_request_is_recorded_with_its_contract_operation_and_answer(client: TestClient) -> None:
    client.get(images_path(), headers=auth(), params={"page_size": 5})
    [entry] = journal(client)["requests"]
    assert entry["contract"] == "closient"
    assert entry["operation"] == "apps_dashboard_api_images_list_images"
    assert (entry["method"], entry["path"], entry["query"]) == ("GET", images_path(), "page_size=5")
    assert entry["status"] == 200
    assert entry["seq"] == 1
    assert entry["id"] == "1"
    assert entry["time"].endswith("+00:00")
    assert entry["duration_ms"] >= 0


@pytest.mark.parametrize("engine", [True, False])
def test_the_engine_and_connexion_record_alike(mock: StartMock, engine: bool) -> None:
    client = mock(MockConfig(rate_limit_windows=(), engine=engine))
    client.get(images_path(), headers=auth())
    client.get(images_path(), headers=auth("unknown"))
    entries = journal(client)["requests"]
    assert [(e["status"], e["operation"]) for e in entries] == [
        (200, "apps_dashboard_api_images_list_images"),
        (401, "apps_dashboard_api_images_list_images"),
    ]
    assert entries[0]["response"]["headers"]["content-type"] == "application/json"


def test_the_request_body_is_kept_as_size_and_digest(client: TestClient) -> None:
    response = client.post(
        images_path(),
        headers={**auth(), "Content-Type": "multipart/form-data; boundary=b"},
        content=b'--b\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n--b--\r\n',
    )
    body = response.request.content
    [entry] = journal(client)["requests"]
    assert entry["body"] == {"size": len(body), "sha256": hashlib.sha256(body).hexdigest()}
    assert entry["response"]["body"] == {
        "size": len(response.content),
        "sha256": hashlib.sha256(response.content).hexdigest(),
    }


def test_the_first_bytes_of_the_bodies_are_shown_on_request(client: TestClient) -> None:
    answer = upload(client, png()).content
    [entry] = journal(client, body_bytes=16)["requests"]
    request_body = entry["body"]
    assert request_body["text"].startswith("--")
    assert len(request_body["text"]) == 16
    assert request_body["truncated"] is True
    assert entry["response"]["body"]["text"] == answer[:16].decode()


def test_binary_first_bytes_are_shown_in_base64(client: TestClient) -> None:
    image = create(client, disk_format="raw", container_format="bare")
    client.put(
        f"/v2/images/{image['id']}/file",
        headers={**token(), "Content-Type": "application/octet-stream"},
        content=b"\xff\xfe\x00\x01",
    )
    [entry] = journal(client, method="PUT", body_bytes=100)["requests"]
    assert entry["body"]["base64"] == "//4AAQ=="
    assert entry["body"]["truncated"] is False


def test_credentials_are_masked_in_headers_and_query(client: TestClient) -> None:
    client.get(
        images_path(),
        params={"auth": "secret-in-query", "page": 1},
        headers={
            "X-API-Key": CONTRIBUTOR_KEY,
            "Authorization": f"Bearer {CONTRIBUTOR_BEARER}",
            "Cookie": f"sessionid={CONTRIBUTOR_SESSION}; theme=dark",
            "X-Auth-Token": "a-cloud-token",
        },
    )
    answer = client.get(JOURNAL).text
    for secret in (CONTRIBUTOR_KEY, CONTRIBUTOR_BEARER, CONTRIBUTOR_SESSION, "a-cloud-token"):
        assert secret not in answer
    assert "secret-in-query" not in answer
    [entry] = journal(client)["requests"]
    assert entry["headers"]["authorization"] == "Bearer ***"
    assert entry["headers"]["x-api-key"] == "***"
    assert entry["headers"]["cookie"] == "sessionid=***; theme=***"
    assert entry["query"] == "auth=***&page=1"


def test_a_client_request_id_names_the_entry(client: TestClient) -> None:
    client.get(images_path(), headers={**auth(), "X-Request-Id": "ui-42"})
    assert [e["id"] for e in journal(client)["requests"]] == ["ui-42"]


def test_filters_keep_the_matching_requests(client: TestClient) -> None:
    image_id = upload(client).json()["id"]
    client.delete(f"{images_path()}/{image_id}", headers=auth())
    client.delete(f"{images_path()}/{image_id}", headers=auth())
    client.get("/v2/images", headers=token())

    def count(**filters: Any) -> int:
        answer = journal(client, **filters)
        assert answer["count"] == len(answer["requests"])
        return int(answer["count"])

    assert count() == 4
    assert count(method="delete") == 2
    assert count(method="DELETE", status="204") == 1
    assert count(status="4xx") == 1
    assert count(contract="cloud-images") == 1
    assert count(operation="apps_dashboard_api_images_delete_image") == 2
    assert count(path=f"{images_path()}/*") == 2
    assert count(path="/v2/images") == 1
    assert count(limit=1) == 1
    assert journal(client, limit=2)["requests"][-1]["path"] == "/v2/images"


def test_since_keeps_the_requests_that_arrived_then_or_later(client: TestClient) -> None:
    client.get(images_path(), headers=auth())
    middle = time.time()
    client.get("/v2/images", headers=token())
    assert [e["contract"] for e in journal(client, since=middle)["requests"]] == ["cloud-images"]
    iso = journal(client)["requests"][1]["time"]
    assert [e["contract"] for e in journal(client, since=iso)["requests"]] == ["cloud-images"]
    assert journal(client, since="2000-01-01T00:00:00Z")["count"] == 2


@pytest.mark.parametrize(
    "query",
    [
        {"status": "20"},
        {"status": "6xx"},
        {"since": "yesterday"},
        {"since": "2026-01-01T00:00:00"},
        {"limit": "-1"},
        {"colour": "red"},
    ],
)
def test_an_unknown_or_malformed_filter_is_400(client: TestClient, query: dict[str, str]) -> None:
    response = client.get(JOURNAL, params=query)
    assert response.status_code == 400
    assert response.json()["error"] == "bad_filter"


def test_delete_clears_the_journal(client: TestClient) -> None:
    client.get(images_path(), headers=auth())
    assert client.delete(JOURNAL).status_code == 204
    assert journal(client)["count"] == 0
    client.get(images_path(), headers=auth())
    assert [e["seq"] for e in journal(client)["requests"]] == [2]


def test_a_clearing_from_another_origin_is_refused(client: TestClient) -> None:
    client.get(images_path(), headers=auth())
    response = client.delete(JOURNAL, headers={"Origin": "http://evil.example"})
    assert response.status_code == 403
    assert journal(client)["count"] == 1


def test_the_ring_keeps_the_most_recent_requests(mock: StartMock) -> None:
    client = mock(MockConfig(rate_limit_windows=(), journal_capacity=3))
    for page in range(1, 6):
        client.get(images_path(), headers=auth(), params={"page": page})
    answer = journal(client)
    assert [e["query"] for e in answer["requests"]] == ["page=3", "page=4", "page=5"]
    assert (answer["capacity"], answer["recorded"], answer["dropped"]) == (3, 5, 2)


def test_journal_zero_records_nothing(mock: StartMock) -> None:
    client = mock(MockConfig(rate_limit_windows=(), journal_capacity=0))
    client.get(images_path(), headers=auth())
    response = client.get(JOURNAL)
    assert response.status_code == 404
    assert response.json()["error"] == "journal_off"


def test_the_mocks_own_routes_and_files_are_not_recorded(client: TestClient) -> None:
    url = upload(client).json()["image_url"]
    client.get(url)
    client.get("/__admin/state")
    client.get("/__docs/closient/openapi.json")
    assert [e["method"] for e in journal(client)["requests"]] == ["POST"]


def test_faulted_requests_are_recorded_with_their_status(client: TestClient) -> None:
    client.get(images_path(), headers={**auth(), "Prefer": "code=503"})
    [entry] = journal(client)["requests"]
    assert entry["status"] == 503


def test_an_unknown_path_is_recorded_without_an_operation(client: TestClient) -> None:
    client.get("/no/such/route")
    [entry] = journal(client)["requests"]
    assert (entry["status"], entry["operation"]) == (404, None)


def test_a_reset_leaves_the_journal(client: TestClient) -> None:
    upload(client)
    client.post("/__admin/reset")
    assert listed_ids(client) == []
    assert journal(client, method="POST")["count"] == 1
