"""A handler's signature and type hints are read once per function defined (a mock built
again binds the same methods anew), yet a method bound and the function itself each read
as they are, and a validator is compiled once per schema object."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft4Validator

from mockserver.http.engine.binding_rules import function_arguments, per_definition
from mockserver.http.engine.body_checks import compiled
from mockserver.http.engine.response_checks import ResponseValidator


class Handlers:
    async def show(self, principal: Any, image_id: str, **more: Any) -> None:
        return None


def test_a_bound_method_reads_without_self_and_its_function_with_it() -> None:
    assert function_arguments(Handlers().show) == (["principal", "image_id"], True)
    assert function_arguments(Handlers.show) == (["self", "principal", "image_id"], True)
    assert function_arguments(Handlers().show) == (["principal", "image_id"], True)


def test_each_function_and_binding_is_read_once() -> None:
    reads: list[object] = []

    @per_definition
    def read(function: Any) -> str:
        reads.append(function)
        return getattr(function, "__name__", "")

    first, second = Handlers(), Handlers()
    assert read(first.show) == read(second.show) == read(Handlers.show) == "show"
    assert len(reads) == 2  # the bound reading, then the function's


def test_the_names_returned_are_the_callers_own() -> None:
    names, _ = function_arguments(Handlers().show)
    names.append("changed")
    assert function_arguments(Handlers().show)[0] == ["principal", "image_id"]


def test_a_schema_is_compiled_once_and_an_equal_one_apart() -> None:
    schema = {"type": "string", "maxLength": 3}
    validator = compiled(schema)
    assert isinstance(validator, Draft4Validator)
    assert compiled(schema) is validator
    assert compiled(dict(schema)) is not validator
    assert not validator.is_valid("four")


def test_each_kind_of_validator_is_compiled_apart() -> None:
    schema = {"type": "object", "properties": {"secret": {"writeOnly": True}}}
    plain, answers = compiled(schema), compiled(schema, ResponseValidator)
    assert answers is compiled(schema, ResponseValidator) is not plain
    assert plain.is_valid({"secret": "x"})
    assert not answers.is_valid({"secret": "x"})  # a response may not show a write-only field
