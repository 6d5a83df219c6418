"""Interoperable import over HTTP, as Glance 33 answers it: the import methods and stores on
offer, staging, the three methods, removal from a store, and the tasks an import leaves."""

from __future__ import annotations

import pathlib
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import yaml
from starlette.testclient import TestClient

from mockserver.config import MockConfig
from tests.conftest import StartMock
from tests.file_server import FileServer, serving_files
from tests.integration.cloud_images.records import (
    ADMIN_TOKEN,
    DEMO_TOKEN,
    OTHER_TOKEN,
    create,
    token,
    upload,
)

DATA = bytes(range(256)) * 12
WAIT_SECONDS = 30
OCTET = {"Content-Type": "application/octet-stream"}
DEMO_SEED = pathlib.Path(__file__).parents[3] / "mockserver" / "demo_seed.yaml"


def stage(client: TestClient, image_id: str, data: bytes = DATA) -> httpx.Response:
    response: httpx.Response = client.put(
        f"/v2/images/{image_id}/stage", content=data, headers={**token(), **OCTET}
    )
    return response


def start_import(
    client: TestClient, image_id: str, body: Any, token_value: str = DEMO_TOKEN
) -> httpx.Response:
    response: httpx.Response = client.post(
        f"/v2/images/{image_id}/import", json=body, headers=token(token_value)
    )
    return response


def show(client: TestClient, image_id: str) -> dict[str, Any]:
    shown: dict[str, Any] = client.get(f"/v2/images/{image_id}", headers=token()).json()
    return shown


def message(response: httpx.Response) -> str:
    return str(response.json()["message"]).removesuffix("<br /><br />\n\n\n")


@pytest.fixture
def files() -> Iterator[FileServer]:
    with serving_files({"/disk.raw": DATA}) as server:
        yield server


def fetching_mock(
    files: FileServer, mock: StartMock, folder: pathlib.Path, **imports: Any
) -> TestClient:
    """A mock whose URL filters let web-download reach the loopback file server."""
    seed = yaml.safe_load(DEMO_SEED.read_text())
    filters = {"allowed_hosts": ["127.0.0.1"], "allowed_ports": [files.port]}
    seed["cloud_images"]["imports"] = {"url_filters": filters, **imports}
    path = folder / "seed.yaml"
    path.write_text(yaml.safe_dump(seed))
    return mock(MockConfig(rate_limit_windows=(), validate_responses=True, seed_path=path))


@pytest.fixture
def fetching(files: FileServer, mock: StartMock, tmp_path: pathlib.Path) -> TestClient:
    return fetching_mock(files, mock, tmp_path)


def test_the_import_methods_on_offer_are_glance_s_defaults(client: TestClient) -> None:
    answer = client.get("/v2/info/import", headers=token()).json()
    assert answer == {
        "import-methods": {
            "description": "Import methods available.",
            "type": "array",
            "value": ["glance-direct", "web-download", "copy-image"],
        }
    }


def test_the_stores_name_the_default_one(client: TestClient) -> None:
    answer = client.get("/v2/info/stores", headers=token()).json()
    assert answer == {"stores": [{"id": "fs", "default": "true"}, {"id": "fs2"}]}


def test_the_stores_in_detail_are_for_administrators(client: TestClient) -> None:
    refused = client.get("/v2/info/stores/detail", headers=token())
    assert (refused.status_code, message(refused)) == (
        403,
        "You are not authorized to complete stores_info_detail action.",
    )
    detail = client.get("/v2/info/stores/detail", headers=token(ADMIN_TOKEN)).json()
    assert [(s["id"], s["type"], s["weight"]) for s in detail["stores"]] == [
        ("fs", "file", 0),
        ("fs2", "file", 0),
    ]


def test_a_body_on_a_read_of_what_is_offered_is_refused(client: TestClient) -> None:
    response = client.request("GET", "/v2/info/stores", headers=token(), json={"x": 1})
    assert (response.status_code, message(response)) == (
        400,
        "A body is not expected with this request.",
    )


def test_a_create_names_the_methods_and_stores_on_offer(client: TestClient) -> None:
    response = client.post("/v2/images", json={}, headers=token())
    assert response.headers["OpenStack-image-import-methods"] == (
        "glance-direct,web-download,copy-image"
    )
    assert response.headers["OpenStack-image-store-ids"] == "fs,fs2"


