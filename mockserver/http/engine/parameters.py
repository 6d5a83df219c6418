"""Path and query parameters: read, coerced, validated and bound as Connexion does.

For the parameters compiled here (scalar `path` and `query` parameters, not nullable, no
deepObject style; `query` arrays of scalars in the form style; optional headers of any text,
which nothing checks or binds) Connexion's steps reduce to:

- read: path values from the route's match; query values with `parse_qsl` as Starlette
  reads them, the last one when a name repeats (Connexion's `resolve_params`), and for an
  array every one, joined and split at commas (its URI parser's `form` style);
- coerce: to the schema's type with the same functions, the text kept when it does not
  convert (so that validation reports it);
- validate: the same compiled checks as Connexion's parameter validator;
- bind: each value typed again (`make_type`) under its sanitized name, query parameters the
  handler does not take left out, schema defaults for absent query parameters.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from .binding_rules import CASTS, TYPE_MAP, cast_leaves, sanitized
from .parameter_checks import ParameterChecks, accepts_any_string

_SCALAR_TYPES = ("string", "integer", "number", "boolean")


class UnsupportedParameter(Exception):
    """A parameter of a kind the engine does not read (its operation cannot be served)."""


@dataclass(frozen=True)
class ScalarParameter:
    name: str
    location: str
    type: str
    format: str | None
    default: Any
    has_default: bool

    @classmethod
    def from_definition(cls, definition: Mapping[str, Any]) -> ScalarParameter:
        location = definition.get("in")
        name = definition.get("name", "")
        schema = definition.get("schema")
        if location not in ("path", "query") or not isinstance(schema, Mapping):
            raise UnsupportedParameter(f"{location} parameter {name!r}")
        kind = schema.get("type")
        unsupported = (
            not isinstance(kind, str)
            or kind not in TYPE_MAP
            or kind in ("array", "object")
            or schema.get("nullable")
            or definition.get("x-nullable")
            or definition.get("style", "form") == "deepObject"
            or "content" in definition
            or "default" in definition  # a Swagger 2 habit Connexion reads first
            or (location == "path" and kind not in ("string", "integer"))
            or (location == "path" and schema.get("format") == "path")
            or (location == "path" and "-" in name)
        )
        if unsupported:
            raise UnsupportedParameter(f"{location} parameter {name!r}")
        return cls(
            name=name,
            location=location,
            type=str(kind),
            format=schema.get("format"),
            default=schema.get("default"),
            has_default="default" in schema,
        )

    def coerce(self, text: str) -> Any:
        convert = CASTS.get(self.type)
        if convert is None:
            return text
        try:
            return convert(text)
        except ValueError:
            return text

    def typed(self, value: Any) -> Any:
        """The handler's argument (Connexion's `make_type`)."""
        kind = "file" if self.type == "string" and self.format == "binary" else self.type
        return TYPE_MAP[kind](value)


def _free_header(definition: Mapping[str, Any]) -> bool:
    schema = definition.get("schema")
    return (
        definition.get("in") == "header"
        and not definition.get("required")
        and "content" not in definition
        and isinstance(schema, Mapping)
        and accepts_any_string(schema)
    )


@dataclass(frozen=True)
class ArrayParameter:
    """A query parameter that is an array of scalars, in the `form` style."""

    name: str
    items_type: str
    items_format: str | None
    explode: bool
    default: Any
    has_default: bool
    location: str = "query"

    @classmethod
    def from_definition(cls, definition: Mapping[str, Any]) -> ArrayParameter:
        name = definition.get("name", "")
        schema = definition.get("schema")
        items = schema.get("items") if isinstance(schema, Mapping) else None
        supported = (
            definition.get("in") == "query"
            and isinstance(schema, Mapping)
            and schema.get("type") == "array"
            and isinstance(items, Mapping)
            and items.get("type") in _SCALAR_TYPES
            and not items.get("nullable")
            and not schema.get("nullable")
            and not definition.get("x-nullable")
            and definition.get("style", "form") == "form"
            and "content" not in definition
            and "default" not in definition
        )
        if not supported:
            raise UnsupportedParameter(f"query parameter {name!r}")
        assert isinstance(schema, Mapping)
        assert isinstance(items, Mapping)
        return cls(
            name=name,
            items_type=str(items["type"]),
            items_format=items.get("format"),
            explode=bool(definition.get("explode", True)),
            default=schema.get("default"),
            has_default="default" in schema,
        )

    def coerce(self, values: list[str]) -> list[Any]:
        """Connexion's URI parser: every value joined when exploded (else the last), split
        at commas, each part converted to the items' type where it converts."""
        parts = (",".join(values) if self.explode else values[-1]).split(",")
        convert = CASTS.get(self.items_type)
        if convert is None:
            return parts
        converted: list[Any] = []
        for part in parts:
            try:
                converted.append(convert(part))
            except ValueError:
                converted.append(part)
        return converted

    def typed(self, value: list[Any]) -> list[Any]:
        """The handler's argument (Connexion's `make_type` of each part)."""
        return [TYPE_MAP[self.items_type](part) for part in value]


_KEY_PATH = re.compile(r"\[([^\[\]]*)\]")


