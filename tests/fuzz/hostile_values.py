"""The pieces hostile requests are built from, as Hypothesis strategies: text no server
should choke on (lone surrogates, NUL, 4-byte characters, brackets, megabytes of it),
numbers at every edge, odd and repeated keys, containers nested and repeated past every
limit, and three ways to spell them: JSON (escaped or raw bytes, duplicate keys, tokens no
encoder writes), PHP-style `key=value` pairs (form bodies, query strings, batch commands)
and multipart bodies.

What Hypothesis draws stays small (a family, a size from a list, a few characters); the
large inputs are built from them by plain code, so a case of 8 MB costs no more to draw
than one of 8 bytes.
"""

from __future__ import annotations

import functools
import json
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias, TypeVar

from hypothesis import strategies as st

T = TypeVar("T")

# --- text -------------------------------------------------------------------------------

SURROGATES = ("\ud800", "\udbff", "\udc00", "\udfff", "a\ud800b", "\udc00\ud800")
EDGE_TEXT = (
    *("", " ", "\x00", "a\x00b", "\x00" * 3, "\x01", "\x1f", "\x7f", "\x85"),
    *("\r\n", "\n", "\r", "\t", "\u2028", "\ufeff", "\ufffe", "\uffff", "\u202e"),
    *(
        "😀",
        "😀" * 8,
        "\U0010ffff",
        "\U0001d518\U0001d52b\U0001d526",
        "é",
        "e\u0301",
        "İ",
        "ß",
        "Ω",
    ),
    *("[", "]", "[]", "[[", "]]", "a[", "a]", "a[]", "a[b][c]", "[0]", "a[-1]", "a[01]"),
    *("%", "%00", "%ZZ", "%ed%a0%80", "%ff", "+", "&", "=", "?", "#", ";", "/", "\\"),
    *('"', "'", "..", "../../etc/passwd", "~0~1", "$result[", "$result[c0]"),
    *("$result[c0][0][id]", "<svg onload=alert(1)>", "null", "true", "1", "-1"),
    *("0", "1.0", " 1", "1e3", "0x1A", "NaN", "INF", "-0", "1.5", "2147483648"),
    *SURROGATES,
)
LONG_UNITS = ("a", "é", "😀", "\x00", "9", "[", "\ud800", " ", "%")
LENGTHS = (255, 256, 1024, 4096, 65_536, 1_000_000)


UNIFORM = st.randoms(use_true_random=True).map(lambda generator: generator.random())
"""A number from [0, 1), uniformly: Hypothesis draws integers and floats far more often at
the ends of their ranges, which would skew every share below."""


def weighted(*choices: tuple[int, st.SearchStrategy[T]]) -> st.SearchStrategy[T]:
    """One of the strategies, each as often as its weight says."""
    total = sum(weight for weight, _ in choices)

    def pick(rolled: float) -> st.SearchStrategy[T]:
        roll = rolled * total
        for weight, strategy in choices:
            if roll < weight:
                return strategy
            roll -= weight
        raise AssertionError(roll)

    return UNIFORM.flatmap(pick)


def chance(share: float) -> st.SearchStrategy[bool]:
    """True for about `share` of the draws."""
    return UNIFORM.map(lambda rolled: rolled < share)


def edge_text(longest: int = LENGTHS[-1]) -> st.SearchStrategy[str]:
    """Text at the edges: one of the list, a drawn short text, or a run up to `longest`."""
    lengths = [length for length in LENGTHS if length <= longest]
    runs = st.builds(
        lambda unit, length: unit * length, st.sampled_from(LONG_UNITS), st.sampled_from(lengths)
    )
    return weighted(
        (10, st.sampled_from(EDGE_TEXT)),
        (5, st.text(max_size=12)),
        (5, st.lists(st.sampled_from(EDGE_TEXT), min_size=2, max_size=4).map("".join)),
        (2, runs),
    )


