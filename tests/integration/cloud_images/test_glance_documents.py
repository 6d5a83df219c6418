"""What Glance serves beside image records: the version document, the schemas, tags,
memberships and tasks; and errors rendered for the client's `Accept`."""

from __future__ import annotations

import json
import pathlib

from starlette.testclient import TestClient

from tests.integration.cloud_images.records import (
    ADMIN_TOKEN,
    OTHER_PROJECT,
    OTHER_TOKEN,
    create,
    listed_ids,
    token,
)

SCHEMAS = pathlib.Path(__file__).parents[3] / "spec" / "cloud-images" / "schemas"


def test_the_version_document_is_at_the_root_and_at_versions_without_a_token(
    client: TestClient,
) -> None:
    root, versions = client.get("/"), client.get("/versions")
    assert (root.status_code, versions.status_code) == (300, 200)
    assert root.json() == versions.json()
    current = [v for v in root.json()["versions"] if v["status"] == "CURRENT"]
    assert current == [
        {
            "id": "v2.17",
            "status": "CURRENT",
            "links": [{"rel": "self", "href": "http://testserver/v2/"}],
        }
    ]


def test_the_schemas_are_glances_own(client: TestClient) -> None:
    for name in ("image", "images", "member", "members", "task", "tasks"):
        response = client.get(f"/v2/schemas/{name}", headers=token())
        assert response.json() == json.loads((SCHEMAS / f"{name}.json").read_text())
    assert client.get("/v2/schemas/nothing", headers=token()).status_code == 404


def test_tasks_are_for_administrators(client: TestClient) -> None:
    assert client.get("/v2/tasks", headers=token()).status_code == 403
    assert client.get("/v2/tasks", headers=token(ADMIN_TOKEN)).json() == {
        "tasks": [],
        "first": "/v2/tasks",
        "schema": "/v2/schemas/tasks",
    }
    image = create(client)
    assert client.get(f"/v2/images/{image['id']}/tasks", headers=token()).json() == {"tasks": []}


def test_a_member_sees_a_shared_image_and_lists_it_once_it_accepts(client: TestClient) -> None:
    image = create(client, visibility="shared")
    members = f"/v2/images/{image['id']}/members"
    assert client.get(f"/v2/images/{image['id']}", headers=token(OTHER_TOKEN)).status_code == 404
    added = client.post(members, json={"member": OTHER_PROJECT}, headers=token())
    assert (added.status_code, added.json()["status"]) == (200, "pending")
    assert client.get(f"/v2/images/{image['id']}", headers=token(OTHER_TOKEN)).status_code == 200
    assert listed_ids(client, OTHER_TOKEN) == []
    by_owner = client.put(
        f"{members}/{OTHER_PROJECT}", json={"status": "accepted"}, headers=token()
    )
    assert by_owner.status_code == 403
    accepted = client.put(
        f"{members}/{OTHER_PROJECT}", json={"status": "accepted"}, headers=token(OTHER_TOKEN)
    )
    assert accepted.json()["status"] == "accepted"
    assert listed_ids(client, OTHER_TOKEN) == [image["id"]]
    assert client.post(members, json={"member": OTHER_PROJECT}, headers=token()).status_code == 409


def test_only_shared_images_have_members(client: TestClient) -> None:
    image = create(client, visibility="private")
    members = f"/v2/images/{image['id']}/members"
    assert client.post(members, json={"member": OTHER_PROJECT}, headers=token()).status_code == 403


def test_member_bodies_are_read_as_json_whatever_their_media_type(client: TestClient) -> None:
    image = create(client, visibility="shared")
    response = client.post(
        f"/v2/images/{image['id']}/members",
        content=json.dumps({"member": OTHER_PROJECT}),
        headers={**token(), "Content-Type": "text/plain"},
    )
    assert response.status_code == 200


def test_a_create_in_another_media_type_still_creates(client: TestClient) -> None:
    response = client.post(
        "/v2/images",
        content=b'{"name": "typed"}',
        headers={**token(), "Content-Type": "text/plain"},
    )
    assert (response.status_code, response.json()["name"]) == (201, "typed")