def test_an_upload_keeps_its_data_in_the_store_it_names(client: TestClient) -> None:
    image_id = create(client)["id"]
    headers = {**token(), **OCTET}
    refused = client.put(
        f"/v2/images/{image_id}/file",
        content=DATA,
        headers={**headers, "X-Image-Meta-Store": "nowhere"},
    )
    assert (refused.status_code, message(refused)) == (
        400,
        "Store for identifier nowhere not found",
    )
    stored = client.put(
        f"/v2/images/{image_id}/file",
        content=DATA,
        headers={**headers, "X-Image-Meta-Store": "fs2"},
    )
    assert stored.status_code == 204
    assert show(client, image_id)["stores"] == "fs2"


def test_staged_data_makes_the_image_uploading_with_its_size(client: TestClient) -> None:
    image_id = create(client)["id"]
    assert stage(client, image_id).status_code == 204
    shown = show(client, image_id)
    assert (shown["status"], shown["size"], shown["checksum"]) == ("uploading", len(DATA), None)


def test_staging_without_octet_stream_is_415(client: TestClient) -> None:
    image_id = create(client)["id"]
    response = client.put(f"/v2/images/{image_id}/stage", content=DATA, headers=token())
    assert response.status_code == 415
    assert show(client, image_id)["status"] == "queued"


def test_glance_direct_imports_the_staged_data(client: TestClient) -> None:
    image_id = create(client)["id"]
    stage(client, image_id)
    response = start_import(client, image_id, {"method": {"name": "glance-direct"}})
    assert (response.status_code, response.content) == (202, b"")
    shown = show(client, image_id)
    assert (shown["status"], shown["stores"], shown["size"]) == ("active", "fs", len(DATA))
    assert (shown["os_glance_importing_to_stores"], shown["os_glance_failed_import"]) == ("", "")
    assert "os_glance_import_task" not in shown
    assert client.get(f"/v2/images/{image_id}/file", headers=token()).content == DATA


def test_the_import_s_task_records_its_request_id(client: TestClient) -> None:
    image_id = create(client)["id"]
    stage(client, image_id)
    response = start_import(client, image_id, {"method": {"name": "glance-direct"}})
    [task] = client.get(f"/v2/images/{image_id}/tasks", headers=token()).json()["tasks"]
    assert task["request_id"] == response.headers["X-Openstack-Request-Id"]
    assert (task["status"], task["type"], task["result"]) == (
        "success",
        "api_image_import",
        {"image_id": image_id},
    )
    assert task["input"]["import_req"] == {"method": {"name": "glance-direct"}}


def test_all_stores_imports_into_every_store(client: TestClient) -> None:
    image_id = create(client)["id"]
    stage(client, image_id)
    start_import(client, image_id, {"method": {"name": "glance-direct"}, "all_stores": True})
    assert show(client, image_id)["stores"] == "fs,fs2"


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({}, 400, "Import request requires a 'method' field."),
        (
            {"method": {"name": "carrier-pigeon"}},
            400,
            "Unknown import method name 'carrier-pigeon'.",
        ),
        ({"method": {"name": "web-download", "uri": "http://x/"}}, 409, "Image needs to be in"),
        ({"method": {"name": "glance-direct"}, "stores": ["nowhere"]}, 409, "Store for identifier"),
        ({"method": {"name": "glance-direct"}, "stores": "fs"}, 409, "Store for identifier f not"),
        ({"method": {"name": "glance-direct"}, "all_stores": "yes"}, 400, "'all_stores' must be"),
    ],
)
def test_an_import_glance_refuses_is_refused_in_its_words(
    client: TestClient, body: Any, status: int, words: str
) -> None:
    image_id = create(client)["id"]
    stage(client, image_id)
    response = start_import(client, image_id, body)
    assert (response.status_code, message(response)[: len(words)]) == (status, words)
    assert show(client, image_id)["status"] == "uploading"


def test_an_import_without_a_body_is_refused_in_glance_s_words(client: TestClient) -> None:
    image_id = create(client)["id"]
    response = client.post(f"/v2/images/{image_id}/import", headers=token())
    assert (response.status_code, message(response)) == (400, "Body expected in request.")


def test_web_download_refuses_a_loopback_url_by_default(
    client: TestClient, files: FileServer
) -> None:
    image_id = create(client)["id"]
    url = files.url("/disk.raw")
    response = start_import(client, image_id, {"method": {"name": "web-download", "uri": url}})
    assert (response.status_code, message(response)) == (
        400,
        f"URI for web-download does not pass filtering: {url}",
    )
    assert files.requested == []