def encoded(text: str) -> bytes:
    """`text` as UTF-8, lone surrogates as the three bytes CESU would write (ED A0 80)."""
    return text.encode("utf-8", "surrogatepass")


# --- JSON -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    """JSON text written as it is: a number no encoder writes, raw bytes, a deep nest."""

    text: bytes


@dataclass(frozen=True)
class Text:
    """A JSON string of bytes as they are, however invalid their UTF-8 (in a form, the
    bytes percent-encoded)."""

    raw: bytes

    def json(self) -> bytes:
        escaped = self.raw.replace(b"\\", b"\\\\").replace(b'"', b'\\"')
        for byte in range(32):
            escaped = escaped.replace(bytes([byte]), b"\\u%04x" % byte)
        return b'"' + escaped + b'"'


@dataclass(frozen=True)
class Obj:
    """A JSON object whose members keep their order and may repeat a key."""

    members: tuple[tuple[str | Token, Json], ...]


Json: TypeAlias = bool | int | float | str | Token | Text | Obj | list["Json"] | None


def render(value: Json, *, escape: bool = True) -> bytes:
    """JSON text of `value`. With `escape`, text outside ASCII is escaped (a lone
    surrogate as `\\ud800`); without, it is written as bytes (a lone surrogate as the
    invalid UTF-8 `ED A0 80`)."""
    if isinstance(value, Token):
        return value.text
    if isinstance(value, Text):
        return value.json()
    if isinstance(value, Obj):
        members = (
            _key(key, escape) + b":" + render(item, escape=escape) for key, item in value.members
        )
        return b"{" + b",".join(members) + b"}"
    if isinstance(value, list):
        return b"[" + b",".join(render(item, escape=escape) for item in value) + b"]"
    if isinstance(value, str):
        return encoded(json.dumps(value, ensure_ascii=escape))
    if isinstance(value, bool) or value is None:
        return json.dumps(value).encode()
    if isinstance(value, float):
        return json.dumps(value).encode()  # NaN, Infinity and -Infinity too
    return str(value).encode()


def _key(key: str | Token, escape: bool) -> bytes:
    return key.text if isinstance(key, Token) else encoded(json.dumps(key, ensure_ascii=escape))


EDGE_NUMBERS = tuple(
    Token(text.encode())
    for text in (
        *("0", "-0", "0.0", "-0.0", "1.0", "2.0", "1e0", "1E+2", "1e-2", "0.1", "1.5", "-1"),
        *("2147483647", "2147483648", "-2147483648", "-2147483649", "4294967296"),
        *("9007199254740993", "9223372036854775807", "9223372036854775808"),
        *("-9223372036854775808", "-9223372036854775809", "18446744073709551616"),
        *("1e308", "1e309", "-1e309", "5e-324", "1e-400", "1.7976931348623157e308"),
        *("2147483648.0", "9223372036854775808.0", "1e19", "123456789012345678901234567890"),
        *("NaN", "Infinity", "-Infinity", "01", "1.", ".5", "+1", "0x10", "1_000", "--1"),
    )
)
DIGIT_RUNS = (19, 20, 309, 4300, 4301, 5000, 100_000, 1_000_000)


def edge_number() -> st.SearchStrategy[Json]:
    return st.one_of(
        st.sampled_from(EDGE_NUMBERS),
        st.integers(),
        st.floats(),
        st.builds(
            lambda digits, how: Token(how.replace(b"D", b"9" * digits)),
            st.sampled_from(DIGIT_RUNS),
            st.sampled_from((b"D", b"-D", b"D.0", b"0.D", b"1eD", b"1e-D", b"D.D")),
        ),
    )


RAW_STRINGS = tuple(
    Token(b'"' + raw + b'"')
    for raw in (
        b"\xed\xa0\x80",
        b"\xed\xbf\xbf",
        b"a\xed\xa0\x80b",
        b"\xff",
        b"\xc0\xaf",
        b"\xe0\x80\xaf",
        b"\xf4\x90\x80\x80",
        b"\xf8\x88\x80\x80\x80",
        b"\x80",
        b"\x00",
        b"\x1f",
        b"\\u0000",
        b"\\ud800\\udc00",
        b"\\udc00\\ud800",
        b"\\uD800",
        b"\\u12",
        b"\\x41",
        b"\\",
    )
)


