"""The metadata definitions API over HTTP: the calls OpenStack's own Tempest tests make
(tempest.api.image.v2.admin.test_images_metadefs_*, test_images_metadefs_schema), and the
answers Glance 33 gives to other projects, members and bad input."""

from __future__ import annotations

import pathlib
from typing import Any

import httpx
import pytest
import yaml
from starlette.testclient import TestClient

from mockserver.config import MockConfig
from tests.conftest import StartMock
from tests.integration.cloud_images.records import (
    ADMIN_TOKEN,
    DEMO_PROJECT,
    DEMO_TOKEN,
    OTHER_TOKEN,
    token,
)

DEMO_SEED = pathlib.Path(__file__).parents[3] / "mockserver" / "demo_seed.yaml"
NAMESPACES = "/v2/metadefs/namespaces"
SCHEMAS = {
    "namespace": "namespace",
    "namespaces": "namespaces",
    "object": "object",
    "objects": "objects",
    "property": "property",
    "properties": "properties",
    "tag": "tag",
    "tags": "tags",
    "resource_type": "resource_type_association",
    "resource_types": "resource_type_associations",
}


def send(
    client: TestClient,
    method: str,
    path: str,
    body: Any = None,
    token_value: str = ADMIN_TOKEN,
    **headers: str,
) -> httpx.Response:
    response: httpx.Response = client.request(
        method, path, json=body, headers={**token(token_value), **headers}
    )
    return response


def create_namespace(client: TestClient, name: str = "Tempest::NS", **fields: Any) -> Any:
    body = {"namespace": name, "visibility": "public", "description": "Tempest", **fields}
    response = send(client, "POST", NAMESPACES, body)
    assert response.status_code == 201, response.text
    return response.json()


def message(response: httpx.Response) -> str:
    words: str = response.json()["message"]
    return words.removesuffix("<br /><br />\n\n\n")


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_each_metadef_schema_is_served_by_its_name(client: TestClient, name: str) -> None:
    response = client.get(f"/v2/schemas/metadefs/{name}", headers=token(DEMO_TOKEN))
    assert response.status_code == 200
    assert response.json()["name"] == SCHEMAS[name]


def test_an_unknown_metadef_schema_is_no_route(client: TestClient) -> None:
    response = client.get("/v2/schemas/metadefs/nothing", headers=token(DEMO_TOKEN))
    assert response.status_code == 404


def test_the_mock_starts_with_no_namespace_and_no_resource_type(client: TestClient) -> None:
    assert send(client, "GET", NAMESPACES).json() == {
        "namespaces": [],
        "schema": "/v2/schemas/metadefs/namespaces",
        "first": NAMESPACES,
    }
    assert send(client, "GET", "/v2/metadefs/resource_types").json() == {"resource_types": []}


def test_a_protected_namespace_is_deleted_once_unprotected(client: TestClient) -> None:
    created = create_namespace(
        client, resource_type_associations=[{"name": "OS::Glance::Image"}], protected=True
    )
    assert created["self"] == f"{NAMESPACES}/Tempest::NS"
    listed = send(client, "GET", NAMESPACES).json()["namespaces"]
    assert [n["namespace"] for n in listed] == ["Tempest::NS"]
    refused = send(client, "DELETE", f"{NAMESPACES}/Tempest::NS")
    assert refused.status_code == 403
    assert "is protected and cannot be deleted" in message(refused)
    updated = send(
        client,
        "PUT",
        f"{NAMESPACES}/Tempest::NS",
        {"namespace": "Tempest::NS", "visibility": "private", "protected": False},
    )
    assert (updated.json()["visibility"], updated.json()["protected"]) == ("private", False)
    assert send(client, "DELETE", f"{NAMESPACES}/Tempest::NS").status_code == 204
    assert send(client, "GET", f"{NAMESPACES}/Tempest::NS").status_code == 404


def test_an_object_is_created_updated_and_deleted(client: TestClient) -> None:
    create_namespace(client)
    objects = f"{NAMESPACES}/Tempest::NS/objects"
    created = send(client, "POST", objects, {"name": "obj"})
    assert created.status_code == 201
    assert created.json()["self"] == f"{objects}/obj"
    updated = send(client, "PUT", f"{objects}/obj", {"name": "obj2"})
    assert updated.json()["name"] == "obj2"
    assert send(client, "GET", f"{objects}/obj2").json()["required"] == []
    assert send(client, "DELETE", f"{objects}/obj2").status_code == 204
    assert send(client, "GET", objects).json() == {
        "objects": [],
        "schema": "v2/schemas/metadefs/objects",
    }