def test_web_download_fetches_the_url_the_filters_let_through(
    fetching: TestClient, files: FileServer
) -> None:
    image_id = create(fetching)["id"]
    body = {"method": {"name": "web-download", "uri": files.url("/disk.raw")}}
    assert start_import(fetching, image_id, body).status_code == 202
    shown = show(fetching, image_id)
    assert (shown["status"], shown["stores"], shown["size"]) == ("active", "fs", len(DATA))
    assert fetching.get(f"/v2/images/{image_id}/file", headers=token()).content == DATA


def test_a_fetch_in_progress_holds_up_no_other_request(
    fetching: TestClient, files: FileServer
) -> None:
    gate = files.gates["/disk.raw"] = threading.Event()
    image_id = create(fetching)["id"]
    body = {"method": {"name": "web-download", "uri": files.url("/disk.raw")}}
    answers: list[int] = []
    importing = threading.Thread(
        target=lambda: answers.append(start_import(fetching, image_id, body).status_code)
    )
    importing.start()
    try:
        assert files.arrived.wait(WAIT_SECONDS)
        # The file server holds the fetch: the mock still answers everyone else.
        assert fetching.get("/v2/images", headers=token(OTHER_TOKEN)).status_code == 200
        assert show(fetching, image_id)["status"] == "importing"
    finally:
        gate.set()
        importing.join(WAIT_SECONDS)
    assert answers == [202]
    assert show(fetching, image_id)["status"] == "active"


def test_a_web_download_that_fails_leaves_the_image_queued_naming_its_store(
    fetching: TestClient, files: FileServer
) -> None:
    image_id = create(fetching)["id"]
    body = {"method": {"name": "web-download", "uri": files.url("/missing")}}
    assert start_import(fetching, image_id, body).status_code == 202
    shown = show(fetching, image_id)
    assert (shown["status"], shown["os_glance_failed_import"]) == ("queued", "fs")
    [task] = fetching.get(f"/v2/images/{image_id}/tasks", headers=token()).json()["tasks"]
    assert (task["status"], task["message"]) == ("failure", "Task failed due to Internal Error")


def test_data_past_the_size_cap_fails_the_import(
    files: FileServer, mock: StartMock, tmp_path: pathlib.Path
) -> None:
    capped = fetching_mock(files, mock, tmp_path, size_cap=len(DATA) - 1)
    image_id = create(capped)["id"]
    body = {"method": {"name": "web-download", "uri": files.url("/disk.raw")}}
    assert start_import(capped, image_id, body).status_code == 202
    shown = show(capped, image_id)
    assert (shown["status"], shown["size"], shown["os_glance_failed_import"]) == (
        "queued",
        None,
        "fs",
    )


def test_a_url_no_request_can_carry_fails_its_task_and_frees_the_image(
    fetching: TestClient, files: FileServer
) -> None:
    image_id = create(fetching)["id"]
    body = {"method": {"name": "web-download", "uri": files.url("/disk raw\x00")}}
    assert start_import(fetching, image_id, body).status_code == 202
    shown = show(fetching, image_id)
    assert (shown["status"], shown["os_glance_failed_import"]) == ("queued", "fs")
    assert "os_glance_import_task" not in shown
    retry = {"method": {"name": "web-download", "uri": files.url("/disk.raw")}}
    assert start_import(fetching, image_id, retry).status_code == 202
    assert show(fetching, image_id)["status"] == "active"


def test_copy_image_is_for_administrators_and_adds_a_store(client: TestClient) -> None:
    image_id = create(client)["id"]
    upload(client, image_id, DATA)
    body = {"method": {"name": "copy-image"}, "stores": ["fs2"]}
    refused = start_import(client, image_id, body)
    assert (refused.status_code, message(refused)) == (
        403,
        "You are not authorized to complete copy_image action.",
    )
    assert start_import(client, image_id, body, ADMIN_TOKEN).status_code == 202
    assert show(client, image_id)["stores"] == "fs,fs2"
    again = start_import(client, image_id, body, ADMIN_TOKEN)
    assert (again.status_code, message(again)) == (400, "Image is already present at store 'fs2'")