def test_a_read_only_property_on_create_is_403_whatever_its_value(client: TestClient) -> None:
    response = client.post("/v2/images", json={"size": 5}, headers=token())
    assert response.status_code == 403
    assert response.json()["message"].startswith("Attribute 'size' is read-only.")


def test_tags_are_a_set_and_a_missing_one_is_404(client: TestClient) -> None:
    image = create(client)
    tag = f"/v2/images/{image['id']}/tags/blue"
    assert [client.put(tag, headers=token()).status_code for _ in range(2)] == [204, 204]
    assert client.get(f"/v2/images/{image['id']}", headers=token()).json()["tags"] == ["blue"]
    assert client.delete(tag, headers=token()).status_code == 204
    assert client.delete(tag, headers=token()).status_code == 404
    too_long = f"/v2/images/{image['id']}/tags/{'x' * 256}"
    assert client.put(too_long, headers=token()).status_code == 400
    assert client.delete(too_long, headers=token()).status_code == 404


def test_the_combined_sort_parameter_orders_and_filters_nothing(client: TestClient) -> None:
    ids = [create(client, name=name)["id"] for name in ("b", "a", "c")]
    response = client.get("/v2/images", params={"sort": "name:asc"}, headers=token())
    assert [image["id"] for image in response.json()["images"]] == [ids[1], ids[0], ids[2]]
    both = client.get("/v2/images", params={"sort": "name", "sort_key": "id"}, headers=token())
    assert both.status_code == 400


def test_an_unknown_query_parameter_filters_on_that_custom_property(client: TestClient) -> None:
    debian = create(client, os_distro="debian")["id"]
    create(client, os_distro="arch")
    assert listed_ids(client, os_distro="debian") == [debian]


def test_errors_are_rendered_for_the_accept_header(client: TestClient) -> None:
    url = "/v2/images/00000000-0000-4000-8000-000000000000"
    expected = {
        "application/json": "application/json",
        "*/*": "text/html",
        "text/html": "text/html",
        "text/plain": "text/plain",
        "application/json;q=0.5, text/html": "text/html",
    }
    for accept, media_type in expected.items():
        response = client.get(url, headers={**token(), "Accept": accept})
        assert response.status_code == 404
        assert response.headers["content-type"].split(";")[0] == media_type, accept
    plain = client.get(url, headers={**token(), "Accept": ""})  # as webob reads no Accept
    assert plain.text.startswith("404 Not Found\n\n")
    html = client.get(url, headers={**token(), "Accept": "*/*"})
    assert "<title>404 Not Found</title>" in html.text


def test_data_records_its_store_once_uploaded(client: TestClient) -> None:
    image = create(client)
    assert "stores" not in image
    client.put(
        f"/v2/images/{image['id']}/file",
        content=b"data",
        headers={**token(), "Content-Type": "application/octet-stream"},
    )
    shown = client.get(f"/v2/images/{image['id']}", headers=token()).json()
    assert (shown["stores"], shown["virtual_size"]) == ("fs", 4)


def test_repeated_sort_keys_order_by_each_in_turn(client: TestClient) -> None:
    made = [
        create(client, name=name, disk_format=disk)["id"]
        for name, disk in (("b", "raw"), ("a", "qcow2"), ("a", "raw"), ("c", "iso"))
    ]
    query = "sort_key=disk_format&sort_key=name&sort_dir=asc&sort_dir=desc"
    listed = client.get(f"/v2/images?{query}", headers=token()).json()["images"]
    assert [image["id"] for image in listed] == [made[3], made[1], made[0], made[2]]
    combined = client.get("/v2/images?sort=disk_format:asc,name:desc", headers=token()).json()
    assert [image["id"] for image in combined["images"]] == [made[3], made[1], made[0], made[2]]
    mismatched = "sort_key=name&sort_key=id&sort_key=size&sort_dir=asc&sort_dir=desc"
    assert client.get(f"/v2/images?{mismatched}", headers=token()).status_code == 400
