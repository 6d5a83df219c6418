"""The properties of an image record: which are writable, what values they take, and how a
patch (`add`, `replace`, `remove`, applied in order, all or nothing) changes them.

Base properties have fixed types; read-only ones are set by the registry alone; names
starting with `os_glance` are reserved; any other name is a custom property with a string
value. Values are checked here even when the request was validated against a schema, so
the rules hold for every caller.

The checks come in Glance's order: each value as it is set (its type, a negative count, a
publication the caller may not make, a property `replace` finds absent), then the quotas,
then what Glance's database refuses when the image is saved (`_check_storable`: text of
4-byte characters, a count past its integer column, a tag of 4-byte characters).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from functools import partial
from typing import Any

from .registry_errors import (
    MAX_COUNT,
    BasePropertyRemoval,
    CountOutOfRange,
    FourByteText,
    InvalidPropertyValue,
    OwnerChangeForbidden,
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
OWNER = "owner"
"""The owning project: kept on the record, not among its properties, but set (by an admin
alone) as a base property is."""
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


def _owner(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and len(value) <= MAX_NAME_LENGTH):
        return value
    raise ValueError(f"a project id of at most {MAX_NAME_LENGTH} characters or null")


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError("a boolean")


def _count(name: str, value: Any) -> int:
    """A whole number not below zero, kept as an integer. A whole float is one (`1.0`, `1e2`,
    `-0.0`): Glance's schema check reads `integer` as JSON Schema 2020-12 does, and its
    database keeps the integer (the answer to the write itself shows the float as sent)."""
    whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if isinstance(value, bool) or not whole:
        raise ValueError("an integer")
    if value < 0:
        raise CountOutOfRange(name, str(value))
    return int(value)


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
    "min_disk": partial(_count, "min_disk"),
    "min_ram": partial(_count, "min_ram"),
    "container_format": _one_of(CONTAINER_FORMATS, nullable=True),
    "disk_format": _one_of(DISK_FORMATS, nullable=True),
    "os_hidden": _boolean,
    OWNER: _owner,
}


def check_settable(name: str, value: Any, may_publicize: bool = False) -> Any:
    """The value to keep for `name`, or the refusal Glance makes as it sets it: read-only,
    reserved, a publication the caller may not make, wrong type, a negative count. What
    only the store refuses is `_check_storable`'s, once every value is set."""
    if name in READ_ONLY:
        raise ReadOnlyProperty(name)
    if name.startswith(RESERVED_PREFIX):
        raise ReservedProperty(name)
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
    return value


def check_new_names(values: Mapping[str, Any]) -> None:
    """Refuse what Glance refuses as it reads a create's body, before anything else of it:
    a custom property's name past 255 characters, or a reserved one."""
    for name in values:
        if name in WRITABLE or name in READ_ONLY:
            continue
        if len(name) > MAX_NAME_LENGTH:
            raise InvalidPropertyValue(name, f"a name of 1 to {MAX_NAME_LENGTH} characters")
        if name.startswith(RESERVED_PREFIX):
            raise ReservedProperty(name)


