"""A listing's query parameters read into filters, as Glance 33 reads them.

- `name`, `id`, `status`, `container_format`, `disk_format`: a value, `eq:` a value, or
  `in:` a comma-separated list (quotes keep commas); any other operator is refused;
- `created_at`, `updated_at`: `OP:` an ISO 8601 time, OP one of `eq`, `neq`, `lt`, `lte`,
  `gt`, `gte` (`eq` when none is given);
- `<attribute>_min`, `<attribute>_max`: an integer bound of a numeric attribute (`size`,
  `virtual_size`, `min_disk`, `min_ram`); a value that is no integer is refused;
- `size`, `min_disk`, `checksum`, `os_hash_value`, ...: equal to the value;
- `changes-since`: refused (a filter of Glance's v1 only);
- any other: the custom property of that name equal to the value.

Glance answers a range filter on a name that is no attribute (`foo_min=1`) with a 500;
here it is a custom property, as any other name is.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from ...domain.image_filters import (
    COMPARISONS,
    EQUALITY_ATTRIBUTES,
    NUMERIC_ATTRIBUTES,
    AttributeFilter,
)
from .errors import InvalidListQuery

CHOICE_ATTRIBUTES = frozenset({"id", "container_format", "disk_format"})
"""Besides `name` and `status`, which the listing query has fields of its own for."""
TIME_ATTRIBUTES = frozenset({"created_at", "updated_at"})
Properties = tuple[tuple[str, str], ...]


def read_filters(
    parameters: Iterable[tuple[str, str]],
) -> tuple[tuple[AttributeFilter, ...], Properties]:
    """The attribute filters and custom-property filters of `parameters` (the query's
    parameters that are no paging, sorting or named filter)."""
    attributes: list[AttributeFilter] = []
    properties: list[tuple[str, str]] = []
    for key, value in parameters:
        if key == "changes-since" and value:
            raise InvalidListQuery('The "changes-since" filter is no longer available on v2.')
        if key in CHOICE_ATTRIBUTES:
            attributes.append(AttributeFilter(key, "in", choices(value)))
        elif key in TIME_ATTRIBUTES:
            attributes.append(_time_filter(key, value))
        elif key.endswith(("_min", "_max")):
            try:
                bound = int(value)
            except ValueError:
                raise InvalidListQuery(
                    "Unable to filter on a range with a non-numeric value."
                ) from None
            if key[:-4] in NUMERIC_ATTRIBUTES:
                comparison = "gte" if key.endswith("_min") else "lte"
                attributes.append(AttributeFilter(key[:-4], comparison, bound))
            else:
                properties.append((key, value))
        elif key in EQUALITY_ATTRIBUTES:
            attributes.append(AttributeFilter(key, "eq", value))
        else:
            properties.append((key, value))
    return tuple(attributes), tuple(properties)


def choices(expression: str) -> tuple[str, ...]:
    """The values a `name`, `id`, `status` or format filter accepts."""
    operator, value = split_operator(expression)
    if operator == "in":
        return _quoted_list(value)
    if operator == "eq":
        return (value,)
    raise InvalidListQuery(f"Unable to filter by unknown operator '{operator}'.")


def split_operator(expression: str) -> tuple[str, str]:
    """(operator, value) of a filter expression: `eq` when there is no `OP:` in front, or
    when the whole expression reads as a time (whose colons are no operator's)."""
    left, colon, right = expression.partition(":")
    if not colon or parse_time(expression) is not None:
        return "eq", expression
    return left, right


def parse_time(text: str) -> datetime | None:
    """An ISO 8601 time (UTC when it names no offset), or None."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _time_filter(attribute: str, expression: str) -> AttributeFilter:
    operator, text = split_operator(expression)
    moment = parse_time(text)
    if moment is None:
        raise InvalidListQuery(
            f'Bad "{attribute}" query filter format. Use ISO 8601 DateTime notation.'
        )
    if operator not in COMPARISONS:
        raise InvalidListQuery("Unable to filter on a unknown operator.")
    return AttributeFilter(attribute, operator, moment)


def _quoted_list(text: str) -> tuple[str, ...]:
    """Comma-separated values; a double-quoted stretch keeps its commas."""
    values, current, quoted = [], "", False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            values.append(current)
            current = ""
        else:
            current += char
    return (*values, current)
