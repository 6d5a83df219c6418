"""The roles a token carries, judged by a real Glance 33: a token issued by the identity
endpoint for a user with the reader role alone reads its project's images and changes
nothing, with Glance's status and words for each write, on the mock as on Glance."""

from __future__ import annotations

import httpx
import pytest

from .accounts import PRIMARY, READER, Account
from .conftest import Cloud

pytestmark = pytest.mark.slow

ALT_PROJECT = "2e1d0a4f9b8c4d3e8f6a7b2c3d4e5f60"
PATCH = {"Content-Type": "application/openstack-images-v2.1-json-patch"}
OCTET = {"Content-Type": "application/octet-stream"}
JSON = {"Content-Type": "application/json"}
Answer = tuple[str, str, int, str]


def log_in(cloud: Cloud, account: Account) -> str:
    password = {
        "user": {"name": account.user, "domain": {"name": "Default"}, "password": account.password}
    }
    body = {
        "auth": {
            "identity": {"methods": ["password"], "password": password},
            "scope": {"project": {"name": account.project, "domain": {"name": "Default"}}},
        }
    }
    response = httpx.post(f"{cloud.identity_url}/v3/auth/tokens", json=body)
    assert response.status_code == 201, response.text
    return response.headers["X-Subject-Token"]


def reader_round(cloud: Cloud) -> list[Answer]:
    """A member's image, then each write a reader of the same project tries on it, and a
    read: (method, last path segment, status, message) each."""
    member, reader = log_in(cloud, PRIMARY), log_in(cloud, READER)
    created = httpx.post(
        f"{cloud.image_url}/v2/images",
        headers={"X-Auth-Token": member},
        json={"name": "m", "disk_format": "raw"},
    )
    image = "/v2/images/" + created.json()["id"]
    patch = b'[{"op": "add", "path": "/x", "value": "y"}]'
    tries: list[tuple[str, str, bytes | None, dict[str, str]]] = [
        ("POST", "/v2/images", b'{"name": "r"}', JSON),
        ("PATCH", image, patch, PATCH),
        ("PUT", image + "/file", b"abc", OCTET),
        ("PUT", image + "/tags/red", None, {}),
        ("DELETE", image + "/tags/red", None, {}),
        ("POST", image + "/members", b'{"member": "%s"}' % ALT_PROJECT.encode(), JSON),
        ("POST", image + "/actions/deactivate", None, {}),
        ("PUT", image + "/stage", b"abc", OCTET),
        ("DELETE", image, None, {}),
        ("GET", image, None, {}),
    ]
    answers = []
    for method, path, content, headers in tries:
        response = httpx.request(
            method,
            cloud.image_url + path,
            content=content,
            headers={"X-Auth-Token": reader, "Accept": "application/json", **headers},
        )
        message = response.json()["message"] if response.status_code >= 400 else ""
        answers.append((method, path.replace(image, "<image>"), response.status_code, message))
    return answers


def test_a_reader_changes_nothing_with_glances_words_for_each_write(
    glance_cloud: Cloud, mock_cloud: Cloud
) -> None:
    on_glance = reader_round(glance_cloud)
    assert [status for _, _, status, _ in on_glance] == [403] * 9 + [200]  # the judge itself
    assert reader_round(mock_cloud) == on_glance
