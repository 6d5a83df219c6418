"""Call parameters as a Bitrix24 portal, written in PHP, reads them.

A portal takes parameters from the query string, a form body or JSON alike. Form and
query keys are PHP-style (`fields[productId]=1`, `fileContent[0]=...`, `select[]=id`),
registered as PHP does (`http/decoding/php_variables.py`), and every value in them is a
string; PHP reads a numeric string as the number it spells, so
the methods see `"1"` (and `1.0`) as the integer 1. `read_as_schema` applies that reading
wherever the contract's schema wants a number, a boolean, a string or an array, so that
every transport reaches the operation with the same JSON parameters.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

_NUMERIC = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_TRUE_WORDS = frozenset({"1", "true", "y", "yes", "on"})
_FALSE_WORDS = frozenset({"", "0", "false", "n", "no", "off"})


def as_json_array(value: Mapping[str, Any]) -> list[Any] | dict[str, Any]:
    if list(value) == [str(index) for index in range(len(value))]:
        return list(value.values())
    return dict(value)


class SchemaReader:
    """Reads values as PHP does, where the contract's schemas (refs resolved in
    `document`) want another type than the value has."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        # The document's schemas never change: what each declares is worked out once.
        self._declared: dict[int, tuple[Mapping[str, Any], frozenset[str] | None]] = {}

    def read(self, value: Any, schema: Mapping[str, Any]) -> Any:
        schema = self._resolved(schema)
        if "allOf" in schema:
            return self.read(value, self._merged(schema["allOf"]))
        kind = schema.get("type")
        if kind == "object" and isinstance(value, dict):
            properties = schema.get("properties", {})
            return {
                name: self.read(item, properties[name]) if name in properties else item
                for name, item in value.items()
            }
        if kind == "array":
            return self._array(value, schema)
        if kind in ("integer", "number"):
            return _number(value, integer=kind == "integer")
        if kind == "boolean":
            return _boolean(value)
        if kind == "string" and isinstance(value, int | float) and not isinstance(value, bool):
            return _number_text(value)
        return value

    def declared(self, schema: Mapping[str, Any]) -> frozenset[str] | None:
        """The parameters an object schema names, when it lets others through unread (no
        `additionalProperties: false`): a PHP method reads its parameters by name and never
        sees the others. None when the schema refuses the others (its validation says so)."""
        known = self._declared.get(id(schema))
        if known is None or known[0] is not schema:
            known = (schema, self._names(schema))
            self._declared[id(schema)] = known
        return known[1]

    def _names(self, schema: Mapping[str, Any]) -> frozenset[str] | None:
        schema = self._resolved(schema)
        parts = [self._resolved(part) for part in schema.get("allOf", [])] or [schema]
        names: set[str] = set()
        for part in parts:
            if "allOf" in part:
                inner = self._names(part)
                if inner is None:
                    return None
                names |= inner
                continue
            if part.get("additionalProperties") is False:
                return None
            names |= set(part.get("properties", {}))
        return frozenset(names)

    def _array(self, value: Any, schema: Mapping[str, Any]) -> Any:
        if isinstance(value, dict) and all(_is_integer_text(key) for key in value):
            value = [value[key] for key in sorted(value, key=int)]
        if not isinstance(value, list):
            return value
        items = schema.get("items")
        return [self.read(item, items) for item in value] if items else value

    def _resolved(self, schema: Mapping[str, Any]) -> Mapping[str, Any]:
        while "$ref" in schema:
            target: Any = self.document
            for part in str(schema["$ref"]).removeprefix("#/").split("/"):
                target = target[part]
            schema = target
        return schema

    def _merged(self, schemas: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
        merged: dict[str, Any] = {"type": "object", "properties": {}}
        for part in schemas:
            part = self._resolved(part)
            if "allOf" in part:
                part = self._merged(part["allOf"])
            merged["properties"].update(part.get("properties", {}))
        return merged


def _is_integer_text(text: str) -> bool:
    return text.lstrip("-").isdigit()


def _number(value: Any, *, integer: bool) -> Any:
    if isinstance(value, str) and _NUMERIC.match(value):
        number = float(value)
        if not math.isfinite(number):  # "1e400": no JSON number holds it
            return value
        if not number.is_integer():
            return value if integer else number
        return int(number)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _boolean(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value != 0
    if isinstance(value, str) and value.strip().lower() in _TRUE_WORDS | _FALSE_WORDS:
        return value.strip().lower() in _TRUE_WORDS
    return value


def _number_text(value: int | float) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
