from __future__ import annotations

import pytest

from mockserver.domain.errors import UnknownCredential
from mockserver.domain.image_registry import (
    ACTIVE,
    QUEUED,
    ImageQuery,
    ImageRegistry,
    Project,
    RegistrySeed,
)
from mockserver.domain.registry_errors import (
    ImageProtected,
    NotTheOwner,
    PropertyAbsent,
    ReadOnlyProperty,
    RecordNotFound,
    StatusConflict,
)

MINE = Project("mine", tokens=("t-mine",))
THEIRS = Project("theirs", tokens=("t-theirs",))


@pytest.fixture
def registry() -> ImageRegistry:
    return ImageRegistry(RegistrySeed((MINE, THEIRS)))


def formatted(registry: ImageRegistry, **values: object) -> str:
    record = registry.create(MINE, {"disk_format": "raw", "container_format": "bare", **values})
    return str(record.id)


def test_tokens_name_their_project(registry: ImageRegistry) -> None:
    assert registry.authenticate("t-theirs") == THEIRS
    with pytest.raises(UnknownCredential):
        registry.authenticate("nobody")


def test_upload_moves_queued_to_active_once(registry: ImageRegistry) -> None:
    image_id = formatted(registry)
    assert registry.show(MINE, image_id).status == QUEUED
    assert registry.upload(MINE, image_id, b"data").status == ACTIVE
    with pytest.raises(StatusConflict):
        registry.upload(MINE, image_id, b"again")


def test_a_protected_record_survives_delete_until_unprotected(registry: ImageRegistry) -> None:
    image_id = formatted(registry, protected=True)
    with pytest.raises(ImageProtected):
        registry.delete(MINE, image_id)
    registry.update(MINE, image_id, [{"op": "replace", "path": "/protected", "value": False}])
    registry.delete(MINE, image_id)
    with pytest.raises(RecordNotFound):
        registry.show(MINE, image_id)


def test_a_patch_is_all_or_nothing(registry: ImageRegistry) -> None:
    image_id = formatted(registry, name="before")
    with pytest.raises(PropertyAbsent):
        registry.update(
            MINE,
            image_id,
            [{"op": "replace", "path": "/name", "value": "after"}, {"op": "remove", "path": "/x"}],
        )
    assert registry.show(MINE, image_id)["name"] == "before"


def test_read_only_properties_cannot_be_set(registry: ImageRegistry) -> None:
    with pytest.raises(ReadOnlyProperty):
        registry.create(MINE, {"checksum": "abc"})


def test_private_records_are_invisible_to_other_projects(registry: ImageRegistry) -> None:
    image_id = formatted(registry)
    with pytest.raises(RecordNotFound):
        registry.show(THEIRS, image_id)
    assert registry.list(THEIRS, ImageQuery()).records == ()


def test_public_records_are_visible_but_not_changeable(registry: ImageRegistry) -> None:
    image_id = formatted(registry, visibility="public")
    assert registry.show(THEIRS, image_id).owner == MINE.id
    with pytest.raises(NotTheOwner):
        registry.delete(THEIRS, image_id)


def test_reset_forgets_every_record(registry: ImageRegistry) -> None:
    formatted(registry)
    registry.reset()
    assert registry.list(MINE, ImageQuery()).records == ()
