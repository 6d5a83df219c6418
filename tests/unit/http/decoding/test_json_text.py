"""JSON bodies decoded strictly, within their limits, refused by type."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.http.decoding import (
    InputRefused,
    JsonLimits,
    MalformedJson,
    NestedTooDeeply,
    NotText,
    TooManyValues,
    decode_json,
)
from mockserver.http.decoding.json_text import _opened_containers

LIMITS = JsonLimits(max_depth=10, max_values=100)
# Only the depth bounds these: the decoder itself stops what Python cannot nest.
DEEP_ONLY = JsonLimits(max_depth=10, max_values=10**9)


def test_a_document_within_the_limits_is_decoded() -> None:
    raw = '{"a": [1, 2.5, "x", null, true], "b": {"c": "café 😀"}}'.encode()

    assert decode_json(raw, LIMITS) == {"a": [1, 2.5, "x", None, True], "b": {"c": "café 😀"}}


def test_a_surrogate_pair_escape_is_one_character() -> None:
    assert decode_json(b'"\\ud83d\\ude00"', LIMITS) == "😀"


@pytest.mark.parametrize(
    "raw",
    [
        b'{"a": "\xed\xa0\x80"}',  # a surrogate encoded in UTF-8
        b'{"\xff": 1}',
        b'["\xc3"]',
    ],
)
def test_bytes_that_are_not_utf8_are_refused_as_not_text(raw: bytes) -> None:
    with pytest.raises(NotText):
        decode_json(raw, LIMITS)


@pytest.mark.parametrize(
    "raw",
    [
        b'{"\\ud800": 1}',  # a lone surrogate as a key
        b'["\\udc00"]',
        b'{"a": "\\ud800x"}',
        b"NaN",
        b"[Infinity]",
        b"1e400",
        b"[1,]",
        b"{",
        b"",
        b"[1] 2",
    ],
)
def test_what_is_no_json_document_is_malformed(raw: bytes) -> None:
    with pytest.raises(MalformedJson):
        decode_json(raw, LIMITS)


def test_nesting_to_the_limit_is_taken() -> None:
    assert decode_json(b"[" * 10 + b"]" * 10, LIMITS) == [[[[[[[[[[]]]]]]]]]]


@pytest.mark.parametrize("depth", [11, 1_200, 100_000])
def test_nesting_past_the_limit_is_refused(depth: int) -> None:
    with pytest.raises(NestedTooDeeply):
        decode_json(b'{"a":' * depth + b"1" + b"}" * depth, DEEP_ONLY)


def test_values_past_the_limit_are_refused_before_decoding() -> None:
    raw = b"[" + b",".join([b"[]"] * 100) + b"]"

    with pytest.raises(TooManyValues):
        decode_json(raw, LIMITS)


def test_values_to_the_limit_are_taken() -> None:
    assert decode_json(b"[" + b",".join([b"0"] * 99) + b"]", LIMITS) == [0] * 99


def test_a_large_string_is_one_value() -> None:
    raw = b'{"fileContent": ["a.png", "' + b"QUJD" * 1_000_000 + b'"]}'

    assert len(decode_json(raw, LIMITS)["fileContent"][1]) == 4_000_000


def test_every_refusal_is_an_input_refusal_and_a_value_error() -> None:
    for refusal in (NotText(), MalformedJson("x"), NestedTooDeeply(1), TooManyValues(1)):
        assert isinstance(refusal, InputRefused)
        assert isinstance(refusal, ValueError)
        assert str(refusal)


def test_commas_and_brackets_inside_strings_are_not_values() -> None:
    raw = b'{"cmd": ["list?' + b"select[]=id&" * 500 + b'", "a,b,[c]"]}'

    assert decode_json(raw, LIMITS)["cmd"][1] == "a,b,[c]"


def test_escaped_quotes_and_backslashes_do_not_end_a_string() -> None:
    text = b'"x\\\\", "\\"[[[,,,\\\\\\"' + b"[," * 100 + b'"'
    raw = b"[" + text + b", 1]"

    assert decode_json(raw, LIMITS)[2] == 1


def test_values_outside_strings_are_counted_when_strings_hold_brackets_too() -> None:
    raw = b'["' + b"[" * 200 + b'"' + b", 0" * 100 + b"]"

    with pytest.raises(TooManyValues):
        decode_json(raw, LIMITS)


def test_too_many_strings_are_refused_before_they_are_split() -> None:
    raw = b"[" + b'"a","[",' * 300 + b"1]"

    with pytest.raises(TooManyValues):
        decode_json(raw, LIMITS)


@pytest.mark.parametrize("values", [99, 100])
def test_values_are_counted_outside_strings_across_long_bodies(values: int) -> None:
    # Bodies this long are counted a piece at a time: strings that cross from one piece
    # to the next must not turn their commas into values, nor hide the values after them.
    raw = b"[" + b'"' + b"x,[{" * 200_000 + b'",' + b"0," * (values - 2) + b"0]"

    if values < LIMITS.max_values:
        assert len(decode_json(raw, LIMITS)) == values
    else:
        with pytest.raises(TooManyValues):
            decode_json(raw, LIMITS)


_TRICKY_TEXT = st.text(alphabet='ab\\"[]{},', max_size=12)
_DOCUMENTS = st.recursive(
    st.none() | st.integers() | _TRICKY_TEXT,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(_TRICKY_TEXT, children, max_size=5)
    ),
    max_leaves=30,
)


def _containers_and_commas(value: Any) -> tuple[int, int, int]:
    """The containers, the commas between members and the strings (keys included) of a
    decoded value: what the counts outside strings must find."""
    if isinstance(value, str):
        return 0, 0, 1
    if isinstance(value, list | dict):
        items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
        counts = [_containers_and_commas(item) for item in items]
        return (
            1 + sum(count[0] for count in counts),
            max(len(value) - 1, 0) + sum(count[1] for count in counts),
            sum(count[2] for count in counts),
        )
    return 0, 0, 0


@settings(max_examples=300, deadline=None)
@given(document=_DOCUMENTS, max_values=st.integers(0, 40), piece=st.integers(1, 9))
def test_counting_a_piece_at_a_time_agrees_with_the_decoded_value(
    document: Any, max_values: int, piece: int
) -> None:
    # Pieces cut anywhere, inside an escape or a run of backslashes too, count what the
    # whole body holds outside its strings.
    raw = json.dumps(document, ensure_ascii=False).encode()
    containers, commas, strings = _containers_and_commas(document)
    everywhere = raw.count(b"[") + raw.count(b"{")
    if everywhere + raw.count(b",") < max_values:
        expected: int | None = everywhere
    elif 2 * strings > 4 * max_values or containers + commas >= max_values:
        expected = None
    else:
        expected = containers
    try:
        counted: int | None = _opened_containers(raw, max_values, piece)
    except TooManyValues:
        counted = None

    assert counted == expected


def test_a_long_run_of_backslashes_is_counted_by_its_parity() -> None:
    # Its commas are counted (too many to count everywhere), as inside the string.
    raw = b'["' + b"\\\\" * 300_001 + b',,,,,,,,,,", [1, 2]]'

    assert _opened_containers(raw, 5, piece=1024) == 2
    assert decode_json(raw, JsonLimits(max_depth=10, max_values=5))[1] == [1, 2]