def test_a_property_is_created_shown_updated_and_deleted(client: TestClient) -> None:
    create_namespace(client)
    send(client, "POST", f"{NAMESPACES}/Tempest::NS/resource_types", {"name": "OS::Nova::Server"})
    properties = f"{NAMESPACES}/Tempest::NS/properties"
    body = {"name": "hv", "title": "Hypervisor", "type": "string", "enum": ["kvm", "xen"]}
    created = send(client, "POST", properties, body)
    assert (created.status_code, created.json()) == (201, body)
    assert send(client, "GET", f"{properties}/hv").json()["name"] == "hv"
    updated = send(client, "PUT", f"{properties}/hv", {**body, "title": "HV"})
    assert updated.json()["title"] == "HV"
    assert send(client, "DELETE", f"{properties}/hv").status_code == 204
    assert send(client, "GET", properties).json() == {"properties": {}}


def test_tags_are_created_at_once_listed_renamed_and_deleted(client: TestClient) -> None:
    create_namespace(client)
    tags = f"{NAMESPACES}/Tempest::NS/tags"
    created = send(client, "POST", tags, {"tags": [{"name": "a"}, {"name": "b"}]})
    assert (created.status_code, created.json()) == (201, {"tags": [{"name": "a"}, {"name": "b"}]})
    appended = send(
        client, "POST", tags, {"tags": [{"name": "c"}]}, **{"X-Openstack-Append": "True"}
    )
    assert appended.status_code == 201
    assert send(client, "GET", tags).json() == {
        "tags": [{"name": "c"}, {"name": "b"}, {"name": "a"}]
    }
    renamed = send(client, "PUT", f"{tags}/a", {"name": "z"})
    assert renamed.json()["name"] == "z"
    assert send(client, "POST", f"{tags}/z", token_value=ADMIN_TOKEN).status_code == 409
    assert send(client, "DELETE", tags).status_code == 204
    assert send(client, "GET", tags).json() == {"tags": []}


def test_a_resource_type_association_is_listed_and_removed(client: TestClient) -> None:
    create_namespace(client)
    associations = f"{NAMESPACES}/Tempest::NS/resource_types"
    created = send(client, "POST", associations, {"name": "OS::Glance::Image", "prefix": "hw_"})
    assert created.status_code == 201
    listed = send(client, "GET", associations).json()["resource_type_associations"]
    assert [(a["name"], a["prefix"]) for a in listed] == [("OS::Glance::Image", "hw_")]
    assert send(client, "DELETE", f"{associations}/OS::Glance::Image").status_code == 204
    assert send(client, "GET", associations).json() == {"resource_type_associations": []}
    kinds = send(client, "GET", "/v2/metadefs/resource_types").json()["resource_types"]
    assert [k["name"] for k in kinds] == ["OS::Glance::Image"]


def test_a_show_for_a_resource_type_prefixes_the_property_names(client: TestClient) -> None:
    create_namespace(
        client,
        resource_type_associations=[{"name": "OS::Glance::Image", "prefix": "hw_"}],
        properties={"cpu": {"title": "CPU", "type": "string"}},
    )
    shown = send(client, "GET", f"{NAMESPACES}/Tempest::NS?resource_type=OS::Glance::Image")
    assert list(shown.json()["properties"]) == ["hw_cpu"]


def test_a_member_is_refused_every_change_by_the_policy_s_name(client: TestClient) -> None:
    refused = send(client, "POST", NAMESPACES, {"namespace": "Mine"}, DEMO_TOKEN)
    assert refused.status_code == 403
    assert message(refused) == "You are not authorized to complete add_metadef_namespace action."
    create_namespace(client)
    tag = send(client, "POST", f"{NAMESPACES}/Tempest::NS/tags/x", token_value=DEMO_TOKEN)
    assert message(tag) == "You are not authorized to complete add_metadef_tag action."


def test_another_project_s_private_namespace_is_not_found(client: TestClient) -> None:
    create_namespace(client, name="Private", visibility="private")
    assert send(client, "GET", f"{NAMESPACES}/Private", token_value=DEMO_TOKEN).status_code == 200
    hidden = send(client, "GET", f"{NAMESPACES}/Private", token_value=OTHER_TOKEN)
    assert hidden.status_code == 404
    refused = send(client, "DELETE", f"{NAMESPACES}/Private", token_value=OTHER_TOKEN)
    assert (refused.status_code, message(refused)) == (404, "Namespace Private not found")
    listed = send(client, "GET", NAMESPACES, token_value=OTHER_TOKEN).json()["namespaces"]
    assert listed == []


