"""Parameters read as a PHP portal reads them: numeric strings, arrays, references."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.adapters.bitrix24.batch import commands, php_truth, resolve_references
from mockserver.adapters.bitrix24.php_values import SchemaReader

DOCUMENT: dict[str, Any] = {
    "components": {
        "schemas": {
            "Id": {"type": "integer"},
            "Params": {
                "type": "object",
                "properties": {
                    "id": {"$ref": "#/components/schemas/Id"},
                    "names": {"type": "array", "items": {"type": "string"}},
                },
            },
            "WithToken": {
                "allOf": [
                    {"$ref": "#/components/schemas/Params"},
                    {"type": "object", "properties": {"auth": {"type": "string"}}},
                ]
            },
        }
    }
}
WITH_TOKEN = {"$ref": "#/components/schemas/WithToken"}


@pytest.mark.parametrize(
    ("sent", "read"), [("1", 1), (" 7", 7), (1.0, 1), ("2.0", 2), ("1.5", "1.5"), ("x", "x")]
)
def test_integers_are_read_from_numeric_strings_and_whole_floats(
    sent: object, read: object
) -> None:
    assert SchemaReader(DOCUMENT).read({"id": sent}, WITH_TOKEN) == {"id": read}


def test_an_array_is_read_from_numbered_keys_in_their_order() -> None:
    read = SchemaReader(DOCUMENT).read({"names": {"1": "b", "0": "a"}, "auth": 5}, WITH_TOKEN)

    assert read == {"names": ["a", "b"], "auth": "5"}


def test_a_reference_is_replaced_by_the_part_of_the_earlier_result() -> None:
    results = {"listed": {"productImages": [{"id": 4}, {"id": 9}]}}
    params = {
        "id": "$result[listed][productImages][1][id]",
        "note": "first $result[listed][productImages][0][id]",
        "missing": "$result[nothing][id]",
    }

    assert resolve_references(params, results) == {
        "id": 9,
        "note": "first 4",
        "missing": "$result[nothing][id]",
    }


def test_commands_are_parsed_by_name_or_by_index() -> None:
    parsed = commands(["catalog.productImage.list?productId=1&select[]=id", "batch"])

    assert [(c.name, c.method, c.parameters({})) for c in parsed] == [
        ("0", "catalog.productImage.list", {"productId": "1", "select": ["id"]}),
        ("1", "batch", {}),
    ]


@pytest.mark.parametrize(
    ("value", "truth"),
    [(True, True), (1, True), ("1", True), ("Y", True), (0, False), ("0", False), ("", False)],
)
def test_halt_is_read_as_a_php_truth_value(value: object, truth: bool) -> None:
    assert php_truth(value) is truth
