"""The engine's parameter binding, which remembers what it bound before."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.http.engine.parameters import ParameterBinding
from mockserver.http.validation_problems import ParameterProblem

DEFINITIONS: list[dict[str, Any]] = [
    {"in": "path", "name": "gtin", "required": True, "schema": {"type": "string"}},
    {
        "in": "query",
        "name": "page",
        "schema": {"type": "integer", "minimum": 1, "default": 1},
    },
]


def binding() -> ParameterBinding:
    return ParameterBinding(DEFINITIONS, ["gtin", "page"], has_kwargs=False)


def test_the_same_request_binds_the_same_arguments_into_a_dict_of_its_own() -> None:
    parameters = binding()
    first = parameters.bind({"gtin": "96385074"}, b"page=2")
    first["principal"] = "added by the caller"
    assert parameters.bind({"gtin": "96385074"}, b"page=2") == {"gtin": "96385074", "page": 2}
    assert parameters.bind({"gtin": "96385074"}, b"") == {"gtin": "96385074", "page": 1}
    assert parameters.bind({"gtin": "12345670"}, b"page=2") == {"gtin": "12345670", "page": 2}


def test_a_bad_value_is_refused_each_time_even_after_good_ones() -> None:
    parameters = binding()
    parameters.bind({"gtin": "96385074"}, b"page=1")
    for _ in range(2):
        with pytest.raises(ParameterProblem):
            parameters.bind({"gtin": "96385074"}, b"page=0")


def test_what_is_remembered_is_bounded() -> None:
    parameters = binding()
    for page in range(1, ParameterBinding.REMEMBERED * 2):
        assert parameters.bind({"gtin": "96385074"}, f"page={page}".encode())["page"] == page
    assert len(parameters._bound) <= ParameterBinding.REMEMBERED


DEEP = [
    {"in": "path", "name": "user_id", "required": True, "schema": {"type": "integer"}},
    {
        "in": "query",
        "name": "filter",
        "style": "deepObject",
        "explode": True,
        "schema": {
            "type": ["object", "array"],
            "properties": {">id": {"type": "integer"}},
            "additionalProperties": {"type": ["string", "object"]},
        },
    },
]


def test_a_deep_object_is_read_from_its_bracketed_keys() -> None:
    parameters = ParameterBinding(DEEP, ["user_id", "filter"], has_kwargs=False)
    query = b"filter[%3Eid]=5&filter[name][like]=a&filter[name][not]=b&other=1"
    assert parameters.bind({"user_id": "+7"}, query) == {
        "user_id": 7,
        "filter": {">id": 5, "name": {"like": "a", "not": "b"}},
    }


def test_a_deep_object_keeps_the_first_value_of_a_place_named_twice() -> None:
    parameters = ParameterBinding(DEEP, ["user_id", "filter"], has_kwargs=False)
    query = b"filter[name]=a&filter[name]=b&filter[name][like]=c"
    assert parameters.bind({"user_id": "1"}, query)["filter"] == {"name": "a"}


def test_a_deep_object_its_schema_refuses_is_a_parameter_problem() -> None:
    parameters = ParameterBinding(DEEP, ["user_id", "filter"], has_kwargs=False)
    with pytest.raises(ParameterProblem):
        parameters.bind({"user_id": "1"}, b"filter[name]=a&filter[%3Eid]=x")
