"""python-glanceclient, pointed at the mock as at a Glance endpoint (its root URL), does a
Glance user's whole round unchanged, and raises its own exceptions for the refusals."""

from __future__ import annotations

import hashlib
import io
from typing import Any

import pytest
from glanceclient import Client, exc

from .conftest import DEMO_TOKEN

pytestmark = pytest.mark.slow

DATA = bytes(range(256)) * 40


@pytest.fixture
def glance(mock_url: str) -> Client:
    return Client(endpoint=f"{mock_url}/v2", token=DEMO_TOKEN)


def create(glance: Client, **properties: object) -> Any:
    return glance.images.create(disk_format="raw", container_format="bare", **properties)


def test_create_show_and_update_an_image(glance: Client) -> None:
    image = create(glance, name="cirros", tags=["edge"])
    assert (image.status, image.name, image.tags) == ("queued", "cirros", ["edge"])
    updated = glance.images.update(image.id, name="cirros-2", os_distro="cirros")
    assert (updated.name, updated.os_distro) == ("cirros-2", "cirros")
    assert glance.images.get(image.id).os_distro == "cirros"


def test_list_follows_pages_and_filters(glance: Client) -> None:
    ids = {create(glance, name="paged", tags=["paged"]).id for _ in range(5)}
    listed = list(glance.images.list(page_size=2, filters={"tag": ["paged"]}))
    assert {image.id for image in listed} == ids
    assert [image.id for image in glance.images.list(filters={"name": "no-such-name"})] == []


def test_tags_are_added_and_removed(glance: Client) -> None:
    image = create(glance)
    glance.image_tags.update(image.id, "blue")
    glance.image_tags.update(image.id, "green")
    glance.image_tags.delete(image.id, "blue")
    assert glance.images.get(image.id).tags == ["green"]


def test_upload_then_download_with_its_checksum(glance: Client) -> None:
    image = create(glance)
    glance.images.upload(image.id, io.BytesIO(DATA))
    shown = glance.images.get(image.id)
    assert (shown.status, shown.size, shown.checksum) == (
        "active",
        len(DATA),
        hashlib.md5(DATA, usedforsecurity=False).hexdigest(),
    )
    # The client checks the data it downloads against the Content-MD5 header.
    assert b"".join(glance.images.data(image.id)) == DATA
    with pytest.raises(exc.HTTPConflict):
        glance.images.upload(image.id, io.BytesIO(DATA))


def test_a_deactivated_image_s_data_is_forbidden_until_reactivated(glance: Client) -> None:
    image = create(glance)
    glance.images.upload(image.id, io.BytesIO(DATA))
    glance.images.deactivate(image.id)
    assert glance.images.get(image.id).status == "deactivated"
    with pytest.raises(exc.HTTPForbidden):
        b"".join(glance.images.data(image.id))
    glance.images.reactivate(image.id)
    assert b"".join(glance.images.data(image.id)) == DATA


def test_protected_images_refuse_deletion_until_unprotected(glance: Client) -> None:
    image = create(glance, protected=True)
    with pytest.raises(exc.HTTPForbidden):
        glance.images.delete(image.id)
    glance.images.update(image.id, protected=False)
    glance.images.delete(image.id)
    with pytest.raises(exc.HTTPNotFound):
        glance.images.delete(image.id)
    with pytest.raises(exc.HTTPNotFound):
        glance.images.get(image.id)


def test_sharing_with_another_project(glance: Client, mock_url: str) -> None:
    image = create(glance, visibility="shared")
    member = glance.image_members.create(image.id, "4e7c2a9d5b3f4a1e8c6d0b2f9a7e5c3d")
    assert member.status == "pending"
    other = Client(endpoint=f"{mock_url}/v2", token="gAAAAAother-cloud-token")
    other.image_members.update(image.id, member.member_id, "accepted")
    assert image.id in {listed.id for listed in other.images.list()}
    assert [m.status for m in glance.image_members.list(image.id)] == ["accepted"]


def test_an_admin_names_the_owner_and_a_member_may_not(glance: Client, mock_url: str) -> None:
    admin = Client(endpoint=f"{mock_url}/v2", token="gAAAAAdemo-cloud-admin-token")
    image = create(admin, owner="4e7c2a9d5b3f4a1e8c6d0b2f9a7e5c3d")
    assert image.owner == "4e7c2a9d5b3f4a1e8c6d0b2f9a7e5c3d"
    with pytest.raises(exc.HTTPNotFound):
        glance.images.get(image.id)
    admin.images.update(image.id, owner="9b1d5c3e0a4f4d2c8e7f6a5b4c3d2e1f")
    assert glance.images.get(image.id).owner == "9b1d5c3e0a4f4d2c8e7f6a5b4c3d2e1f"
    with pytest.raises(exc.HTTPForbidden):
        glance.images.update(image.id, owner="4e7c2a9d5b3f4a1e8c6d0b2f9a7e5c3d")
    with pytest.raises(exc.HTTPForbidden):
        create(glance, owner="4e7c2a9d5b3f4a1e8c6d0b2f9a7e5c3d")


def test_an_unknown_token_is_unauthorized(mock_url: str) -> None:
    with pytest.raises(exc.HTTPUnauthorized):
        list(Client(endpoint=f"{mock_url}/v2", token="no-such-token").images.list())
