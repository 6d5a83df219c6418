"""`filter`, `order` and `start` of `catalog.productImage.list`, as a portal's list methods
read them (vendor pages on list methods and on large data).

The schema has already refused unknown fields, unknown operators and directions; what is
left is to apply them to the rendered pictures. Values are compared as the fields hold
them: a numeric string against `id` is that number, as PHP and SQL read it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

PAGE_SIZE = 50
NO_COUNT = -1
"""`start=-1`: the first page without counting, so the answer has no `total` nor `next`."""
INTEGER_FIELDS = frozenset({"id", "productId"})
_KEY = re.compile(r"^(=%|%=|!=|!@|>=|<=|=|!|>|<|@|%)?(.+)$")

Picture = Mapping[str, Any]
T = TypeVar("T")


@dataclass(frozen=True)
class Condition:
    operator: str
    field: str
    value: Any

    def holds(self, picture: Picture) -> bool:
        return _OPERATORS[self.operator](picture.get(self.field), self._value(self.value))

    def _value(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self._value(item) for item in value]
        if self.field in INTEGER_FIELDS:
            return _integer(value)
        return value if isinstance(value, str) else _text(value)


@dataclass(frozen=True)
class ListQuery:
    conditions: tuple[Condition, ...]
    order: tuple[tuple[str, bool], ...]
    """(field, descending), most significant first."""
    start: int

    @classmethod
    def of(cls, params: Mapping[str, Any]) -> ListQuery:
        conditions = []
        for key, value in (params.get("filter") or {}).items():
            matched = _KEY.match(key)
            assert matched is not None  # the schema's pattern admits only such keys
            operator, field = matched.group(1) or "", matched.group(2)
            conditions.append(Condition(operator, field, value))
        order = tuple(
            (field, str(direction).upper() == "DESC")
            for field, direction in (params.get("order") or {}).items()
        )
        return cls(tuple(conditions), order, int(params.get("start", 0)))

    @property
    def fields(self) -> frozenset[str]:
        """The fields the filter and the order read."""
        return frozenset({c.field for c in self.conditions} | {f for f, _ in self.order})

    def page(
        self, items: Sequence[T], fields_of: Callable[[T], Picture]
    ) -> tuple[list[T], dict[str, int]]:
        """The page asked for, and the answer's paging members (`total`, `next`).
        `fields_of` renders an item's fields; it is called only when a filter or an order
        needs them, so a plain page of a large gallery renders no more than its page."""
        matching = list(items)
        if self.conditions or self.order:
            rows = [(fields_of(item), item) for item in matching]
            rows = [row for row in rows if all(c.holds(row[0]) for c in self.conditions)]
            for field, descending in reversed(self.order):  # stable: least significant first
                rows.sort(key=_sort_key(field), reverse=descending)
            matching = [item for _, item in rows]
        if self.start == NO_COUNT:
            return matching[:PAGE_SIZE], {}
        paging = {"total": len(matching)}
        if self.start + PAGE_SIZE < len(matching):
            paging["next"] = self.start + PAGE_SIZE
        return matching[self.start : self.start + PAGE_SIZE], paging


def _integer(value: Any) -> int | None:
    """As SQL compares a value with an integer column; None for one that is no number."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(float(value.strip()))
        except ValueError:
            return None
    return None


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else ""
    if value is None:
        return ""
    return str(value)


def _sort_key(field: str) -> Callable[[tuple[Picture, Any]], tuple[int, Any]]:
    def key(row: tuple[Picture, Any]) -> tuple[int, Any]:
        value = row[0].get(field)
        return (0, value) if value is not None else (1, 0)

    return key


def _compare(test: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def compared(held: Any, wanted: Any) -> bool:
        if held is None or wanted is None or isinstance(wanted, list):
            return False
        try:
            return test(held, wanted)
        except TypeError:
            return False

    return compared


def _among(held: Any, wanted: Any) -> bool:
    return held in wanted if isinstance(wanted, list) else held == wanted


def _like(held: Any, wanted: Any) -> bool:
    """`%`: the value anywhere in the field, letters in any case."""
    if held is None or isinstance(wanted, list):
        return False
    return str(wanted).casefold() in str(held).casefold()


def _like_pattern(held: Any, wanted: Any) -> bool:
    """`=%` and `%=`: an SQL LIKE pattern, `%` any run of characters, `_` one."""
    if held is None or isinstance(wanted, list):
        return False
    pattern = "".join(
        ".*" if char == "%" else "." if char == "_" else re.escape(char) for char in str(wanted)
    )
    return re.fullmatch(pattern, str(held), re.IGNORECASE | re.DOTALL) is not None


_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "": _among,
    "=": _among,
    "@": _among,
    "!": lambda held, wanted: not _among(held, wanted),
    "!=": lambda held, wanted: not _among(held, wanted),
    "!@": lambda held, wanted: not _among(held, wanted),
    ">": _compare(lambda held, wanted: held > wanted),
    ">=": _compare(lambda held, wanted: held >= wanted),
    "<": _compare(lambda held, wanted: held < wanted),
    "<=": _compare(lambda held, wanted: held <= wanted),
    "%": _like,
    "=%": _like_pattern,
    "%=": _like_pattern,
}
