"""Glance's words for a listing's query parameter it cannot take (its request
deserializer's, checked before any filter is read), by parameter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SORT_KEYS = (
    "name",
    "status",
    "container_format",
    "disk_format",
    "size",
    "id",
    "created_at",
    "updated_at",
)


def invalid_sort_key(key: str) -> str:
    return f"Invalid sort key: {key}. It must be one of the following: {', '.join(SORT_KEYS)}."


def invalid_sort_direction(direction: str) -> str:
    return f"Invalid sort direction: {direction}"


def _limit(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return "limit param must be positive"
    return "limit param must be an integer"


def _true_or_false(name: str) -> Callable[[Any], str]:
    def words(value: Any) -> str:
        text = str(value).lower() if name == "os_hidden" else str(value)
        return f"Invalid value '{text}' for '{name}' filter. Valid values are 'true' or 'false'."

    return words


QUERY_WORDS: dict[str, Callable[[Any], str]] = {
    "limit": _limit,
    "sort_key": invalid_sort_key,
    "sort_dir": invalid_sort_direction,
    "member_status": lambda value: f"Invalid status: {value}",
    "visibility": lambda value: f"Invalid visibility value: {value}",
    "protected": _true_or_false("protected"),
    "os_hidden": _true_or_false("os_hidden"),
}
"""What Glance says of a refused value of each parameter (the value as the request gave it,
or as a number when it read as one)."""
