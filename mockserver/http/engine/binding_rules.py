"""How a request's text becomes typed values and a handler's arguments.

The rules the engine binds by, stated once: those of Connexion's URI parser and parameter
decorator, which its reference stack follows (`MockConfig(engine=False)`), so that both
give a handler the same arguments.

- Names: a parameter's name as a Python argument (`sanitized`); a handler's arguments read
  from its signature, through its decorators (`function_arguments`).
- Types: `TYPE_MAP` casts a value to its schema type, `boolean` reads `true`/`false` in any
  case; `nullable` (or `x-nullable`) lets `null` and `None` through as None.
- Forms (`FormFields`): a field sent several times is joined with commas when its style
  explodes (the `form` default), else its last value is kept; an array field is split
  again; each value is then cast to its property's type, and a scalar that does not cast
  is the contract's type error.
"""

from __future__ import annotations

import inspect
import json
import re
import weakref
from collections.abc import Callable, Mapping
from fnmatch import fnmatch
from typing import Any, TypeVar

from ..validation_problems import WrongType

V = TypeVar("V")
R = TypeVar("R")


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if not hasattr(value, "lower"):
        raise ValueError("Invalid boolean value")
    if value.lower() == "true":
        return True
    if value.lower() == "false":
        return False
    raise ValueError("Invalid boolean value")


TYPE_MAP: dict[str, Callable[[Any], Any]] = {
    "integer": int,
    "number": float,
    "string": str,
    "boolean": boolean,
    "array": list,
    "object": dict,
    "file": lambda value: value,  # files are not cast
}
"""A value cast to its schema type."""


def make_type(value: Any, kind: str, format_: str | None) -> Any:
    """`value` cast to `kind` (a binary string is a file, left as it is)."""
    if kind == "string" and format_ == "binary":
        kind = "file"
    return TYPE_MAP[kind](value)


def is_nullable(definition: Mapping[str, Any]) -> bool:
    """Whether a parameter or schema lets a null through."""
    schema = definition.get("schema", definition)
    return bool(schema.get("nullable", False) or definition.get("x-nullable", False))


def is_null(value: Any) -> bool:
    """Whether a value stands for null: None, or the text `null` or `None`."""
    if hasattr(value, "strip") and value.strip() in ("null", "None"):
        return True
    return value is None


def sanitized(name: str) -> str:
    """A parameter's name as a Python argument: `[` not closed at once becomes `_`, other
    characters but letters, digits and `_` are dropped, and so are leading non-letters."""
    return name and re.sub(
        "^[^a-zA-Z_]+", "", re.sub("[^0-9a-zA-Z_]", "", re.sub(r"\[(?!])", "_", name))
    )


def per_definition(read: Callable[[Callable[..., Any]], R]) -> Callable[[Callable[..., Any]], R]:
    """`read` of a handler (through its decorators), done once for each function defined
    and each binding (a method bound or not): a mock built again, as each test builds its
    own, binds the same methods anew to new objects, and reading their signature and type
    hints was about a third of building one."""
    known: weakref.WeakKeyDictionary[Callable[..., Any], dict[bool, R]] = (
        weakref.WeakKeyDictionary()
    )

    def read_once(function: Callable[..., Any]) -> R:
        target = unwrapped(function)
        definition = getattr(target, "__func__", target)
        bound = definition is not target
        try:
            readings = known.setdefault(definition, {})
        except TypeError:  # a callable no weak reference can name: read each time
            return read(target)
        if bound not in readings:
            readings[bound] = read(target)
        return readings[bound]

    return read_once


def function_arguments(function: Callable[..., Any]) -> tuple[list[str], bool]:
    """The names a handler takes (through its decorators), and whether it takes `**kwargs`."""
    names, takes_kwargs = _signature_names(function)
    return list(names), takes_kwargs


@per_definition
def _signature_names(function: Callable[..., Any]) -> tuple[tuple[str, ...], bool]:
    parameters = inspect.signature(function).parameters.values()
    names = tuple(p.name for p in parameters if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD))
    return names, any(p.kind == p.VAR_KEYWORD for p in parameters)


