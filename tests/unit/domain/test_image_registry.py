from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from mockserver.domain.errors import UnknownCredential
from mockserver.domain.image_listing import ImageQuery
from mockserver.domain.image_records import ACTIVE, QUEUED, Project, RegistrySeed
from mockserver.domain.image_registry import ImageRegistry
from mockserver.domain.registry_errors import (
    DataFormatMismatch,
    FourByteText,
    ImageProtected,
    MemberNotFound,
    MembershipRefused,
    NotTheOwner,
    PropertyAbsent,
    PropertyExists,
    PublicizeForbidden,
    ReadOnlyProperty,
    RecordNotFound,
    StatusConflict,
    TagAbsent,
)
from mockserver.domain.sources import Sources

MINE = Project("mine", tokens=("t-mine",), admin_tokens=("t-mine-admin",))
THEIRS = Project("theirs", tokens=("t-theirs",))
ADMIN = replace(MINE, admin=True)


@pytest.fixture
def registry() -> ImageRegistry:
    return ImageRegistry(RegistrySeed((MINE, THEIRS)))


def formatted(registry: ImageRegistry, caller: Project = MINE, **values: object) -> str:
    record = registry.create(caller, {"disk_format": "raw", "container_format": "bare", **values})
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
    image_id = formatted(registry, ADMIN, visibility="public")
    assert registry.show(THEIRS, image_id).owner == MINE.id
    with pytest.raises(NotTheOwner):
        registry.delete(THEIRS, image_id)


def test_reset_forgets_every_record(registry: ImageRegistry) -> None:
    formatted(registry)
    registry.reset()
    assert registry.list(MINE, ImageQuery()).records == ()


def test_an_admin_token_acts_for_its_project_with_the_admin_role(registry: ImageRegistry) -> None:
    assert registry.authenticate("t-mine-admin") == ADMIN
    assert registry.authenticate("t-mine").admin is False


def test_only_an_admin_makes_a_record_public(registry: ImageRegistry) -> None:
    with pytest.raises(PublicizeForbidden):
        registry.create(MINE, {"visibility": "public"})
    image_id = formatted(registry)
    publicize = [{"op": "replace", "path": "/visibility", "value": "public"}]
    with pytest.raises(PublicizeForbidden):
        registry.update(MINE, image_id, publicize)
    assert registry.update(ADMIN, image_id, publicize)["visibility"] == "public"


def test_an_admin_sees_and_changes_every_record(registry: ImageRegistry) -> None:
    image_id = formatted(registry, replace(THEIRS, admin=False), visibility="private")
    assert registry.show(ADMIN, image_id).owner == THEIRS.id
    registry.delete(ADMIN, image_id)


def test_four_byte_text_is_refused_and_stores_nothing(registry: ImageRegistry) -> None:
    with pytest.raises(FourByteText):
        registry.create(MINE, {"name": "pile of \U0001f4a9"})
    with pytest.raises(FourByteText):
        registry.create(MINE, {"\U0001f4a9": "x"})
    assert registry.list(MINE, ImageQuery()).records == ()


def test_v2_0_add_of_a_present_property_conflicts_v2_1_replaces(registry: ImageRegistry) -> None:
    image_id = formatted(registry, os_distro="debian")
    add = [{"op": "add", "path": "/os_distro", "value": "arch"}]
    with pytest.raises(PropertyExists):
        registry.update(MINE, image_id, add, add_replaces=False)
    assert registry.update(MINE, image_id, add).properties.custom["os_distro"] == "arch"


def test_records_created_in_one_second_list_newest_first() -> None:
    moments = iter(datetime(2026, 1, 1, tzinfo=UTC) + timedelta(microseconds=n) for n in range(9))
    registry = ImageRegistry(RegistrySeed((MINE,)), Sources(clock=lambda: next(moments)))
    ids = [formatted(registry) for _ in range(3)]
    assert [str(r.id) for r in registry.list(MINE, ImageQuery()).records] == ids[::-1]


