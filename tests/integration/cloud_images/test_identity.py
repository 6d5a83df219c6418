"""The identity endpoint over HTTP: Keystone v3's bodies, headers and errors, and its tokens
accepted by the Images API."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from tests.integration.cloud_images.records import DEMO_TOKEN, token

DEMO_PROJECT = "9b1d5c3e0a4f4d2c8e7f6a5b4c3d2e1f"
OTHER_PROJECT = "4e7c2a9d5b3f4a1e8c6d0b2f9a7e5c3d"
TOKENS = "/identity/v3/auth/tokens"


def auth_body(user: str, password: str, project: str | None = "demo") -> dict[str, Any]:
    auth: dict[str, Any] = {
        "identity": {
            "methods": ["password"],
            "password": {
                "user": {"name": user, "domain": {"name": "Default"}, "password": password}
            },
        }
    }
    if project is not None:
        auth["scope"] = {"project": {"name": project, "domain": {"id": "default"}}}
    return {"auth": auth}


def log_in(client: TestClient, user: str = "demo", password: str = "demo-password") -> str:
    response = client.post(TOKENS, json=auth_body(user, password))
    assert response.status_code == 201, response.text
    return str(response.headers["X-Subject-Token"])


def keystone_error(response: httpx.Response) -> tuple[int, str]:
    error = response.json()["error"]
    assert error["code"] == response.status_code
    return response.status_code, str(error["message"])


def test_the_root_lists_v3_as_keystone_does(client: TestClient) -> None:
    response = client.get("/identity")
    assert response.status_code == 300
    (version,) = response.json()["versions"]["values"]
    assert version["status"] == "stable"
    assert version["links"][0]["href"] == "http://testserver/identity/v3/"


def test_a_password_login_answers_the_token_in_a_header_and_its_scope(client: TestClient) -> None:
    response = client.post(TOKENS, json=auth_body("demo", "demo-password"))
    assert response.status_code == 201
    body = response.json()["token"]
    assert response.headers["X-Subject-Token"].startswith("gAAAAA")
    assert body["project"] == {
        "id": DEMO_PROJECT,
        "name": "demo",
        "domain": {"id": "default", "name": "Default"},
    }
    assert [role["name"] for role in body["roles"]] == ["member", "reader"]
    assert body["expires_at"].endswith(".000000Z")


def test_the_catalog_points_at_this_mocks_images_api(client: TestClient) -> None:
    body = client.post(TOKENS, json=auth_body("demo", "demo-password")).json()["token"]
    urls = {
        (service["type"], endpoint["interface"]): endpoint["url"]
        for service in body["catalog"]
        for endpoint in service["endpoints"]
    }
    assert urls[("image", "public")] == "http://testserver"
    assert urls[("identity", "public")] == "http://testserver/identity/v3"


def test_an_issued_token_works_on_the_images_api(client: TestClient) -> None:
    issued = log_in(client)
    listed = client.get("/v2/images", headers=token(issued))
    seeded = client.get("/v2/images", headers=token(DEMO_TOKEN))
    assert listed.status_code == 200
    assert [i["id"] for i in listed.json()["images"]] == [i["id"] for i in seeded.json()["images"]]


def test_an_admin_users_token_acts_with_the_admin_role(client: TestClient) -> None:
    issued = log_in(client, "demo-admin")
    created = client.post(
        "/v2/images", headers=token(issued), json={"name": "x", "visibility": "public"}
    )
    assert created.status_code == 201, created.text


@pytest.mark.parametrize(
    "body",
    [
        auth_body("demo", "wrong-password"),
        auth_body("nobody", "demo-password"),
        auth_body("other", "other-password", project="demo"),
    ],
)
def test_a_wrong_proof_or_scope_is_401(client: TestClient, body: dict[str, Any]) -> None:
    response = client.post(TOKENS, json=body)
    assert keystone_error(response) == (
        401,
        "The request you have made requires authentication.",
    )
    assert "X-Subject-Token" not in response.headers


@pytest.mark.parametrize(
    ("content", "missing"),
    [
        (b"{", None),
        (b"{}", "auth"),
        (b'{"auth": {}}', "identity"),
        (b'{"auth": {"identity": {"methods": []}}}', "methods"),
        (b'{"auth": {"identity": {"methods": ["password"]}}}', "password"),
    ],
)
def test_a_malformed_body_is_400(client: TestClient, content: bytes, missing: str | None) -> None:
    response = client.post(TOKENS, content=content, headers={"Content-Type": "application/json"})
    status, message = keystone_error(response)
    assert status == 400
    assert (f"Expecting to find {missing} in" in message) if missing else "Malformed" in message


def test_a_body_past_keystones_limit_is_413_before_it_is_read(client: TestClient) -> None:
    response = client.post(TOKENS, content=b"x" * 114_689)
    assert keystone_error(response)[0] == 413


def test_a_token_validates_itself_and_is_revoked(client: TestClient) -> None:
    issued = log_in(client)
    both = {"X-Auth-Token": issued, "X-Subject-Token": issued}
    shown = client.get(TOKENS, headers=both)
    assert shown.status_code == 200
    assert shown.headers["X-Subject-Token"] == issued
    assert client.delete(TOKENS, headers=both).status_code == 204
    assert client.get("/v2/images", headers=token(issued)).status_code == 401


def test_an_unknown_subject_is_404_for_an_admin(client: TestClient) -> None:
    admin = log_in(client, "demo-admin")
    response = client.get(TOKENS, headers={"X-Auth-Token": admin, "X-Subject-Token": "gAAAAAx"})
    assert keystone_error(response) == (404, "Could not find token: gAAAAAx.")


def test_a_member_may_not_read_another_project_nor_list_them(client: TestClient) -> None:
    issued = log_in(client)
    other = client.get(f"/identity/v3/projects/{OTHER_PROJECT}", headers={"X-Auth-Token": issued})
    assert keystone_error(other) == (
        403,
        "You are not authorized to perform the requested action: identity:get_project.",
    )
    own = client.get(f"/identity/v3/projects/{DEMO_PROJECT}", headers={"X-Auth-Token": issued})
    assert own.json()["project"]["name"] == "demo"
    listing = client.get("/identity/v3/projects", headers={"X-Auth-Token": issued})
    assert keystone_error(listing)[0] == 403


def test_an_admin_finds_a_project_by_name(client: TestClient) -> None:
    admin = log_in(client, "demo-admin")
    found = client.get("/identity/v3/projects?name=other", headers={"X-Auth-Token": admin})
    assert [p["id"] for p in found.json()["projects"]] == [OTHER_PROJECT]


def test_a_lookup_without_a_valid_token_is_401(client: TestClient) -> None:
    response = client.get(f"/identity/v3/projects/{DEMO_PROJECT}")
    assert keystone_error(response)[0] == 401
    assert response.headers["WWW-Authenticate"].startswith("Keystone uri=")


def test_a_user_lists_the_projects_it_may_scope_to(client: TestClient) -> None:
    issued = log_in(client)
    listed = client.get("/identity/v3/auth/projects", headers={"X-Auth-Token": issued})
    assert [p["id"] for p in listed.json()["projects"]] == [DEMO_PROJECT]


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(
        st.sampled_from(
            ["auth", "identity", "methods", "password", "token", "user", "id", "name",
             "domain", "scope", "project", "system", "x"]
        ),
        children,
        max_size=4,
    ),
    max_leaves=12,
)  # fmt: skip


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=JSON_VALUES)
def test_any_json_body_is_answered_in_keystones_shape_never_500(
    client: TestClient, body: object
) -> None:
    response = client.post(TOKENS, json=body)
    assert response.status_code in (201, 400, 401), response.text
    if response.status_code != 201:
        assert keystone_error(response)[0] == response.status_code