def _check_storable(
    base: Mapping[str, Any], custom: Mapping[str, str], set_now: Collection[str]
) -> None:
    """Refuse what the store cannot keep of the values this request set, in the order
    Glance's database refuses it on save: 4-byte characters in the name, then in the
    owner, then in each custom property's name or value; a count past its 4-byte integer
    column; 4-byte characters in a tag (which Glance writes last). A custom property's
    name must fit its 255-character column too (Glance checks it on create only: a longer
    one sent by PATCH reaches its database, which sqlite stores and MySQL refuses)."""
    for name in custom:
        if name in set_now and not 0 < len(name) <= MAX_NAME_LENGTH:
            raise InvalidPropertyValue(name, f"a name of 1 to {MAX_NAME_LENGTH} characters")
    texts = [(name, base[name]) for name in ("name", OWNER) if name in set_now]
    texts += [(name, value) for name, value in custom.items() if name in set_now]
    for name, value in texts:
        if FOUR_BYTE_CHARACTERS.search(name):
            raise FourByteText(name, in_name=True)
        if isinstance(value, str) and FOUR_BYTE_CHARACTERS.search(value):
            raise FourByteText(name)
    for name in ("min_disk", "min_ram"):
        if name in set_now and base[name] > MAX_COUNT:
            raise CountOutOfRange(name, str(base[name]), too_large=True)
    if "tags" in set_now and any(FOUR_BYTE_CHARACTERS.search(tag) for tag in base["tags"]):
        raise FourByteText("tags", in_tag=True)


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
        _within_quota(custom)
        _check_storable(base, custom, values)
        return Properties(base, custom)

    def patched(
        self,
        operations: Sequence[Mapping[str, Any]],
        *,
        add_replaces: bool = True,
        may_publicize: bool = False,
        may_set_owner: bool = False,
    ) -> Properties:
        """These properties after every operation, in order; any refusal undoes them all.

        `add` of a property already present replaces it (`add_replaces`, JSON patch as
        Glance's v2.1 media type reads it), or is refused (its older v2.0 media type).
        The owner (in `base` while patched, see `with_owner`) is changed by an admin
        alone (`may_set_owner`)."""
        for operation in operations:
            _read_operation(operation)
        base, custom = dict(self.base), dict(self.custom)
        set_now: set[str] = set()
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
                if name == OWNER and not may_set_owner:
                    _refuse_owner_change(op, value, base[OWNER])
                if name in WRITABLE:
                    base[name] = value
                elif op == "replace" and name not in custom:
                    raise PropertyAbsent(name)
                else:
                    custom[name] = value
                set_now.add(name)
            else:
                raise InvalidPropertyValue(name, "op must be add, replace or remove")
        _within_quota(custom)
        _check_storable(base, custom, set_now)
        return Properties(base, custom)

    def with_owner(self, owner: str | None) -> Properties:
        """These properties and the record's owner, as a patch sees them."""
        return Properties({**self.base, OWNER: owner}, self.custom)

    def split_owner(self, owner: str | None) -> tuple[str | None, Properties]:
        """The owner these properties name (`owner` if none), and the properties without it."""
        base = dict(self.base)
        return base.pop(OWNER, owner), Properties(base, self.custom)


def _read_operation(operation: Mapping[str, Any]) -> None:
    """Refuse what Glance refuses as it reads a patch, before it applies any operation:
    its path and op, a missing value, a read-only or reserved name, a value of the wrong
    type. A negative count, a quota and who may set what are the application's."""
    op, name = operation.get("op"), _pointer_name(operation.get("path"))
    if op == "remove":
        if name in READ_ONLY - {"locations"}:
            raise ReadOnlyProperty(name)
        if name.startswith(RESERVED_PREFIX):
            raise ReservedProperty(name)
    elif op in ("add", "replace"):
        if "value" not in operation:
            raise InvalidPropertyValue(name, f"a value is needed to {op}")
        with suppress(CountOutOfRange, QuotaExceeded):
            check_settable(name, operation["value"], may_publicize=True)
    else:
        raise InvalidPropertyValue(name, "op must be add, replace or remove")


def _refuse_owner_change(op: str, value: Any, owner: Any) -> None:
    """Glance refuses a `replace` of the owner without the admin role, whatever the value.
    An `add` it lets through: one naming the owner again changes nothing, and one naming
    another project gives the image away before Glance refuses to show it (a bug); the
    mock refuses that one as it refuses a `replace`, and stores nothing."""
    if op == "replace" or value != owner:
        raise OwnerChangeForbidden()


def _remove(name: str, base: dict[str, Any], custom: dict[str, str]) -> None:
    # Glance refuses a read-only path before it looks at the operation; the locations
    # are a base property that is not read-only to everyone.
    if name in READ_ONLY - {"locations"}:
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


def _within_quota(custom: Mapping[str, str]) -> None:
    if len(custom) > MAX_CUSTOM_PROPERTIES:
        raise QuotaExceeded("image properties", MAX_CUSTOM_PROPERTIES, len(custom))


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
