"""Path and query parameters: read, coerced, validated and bound as Connexion does.

For the parameters compiled here (scalar `path` and `query` parameters, not nullable, no
deepObject style) Connexion's steps reduce to:

- read: path values from the route's match; query values with `parse_qsl` as Starlette
  reads them, the last one when a name repeats (Connexion's `resolve_params`);
- coerce: to the schema's type with the same functions, the text kept when it does not
  convert (so that validation reports it);
- validate: the same compiled checks as Connexion's parameter validator;
- bind: each value typed again (`make_type`) under its sanitized name, query parameters the
  handler does not take left out, schema defaults for absent query parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from ..connexion_internals import TYPE_MAP, boolean, sanitized
from ..validators import ParameterChecks

# How Connexion's URI parser coerces a scalar (`coerce_type`); strings stay as they are.
_COERCIONS: dict[str, Callable[[Any], Any]] = {"integer": int, "number": float, "boolean": boolean}


class UnsupportedParameter(Exception):
    """A parameter the fast path does not bind; its operation stays on Connexion."""


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
            kind not in TYPE_MAP
            or kind in ("array", "object")
            or schema.get("nullable")
            or definition.get("x-nullable")
            or definition.get("style", "form") == "deepObject"
            or "content" in definition
            or "default" in definition  # a Swagger 2 habit Connexion reads first
            or (location == "path" and (kind != "string" or schema.get("format") == "path"))
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
        convert = _COERCIONS.get(self.type)
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
        parameters = [ScalarParameter.from_definition(d) for d in definitions]
        self.path = [p for p in parameters if p.location == "path"]
        self.path_arguments = [(p, sanitized(p.name)) for p in self.path]
        self.query = {p.name: p for p in parameters if p.location == "query"}
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
        for name, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
            last[name] = value
        return {
            name: parameter.coerce(last[name])
            for name, parameter in self.query.items()
            if name in last
        }
