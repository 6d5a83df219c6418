"""Filters of a listing on a record's own attributes, as Glance's database layer applies
them: a comparison of the attribute with a value, or membership in a list of values.

An attribute a record does not have (an image without data has no size) matches nothing,
as SQL's NULL compares false. A value given as text is compared with a numeric attribute
as a number, as SQLite compares a number column with text, and matches nothing when it
reads as no number.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .image_records import HASH_ALGORITHM

if TYPE_CHECKING:
    from .image_records import ImageRecord

COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "neq": operator.ne,
    "lt": operator.lt,
    "lte": operator.le,
    "gt": operator.gt,
    "gte": operator.ge,
}
NUMERIC_ATTRIBUTES = frozenset({"size", "virtual_size", "min_disk", "min_ram"})
"""The attributes with a range filter (`size_min`, `min_ram_max`, ...)."""
EQUALITY_ATTRIBUTES = frozenset({*NUMERIC_ATTRIBUTES, "checksum", "os_hash_value", "os_hash_algo"})
"""The attributes a query parameter of their own name filters on by equality (besides
those with a filter syntax of their own: name, id, status, formats, times)."""
_DATA_FIELDS = {"size": "size", "virtual_size": "virtual_size", "checksum": "checksum"}


@dataclass(frozen=True)
class AttributeFilter:
    attribute: str
    comparison: str
    """A key of `COMPARISONS`, or `in` (`value` is then a tuple of texts)."""
    value: str | int | datetime | tuple[str, ...]

    def matches(self, record: ImageRecord) -> bool:
        actual = attribute_value(record, self.attribute)
        if actual is None:
            return False
        if self.comparison == "in":
            assert isinstance(self.value, tuple)
            return str(actual) in self.value
        expected: object = self.value
        if isinstance(expected, str) and isinstance(actual, int | float):
            try:
                expected = float(expected)
            except ValueError:
                return False
        try:
            return COMPARISONS[self.comparison](actual, expected)
        except TypeError:  # a number against text, as an attribute of no number
            return False


def attribute_value(record: ImageRecord, name: str) -> Any:
    """The value of one of a record's attributes, or None when it has none."""
    if name == "id":
        return str(record.id)
    if name == "status":
        return record.status
    if name == "owner":
        return record.owner
    if name in ("created_at", "updated_at"):
        return getattr(record, name)
    data = record.data
    if name in _DATA_FIELDS:
        return getattr(data, _DATA_FIELDS[name]) if data else None
    if name == "os_hash_value":
        return data.hash_value if data else None
    if name == "os_hash_algo":
        return HASH_ALGORITHM if data else None
    return record.properties.base.get(name)