def test_a_listing_pages_after_its_marker(client: TestClient) -> None:
    for name in ("A", "B", "C"):
        create_namespace(client, name=name)
    first = send(client, "GET", f"{NAMESPACES}?limit=2&sort_key=namespace&sort_dir=asc").json()
    assert [n["namespace"] for n in first["namespaces"]] == ["A", "B"]
    assert first["next"] == f"{NAMESPACES}?limit=2&sort_key=namespace&sort_dir=asc&marker=B"
    rest = send(client, "GET", first["next"]).json()
    assert [n["namespace"] for n in rest["namespaces"]] == ["C"]


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("visibility=shared", "Invalid visibility value: shared"),
        ("sort_dir=up", "Invalid sort direction: up"),
        ("limit=-1", "limit param must be positive"),
    ],
)
def test_a_listing_refuses_a_bad_parameter_in_glance_s_words(
    client: TestClient, query: str, words: str
) -> None:
    response = send(client, "GET", f"{NAMESPACES}?{query}")
    assert (response.status_code, message(response)) == (400, words)


def test_a_namespace_body_that_names_a_server_attribute_is_refused(client: TestClient) -> None:
    response = send(client, "POST", NAMESPACES, {"namespace": "X", "created_at": "now"})
    assert (response.status_code, message(response)) == (
        403,
        "Attribute 'created_at' is read-only.",
    )
    assert send(client, "GET", f"{NAMESPACES}/X").status_code == 404


def test_a_namespace_body_out_of_its_schema_is_400_and_stores_nothing(client: TestClient) -> None:
    response = send(client, "POST", NAMESPACES, {"namespace": "X", "visibility": "shared"})
    assert response.status_code == 400
    assert send(client, "GET", f"{NAMESPACES}/X").status_code == 404


def test_a_new_namespace_answers_with_its_location_and_owner(client: TestClient) -> None:
    response = send(client, "POST", NAMESPACES, {"namespace": "X"})
    assert response.headers["location"].endswith(f"{NAMESPACES}/X")
    assert response.json()["owner"] == DEMO_PROJECT


def test_a_reset_forgets_every_namespace(client: TestClient) -> None:
    create_namespace(client)
    assert client.post("/__admin/reset").status_code == 204
    assert send(client, "GET", NAMESPACES).json()["namespaces"] == []


@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_a_property_body_without_a_name_is_400(client: TestClient, method: str) -> None:
    create_namespace(client, properties={"p": {"title": "P", "type": "string"}})
    path = f"{NAMESPACES}/Tempest::NS/properties" + ("/p" if method == "PUT" else "")
    response = send(client, method, path, {"title": "P", "type": "string"})
    assert response.status_code == 400
    unknown = send(client, method, path, {"name": "p", "title": "P", "type": "string", "x": 1})
    assert unknown.status_code == 400


def test_a_seed_can_load_the_definitions_glance_ships_again_after_a_reset(
    mock: StartMock, tmp_path: pathlib.Path
) -> None:
    seed = yaml.safe_load(DEMO_SEED.read_text())
    seed["cloud_images"]["shipped_metadefs"] = True
    path = tmp_path / "seed.yaml"
    path.write_text(yaml.safe_dump(seed))
    client = mock(MockConfig(rate_limit_windows=(), validate_responses=True, seed_path=path))

    def seen() -> list[Any]:
        answer = send(client, "GET", NAMESPACES + "?limit=100", token_value=DEMO_TOKEN)
        assert answer.status_code == 200
        namespaces: list[Any] = answer.json()["namespaces"]
        return namespaces

    first = seen()
    assert "OS::Compute::Hypervisor" in {n["namespace"] for n in first}
    assert {n["owner"] for n in first} == {"admin"}
    # Shipped protected, as Glance's files say.
    assert send(client, "DELETE", NAMESPACES + "/OS::Compute::Hypervisor").status_code == 403
    create_namespace(client, "Mine::NS", visibility="public")
    assert len(seen()) == len(first) + 1
    assert client.post("/__admin/reset").status_code == 204
    assert [n["namespace"] for n in seen()] == [n["namespace"] for n in first]