def json_key(longest: int = LENGTHS[-1]) -> st.SearchStrategy[str | Token]:
    return st.one_of(edge_text(longest), st.sampled_from(RAW_STRINGS))


def json_leaf(longest: int = LENGTHS[-1]) -> st.SearchStrategy[Json]:
    return st.one_of(
        st.none(), st.booleans(), edge_number(), edge_text(longest), st.sampled_from(RAW_STRINGS)
    )


def json_value() -> st.SearchStrategy[Json]:
    """A small JSON value of hostile leaves, keys and duplicate members."""
    return st.recursive(
        json_leaf(),
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.lists(st.tuples(json_key(4096), children), max_size=4).map(
                lambda members: Obj(tuple(members))
            ),
        ),
        max_leaves=8,
    )


DEPTHS = (63, 64, 65, 99, 100, 101, 500, 1000, 1200, 10_000, 100_000)
COUNTS = (999, 1000, 1001, 9_999, 10_000, 10_001, 100_000)


@functools.lru_cache(maxsize=64)
def shape(kind: str, size: int) -> Token:
    """A JSON value nested or repeated `size` times."""
    if kind == "nested lists":
        return Token(b"[" * size + b"1" + b"]" * size)
    if kind == "nested objects":
        return Token(b'{"a":' * size + b"1" + b"}" * size)
    if kind == "nested mixed":
        half = size // 2
        return Token(b'[{"a":' * half + b"[]" + b"}]" * half)
    if kind == "unclosed lists":
        return Token(b"[" * size)
    if kind == "closing brackets":
        return Token(b"]" * size)
    if kind == "wide list":
        return Token(b"[" + b",".join([b"1"] * size) + b"]")
    if kind == "wide object":
        return Token(b"{" + b",".join(b'"k%d":1' % index for index in range(size)) + b"}")
    if kind == "duplicate keys":
        return Token(b"{" + b",".join([b'"a":1'] * size) + b"}")
    if kind == "empty keys":
        return Token(b"{" + b",".join([b'"":[]'] * size) + b"}")
    if kind == "many strings":
        return Token(b"[" + b",".join([b'"\\ud800"'] * size) + b"]")
    if kind == "list of empty lists":
        return Token(b"[" + b",".join([b"[]"] * size) + b"]")
    raise ValueError(kind)


BIG_SHAPES: dict[str, Token] = {}
"""Filled on first use: the 8 MB bodies that broke the mock once."""


def big_shape(kind: str) -> Token:
    if kind not in BIG_SHAPES:
        if kind == "8 MB nested list":
            BIG_SHAPES[kind] = Token(b"[" + b",".join([b"[1]"] * 2_000_000) + b"]")
        elif kind == "8 MB of tags":
            BIG_SHAPES[kind] = Token(
                b"[" + b",".join(b'"t%07d"' % index for index in range(800_000)) + b"]"
            )
        elif kind == "8 MB string":
            BIG_SHAPES[kind] = Token(b'"' + b"a" * 8_000_000 + b'"')
        elif kind == "8 MB object":
            BIG_SHAPES[kind] = Token(
                b"{" + b",".join(b'"p%07d":"v"' % index for index in range(500_000)) + b"}"
            )
        else:
            raise ValueError(kind)
    return BIG_SHAPES[kind]


SHAPE_KINDS = (
    "nested lists",
    "nested objects",
    "nested mixed",
    "unclosed lists",
    "closing brackets",
    "wide list",
    "wide object",
    "duplicate keys",
    "empty keys",
    "many strings",
    "list of empty lists",
)
BIG_KINDS = ("8 MB nested list", "8 MB of tags", "8 MB string", "8 MB object")


