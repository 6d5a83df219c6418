"""Every declared parameter's value checked against its schema."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from jsonschema import Draft4Validator

from ..validation_problems import ParameterProblem
from .binding_rules import is_null, is_nullable
from .body_checks import compiled

# Schema keywords that annotate and never make a value invalid.
_ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "default",
        "examples",
        "example",
        "deprecated",
        "readOnly",
        "writeOnly",
        "$comment",
    }
)


def accepts_any_string(schema: Mapping[str, Any]) -> bool:
    """Whether every string is valid against `schema`: `type: string` and annotations only."""
    return schema.get("type") == "string" and set(schema) <= _ANNOTATIONS | {"type"}


class ParameterChecks:
    """Every declared parameter's schema, compiled once; `check` raises the first failure.

    A value once found valid for a parameter is remembered (schemas never change), so the
    values a client repeats, such as its organization and product, are checked once.
    """

    REMEMBERED_VALUES = 4096

    def __init__(self, parameters: Iterable[Mapping[str, Any]]) -> None:
        self._checks = [
            (
                parameter,
                compiled(parameter.get("schema", parameter)),
            )
            for parameter in parameters
        ]
        # What `check` reads of each parameter, read from its definition once.
        self._plan = [
            (
                index,
                parameter["in"],
                parameter["name"],
                parameter["name"].replace("-", "_")
                if parameter["in"] == "path"
                else parameter["name"],
                bool(parameter.get("required")),
                is_nullable(parameter),
                validator,
            )
            for index, (parameter, validator) in enumerate(self._checks)
        ]
        self._valid: set[tuple[int, type, Any]] = set()
        self._any_string = {
            index
            for index, (parameter, _) in enumerate(self._checks)
            if accepts_any_string(parameter.get("schema", parameter))
        }

    def check(self, source: Callable[[str], Mapping[str, Any]]) -> None:
        """Validate the values `source(location)` gives for each location (path, query...)."""
        sources: dict[str, Mapping[str, Any]] = {}  # each read once, and only if needed
        for index, location, name, key, required, nullable, validator in self._plan:
            if location not in sources:
                sources[location] = source(location)
            value = sources[location].get(key)
            if value is None:
                if required:
                    raise ParameterProblem(location, name, None)
                continue
            if nullable and is_null(value):
                continue
            self._check_value(index, validator, value, location, name)

    def _check_value(
        self, index: int, validator: Draft4Validator, value: Any, location: str, name: str
    ) -> None:
        if index in self._any_string and isinstance(value, str):
            return
        try:
            remembered = (index, type(value), value)
            if remembered in self._valid:
                return
        except TypeError:  # an unhashable value (an array) is checked every time
            remembered = None
        error = next(iter(validator.iter_errors(value)), None)
        if error is not None:
            raise ParameterProblem(location, name, error)
        if remembered is not None:
            if len(self._valid) >= self.REMEMBERED_VALUES:
                self._valid.clear()
            self._valid.add(remembered)
