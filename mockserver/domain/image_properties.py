"""The properties of an image record: which are writable, what values they take, and how a
patch (`add`, `replace`, `remove`, applied in order, all or nothing) changes them.

Base properties have fixed types; read-only ones are set by the registry alone; names
starting with `os_glance` are reserved; any other name is a custom property with a string
value. Values are checked here even when the request was validated against a schema, so
the rules hold for every caller.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .registry_errors import (
    BasePropertyRemoval,
    FourByteText,
    InvalidPropertyValue,
    PropertyAbsent,
    PropertyExists,
    PublicizeForbidden,
    QuotaExceeded,
    ReadOnlyProperty,
    ReservedProperty,
)

VISIBILITIES = ("public", "community", "shared", "private")
CONTAINER_FORMATS = ("ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed")
DISK_FORMATS = ("ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop")
READ_ONLY = frozenset(
    {
        "id",
        "status",
        "size",
        "checksum",
        "owner",
        "self",
        "file",
        "schema",
        "created_at",
        "updated_at",
        "virtual_size",
        "os_hash_algo",
        "os_hash_value",
        "locations",
        "direct_url",
    }
)
RESERVED_PREFIX = "os_glance"
MAX_NAME_LENGTH = 255
MAX_TAGS = 128
MAX_CUSTOM_PROPERTIES = 128
# Characters of four bytes in UTF-8, which Glance's database refuses to store.
FOUR_BYTE_CHARACTERS = re.compile("[\U00010000-\U0010ffff]")


def _name(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and len(value) <= MAX_NAME_LENGTH):
        return value
    raise ValueError(f"a string of at most {MAX_NAME_LENGTH} characters or null")


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError("a boolean")


def _count(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise ValueError("a non-negative integer")


def _tags(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(
        isinstance(tag, str) and len(tag) <= MAX_NAME_LENGTH for tag in value
    ):
        raise ValueError(f"a list of strings of at most {MAX_NAME_LENGTH} characters")
    tags = tuple(dict.fromkeys(value))
    if len(tags) > MAX_TAGS:
        raise QuotaExceeded("image tags", MAX_TAGS, len(tags))
    return tags


def _one_of(choices: tuple[str, ...], nullable: bool) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if (value is None and nullable) or value in choices:
            return value  # type: ignore[no-any-return]
        raise ValueError("one of " + ", ".join(choices) + (" or null" if nullable else ""))

    return check


WRITABLE: Mapping[str, Callable[[Any], Any]] = {
    "name": _name,
    "protected": _boolean,
    "tags": _tags,
    "visibility": _one_of(VISIBILITIES, nullable=False),
    "min_disk": _count,
    "min_ram": _count,
    "container_format": _one_of(CONTAINER_FORMATS, nullable=True),
    "disk_format": _one_of(DISK_FORMATS, nullable=True),
    "os_hidden": _boolean,
}


def check_settable(name: str, value: Any, may_publicize: bool = False) -> Any:
    """The value to store for `name`, or the refusal: read-only, reserved, wrong type,
    text the store cannot keep, or a publication the caller may not make."""
    if name in READ_ONLY:
        raise ReadOnlyProperty(name)
    if name.startswith(RESERVED_PREFIX):
        raise ReservedProperty(name)
    if FOUR_BYTE_CHARACTERS.search(name):
        raise FourByteText(name, in_name=True)
    if isinstance(value, str) and FOUR_BYTE_CHARACTERS.search(value):
        raise FourByteText(name)
    if name == "visibility" and value == "public" and not may_publicize:
        raise PublicizeForbidden()
    check = WRITABLE.get(name)
    try:
        if check is not None:
            return check(value)
        if not isinstance(value, str):
            raise ValueError("a string (custom properties have string values)")
    except ValueError as reason:
        raise InvalidPropertyValue(name, str(reason)) from None
    if not 0 < len(name) <= MAX_NAME_LENGTH:
        raise InvalidPropertyValue(name, f"a name of 1 to {MAX_NAME_LENGTH} characters")
    return value


@dataclass(frozen=True)
class Properties:
    """The settable part of a record: base properties and custom ones."""

    base: Mapping[str, Any]
    custom: Mapping[str, str]

    def with_values(self, values: Mapping[str, Any], may_publicize: bool = False) -> Properties:
        base, custom = dict(self.base), dict(self.custom)
        for name, value in values.items():
            checked = check_settable(name, value, may_publicize)
            if name in WRITABLE:
                base[name] = checked
            else:
                custom[name] = checked
        return Properties(base, _within_quota(custom))

    def patched(
        self,
        operations: Sequence[Mapping[str, Any]],
        *,
        add_replaces: bool = True,
        may_publicize: bool = False,
    ) -> Properties:
        """These properties after every operation, in order; any refusal undoes them all.

        `add` of a property already present replaces it (`add_replaces`, JSON patch as
        Glance's v2.1 media type reads it), or is refused (its older v2.0 media type)."""
        base, custom = dict(self.base), dict(self.custom)
        for operation in operations:
            op, name = operation.get("op"), _pointer_name(operation.get("path"))
            if op == "remove":
                _remove(name, base, custom)
            elif op in ("add", "replace"):
                if "value" not in operation:
                    raise InvalidPropertyValue(name, f"a value is needed to {op}")
                value = check_settable(name, operation["value"], may_publicize)
                if op == "add" and not add_replaces and (name in WRITABLE or name in custom):
                    raise PropertyExists(name)
                if name in WRITABLE:
                    base[name] = value
                elif op == "replace" and name not in custom:
                    raise PropertyAbsent(name)
                else:
                    custom[name] = value
            else:
                raise InvalidPropertyValue(name, "op must be add, replace or remove")
        return Properties(base, _within_quota(custom))


def _remove(name: str, base: dict[str, Any], custom: dict[str, str]) -> None:
    # Glance refuses a read-only path before it looks at the operation; the owner and the
    # locations are base properties that are not read-only to everyone.
    if name in READ_ONLY - {"owner", "locations"}:
        raise ReadOnlyProperty(name)
    if name in READ_ONLY or name in WRITABLE:
        raise BasePropertyRemoval(name)
    if name.startswith(RESERVED_PREFIX):
        raise ReservedProperty(name)
    if name not in custom:
        raise PropertyAbsent(name)
    del custom[name]


def _pointer_name(path: Any) -> str:
    """The property a JSON pointer of one segment names (`~1` is `/`, `~0` is `~`)."""
    if not isinstance(path, str) or not path.startswith("/") or "/" in path[1:]:
        raise InvalidPropertyValue(str(path), "the path must be / and one property name")
    return path[1:].replace("~1", "/").replace("~0", "~")


def _within_quota(custom: dict[str, str]) -> dict[str, str]:
    if len(custom) > MAX_CUSTOM_PROPERTIES:
        raise QuotaExceeded("image properties", MAX_CUSTOM_PROPERTIES, len(custom))
    return custom


DEFAULT_PROPERTIES = Properties(
    base={
        "name": None,
        "protected": False,
        "tags": (),
        "visibility": "shared",
        "min_disk": 0,
        "min_ram": 0,
        "container_format": None,
        "disk_format": None,
        "os_hidden": False,
    },
    custom={},
)