def json_shape() -> st.SearchStrategy[tuple[str, Token]]:
    """A nested or repeated value past some limit, and its name for the report."""
    nested = st.tuples(st.sampled_from(SHAPE_KINDS[:5]), st.sampled_from(DEPTHS)).map(
        lambda drawn: (f"{drawn[0]} x{drawn[1]}", shape(*drawn))
    )
    wide = st.tuples(st.sampled_from(SHAPE_KINDS[5:]), st.sampled_from(COUNTS)).map(
        lambda drawn: (f"{drawn[0]} x{drawn[1]}", shape(*drawn))
    )
    big = st.sampled_from(BIG_KINDS).map(lambda kind: (kind, big_shape(kind)))
    return weighted((50, nested), (40, wide), (3, big))


def hostile_json() -> st.SearchStrategy[tuple[str, Json]]:
    """A hostile value for one place of a body: small and odd, or a shape past a limit."""
    return weighted(
        (2, json_value().map(lambda value: ("value", value))),
        (1, json_shape().map(lambda named: (named[0], named[1]))),
    )


def whole_json_bodies(template: bytes) -> st.SearchStrategy[tuple[str, bytes]]:
    """Bodies around a well-formed `template`: cut, re-encoded, with a byte order mark,
    trailing junk, or no JSON at all."""
    try:
        text = template.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        text = template.decode("latin-1")

    def reencoded(codec: str) -> bytes:
        try:
            return text.encode(codec)
        except UnicodeEncodeError:
            return text.encode(codec, "surrogatepass")

    fixed = {
        "empty": b"",
        "blank": b" \r\n\t",
        "null": b"null",
        "a list": b"[]",
        "a string": b'"a"',
        "a number": b"1",
        "true": b"true",
        "with a BOM": b"\xef\xbb\xbf" + template,
        "UTF-16-LE": reencoded("utf-16-le"),
        "UTF-16 with a BOM": reencoded("utf-16"),
        "UTF-32": reencoded("utf-32"),
        "Latin-1": text.encode("latin-1", "replace"),
        "trailing junk": template + b"}junk",
        "two documents": template + template,
        "a NUL after": template + b"\x00",
        "a comment": b"/* c */" + template,
        "single quotes": template.replace(b'"', b"'"),
        "a megabyte of spaces first": b" " * 1_000_000 + template,
        "NaN": b"NaN",
        "-Infinity": b"-Infinity",
    }
    return st.one_of(
        st.sampled_from(sorted(fixed.items())),
        st.integers(0, max(0, len(template) - 1)).map(
            lambda cut: (f"cut at {cut}", template[:cut])
        ),
        st.binary(max_size=64).map(lambda junk: ("random bytes", junk)),
    )


JSON_TYPES = (
    "application/json",
    "application/json; charset=utf-8",
    "application/json; charset=latin-1",
    "application/json; charset=utf-16",
    "APPLICATION/JSON",
    "application/json;;;",
    'application/json; charset="utf-8"; x=y',
    "application/vnd.api+json",
    "text/json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "application/octet-stream",
    "*/*",
    "application/json" + "; x=y" * 500,
)


# --- PHP-style pairs --------------------------------------------------------------------

Pair: TypeAlias = tuple[bytes, bytes]
"""A key and a value, each as it goes on the wire (percent-encoded or not)."""


def quoted(text: str) -> bytes:
    """`text` percent-encoded as a form does (brackets kept, as clients send them)."""
    return urllib.parse.quote(encoded(text), safe="[]").encode()


def spelled(text: str, how: str) -> bytes:
    if how == "quoted":
        return quoted(text)
    if how == "plus":
        return urllib.parse.quote_plus(encoded(text), safe="[]").encode()
    return encoded(text)  # raw: as it is, `&` and `=` included


def pairs_text(pairs: Sequence[Pair]) -> bytes:
    return b"&".join(key + b"=" + value for key, value in pairs)


