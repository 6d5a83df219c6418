"""The registry's status actions (deactivate, reactivate) and its owner rules, on their own."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mockserver.domain.image_records import ACTIVE, DEACTIVATED, Project, RegistrySeed
from mockserver.domain.image_registry import ImageRegistry
from mockserver.domain.registry_errors import (
    ActionNotAuthorized,
    ImageDeactivated,
    OwnerChangeForbidden,
    OwnerNotPermitted,
    ReadOnlyProperty,
    StatusActionRefused,
)

MINE = Project("mine", tokens=("t-mine",))
THEIRS = Project("theirs", tokens=("t-theirs",))
ADMIN = replace(MINE, admin=True)


@pytest.fixture
def registry() -> ImageRegistry:
    return ImageRegistry(RegistrySeed((MINE, THEIRS)))


def active(registry: ImageRegistry, **values: object) -> str:
    values = {"disk_format": "raw", "container_format": "bare", **values}
    image_id = str(registry.create(ADMIN if "visibility" in values else MINE, values).id)
    registry.upload(ADMIN, image_id, b"data")
    return image_id


def test_deactivate_and_reactivate_move_between_active_and_deactivated(
    registry: ImageRegistry,
) -> None:
    image_id = active(registry)
    assert registry.deactivate(MINE, image_id).status == DEACTIVATED
    assert registry.deactivate(MINE, image_id).status == DEACTIVATED
    assert registry.reactivate(MINE, image_id).status == ACTIVE
    assert registry.reactivate(MINE, image_id).status == ACTIVE


def test_a_queued_record_takes_neither_action(registry: ImageRegistry) -> None:
    image_id = str(registry.create(MINE, {}).id)
    for action in (registry.deactivate, registry.reactivate):
        with pytest.raises(StatusActionRefused):
            action(MINE, image_id)


def test_a_deactivated_record_s_data_is_for_admins_alone(registry: ImageRegistry) -> None:
    image_id = active(registry)
    registry.deactivate(MINE, image_id)
    with pytest.raises(ImageDeactivated):
        registry.download(MINE, image_id)
    assert registry.download(ADMIN, image_id).status == DEACTIVATED


def test_another_project_that_sees_the_record_may_not_act_on_it(registry: ImageRegistry) -> None:
    image_id = active(registry, visibility="public")
    with pytest.raises(ActionNotAuthorized):
        registry.deactivate(THEIRS, image_id)


def test_only_an_admin_creates_for_another_owner(registry: ImageRegistry) -> None:
    with pytest.raises(OwnerNotPermitted):
        registry.create(MINE, {"owner": THEIRS.id, "status": "active"})
    assert registry.create(MINE, {"owner": MINE.id}).owner == MINE.id
    assert registry.create(ADMIN, {"owner": THEIRS.id}).owner == THEIRS.id
    assert registry.create(ADMIN, {"owner": None}).owner is None


def test_only_an_admin_replaces_the_owner(registry: ImageRegistry) -> None:
    image_id = str(registry.create(MINE, {}).id)
    give = [{"op": "replace", "path": "/owner", "value": THEIRS.id}]
    with pytest.raises(OwnerChangeForbidden):
        registry.update(MINE, image_id, give)
    assert registry.update(ADMIN, image_id, give).owner == THEIRS.id


def test_a_patch_s_read_only_path_is_refused_before_any_operation_applies(
    registry: ImageRegistry,
) -> None:
    image_id = str(registry.create(MINE, {}).id)
    operations = [
        {"op": "replace", "path": "/owner", "value": THEIRS.id},
        {"op": "replace", "path": "/status", "value": "active"},
    ]
    with pytest.raises(ReadOnlyProperty):
        registry.update(MINE, image_id, operations)
