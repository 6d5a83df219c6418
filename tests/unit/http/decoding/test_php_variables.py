"""Form variables registered as PHP registers them, within its limits, in linear time."""

from __future__ import annotations

import pytest

from mockserver.http.decoding import NotText, PhpLimits, php_query_variables, php_variables

LIMITS = PhpLimits()


def test_bracketed_keys_nest_and_append() -> None:
    pairs = [("fields[productId]", "1"), ("fields[type]", "MORE_PHOTO"), ("select[]", "id")]
    pairs += [("select[]", "type"), ("fileContent[1]", "b64"), ("fileContent[0]", "a.png")]

    assert php_variables(pairs, LIMITS) == {
        "fields": {"productId": "1", "type": "MORE_PHOTO"},
        "select": ["id", "type"],
        "fileContent": {"1": "b64", "0": "a.png"},
    }


def test_a_later_pair_replaces_an_earlier_one() -> None:
    assert php_variables([("id", "1"), ("id", "2")], LIMITS) == {"id": "2"}


def test_an_append_follows_the_highest_integer_key() -> None:
    pairs = [("a[5]", "five"), ("a[]", "six"), ("a[x]", "x"), ("a[]", "seven")]

    assert php_variables(pairs, LIMITS) == {"a": {"5": "five", "6": "six", "x": "x", "7": "seven"}}


def test_appends_nest_a_new_array_each_time() -> None:
    pairs = [("a[][name]", "x"), ("a[][name]", "y")]

    assert php_variables(pairs, LIMITS) == {"a": [{"name": "x"}, {"name": "y"}]}


@pytest.mark.parametrize(
    ("name", "registered"),
    [
        ("a.b c", {"a_b_c": "v"}),  # dots and spaces of a name are underscores
        ("  a", {"a": "v"}),  # leading spaces dropped
        ("a[b", {"a_b": "v"}),  # an unclosed first bracket is part of the name
        ("a[b]c[d]", {"a": {"b": "v"}}),  # what follows `]` but `[` is ignored
        ("a[ b]", {"a": {"b": "v"}}),  # an index's leading spaces are dropped
        ("[a]", {}),  # no name: not registered
        ("a[05]", {"a": {"05": "v"}}),  # not an integer key: no effect on appends
    ],
)
def test_names_are_read_as_php_reads_them(name: str, registered: dict[str, object]) -> None:
    assert php_variables([(name, "v")], LIMITS) == registered


def test_variables_past_max_input_vars_are_dropped() -> None:
    pairs = [(f"v{index}", str(index)) for index in range(1500)]

    variables = php_variables(pairs, PhpLimits(max_input_vars=1000))

    assert len(variables) == 1000
    assert "v999" in variables
    assert "v1000" not in variables


def test_a_variable_nested_past_the_limit_drops_its_whole_name() -> None:
    deep = "a" + "[x]" * 65
    pairs = [("a[kept]", "1"), (deep, "2"), ("b", "3")]

    assert php_variables(pairs, PhpLimits(max_input_nesting_level=64)) == {"b": "3"}


def test_a_variable_nested_to_the_limit_is_kept() -> None:
    variables = php_variables([("a" + "[x]" * 64, "v")], LIMITS)

    depth, value = 0, variables["a"]
    while isinstance(value, dict):
        depth, value = depth + 1, value["x"]
    assert (depth, value) == (64, "v")


def test_a_query_is_percent_decoded_as_utf8() -> None:
    text = "title=caf%C3%A9+au+lait&select%5B%5D=id&&empty="

    assert php_query_variables(text, LIMITS, "the query") == {
        "title": "café au lait",
        "select": ["id"],
        "empty": "",
    }


@pytest.mark.parametrize("text", ["a=%ED%A0%80", "a%FF=1", "a=%C3"])
def test_a_query_that_is_not_utf8_text_is_refused(text: str) -> None:
    with pytest.raises(NotText, match="form body is not UTF-8"):
        php_query_variables(text, LIMITS, "the form body")


def test_undecodable_pairs_past_the_limit_are_never_read() -> None:
    text = "&".join(["a[]=1"] * 1000 + ["b=%FF"])

    assert len(php_query_variables(text, LIMITS, "the query")["a"]) == 1000


@pytest.mark.parametrize("shift", range(4))
def test_a_long_value_is_decoded_as_a_short_one_is(shift: int) -> None:
    # Long texts are percent-decoded in pieces: an escape must never be cut between two,
    # wherever the pieces end (each shift moves the escapes across the piece boundaries).
    value = "x" * shift + "%F0%9F%98%80+%25a%2" * 5000 + "é+%C3%A9"

    decoded = php_query_variables("a=" + value, LIMITS, "the form body")["a"]

    assert decoded == "x" * shift + "😀 %a%2" * 5000 + "é é"


def test_a_long_value_that_is_not_utf8_text_is_refused() -> None:
    with pytest.raises(NotText):
        php_query_variables("a=" + "%C3%A9" * 10_000 + "%C3", LIMITS, "the form body")


def test_a_long_name_keeps_php_spaces_and_dots_as_underscores() -> None:
    name = "a. b" * 10_000

    assert list(php_query_variables(name + "=1", LIMITS, "the form body")) == ["a__b" * 10_000]