PHP_REPEATED_KEYS = (
    b"a[]",
    b"select[]",
    b"fields[a][]",
    b"productId",
    b"a[x]",
    b"a[0]",
    b"cmd[]",
    b"a[][]",
    b"[]",
    b"",
)
PHP_DEEP_SEGMENTS = (b"[a]", b"[]", b"[0]", b"[", b"]", b"[[", b"[ ]", b"[-1]")
PHP_DEPTHS = (63, 64, 65, 500, 501, 1000, 10_000, 100_000)
PHP_COUNTS = (999, 1000, 1001, 5000, 10_000, 100_000)
PHP_ODD_PAIRS = (
    b"=",
    b"==",
    b"=1",
    b"[]=1",
    b"[a]=1",
    b"a[b]c[d]=1",
    b"a[[b]]=1",
    b"a[b=1",
    b"a]b[=1",
    b"a b.c=1",
    b"a%5Bb%5D=1",
    b"%=1",
    b"%G1=%",
    b"a=%e",
    b"a=%ed%a0",
    b"%ed%a0%80=1",
    b"a=%ed%a0%80",
    b"%ff=%fe",
    b"\xff=\xfe",
    b"\xed\xa0\x80=1",
    b"a=\x00",
    b"%00=1",
    b"a[%00]=1",
    b"&&&",
    b";a=1",
    b"a=1;b=2",
    b"a[9223372036854775807]=1&a[]=2",
    b"a[9223372036854775806]=1&a[]=2&a[]=3",
    b"a[-9223372036854775808]=1&a[]=2",
    b"a[18446744073709551616]=1&a[]=2",
    b"a[" + b"9" * 5000 + b"]=1&a[]=2",
    b"a[01]=1&a[1]=2&a[]=3",
    b"a[ 1]=1&a[1 ]=2",
    b"a=1&a[]=2&a[b]=3",
    b"a[]=1&a=2",
    b"a[b][]=1&a[b]=2&a[b][c]=3",
)


@functools.lru_cache(maxsize=128)
def repeated_pairs(key: bytes, count: int) -> bytes:
    return b"&".join([key + b"=1"] * count)


@functools.lru_cache(maxsize=128)
def distinct_pairs(count: int) -> bytes:
    return b"&".join(b"k%d=1" % index for index in range(count))


@functools.lru_cache(maxsize=128)
def deep_key(name: bytes, segment: bytes, depth: int) -> bytes:
    return name + segment * depth


def php_hostile_pairs() -> st.SearchStrategy[tuple[str, bytes]]:
    """Hostile `key=value` text to put among a call's own pairs."""
    repeated = st.tuples(st.sampled_from(PHP_REPEATED_KEYS), st.sampled_from(PHP_COUNTS)).map(
        lambda drawn: (f"{drawn[0].decode()}=1 x{drawn[1]}", repeated_pairs(*drawn))
    )
    distinct = st.sampled_from(PHP_COUNTS).map(
        lambda count: (f"{count} distinct keys", distinct_pairs(count))
    )
    deep = st.tuples(
        st.sampled_from((b"fields", b"a", b"select", b"fileContent", b"cmd", b"")),
        st.sampled_from(PHP_DEEP_SEGMENTS),
        st.sampled_from(PHP_DEPTHS),
    ).map(
        lambda drawn: (
            f"key {drawn[0].decode()}{drawn[1].decode()} x{drawn[2]}",
            deep_key(*drawn) + b"=1",
        )
    )
    odd = st.sampled_from(PHP_ODD_PAIRS).map(
        lambda pair: ("odd pair " + pair[:40].decode("latin-1"), pair)
    )
    text = st.tuples(edge_text(), edge_text(), st.sampled_from(("quoted", "plus", "raw"))).map(
        lambda drawn: (
            f"text pair ({drawn[2]})",
            spelled(drawn[0], drawn[2]) + b"=" + spelled(drawn[1], drawn[2]),
        )
    )
    return st.one_of(repeated, distinct, deep, odd, text)


