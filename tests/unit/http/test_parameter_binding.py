"""The fast path's parameter binding, which remembers what it bound before."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.http.fast_path.parameters import ParameterBinding
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
