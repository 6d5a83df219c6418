"""Decoded values kept with their bytes: the same bytes give the object decoded before."""

from __future__ import annotations

from datetime import UTC

import msgspec
from hypothesis import given
from hypothesis import strategies as st

from mockserver.domain.gallery import PRIMARY, StoredImage
from mockserver.domain.media import ACCEPTED_TYPES
from mockserver.domain.store import Table
from mockserver.store.codec import DecodedValues, decode, encode

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


_TEXT = st.text(max_size=8)
_IMAGES = st.builds(
    StoredImage,
    id=st.uuids(),
    title=_TEXT,
    slot=st.sampled_from([None, PRIMARY]),
    priority=st.integers(0, 2**40),
    created=st.datetimes(timezones=st.just(UTC)),
    image_type=st.sampled_from(ACCEPTED_TYPES),
    size=st.integers(0, 2**31),
    sequence=st.integers(0, 2**40),
    serial=st.integers(0, 2**40),
    file_name=_TEXT,
)
RUN: Table[tuple[StoredImage, ...]] = Table("run", tuple[StoredImage, ...])


@given(st.lists(_IMAGES, max_size=5), st.integers(0, 5))
def test_a_run_encoded_from_its_images_own_encodings_is_the_run_encoded_whole(
    images: list[StoredImage], removed: int
) -> None:
    run = tuple(images)
    assert encode(run) == msgspec.msgpack.encode(run)
    # Again once each image keeps its encoding, and for a run one image shorter.
    assert encode(run) == msgspec.msgpack.encode(run)
    shorter = run[:removed] + run[removed + 1 :]
    assert encode(shorter) == msgspec.msgpack.encode(shorter)
    assert [image.id for image in decode(RUN, encode(shorter))] == [i.id for i in shorter]
