"""Where the domain keeps its state: the one interface every store engine implements.

The domain's state is a few tables of immutable values (an image record, an image's
memberships), each changed as a whole by a pure function, so that a rule spanning a value
holds across threads, processes and machines as soon as the engine makes one change
atomic. A value that grows large (a product's gallery) is a parted value: a small head and
parts, changed by a pure function that reads and writes only the parts it touches, as
atomically, so that a rule spanning it (one primary per gallery, one detail picture per
product) holds alike while a change costs the same in a gallery of ten images or ten
thousand. Image bytes are kept apart as blobs, so that reading a value never loads them.

The engines live outside the domain (`mockserver/store`, chosen by `mockserver --store`);
the in-memory one, the default, is `memory_store.MemoryStore`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Generic, Protocol, TypeVar

from .errors import StoreUnavailable

__all__ = [
    "Change",
    "EncodedOnce",
    "PartedTable",
    "PartsChange",
    "Store",
    "StoreUnavailable",
    "Table",
    "claim_seeding",
]

T = TypeVar("T")
R = TypeVar("R")
H = TypeVar("H")
P = TypeVar("P")


class EncodedOnce:
    """A base for values that are never changed in place and are stored many to a part (a
    gallery's images, a run of them to a part): an engine that encodes values may keep a
    value's encoded form with it, so that a part rewritten for one changed value encodes
    only that one. The domain never reads it."""

    __slots__ = ("_encoded",)
    _encoded: Any


Change = Callable[[T | None], tuple[T | None, R]]
"""A pure function from a value (None: absent) to its new value (None: removed; the same
object: unchanged) and a result. An engine may call it more than once (when another
process changed the value meanwhile) and keeps only the last call's outcome; an exception
it raises leaves the value as it was."""


@dataclass(frozen=True)
class Table(Generic[T]):
    """A named map of string keys to values of one type, which engines that encode values
    decode them as."""

    name: str
    value_type: Any  # a type, or a generic alias such as tuple[int, ...]
    lifetime: float = 0
    """Seconds after its last change that a value may be forgotten (0: kept until removed;
    the memory store keeps every value)."""


@dataclass(frozen=True)
class PartedTable(Generic[H, P]):
    """A named map of string keys to values kept in pieces: a small head, and parts named
    within the key, so that a change of a large value reads and writes only the parts it
    touches. The head is a value of the table `head`; a part is a value of the table
    `parts`, under `part_key(key, name)`, so either is read as any other value."""

    name: str
    head_type: Any
    part_type: Any

    @cached_property
    def head(self) -> Table[H]:
        return Table(self.name, self.head_type)

    @cached_property
    def parts(self) -> Table[P]:
        return Table(f"{self.name}.parts", self.part_type)

    @staticmethod
    def part_key(key: str, name: str) -> str:
        return f"{key}|{name}"


PartsChange = Callable[[H | None, Callable[[str], P | None]], tuple[H, Mapping[str, P | None], R]]
"""A pure function from a head (None: absent) and a reader of the key's parts by name to the
new head (the same object: unchanged), the parts to write (None: removed) and a result.
Every change that writes a part gives a new head. An engine may call it more than once and
keeps only the last call's outcome; an exception it raises leaves head and parts as they
were (the parts it read may then be torn by another process's change: an engine that
reads without a lock calls it again when the head changed meanwhile)."""


class Store(Protocol):
    """The state of one mock, shared by every process that opens the same store."""

    @property
    def shared(self) -> bool:
        """Whether other processes may see and change the same state."""
        ...

    def read(self, table: Table[T], key: str) -> T | None: ...

    def values(self, table: Table[T]) -> list[T]:
        """Every value of the table, in no particular order."""
        ...

    def change(self, table: Table[T], key: str, change: Change[T, R]) -> R:
        """Apply `change` to the key's value atomically, and give its result."""
        ...

    def change_parts(self, table: PartedTable[H, P], key: str, change: PartsChange[H, P, R]) -> R:
        """Apply `change` to the key's head and the parts it reads and writes atomically,
        and give its result."""
        ...

    def next_number(self, counter: str) -> int:
        """The counter's next number, from 1: never handed out twice until `clear`."""
        ...

    def put_blob(self, key: str, content: bytes) -> None: ...

    def get_blob(self, key: str) -> bytes | None: ...

    def delete_blob(self, key: str) -> None: ...

    def clear(self) -> None:
        """Forget every value, counter and blob."""
        ...


SEEDING: Table[bool] = Table("seeding", bool)


def claim_seeding(store: Store) -> bool:
    """Whether this caller is the first to stock a cleared store with its seed's pictures
    (the store may outlive the process, or be shared by several)."""

    def claim(stocked: bool | None) -> tuple[bool, bool]:
        return True, not stocked

    return store.change(SEEDING, "pictures", claim)
