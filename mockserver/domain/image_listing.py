"""How a listing of image records is asked for and cut into pages: filters, the order Glance
gives (the sort key, then creation time and id in the same direction) and the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .image_filters import AttributeFilter

if TYPE_CHECKING:
    from .image_records import ImageRecord

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 1000


@dataclass(frozen=True)
class ImageQuery:
    """Filters, order and page of a listing. A filter left None does not filter.

    `visibility` is one of the four, `all`, or None for the default listing;
    `member_status` picks the other projects' shared records by the caller's membership
    (`all` for any); `attributes` are conditions on the records' own attributes;
    `properties` are custom properties that must have these values.
    `order` is the sort keys, each with its direction (True: descending)."""

    names: tuple[str, ...] | None = None
    statuses: tuple[str, ...] | None = None
    visibility: str | None = None
    member_status: str = "accepted"
    protected: bool | None = None
    owner: str | None = None
    tags: tuple[str, ...] = ()
    os_hidden: bool = False
    attributes: tuple[AttributeFilter, ...] = ()
    properties: tuple[tuple[str, str], ...] = ()
    order: tuple[tuple[str, bool], ...] = (("created_at", True),)
    limit: int = DEFAULT_PAGE_SIZE
    marker: str | None = None

    def matches(self, record: ImageRecord) -> bool:
        custom = record.properties.custom
        return (
            (self.names is None or record["name"] in self.names)
            and (self.statuses is None or record.status in self.statuses)
            and (self.protected is None or record.protected == self.protected)
            and (self.owner is None or record.owner == self.owner)
            and all(tag in record["tags"] for tag in self.tags)
            and record["os_hidden"] == self.os_hidden
            and all(condition.matches(record) for condition in self.attributes)
            and all(custom.get(name) == value for name, value in self.properties)
        )


@dataclass(frozen=True)
class ImagePage:
    records: tuple[ImageRecord, ...]
    limit: int
    has_more: bool = field(default=False)
    """Whether the page is full, so a next one may follow: the registry, as Glance, does
    not look ahead, so the page after a full last page is empty."""


def ordered(records: Iterable[ImageRecord], order: Sequence[tuple[str, bool]]) -> list[ImageRecord]:
    """The records in Glance's order: by each sort key in its direction, then by creation
    time and id (in the first key's direction when only one direction was asked for,
    else descending), as Glance always adds those two."""
    keys = list(order)
    direction = order[0][1] if len({d for _, d in order}) == 1 else True
    keys += [(key, direction) for key in ("created_at", "id") if key not in dict(order)]
    result = list(records)
    for key, descending in reversed(keys):  # stable sorts, the least significant first
        result.sort(key=lambda record: _value(record, key), reverse=descending)
    return result


def _value(record: ImageRecord, key: str) -> tuple[bool, Any]:
    values: dict[str, Any] = {
        "id": str(record.id),
        "status": record.status,
        "size": record.data.size if record.data else None,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
    }
    value = values[key] if key in values else record.properties.base.get(key)
    # Unset values sort before set ones, as SQL's NULLS FIRST in ascending order.
    return (value is not None, value if value is not None else 0)