@dataclass(frozen=True)
class DeepObjectParameter:
    """A query parameter that is an object in the `deepObject` style (`filter[a][b]=1`)."""

    name: str
    schema: Mapping[str, Any]
    has_default: bool = False
    default: Any = None
    location: str = "query"

    @classmethod
    def from_definition(cls, definition: Mapping[str, Any]) -> DeepObjectParameter:
        name = definition.get("name", "")
        schema = definition.get("schema")
        supported = (
            definition.get("in") == "query"
            and definition.get("style") == "deepObject"
            and isinstance(schema, Mapping)
            and _allows_objects(schema.get("type", "object"))
            and not schema.get("nullable")
            and "content" not in definition
            and "default" not in definition
        )
        if not supported:
            raise UnsupportedParameter(f"query parameter {name!r}")
        assert isinstance(schema, Mapping)
        return cls(name=name, schema=schema)

    def owns(self, key: str) -> bool:
        return key.startswith(self.name + "[")

    def coerce(self, pairs: list[tuple[str, str]]) -> dict[str, Any]:
        """Connexion's URI parser: each key's path read into nested objects (the first
        value where two keys name one place), leaves typed by the schema's properties
        where they convert."""
        merged: dict[str, Any] = {}
        seen: set[str] = set()
        for key, value in pairs:
            if key in seen:
                continue
            seen.add(key)
            path = _KEY_PATH.findall(key) or [""]
            node = merged
            for part in path[:-1]:
                inner = node.setdefault(part, {})
                if not isinstance(inner, dict):  # a value already there stays
                    break
                node = inner
            else:
                node.setdefault(path[-1], value)
        cast: dict[str, Any] = cast_leaves(merged, self.schema)
        return cast

    def typed(self, value: Any) -> Any:
        """The handler's argument (Connexion's `make_type` of an object)."""
        return dict(value)


def _allows_objects(kind: Any) -> bool:
    return kind == "object" or (isinstance(kind, list) and "object" in kind)


Parameter = ScalarParameter | ArrayParameter | DeepObjectParameter


def _parameter(definition: Mapping[str, Any]) -> Parameter:
    schema = definition.get("schema")
    if definition.get("style") == "deepObject":
        return DeepObjectParameter.from_definition(definition)
    if isinstance(schema, Mapping) and schema.get("type") == "array":
        return ArrayParameter.from_definition(definition)
    return ScalarParameter.from_definition(definition)


class ParameterBinding:
    """One operation's path and query parameters, from the request to handler arguments.

    Binding is a pure function of the path values and the query string, so the arguments
    of the last `REMEMBERED` distinct pairs that bound are kept: a client repeats its
    requests, and reading, coercing and checking them again is most of a small request's
    cost."""

    REMEMBERED = 1024

    def __init__(
        self, definitions: Sequence[Mapping[str, Any]], arguments: Sequence[str], has_kwargs: bool
    ) -> None:
        # A header that may be left out and holds any text passes every check, and Connexion
        # binds no header to an argument: nothing to do for it.
        definitions = [d for d in definitions if not _free_header(d)]
        parameters = [_parameter(d) for d in definitions]
        self.path = [
            p for p in parameters if isinstance(p, ScalarParameter) and p.location == "path"
        ]
        self.path_arguments = [(p, sanitized(p.name)) for p in self.path]
        self.query = {p.name: p for p in parameters if p.location == "query"}
        self.arrays = {p.name: p for p in parameters if isinstance(p, ArrayParameter)}
        self.objects = [p for p in parameters if isinstance(p, DeepObjectParameter)]
        self.checks = ParameterChecks(definitions)
        self.bound_query = [
            (p, sanitized(p.name))
            for p in self.query.values()
            if has_kwargs or sanitized(p.name) in arguments
        ]
        self._bound: dict[tuple[tuple[str, ...], bytes], dict[str, Any]] = {}

    def bind(self, path_params: Mapping[str, str], query_string: bytes) -> dict[str, Any]:
        """The handler's keyword arguments (a dict of the caller's own); raises the
        validation problem of a bad value."""
        key = (tuple(path_params.values()), query_string)
        bound = self._bound.get(key)
        if bound is None:
            bound = self._bind(path_params, query_string)
            if len(self._bound) >= self.REMEMBERED:
                self._bound.clear()
            self._bound[key] = bound
        return dict(bound)

    def _bind(self, path_params: Mapping[str, str], query_string: bytes) -> dict[str, Any]:
        path = {p.name: p.coerce(path_params[p.name]) for p in self.path}
        query = self._query(query_string)
        values = {"path": path, "query": query}
        self.checks.check(values.__getitem__)
        arguments = {argument: p.typed(path[p.name]) for p, argument in self.path_arguments}
        for parameter, argument in self.bound_query:
            if parameter.name in query:
                arguments[argument] = parameter.typed(query[parameter.name])
            elif parameter.has_default:
                arguments[argument] = parameter.typed(parameter.default)
        return arguments

    def _query(self, query_string: bytes) -> dict[str, Any]:
        if not query_string or not self.query:
            return {}
        last: dict[str, str] = {}
        every: dict[str, list[str]] = {}
        deep: dict[str, list[tuple[str, str]]] = {}
        for name, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
            last[name] = value
            if name in self.arrays:
                every.setdefault(name, []).append(value)
            for parameter in self.objects:
                if parameter.owns(name) and name not in (
                    k for k, _ in deep.get(parameter.name, ())
                ):
                    deep.setdefault(parameter.name, []).append((name, value))
        query: dict[str, Any] = {
            name: parameter.coerce(last[name])
            for name, parameter in self.query.items()
            if name in last and isinstance(parameter, ScalarParameter)
        }
        for name, values in every.items():
            query[name] = self.arrays[name].coerce(values)
        for name, pairs in deep.items():
            query[name] = next(p for p in self.objects if p.name == name).coerce(pairs)
        return query