PHP_NUMBERS = (
    *("0", "-0", "0.0", "1.0", " 1", "1 ", "+1", "1e0", "1e3", "1.5", "0x1A", "0b1", "1_0"),
    *("2147483647", "2147483648", "-2147483649", "9223372036854775807"),
    *("9223372036854775808", "18446744073709551616", "1e308", "1e309", "NaN", "INF"),
    *("", "a", "[]", "true", "null", "9" * 4301, "9" * 100_000, "0." + "0" * 5000 + "1"),
)


def php_value() -> st.SearchStrategy[str]:
    """A value where the contract wants a number, a boolean or text."""
    return st.one_of(st.sampled_from(PHP_NUMBERS), edge_text(), st.integers().map(str))


# --- multipart --------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One part of a multipart body; `name` and `filename` as the header carries them."""

    name: bytes | None
    data: bytes
    filename: bytes | None = None
    content_type: bytes | None = None
    extra: bytes = b""
    """More header lines, each ending in CRLF."""


BOUNDARY = b"fuzzboundary7MA4YWxk"


def multipart_body(
    parts: Sequence[Part], boundary: bytes = BOUNDARY, newline: bytes = b"\r\n", close: bool = True
) -> bytes:
    chunks = []
    for part in parts:
        disposition = b"Content-Disposition: form-data"
        if part.name is not None:
            disposition += b'; name="' + part.name + b'"'
        if part.filename is not None:
            disposition += b'; filename="' + part.filename + b'"'
        head = b"--" + boundary + newline + disposition + newline
        if part.content_type is not None:
            head += b"Content-Type: " + part.content_type + newline
        chunks.append(head + part.extra + newline + part.data + newline)
    ending = b"--" + boundary + b"--" + newline if close else b""
    return b"".join(chunks) + ending


def multipart_type(boundary: bytes = BOUNDARY) -> str:
    return "multipart/form-data; boundary=" + boundary.decode("latin-1")


PART_NAMES = (
    b"",
    b"a[]",
    b"\xed\xa0\x80",
    b"\xff\xfe",
    b"a\x00b",
    b'a\\"b',
    b"a%22b",
    b"\xf0\x9f\x98\x80",
    b"a\r\nb",
    b"a;b=c",
    b'a"; filename="x',
)
FILE_NAMES = (
    b"",
    b"a.png",
    b"\xed\xa0\x80.png",
    b"\xff.png",
    b"a\x00b.png",
    b"\\ud800.png",
    b"\xf0\x9f\x98\x80.png",
    b"../../x.png",
    b"a\r\n.png",
    b"%ED%A0%80.png",
    b'a\\".png',
    b"a" * 5000 + b".png",
    b"\xc0\xaf.png",
    b"C:\\x\\y.png",
)
BOUNDARIES = (
    BOUNDARY,
    b"a" * 70,
    b"a" * 71,
    b"b" * 5000,
    b"",
    b"x y",
    b'"quoted"',
    b"--",
    b"\xff\xfe",
)


def multipart_twists() -> st.SearchStrategy[tuple[str, bytes, bytes, bytes, bool]]:
    """How a multipart body is framed: (name, boundary, its Content-Type parameter as
    sent, newline, closed)."""
    fine = st.just(("framed", BOUNDARY, BOUNDARY, b"\r\n", True))
    odd = st.tuples(
        st.sampled_from(BOUNDARIES),
        st.sampled_from((b"\r\n", b"\n")),
        st.booleans(),
        st.booleans(),
    ).map(
        lambda drawn: (
            f"boundary {drawn[0][:12]!r}, newline {drawn[1]!r}, closed {drawn[2]}, "
            f"declared {drawn[3]}",
            drawn[0],
            drawn[0] if drawn[3] else b"other",
            drawn[1],
            drawn[2],
        )
    )
    return st.one_of(fine, fine, odd)