def test_data_leaves_one_store_but_never_the_last(client: TestClient) -> None:
    image_id = create(client)["id"]
    upload(client, image_id, DATA)
    start_import(
        client, image_id, {"method": {"name": "copy-image"}, "all_stores": True}, ADMIN_TOKEN
    )
    path = f"/v2/stores/fs2/{image_id}"
    assert client.delete(path, headers=token()).status_code == 403
    assert client.delete(path, headers=token(ADMIN_TOKEN)).status_code == 204
    assert show(client, image_id)["stores"] == "fs"
    last = client.delete(f"/v2/stores/fs/{image_id}", headers=token(ADMIN_TOKEN))
    assert (last.status_code, message(last)) == (
        403,
        "Cannot delete image data from the only store containing it. Consider deleting the "
        "image instead.",
    )
    unknown = client.delete(f"/v2/stores/nowhere/{image_id}", headers=token(ADMIN_TOKEN))
    assert unknown.status_code == 409


def test_the_task_api_is_for_administrators(client: TestClient) -> None:
    image_id = create(client)["id"]
    stage(client, image_id)
    start_import(client, image_id, {"method": {"name": "glance-direct"}})
    assert client.get("/v2/tasks", headers=token(OTHER_TOKEN)).status_code == 403
    listed = client.get("/v2/tasks", headers=token(ADMIN_TOKEN)).json()
    [brief] = listed["tasks"]
    assert "input" not in brief
    assert (listed["first"], listed["schema"]) == ("/v2/tasks", "/v2/schemas/tasks")
    task = client.get(f"/v2/tasks/{brief['id']}", headers=token(ADMIN_TOKEN)).json()
    assert (task["image_id"], task["status"], task["self"]) == (
        image_id,
        "success",
        f"/v2/tasks/{brief['id']}",
    )
    assert client.get(f"/v2/tasks/{brief['id']}", headers=token()).status_code == 403


def test_tasks_are_never_deleted(client: TestClient) -> None:
    path = "/v2/tasks/0b7e5e9c-3d2a-4c1f-8e6b-5a4d3c2b1a09"
    assert client.delete(path, headers=token()).status_code == 403
    refused = client.delete(path, headers=token(ADMIN_TOKEN))
    assert (refused.status_code, refused.headers["Allow"]) == (405, "GET")
    assert refused.json()["message"] == (
        "This operation is currently not permitted on Glance Tasks. They are auto deleted "
        "after reaching the time based on their expires_at property."
    )


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("status=asleep", "Invalid status value: asleep"),
        ("type=export", "Invalid type value: export"),
        ("marker=x", "Invalid marker format"),
        ("limit=x", "limit param must be an integer"),
        ("limit=-1", "limit param must be positive"),
        ("sort_dir=up", "Invalid sort direction: up"),
    ],
)
def test_a_task_listing_glance_refuses_is_400_in_its_words(
    client: TestClient, query: str, words: str
) -> None:
    response = client.get(f"/v2/tasks?{query}", headers=token(ADMIN_TOKEN))
    assert (response.status_code, message(response)) == (400, words)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({}, "Task 'type' is required"),
        ({"type": "import"}, "Task 'input' is required"),
        ({"type": "import", "input": {}}, "Invalid location: None"),
        (
            {"type": "import", "input": {"import_from": "http://127.0.0.1/disk"}},
            "URI for legacy import task does not pass filtering: http://127.0.0.1/disk",
        ),
    ],
)
def test_a_legacy_task_glance_refuses_is_400_and_stores_nothing(
    client: TestClient, body: Any, words: str
) -> None:
    response = client.post("/v2/tasks", json=body, headers=token(ADMIN_TOKEN))
    assert (response.status_code, message(response)) == (400, words)
    assert client.get("/v2/tasks", headers=token(ADMIN_TOKEN)).json()["tasks"] == []


def test_a_legacy_import_task_creates_an_image_of_the_fetched_data(
    fetching: TestClient, files: FileServer
) -> None:
    properties = {"name": "legacy", "disk_format": "raw", "container_format": "bare"}
    body = {
        "type": "import",
        "input": {"import_from": files.url("/disk.raw"), "image_properties": properties},
    }
    response = fetching.post("/v2/tasks", json=body, headers=token(ADMIN_TOKEN))
    assert response.status_code == 201
    assert response.headers["Location"].endswith(f"/v2/tasks/{response.json()['id']}")
    task = fetching.get(response.headers["Location"], headers=token(ADMIN_TOKEN)).json()
    assert task["status"] == "success"
    image = show(fetching, task["result"]["image_id"])
    assert (image["name"], image["status"], image["size"]) == ("legacy", "active", len(DATA))