def test_a_full_page_says_more_may_follow_and_the_next_one_is_empty(
    registry: ImageRegistry,
) -> None:
    ids = [formatted(registry) for _ in range(2)]
    page = registry.list(MINE, ImageQuery(limit=2))
    assert page.has_more
    after = registry.list(MINE, ImageQuery(limit=2, marker=str(page.records[-1].id)))
    assert (after.records, after.has_more) == ((), False)
    assert len(ids) == 2


def test_a_member_sees_a_shared_record_and_lists_it_once_accepted(registry: ImageRegistry) -> None:
    image_id = formatted(registry, visibility="shared")
    with pytest.raises(RecordNotFound):
        registry.show(THEIRS, image_id)
    registry.sharing.add_member(MINE, image_id, THEIRS.id)
    assert registry.show(THEIRS, image_id).owner == MINE.id
    assert registry.list(THEIRS, ImageQuery()).records == ()
    assert len(registry.list(THEIRS, ImageQuery(member_status="pending")).records) == 1
    registry.sharing.set_member_status(THEIRS, image_id, THEIRS.id, "accepted")
    assert [str(r.id) for r in registry.list(THEIRS, ImageQuery()).records] == [image_id]


def test_only_the_member_accepts_and_only_the_owner_removes(registry: ImageRegistry) -> None:
    image_id = formatted(registry, visibility="shared")
    registry.sharing.add_member(MINE, image_id, THEIRS.id)
    with pytest.raises(MembershipRefused):
        registry.sharing.set_member_status(MINE, image_id, THEIRS.id, "accepted")
    with pytest.raises(MembershipRefused):
        registry.sharing.remove_member(THEIRS, image_id, THEIRS.id)
    registry.sharing.remove_member(MINE, image_id, THEIRS.id)
    with pytest.raises(RecordNotFound):
        registry.show(THEIRS, image_id)


def test_only_shared_records_have_members(registry: ImageRegistry) -> None:
    image_id = formatted(registry, visibility="private")
    with pytest.raises(MembershipRefused):
        registry.sharing.add_member(MINE, image_id, THEIRS.id)
    with pytest.raises(MemberNotFound):
        registry.sharing.member(MINE, image_id, THEIRS.id)


def test_tags_are_added_once_and_removing_an_absent_one_fails(registry: ImageRegistry) -> None:
    image_id = formatted(registry)
    registry.add_tag(MINE, image_id, "a")
    assert registry.add_tag(MINE, image_id, "a")["tags"] == ("a",)
    registry.remove_tag(MINE, image_id, "a")
    with pytest.raises(TagAbsent):
        registry.remove_tag(MINE, image_id, "a")


def test_data_not_in_the_disk_format_is_refused_and_the_record_stays_queued(
    registry: ImageRegistry,
) -> None:
    image_id = formatted(registry, disk_format="qcow2")
    with pytest.raises(DataFormatMismatch):
        registry.upload(MINE, image_id, b"plain bytes, no qcow2 header" * 20)
    assert registry.show(MINE, image_id).status == QUEUED


def test_raw_data_has_its_length_as_virtual_size(registry: ImageRegistry) -> None:
    image_id = formatted(registry)
    data = registry.upload(MINE, image_id, b"0123456789").data
    assert data is not None
    assert data.virtual_size == 10


def test_a_qcow2_header_gives_the_virtual_size(registry: ImageRegistry) -> None:
    image_id = formatted(registry, disk_format="qcow2")
    data = registry.upload(MINE, image_id, qcow2_image(virtual_size=1 << 30)).data
    assert data is not None
    assert data.virtual_size == 1 << 30


def qcow2_image(virtual_size: int) -> bytes:
    """The smallest qcow2 file the inspectors accept: a version 3 header and no data."""
    header = bytearray(512)
    header[0:4] = b"QFI\xfb"
    header[4:8] = (3).to_bytes(4, "big")  # version
    header[20:24] = (16).to_bytes(4, "big")  # cluster bits
    header[24:32] = virtual_size.to_bytes(8, "big")
    header[100:104] = (104).to_bytes(4, "big")  # header length
    return bytes(header) + bytes(65536)
