"""The hostile strategies reach the inputs that once broke the mock: a few hundred cases of
each transport hold every family of them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings

from .hostile import TRANSPORTS, KnownCases, Live, RawCase
from .hostile_values import Json, Obj, Text, Token, render
from .known import KNOWN

pytestmark = pytest.mark.slow

LIVE = Live(
    [1, 2, 3], ["0b450f4e-dd5a-40c9-ae74-e13fdcaf3fa2"], ["4e7c2a9d5b3f4a1e8c6d0b2f9a7e5c3d"]
)
Check = Callable[[RawCase], bool]


def cases(transport: str, count: int = 200) -> list[RawCase]:
    drawn: list[RawCase] = []

    @seed(1)
    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(TRANSPORTS[transport].strategy(LIVE))
    def draw(case: RawCase) -> None:
        drawn.append(case)

    draw()
    return drawn


def wire(case: RawCase) -> bytes:
    return case.target.encode("utf-8", "surrogatepass") + b" " + case.body


def has(*pieces: bytes) -> Check:
    return lambda case: any(piece in wire(case) for piece in pieces)


def repeated(piece: bytes, times: int) -> Check:
    return lambda case: wire(case).count(piece) >= times


def deep(segment: bytes, depth: int) -> Check:
    return lambda case: segment * depth in wire(case)


def part_data(case: RawCase, disposition: bytes) -> bytes:
    """The data of the first part whose head holds `disposition`."""
    _, found, rest = case.body.partition(disposition)
    return rest.partition(b"\r\n\r\n")[2].partition(b"\r\n--")[0] if found else b""


def brackets(count: int) -> Check:
    """Nested or repeated containers: `count` opening brackets or more."""
    return lambda case: wire(case).count(b"[") + wire(case).count(b"{") >= count


def larger_than(size: int) -> Check:
    return lambda case: len(case.body) >= size


def labelled(*words: str, then: Check) -> Check:
    """Cases labelled with one of `words` that pass `then`."""
    return lambda case: any(word in case.family for word in words) and then(case)


SURROGATE = has(b"\xed\xa0\x80", b"\\ud800", b"%ED%A0%80")
JSON_FAMILIES: dict[str, Check] = {
    "raw invalid UTF-8": has(b"\xed\xa0\x80"),
    "a lone surrogate escape": has(b"\\ud800"),
    "nested 1,200 deep": deep(b"[", 1200),
    "nested 10,000 deep": deep(b"[", 10_000),
    "8 MB": larger_than(8_000_000),
    "past 2^31": has(b"2147483648"),
    "past 2^63": has(b"9223372036854775808"),
    "a huge digit string": has(b"9" * 5000),
    "a whole float": has(b":0.0", b"[0.0", b",0.0"),
    "NaN": has(b"NaN"),
    "Infinity": has(b"Infinity"),
    "duplicate keys": has(b'"a":1,"a":1', b'"name":"a","name":"b"'),
    "an empty key": has(b'"":'),
    "a 4-byte character": has(b"\xf0\x9f\x98\x80", b"\\ud83d\\ude00"),
    "NUL": has(b"\\u0000", b"\x00"),
}
PHP_FAMILIES: dict[str, Check] = {
    "100,000 a[]=1": repeated(b"a[]=1", 100_000),
    "a key nested 500 deep": deep(b"[a]", 500),
    "a surrogate": SURROGATE,
    "NUL": has(b"%00", b"\x00"),
}
FAMILIES: dict[str, dict[str, Check]] = {
    "bitrix24-json": {
        **JSON_FAMILIES,
        "a surrogate in select": labelled("select", then=SURROGATE),
        "a surrogate in auth": labelled("auth", then=SURROGATE),
        "a surrogate in fileContent's file name": labelled(
            "fileContent.0", "file name", then=SURROGATE
        ),
        "a surrogate as a key": labelled("odd key", "as a key", then=SURROGATE),
    },
    "cloud-images-json": JSON_FAMILIES,
    "cloud-images-patch": {
        "nested 1,200 deep": deep(b"[", 1200),
        "10,001 operations": repeated(b'"op"', 10_001),
        "a surrogate": SURROGATE,
        "8 MB": larger_than(8_000_000),
    },
    "admin-faults": {
        "a surrogate": SURROGATE,
        "nested 10,000 deep": deep(b"[", 10_000),
        "8 MB": larger_than(8_000_000),
        "past 2^63": has(b"9223372036854775808"),
    },
    "bitrix24-form": PHP_FAMILIES,
    "bitrix24-query": PHP_FAMILIES,
    "bitrix24-multipart": {
        "a part name nested 500 deep": deep(b"[a]", 500),
        "100,000 parts": repeated(b'name="a[]"', 100_000),
        "a surrogate in a part name": has(b'name="\xed\xa0\x80"'),
        "a surrogate in a file name": has(b'filename="\xed\xa0\x80'),
    },
    "bitrix24-batch": {
        "a command's query nested 500 deep": labelled(
            "command query", "command's query", then=brackets(500)
        ),
        "a surrogate as a command's name": labelled(
            "command name", "command's name", then=SURROGATE
        ),
        "a surrogate in a command's method": labelled(
            "command method", "command's method", then=SURROGATE
        ),
        "51 commands": labelled("51 commands", then=has(b"c50")),
    },
    "closient-multipart": {
        "a surrogate in the file name": has(b'filename="\xed\xa0\x80'),
        "NUL in the title": lambda case: b"\x00" in part_data(case, b'name="title"'),
        "100,000 parts": repeated(b"Content-Disposition", 100_000),
        "a 4-byte character": has(b"\xf0\x9f\x98\x80"),
    },
}


def known(transport: str) -> list[RawCase]:
    cases = KnownCases(transport, LIVE)
    return [cases.next() for _ in range(len(cases))]


@pytest.mark.parametrize("transport", list(TRANSPORTS))
def test_the_inputs_that_once_broke_the_mock_are_all_sent(transport: str) -> None:
    sent = known(transport)
    missing = [name for name, check in FAMILIES[transport].items() if not any(map(check, sent))]
    assert missing == []


GENERATED: dict[str, dict[str, Check]] = {
    "bitrix24-json": {"a surrogate": SURROGATE, "500 brackets": brackets(500)},
    "cloud-images-json": {"a surrogate": SURROGATE, "500 brackets": brackets(500)},
    "cloud-images-patch": {"a surrogate": SURROGATE, "1,000 operations": repeated(b'"op"', 1000)},
    "admin-faults": {"a surrogate": SURROGATE, "500 brackets": brackets(500)},
    "bitrix24-form": {"a surrogate": SURROGATE, "1,000 pairs": repeated(b"=1", 1000)},
    "bitrix24-query": {"a surrogate": SURROGATE, "1,000 pairs": repeated(b"=1", 1000)},
    "bitrix24-multipart": {"a surrogate": SURROGATE, "1,000 parts": repeated(b"name=", 1000)},
    "bitrix24-batch": {"a surrogate": SURROGATE, "500 brackets": brackets(500)},
    "closient-multipart": {"a surrogate": SURROGATE, "1,000 parts": repeated(b"name=", 1000)},
}


@pytest.mark.parametrize("transport", list(TRANSPORTS))
def test_generated_cases_are_hostile(transport: str) -> None:
    drawn = cases(transport)
    missing = [name for name, check in GENERATED[transport].items() if not any(map(check, drawn))]
    assert missing == []


@pytest.mark.parametrize("transport", list(TRANSPORTS))
def test_the_known_inputs_come_each_in_turn(transport: str) -> None:
    sent = known(transport)
    assert len({case.family for case in sent}) == len(sent) > 5
    assert all(case.family.startswith("known: ") for case in sent)
    again = KnownCases(transport, LIVE, start=3)
    assert [again.next().family for _ in range(len(sent))][-3:] == [
        case.family for case in sent[:3]
    ]


def test_every_transport_is_checked() -> None:
    assert set(FAMILIES) == set(TRANSPORTS) == set(GENERATED) == set(KNOWN)


@pytest.mark.parametrize(
    ("value", "escaped", "raw"),
    [
        ("\ud800", b'"\\ud800"', b'"\xed\xa0\x80"'),
        (Obj((("a", 1), ("a", 2))), b'{"a":1,"a":2}', b'{"a":1,"a":2}'),
        (Token(b"9" * 20), b"9" * 20, b"9" * 20),
        (Text(b'\xff"\\\x00'), b'"\xff\\"\\\\\\u0000"', b'"\xff\\"\\\\\\u0000"'),
        (float("nan"), b"NaN", b"NaN"),
        ([0.0, "\U0001f600"], b'[0.0,"\\ud83d\\ude00"]', b'[0.0,"\xf0\x9f\x98\x80"]'),
    ],
)
def test_json_is_written_as_asked(value: Json, escaped: bytes, raw: bytes) -> None:
    assert render(value, escape=True) == escaped
    assert render(value, escape=False) == raw
