"""A caller with the reader role alone: it sees what its project sees and changes nothing,
each write refused by the name of Glance's policy for it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from mockserver.domain.image_listing import ImageQuery
from mockserver.domain.image_records import Project, RegistrySeed
from mockserver.domain.image_registry import ImageRegistry
from mockserver.domain.registry_errors import ActionNotAuthorized, RecordNotFound

MEMBER = Project("mine", tokens=("t-mine",))
READER = replace(MEMBER, reader=True)
UNKNOWN_ID = "0b7e5e9c-3d2a-4c1f-8e6b-5a4d3c2b1a09"


@pytest.fixture
def registry() -> ImageRegistry:
    return ImageRegistry(RegistrySeed((MEMBER,)))


@pytest.fixture
def image_id(registry: ImageRegistry) -> str:
    created = registry.create(MEMBER, {"name": "x", "visibility": "shared"})
    return str(created.id)


WRITES: dict[str, Callable[[ImageRegistry, str], object]] = {
    "modify_image": lambda r, i: r.update(READER, i, [{"op": "add", "path": "/x", "value": "y"}]),
    "delete_image": lambda r, i: r.delete(READER, i),
    "upload_image": lambda r, i: r.upload(READER, i, b"data"),
    "deactivate": lambda r, i: r.deactivate(READER, i),
    "add_member": lambda r, i: r.sharing.add_member(READER, i, "theirs"),
}


@pytest.mark.parametrize("action", sorted(WRITES))
def test_a_reader_is_refused_every_write_by_its_policy_name(
    registry: ImageRegistry, image_id: str, action: str
) -> None:
    before = registry.show(MEMBER, image_id)
    with pytest.raises(ActionNotAuthorized) as refused:
        WRITES[action](registry, image_id)
    assert refused.value.action == action
    assert registry.show(MEMBER, image_id) == before


def test_a_reader_creates_nothing(registry: ImageRegistry) -> None:
    with pytest.raises(ActionNotAuthorized, match="add_image"):
        registry.create(READER, {"name": "r"})
    assert registry.list(MEMBER, ImageQuery()).records == ()


def test_a_reader_reads_its_projects_images(registry: ImageRegistry, image_id: str) -> None:
    assert str(registry.show(READER, image_id).id) == image_id


def test_an_image_the_reader_cannot_see_is_404_before_the_policy(registry: ImageRegistry) -> None:
    with pytest.raises(RecordNotFound):
        registry.delete(READER, UNKNOWN_ID)
