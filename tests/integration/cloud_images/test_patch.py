"""JSON-patch updates: the vendor media type only, all or nothing, with Glance's refusals."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.integration.cloud_images.records import create, patch, token


def test_replace_sets_base_properties(client: TestClient) -> None:
    image = create(client)
    response = patch(
        client,
        image["id"],
        [
            {"op": "replace", "path": "/name", "value": "Fedora 17"},
            {"op": "replace", "path": "/tags", "value": ["fedora", "beefy"]},
            {"op": "replace", "path": "/min_ram", "value": 512},
        ],
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["name"], body["tags"], body["min_ram"]) == ("Fedora 17", ["fedora", "beefy"], 512)


def test_custom_properties_are_added_and_removed(client: TestClient) -> None:
    image = create(client)
    added = patch(client, image["id"], [{"op": "add", "path": "/os_distro", "value": "fedora"}])
    assert added.json()["os_distro"] == "fedora"
    removed = patch(client, image["id"], [{"op": "remove", "path": "/os_distro"}])
    assert "os_distro" not in removed.json()


@pytest.mark.parametrize("media_type", ["application/json", "text/plain"])
def test_other_media_types_are_415_naming_the_two_patch_types(
    client: TestClient, media_type: str
) -> None:
    image = create(client)
    operations = [{"op": "replace", "path": "/name", "value": "x"}]
    response = patch(client, image["id"], operations, media_type=media_type)
    assert response.status_code == 415
    assert response.json()["code"] == "415 Unsupported Media Type"
    assert response.headers["accept-patch"] == (
        "application/openstack-images-v2.0-json-patch, application/openstack-images-v2.1-json-patch"
    )


def test_add_of_a_present_property_replaces_it_under_v2_1(client: TestClient) -> None:
    image = create(client, os_distro="debian")
    response = patch(client, image["id"], [{"op": "add", "path": "/os_distro", "value": "arch"}])
    assert response.status_code == 200
    assert response.json()["os_distro"] == "arch"


def test_the_older_v2_0_syntax_names_the_operation_and_refuses_adding_a_present_one(
    client: TestClient,
) -> None:
    image = create(client, os_distro="debian")
    older = "application/openstack-images-v2.0-json-patch"
    renamed = patch(client, image["id"], [{"replace": "/name", "value": "x"}], media_type=older)
    assert renamed.json()["name"] == "x"
    added = patch(client, image["id"], [{"add": "/os_distro", "value": "y"}], media_type=older)
    assert added.status_code == 409
    assert (
        patch(client, image["id"], [{"add": "/a", "remove": "/b"}], media_type=older).status_code
        == 400
    )


@pytest.mark.parametrize(
    "operations",
    [
        {"op": "replace", "path": "/name", "value": "x"},
        [{"op": "move", "path": "/name", "value": "x"}],
        [{"op": "replace", "path": "/protected", "value": "yes"}],
        [{"op": "replace", "path": "/min_disk", "value": -1}],
        [{"op": "add", "path": "/os_distro", "value": 7}],
        [{"path": "/name", "value": "x"}],
    ],
)
def test_a_malformed_patch_is_400_and_changes_nothing(client: TestClient, operations: Any) -> None:
    image = create(client)
    response = patch(client, image["id"], operations)
    assert response.status_code == 400, response.text
    assert response.json()["title"] == "Bad Request"
    assert client.get(f"/v2/images/{image['id']}", headers=token()).json() == image


@pytest.mark.parametrize(
    "operation",
    [
        {"op": "replace", "path": "/status", "value": "active"},
        {"op": "remove", "path": "/name"},
        {"op": "add", "path": "/os_glance_import_task", "value": "x"},
    ],
)
def test_read_only_base_and_reserved_paths_are_403(
    client: TestClient, operation: dict[str, Any]
) -> None:
    image = create(client)
    assert patch(client, image["id"], [operation]).status_code == 403


@pytest.mark.parametrize(
    "operation",
    [
        {"op": "replace", "path": "/hw_disk_bus", "value": "scsi"},
        {"op": "remove", "path": "/hw_disk_bus"},
    ],
)
def test_custom_property_conflicts_are_409(client: TestClient, operation: dict[str, Any]) -> None:
    image = create(client, os_distro="debian")
    assert patch(client, image["id"], [operation]).status_code == 409


def test_a_failing_operation_undoes_the_earlier_ones(client: TestClient) -> None:
    image = create(client)
    response = patch(
        client,
        image["id"],
        [
            {"op": "replace", "path": "/name", "value": "renamed"},
            {"op": "replace", "path": "/checksum", "value": "x"},
        ],
    )
    assert response.status_code == 403
    assert client.get(f"/v2/images/{image['id']}", headers=token()).json()["name"] == "cirros"


def test_too_many_tags_is_413(client: TestClient) -> None:
    image = create(client)
    tags = [f"tag{i}" for i in range(129)]
    response = patch(client, image["id"], [{"op": "replace", "path": "/tags", "value": tags}])
    assert response.status_code == 413