def unwrapped(function: Callable[..., Any]) -> Callable[..., Any]:
    """A handler through its decorators."""
    while hasattr(function, "__wrapped__"):
        function = function.__wrapped__
    return function


def media_type_entry(entries: Mapping[str, V], media_type: str) -> V | None:
    """The entry of `entries` (keyed by media types or ranges such as `application/*`) for
    `media_type`: the most specific key that matches it."""
    for key in sorted(entries, key=lambda k: ("*" not in k, k), reverse=True):
        if fnmatch(media_type, key):
            return entries[key]
    return None


def is_json_media_type(media_type: str) -> bool:
    """Whether a body of `media_type` is JSON: its subtype ends in `json` (as Connexion reads
    `application/json`, `application/problem+json`) or names it (a vendor's `...-json-patch`)."""
    subtype = media_type.partition("/")[2]
    return subtype.endswith("json") or "json" in subtype.split("-")


def coerce(definition: Mapping[str, Any], value: Any, where: str, name: str) -> Any:
    """`value` cast to the type its definition (a parameter or a schema) gives: each item
    of an array and each leaf of an object where it casts (else left for validation to
    report), a scalar or `WrongType`."""
    schema = definition.get("schema", definition)
    if is_nullable(schema) and is_null(value):
        return None
    kind = schema.get("type")
    if kind == "array":
        items = schema["items"]["type"]
        return [_cast_or_keep(item, items) for item in value]
    if kind == "object":
        if schema.get("properties"):
            return cast_leaves(value, schema)
        return value
    try:
        return CASTS[kind](value)
    except ValueError:
        raise WrongType(str(kind), where, name) from None
    except (TypeError, KeyError):
        return value


CASTS: dict[Any, Callable[[Any], Any]] = {
    "integer": int,
    "number": float,
    "boolean": boolean,
    "object": dict,
}
"""How a value read as text is cast to its schema type (a string stays as it is)."""


def _cast_or_keep(value: Any, kind: Any) -> Any:
    try:
        return CASTS[kind](value)
    except (ValueError, TypeError, KeyError):
        return value


def cast_leaves(value: Any, schema: Mapping[str, Any]) -> Any:
    """An object read as text, each leaf cast to its property's type where it casts (in
    place); a value that is no object, cast to the schema's type where it casts."""
    if not isinstance(value, dict):
        return _cast_or_keep(value, schema.get("type"))
    properties = schema.get("properties")
    if isinstance(properties, Mapping):
        for key, item in value.items():
            if key in properties:
                value[key] = cast_leaves(item, properties[key])
    return value


_DELIMITERS = {"spaceDelimited": " ", "pipeDelimited": "|", "simple": ",", "form": ","}


class FormFields:
    """The text fields of one operation's form body, resolved as its schema and encoding
    say (see the module's docstring)."""

    def __init__(self, body_definition: Mapping[str, Any]) -> None:
        self.schema: Mapping[str, Any] = body_definition.get("schema", {})
        self.encoding: Mapping[str, Any] = body_definition.get("encoding", {})
        self.properties: Mapping[str, Any] = self.schema.get("properties", {})

    def resolve(self, fields: dict[str, Any]) -> dict[str, Any]:
        """`fields` (each name's values, as sent) with each name's one value; in place."""
        if self.schema.get("type") != "object":
            return fields
        for name in fields:
            encoding = self.encoding.get(name, {"style": "form"})
            definition = self.properties.get(name, {})
            style = encoding.get("style", "form")
            delimiter = _DELIMITERS.get(style, ",")
            values = fields[name]
            value = (
                delimiter.join(values) if encoding.get("explode", style == "form") else values[-1]
            )
            if "contentType" in encoding and is_json_content_type(encoding["contentType"]):
                value = json.loads(value)
            elif definition and definition["type"] == "array":
                value = value.split(delimiter)
            fields[name] = coerce(definition, value, "requestBody", name)
        return fields


def is_json_content_type(content_type: str) -> bool:
    """Whether a `Content-Type` names JSON as Connexion's decorators read one:
    `application/json` or `application/*+json`, parameters aside."""
    main, _, sub = content_type.partition(";")[0].partition("/")
    return main == "application" and (sub == "json" or sub.endswith("+json"))
