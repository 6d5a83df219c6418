"""The edges of an image's writable properties, as a real Glance 33 draws them: counts up to
its database's 4-byte integer (whole floats taken and kept as integers), text of 4-byte
characters refused in tags too, and each refusal in the order Glance makes it."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.domain.image_listing import ImageQuery
from mockserver.domain.image_records import Project, RegistrySeed
from mockserver.domain.image_registry import ImageRegistry
from mockserver.domain.registry_errors import (
    MAX_COUNT,
    CountOutOfRange,
    FourByteText,
    InvalidPropertyValue,
    PropertyAbsent,
    PropertyExists,
    QuotaExceeded,
)

MINE = Project("mine", tokens=("t-mine",))
EMOJI = "\U0001f600"


@pytest.fixture
def registry() -> ImageRegistry:
    return ImageRegistry(RegistrySeed((MINE,)))


def created(registry: ImageRegistry, **values: Any) -> str:
    return str(registry.create(MINE, values).id)


def replace(registry: ImageRegistry, image_id: str, path: str, value: Any) -> None:
    registry.update(MINE, image_id, [{"op": "replace", "path": path, "value": value}])


@pytest.mark.parametrize("name", ["min_disk", "min_ram"])
@pytest.mark.parametrize("value", [MAX_COUNT + 1, 2**63, 2**64, float(2**31), 1e300])
def test_a_count_past_a_4_byte_integer_is_refused_and_nothing_is_stored(
    registry: ImageRegistry, name: str, value: float
) -> None:
    with pytest.raises(CountOutOfRange) as refused:
        registry.create(MINE, {name: value})
    assert str(refused.value) == f"'{name}' value out of range, must not exceed 2147483647."
    assert registry.list(MINE, ImageQuery()).records == ()
    image_id = created(registry)
    with pytest.raises(CountOutOfRange):
        replace(registry, image_id, f"/{name}", value)
    assert registry.show(MINE, image_id)[name] == 0


@pytest.mark.parametrize("name", ["min_disk", "min_ram"])
def test_the_largest_4_byte_integer_is_a_count(registry: ImageRegistry, name: str) -> None:
    assert registry.show(MINE, created(registry, **{name: MAX_COUNT}))[name] == MAX_COUNT


@pytest.mark.parametrize(("sent", "kept"), [(0.0, 0), (1.0, 1), (1e2, 100), (-0.0, 0)])
def test_a_whole_float_is_a_count_kept_as_an_integer(
    registry: ImageRegistry, sent: float, kept: int
) -> None:
    image_id = created(registry, min_ram=sent)
    stored = registry.show(MINE, image_id)["min_ram"]
    assert (stored, type(stored)) == (kept, int)
    replace(registry, image_id, "/min_disk", sent)
    stored = registry.show(MINE, image_id)["min_disk"]
    assert (stored, type(stored)) == (kept, int)


@pytest.mark.parametrize("value", [1.5, True, False, None, "1", float("inf")])
def test_a_count_is_no_fraction_boolean_null_or_text(registry: ImageRegistry, value: Any) -> None:
    with pytest.raises(InvalidPropertyValue):
        registry.create(MINE, {"min_disk": value})


@pytest.mark.parametrize(("value", "quoted"), [(-1, "-1"), (-2.0, "-2.0"), (-(2**31) - 1, None)])
def test_a_negative_count_is_refused_in_glances_words_quoting_it_as_sent(
    registry: ImageRegistry, value: float, quoted: str | None
) -> None:
    image_id = created(registry)
    with pytest.raises(CountOutOfRange) as refused:
        replace(registry, image_id, "/min_ram", value)
    assert str(refused.value) == (
        f"Invalid value '{quoted or value}' for parameter 'min_ram': Cannot be a negative value"
    )


def test_a_tag_of_4_byte_characters_is_refused_and_nothing_is_stored(
    registry: ImageRegistry,
) -> None:
    with pytest.raises(FourByteText) as refused:
        registry.create(MINE, {"name": "tagged", "tags": ["fine", EMOJI]})
    assert str(refused.value) == "Param values can't contain 4 byte unicode."
    assert registry.list(MINE, ImageQuery()).records == ()
    image_id = created(registry, name="before")
    with pytest.raises(FourByteText):
        registry.update(
            MINE,
            image_id,
            [
                {"op": "replace", "path": "/name", "value": "after"},
                {"op": "replace", "path": "/tags", "value": [EMOJI]},
            ],
        )
    record = registry.show(MINE, image_id)
    assert (record["name"], record["tags"]) == ("before", ())


def test_a_tag_added_through_its_own_path_is_no_patch_of_the_tags(
    registry: ImageRegistry,
) -> None:
    """A tag put through the URL is stored as it came (Glance keeps a non-ASCII one as the
    Latin-1 reading of its bytes, so 4-byte characters never reach its database there):
    a later patch that leaves the tags alone is not refused for it."""
    image_id = created(registry)
    registry.add_tag(MINE, image_id, EMOJI)
    replace(registry, image_id, "/name", "renamed")
    assert registry.show(MINE, image_id)["tags"] == (EMOJI,)


@pytest.mark.parametrize("value", ["a\x00b", "\x00", "s" * 255, "\u00e9" * 255, "", "\ufffd\u4e2d"])
def test_text_of_any_bmp_character_nul_included_is_stored_as_sent(
    registry: ImageRegistry, value: str
) -> None:
    image_id = created(registry, name=value, tags=[value], **{f"k{value}"[:255]: value})
    record = registry.show(MINE, image_id)
    assert (record["name"], record["tags"]) == (value, (value,))
    assert record.properties.custom == {f"k{value}"[:255]: value}


def test_a_custom_property_name_past_255_characters_is_refused_on_patch_too(
    registry: ImageRegistry,
) -> None:
    image_id = created(registry)
    with pytest.raises(InvalidPropertyValue):
        registry.update(MINE, image_id, [{"op": "add", "path": "/" + "k" * 256, "value": "v"}])
    registry.update(MINE, image_id, [{"op": "add", "path": "/" + "k" * 255, "value": "v"}])


def test_what_the_store_refuses_comes_after_what_setting_a_value_refuses(
    registry: ImageRegistry,
) -> None:
    """Glance refuses 4-byte text, counts past its column and long names when it saves the
    image, after each operation has been applied: a `replace` of an absent property, or a
    v2.0 `add` of a present one, is refused first, whatever its value."""
    image_id = created(registry)
    with pytest.raises(PropertyAbsent):
        replace(registry, image_id, "/absent", EMOJI)
    with pytest.raises(PropertyAbsent):
        replace(registry, image_id, "/" + "k" * 300, "v")
    with pytest.raises(PropertyExists):
        registry.update(
            MINE, image_id, [{"op": "add", "path": "/min_ram", "value": 7.0}], add_replaces=False
        )


def test_the_quota_comes_before_4_byte_text_which_comes_before_the_range_then_tags(
    registry: ImageRegistry,
) -> None:
    many = {f"p{index}": "v" for index in range(129)}
    with pytest.raises(QuotaExceeded):
        registry.create(MINE, {"x": EMOJI, **many})
    with pytest.raises(FourByteText) as in_name:
        registry.create(MINE, {"min_ram": MAX_COUNT + 1, "name": EMOJI})
    assert str(in_name.value) == "Name can't contain 4 byte unicode characters."
    with pytest.raises(CountOutOfRange):
        registry.create(MINE, {"tags": [EMOJI], "min_ram": MAX_COUNT + 1})
    with pytest.raises(CountOutOfRange) as negative:
        registry.create(MINE, {"min_ram": MAX_COUNT + 1, "min_disk": -1})
    assert "negative" in str(negative.value)
