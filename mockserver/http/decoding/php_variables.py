"""Form variables as PHP registers them, from `key=value` pairs with bracketed keys.

`fields[productId]=1` nests, `select[]=id` appends, a later pair replaces an earlier one
with the same key. PHP bounds what one request registers, and so does this: the first
`max_input_vars` variables are read and the rest dropped; a variable nested deeper than
`max_input_nesting_level` is dropped with every earlier one of its name. Each pair costs
time in its own length: an append finds its index in the array's next free index, kept as
PHP keeps it, never by a search of the array's keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any
from urllib.parse import unquote_plus, unquote_to_bytes

from .refusals import NotText

# A PHP array key that is an integer: canonical decimal within 64 bits.
_INTEGER_KEY = re.compile(r"-?(?:0|[1-9][0-9]{0,18})")
_INT64 = 2**63
_INTEGER_STARTS = frozenset("-0123456789")
_INDEX_SPACES = " \r\n\t"
_UNQUOTED_PIECE = 16 * 1024
"""Texts longer than this are percent-decoded in pieces of this length."""


@dataclass(frozen=True)
class PhpLimits:
    """php.ini's limits on one request's input variables (its defaults)."""

    max_input_vars: int = 1000
    max_input_nesting_level: int = 64


class _PhpArray(dict[str, Any]):
    """A PHP array: ordered keys, the index the next append takes, and whether its keys
    are 0, 1, 2... in order (a JSON list)."""

    __slots__ = ("next_index", "sequential")

    def __init__(self) -> None:
        super().__init__()
        self.next_index = 0
        self.sequential = True

    def put(self, key: str | None, value: Any) -> str:
        if key is None:  # sequential keys end at next_index - 1: an append keeps them so
            key = str(self.next_index)
            self.next_index += 1
        else:
            if self.sequential and key not in self and key != str(len(self)):
                self.sequential = False
            if key[:1] in _INTEGER_STARTS and _INTEGER_KEY.fullmatch(key):
                index = int(key)
                if self.next_index <= index < _INT64:
                    self.next_index = index + 1
        self[key] = value
        return key


def php_variables(pairs: Iterable[tuple[str, Any]], limits: PhpLimits) -> dict[str, Any]:
    """The variables PHP registers from `pairs` (names not yet URL-decoded are not
    decoded here), as JSON values: an array whose keys are 0, 1, 2... in order is a list."""
    variables = _PhpArray()
    # A request repeats its names (`a[]=1&a[]=2`...): each is read once.
    read: dict[str, _Name] = {}
    for name, value in islice(pairs, limits.max_input_vars):
        parsed = read.get(name)
        if parsed is None:
            parsed = read[name] = _read_name(name)
        _register(variables, parsed, value, limits.max_input_nesting_level)
    return _as_json_object(variables)


def php_query_variables(text: str, limits: PhpLimits, where: str) -> dict[str, Any]:
    """The variables of a query string or form body (`a=1&b[]=2`), percent-decoded as
    UTF-8; `NotText` (naming `where`) when a name or value is not UTF-8 text."""
    variables = _PhpArray()
    # Names as sent, each decoded and read once however often it is repeated.
    read: dict[str, _Name] = {}
    max_nesting = limits.max_input_nesting_level
    try:
        for piece in _pieces(text, limits.max_input_vars):
            name, _, value = piece.partition("=")
            parsed = read.get(name)
            if parsed is None:
                parsed = read[name] = _read_name(_unquoted(name))
            if "%" in value or "+" in value:
                value = _unquoted(value)
            base, indices = parsed
            if len(indices) == 1 and base:  # `a[]=1`, `a[x]=1`: the common case, inline
                array = variables.get(base)
                if type(array) is not _PhpArray:
                    array = _PhpArray()
                    variables.put(base, array)
                if indices[0] is None:  # an append, as `put` makes it
                    array[str(array.next_index)] = value
                    array.next_index += 1
                else:
                    array.put(indices[0], value)
            else:
                _register(variables, parsed, value, max_nesting)
    except UnicodeDecodeError:
        raise NotText(where) from None
    return _as_json_object(variables)


def _pieces(text: str, most: int) -> Iterator[str]:
    """The first `most` non-empty `&`-separated pieces of `text`; only those are ever
    split off."""
    rest: str | None = text
    while rest is not None and most > 0:
        pieces = rest.split("&", most)
        rest = pieces.pop() if len(pieces) > most else None
        pieces = [piece for piece in pieces if piece]
        most -= len(pieces)
        yield from pieces


def _unquoted(text: str) -> str:
    if "%" not in text and "+" not in text:
        return text
    if len(text) <= _UNQUOTED_PIECE:
        return unquote_plus(text, errors="strict")
    # A long text is percent-decoded a piece at a time and its bytes decoded at once: no
    # single call (a regular expression's split of megabytes) keeps the interpreter long
    # enough to hold up the event loop, when this runs on a worker thread.
    pieces = []
    start = 0
    while start < len(text):
        end = start + _UNQUOTED_PIECE
        escape = text.rfind("%", max(start, end - 2), end)
        if escape >= 0:  # never cut an escape (`%XX`) in two
            end = escape
        pieces.append(unquote_to_bytes(text[start:end].replace("+", " ")))
        start = end
    return b"".join(pieces).decode("utf-8", errors="strict")


_Name = tuple[str, tuple[str | None, ...]]
"""A variable's name as PHP reads it: its base and its indices (None: an append)."""


def _read_name(name: str) -> _Name:
    name = name.lstrip(" ")
    opening = name.find("[")
    # (str.replace, not str.translate: the latter looks up every character in turn, 50 ms
    # for a name of a million.)
    base = (name if opening < 0 else name[:opening]).replace(" ", "_").replace(".", "_")
    indices: list[str | None] = []  # None: append
    position = opening
    while position >= 0 and name.startswith("[", position):
        closing = name.find("]", position + 1)
        if closing < 0:
            if not indices:  # no index at all: the bracket is part of the name
                base += "_" + name[position + 1 :]
            break
        indices.append(name[position + 1 : closing].lstrip(_INDEX_SPACES) or None)
        position = closing + 1  # anything after `]` but another `[` is ignored
    return base, tuple(indices)


def _register(variables: _PhpArray, name: _Name, value: Any, max_nesting: int) -> None:
    base, indices = name
    if not base:
        return
    if not indices:
        variables.put(base, value)
        return
    if len(indices) > max_nesting:
        variables.pop(base, None)
        return
    container: _PhpArray = variables
    key: str | None = base
    for index in indices:
        child = container.get(key) if key is not None else None
        if type(child) is not _PhpArray:
            child = _PhpArray()
            container.put(key, child)
        container, key = child, index
    container.put(key, value)


def _as_json_object(variables: _PhpArray) -> dict[str, Any]:
    return {name: _as_json(value) for name, value in variables.items()}


def _as_json(value: Any) -> Any:
    """A PHP array as `json_encode` writes it: a list when its keys are 0, 1, 2... in
    order, else an object."""
    if type(value) is not _PhpArray:
        return value
    if value.sequential:
        return [item if type(item) is not _PhpArray else _as_json(item) for item in value.values()]
    return {
        key: item if type(item) is not _PhpArray else _as_json(item) for key, item in value.items()
    }
