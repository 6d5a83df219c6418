"""Decoded values kept with their bytes: the same bytes give the object decoded before."""

from __future__ import annotations

from mockserver.domain.store import Table
from mockserver.store.codec import DecodedValues, encode

WORDS: Table[tuple[str, ...]] = Table("words", tuple[str, ...])


def test_the_same_bytes_give_the_same_object() -> None:
    kept = DecodedValues()
    data = encode(("a", "b"))
    first = kept.decode(WORDS, "k", data)
    assert first == ("a", "b")
    assert kept.decode(WORDS, "k", encode(("a", "b"))) is first


def test_other_bytes_under_the_key_are_decoded_anew() -> None:
    kept = DecodedValues()
    kept.decode(WORDS, "k", encode(("a",)))
    assert kept.decode(WORDS, "k", encode(("b",))) == ("b",)


def test_a_value_written_is_kept_as_it_was_written() -> None:
    kept = DecodedValues()
    value = ("a",)
    kept.keep(WORDS, "k", encode(value), value)
    assert kept.decode(WORDS, "k", encode(("a",))) is value


def test_the_least_recently_used_go_past_the_byte_budget() -> None:
    kept = DecodedValues(max_bytes=2 * len(encode(("a",))))
    values = {key: kept.decode(WORDS, key, encode(("a",))) for key in ("1", "2")}
    kept.decode(WORDS, "1", encode(("a",)))  # used again: "2" is now the oldest
    kept.decode(WORDS, "3", encode(("a",)))
    assert kept.decode(WORDS, "1", encode(("a",))) is values["1"]
    assert kept.decode(WORDS, "2", encode(("a",))) is not values["2"]
