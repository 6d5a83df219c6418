"""A Cloud Images listing's query read into filters, as Glance 33 reads it (the reference
run sends the same queries to a real Glance)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mockserver.adapters.cloud_images.errors import InvalidListQuery
from mockserver.adapters.cloud_images.list_filters import choices, read_filters, split_operator
from mockserver.domain.image_filters import AttributeFilter


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("raw", ("eq", "raw")),
        ("in:raw,qcow2", ("in", "raw,qcow2")),
        ("gte:2000-01-01T00:00:00Z", ("gte", "2000-01-01T00:00:00Z")),
        ("2000-01-01T00:00:00+01:00", ("eq", "2000-01-01T00:00:00+01:00")),  # a time's colons
        ("a:b:c", ("a", "b:c")),
    ],
)
def test_an_operator_is_split_off_as_glance_splits_it(
    expression: str, expected: tuple[str, str]
) -> None:
    assert split_operator(expression) == expected


def test_choices_take_one_value_eq_or_a_quoted_list() -> None:
    assert choices("raw") == ("raw",)
    assert choices("eq:raw") == ("raw",)
    assert choices('in:a,"b,c",d') == ("a", "b,c", "d")
    with pytest.raises(InvalidListQuery, match="unknown operator 'neq'"):
        choices("neq:raw")


def test_each_parameter_is_read_as_glance_reads_it() -> None:
    attributes, properties = read_filters(
        [
            ("disk_format", "in:raw,qcow2"),
            ("size_min", "10"),
            ("min_ram_max", "512"),
            ("checksum", "abc"),
            ("created_at", "lt:2024-10-17T08:48:05Z"),
            ("os_distro", "debian"),
            ("foo_min", "1"),  # no attribute: a custom property (Glance answers 500)
        ]
    )
    assert attributes == (
        AttributeFilter("disk_format", "in", ("raw", "qcow2")),
        AttributeFilter("size", "gte", 10),
        AttributeFilter("min_ram", "lte", 512),
        AttributeFilter("checksum", "eq", "abc"),
        AttributeFilter("created_at", "lt", datetime(2024, 10, 17, 8, 48, 5, tzinfo=UTC)),
    )
    assert properties == (("os_distro", "debian"), ("foo_min", "1"))


@pytest.mark.parametrize(
    ("parameter", "message"),
    [
        (("size_min", "big"), "Unable to filter on a range with a non-numeric value."),
        (("foo_max", "1.5"), "Unable to filter on a range with a non-numeric value."),
        (("created_at", "yesterday"), 'Bad "created_at" query filter format.'),
        (("updated_at", "near:2000-01-01T00:00:00Z"), "Unable to filter on a unknown operator."),
        (("id", "neq:x"), "Unable to filter by unknown operator 'neq'."),
        (("changes-since", "2000-01-01T00:00:00Z"), '"changes-since" filter is no longer'),
    ],
)
def test_a_value_glance_cannot_read_is_refused_in_its_words(
    parameter: tuple[str, str], message: str
) -> None:
    with pytest.raises(InvalidListQuery) as refused:
        read_filters([parameter])
    assert message in str(refused.value)
