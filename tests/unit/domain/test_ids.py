from __future__ import annotations

import uuid

from hypothesis import given
from hypothesis import strategies as st

from mockserver.domain.ids import (
    SHORTUUID_ALPHABET,
    is_short_id,
    parse_id,
    short_form,
    short_number,
)
from mockserver.domain.sources import Sources


@given(st.uuids())
def test_short_form_is_22_characters_of_the_contract_alphabet(value: uuid.UUID) -> None:
    text = short_form(value)
    assert len(text) == 22
    assert set(text) <= set(SHORTUUID_ALPHABET)


@given(st.uuids())
def test_both_forms_parse_back_to_the_same_uuid(value: uuid.UUID) -> None:
    assert parse_id(short_form(value)) == value
    assert parse_id(str(value)) == value
    assert parse_id(str(value).upper()) == value


def test_new_ids_are_random_version_4_uuids_by_default() -> None:
    new_id = Sources().new_id
    assert new_id().version == 4
    assert new_id() != new_id()


def test_text_in_neither_form_is_no_id() -> None:
    assert parse_id("not-an-id") is None
    assert parse_id("") is None
    assert parse_id("0" * 22) is None  # 0 is not in the alphabet
    assert parse_id("z" * 22) is None  # encodes a number above 2**128
    assert parse_id("12345678123456781234567812345678") is None  # UUID without hyphens


@given(st.text())
def test_any_text_is_an_id_or_none_never_an_error(text: str) -> None:
    parsed = parse_id(text)
    assert parsed is None or text == short_form(parsed) or text.lower() == str(parsed)


def test_a_trailing_newline_is_no_id() -> None:
    value = uuid.uuid4()
    assert parse_id(short_form(value) + "\n") is None
    assert parse_id(str(value) + "\n") is None


def test_is_short_id_rejects_the_canonical_form() -> None:
    value = uuid.uuid4()
    assert is_short_id(short_form(value))
    assert not is_short_id(str(value))


@given(st.text(SHORTUUID_ALPHABET, min_size=22, max_size=22))
def test_a_short_id_is_read_as_the_base_57_number_it_spells(text: str) -> None:
    number = 0
    for digit in text:
        number = number * 57 + SHORTUUID_ALPHABET.index(digit)
    assert short_number(text) == number
    assert parse_id(text) == (uuid.UUID(int=number) if number < 2**128 else None)
