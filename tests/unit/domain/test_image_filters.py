"""Filters on an image record's own attributes, as Glance's database compares them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mockserver.domain.image_filters import AttributeFilter
from mockserver.domain.image_listing import ImageQuery
from mockserver.domain.image_records import Project, RegistrySeed
from mockserver.domain.image_registry import ImageRegistry

MINE = Project("mine", tokens=("t-mine",))


@pytest.fixture
def registry() -> ImageRegistry:
    registry = ImageRegistry(RegistrySeed((MINE,)))
    values = {"name": "raw", "disk_format": "raw", "container_format": "bare", "min_disk": 2}
    raw = registry.create(MINE, values)
    registry.upload(MINE, str(raw.id), b"0123456789")
    registry.create(MINE, {"name": "queued", "disk_format": "qcow2"})
    return registry


def listed(registry: ImageRegistry, *conditions: AttributeFilter) -> list[str]:
    records = registry.list(MINE, ImageQuery(attributes=conditions)).records
    return sorted(record["name"] for record in records)


def test_an_attribute_compares_with_a_value_or_a_list(registry: ImageRegistry) -> None:
    assert listed(registry, AttributeFilter("disk_format", "in", ("raw",))) == ["raw"]
    assert listed(registry, AttributeFilter("disk_format", "in", ("raw", "qcow2"))) == [
        "queued",
        "raw",
    ]
    assert listed(registry, AttributeFilter("min_disk", "gte", 1)) == ["raw"]


def test_a_record_without_the_attribute_matches_nothing(registry: ImageRegistry) -> None:
    # The queued record has no data, so no size: neither above nor below any bound.
    assert listed(registry, AttributeFilter("size", "gte", 0)) == ["raw"]
    assert listed(registry, AttributeFilter("size", "lte", 100)) == ["raw"]


def test_text_compares_with_a_number_as_a_number(registry: ImageRegistry) -> None:
    assert listed(registry, AttributeFilter("size", "eq", "10")) == ["raw"]
    assert listed(registry, AttributeFilter("size", "eq", "10.0")) == ["raw"]
    assert listed(registry, AttributeFilter("size", "eq", "ten")) == []


def test_times_compare_as_times(registry: ImageRegistry) -> None:
    long_ago = datetime(2000, 1, 1, tzinfo=UTC)
    assert listed(registry, AttributeFilter("created_at", "gt", long_ago)) == ["queued", "raw"]
    assert listed(registry, AttributeFilter("updated_at", "lt", long_ago)) == []
