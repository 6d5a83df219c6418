"""JSON bodies decoded strictly, within their limits, refused by type."""

from __future__ import annotations

import pytest

from mockserver.http.decoding import (
    InputRefused,
    JsonLimits,
    MalformedJson,
    NestedTooDeeply,
    NotText,
    TooManyValues,
    decode_json,
)

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
