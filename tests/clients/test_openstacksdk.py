"""openstacksdk, configured as for a Glance without Keystone (a token and the image
endpoint), finds the Images API through the version document and does a user's round."""

from __future__ import annotations

import hashlib
import io
from typing import Any

import openstack
import pytest
from openstack import exceptions

from .conftest import DEMO_TOKEN

pytestmark = pytest.mark.slow

DATA = b"openstacksdk" * 512


@pytest.fixture
def cloud(mock_url: str) -> Any:
    """A connection; typed loosely, as openstacksdk types its proxies for every API version."""
    return openstack.connect(
        auth_type="admin_token",
        auth={"endpoint": mock_url, "token": DEMO_TOKEN},
        image_endpoint_override=mock_url,
    )


def test_create_upload_list_and_download(cloud: Any) -> None:
    image = cloud.image.create_image(
        name="sdk", disk_format="raw", container_format="bare", data=io.BytesIO(DATA)
    )
    shown = cloud.image.get_image(image.id)
    assert (shown.status, shown.size) == ("active", len(DATA))
    assert shown.checksum == hashlib.md5(DATA, usedforsecurity=False).hexdigest()
    assert image.id in {listed.id for listed in cloud.image.images(limit=1)}
    assert cloud.image.download_image(image).content == DATA


def test_update_and_tags(cloud: Any) -> None:
    image = cloud.image.create_image(name="t", disk_format="raw", container_format="bare")
    cloud.image.update_image(image, name="renamed", min_ram=512)
    cloud.image.add_tag(image, "red")
    shown = cloud.image.get_image(image.id)
    assert (shown.name, shown.min_ram, shown.tags) == ("renamed", 512, ["red"])
    cloud.image.remove_tag(image, "red")
    assert cloud.image.get_image(image.id).tags == []


def test_a_deactivated_image_s_data_is_forbidden_until_reactivated(cloud: Any) -> None:
    image = cloud.image.create_image(
        name="d", disk_format="raw", container_format="bare", data=io.BytesIO(DATA)
    )
    cloud.image.deactivate_image(image)
    assert cloud.image.get_image(image.id).status == "deactivated"
    # openstacksdk reads no status on a download: it checks the 403's body against the
    # image's hash, and refuses it as it refuses Glance's.
    with pytest.raises(exceptions.InvalidResponse):
        cloud.image.download_image(image)
    cloud.image.reactivate_image(image)
    assert cloud.image.download_image(image).content == DATA


def test_protected_delete_is_forbidden_and_a_second_delete_not_found(cloud: Any) -> None:
    image = cloud.image.create_image(
        name="p", disk_format="raw", container_format="bare", is_protected=True
    )
    with pytest.raises(exceptions.ForbiddenException):
        cloud.image.delete_image(image, ignore_missing=False)
    cloud.image.update_image(image, is_protected=False)
    cloud.image.delete_image(image, ignore_missing=False)
    with pytest.raises(exceptions.NotFoundException):
        cloud.image.delete_image(image, ignore_missing=False)


def test_listing_filters_on_formats_sizes_and_times(cloud: Any) -> None:
    raw = cloud.image.create_image(
        name="filtered-raw", disk_format="raw", container_format="bare", data=io.BytesIO(DATA)
    )
    qcow2 = cloud.image.create_image(
        name="filtered-qcow2", disk_format="qcow2", container_format="bare"
    )

    def listed(**query: Any) -> set[str]:
        return {image.id for image in cloud.image.images(**query)} & {raw.id, qcow2.id}

    assert listed(disk_format="raw") == {raw.id}
    assert listed(disk_format="qcow2") == {qcow2.id}
    assert listed(size_min=len(DATA)) == {raw.id}
    assert listed(size_max=len(DATA) - 1) == set()
    assert listed(created_at=f"gte:{raw.created_at}") >= {raw.id}
    with pytest.raises(exceptions.BadRequestException):
        list(cloud.image.images(size_min="big"))
