"""The hostile inputs that once broke the mock (issue #23), one request each per transport,
sent among the generated cases (a tenth of them) so that every run holds each family
however its draws fall: 100,000 `a[]=1` pairs, PHP-style keys nested past 500 levels,
raw invalid UTF-8 and lone surrogate escapes in keys, `select`, `auth`, file names and batch
commands, JSON nested 1,200 and 10,000 deep, an 8 MB nested list, integers past 2^31 and
2^63, huge digit strings, whole floats, NaN and Infinity, duplicate and empty keys, 4-byte
characters, NUL; and those that held the event loop past 50 ms in a full run: a 12 MB form
key, a batch command's 393 KB key, an 8 MB multipart part, an 8 MB file name (quoted whole
in its refusal)."""

from __future__ import annotations

import base64
from collections.abc import Callable

from tests.demo import BITRIX_TOKEN, images_path
from tests.images import png

from .hostile_values import (
    BOUNDARY,
    Part,
    big_shape,
    deep_key,
    multipart_body,
    multipart_type,
    repeated_pairs,
    shape,
)

Builder = Callable[[str], tuple[str, str, bytes]]
"""(a live id) → (path, content type, body)."""

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
PATCH = "application/openstack-images-v2.1-json-patch"
WEBHOOK = "/rest/1/k3q9x2v7m1p8z4r6/"
LIST = WEBHOOK + "catalog.productImage.list"
ADD = WEBHOOK + "catalog.productImage.add"
GET = WEBHOOK + "catalog.productImage.get"
PNG = png()
PNG64 = base64.b64encode(PNG)

SURROGATES = {"raw": b"\xed\xa0\x80", "escaped": b"\\ud800"}
NUMBERS = {
    "past 2^31": b"2147483648",
    "past 2^63": b"9223372036854775808",
    "5,000 digits": b"9" * 5000,
    "a whole float": b"1.0",
    "0.0": b"0.0",
    "NaN": b"NaN",
    "Infinity": b"Infinity",
    "1e309": b"1e309",
}


def _json(path: str, body: bytes) -> Builder:
    return lambda _: (path, JSON, body)


def bitrix24_json() -> dict[str, Builder]:
    known: dict[str, Builder] = {}
    for how, surrogate in SURROGATES.items():
        known[f"a {how} surrogate as a key"] = _json(
            LIST, b'{"productId":1,"' + surrogate + b'":1}'
        )
        known[f"a {how} surrogate in select"] = _json(
            LIST, b'{"productId":1,"select":["' + surrogate + b'"]}'
        )
        known[f"a {how} surrogate in auth"] = _json(
            "/rest/catalog.productImage.list", b'{"productId":1,"auth":"' + surrogate + b'"}'
        )
        known[f"a {how} surrogate in fileContent's file name"] = _json(
            ADD,
            b'{"fields":{"productId":1},"fileContent":["' + surrogate + b'.png","' + PNG64 + b'"]}',
        )
    for what, number in NUMBERS.items():
        known[f"a productId {what}"] = _json(LIST, b'{"productId":' + number + b"}")
        known[f"an id {what}"] = _json(GET, b'{"productId":1,"id":' + number + b"}")
    known["nested 1,200 deep"] = _json(ADD, shape("nested lists", 1200).text)
    known["objects nested 1,200 deep"] = _json(ADD, shape("nested objects", 1200).text)
    known["nested 10,000 deep"] = _json(ADD, shape("nested lists", 10_000).text)
    known["an 8 MB nested list"] = lambda _: (
        LIST,
        JSON,
        b'{"productId":1,"select":' + big_shape("8 MB nested list").text + b"}",
    )
    known["duplicate keys"] = _json(LIST, b'{"productId":1,"productId":2,"productId":1}')
    known["100,000 duplicate keys"] = _json(LIST, shape("duplicate keys", 100_000).text)
    known["an empty key"] = _json(LIST, b'{"":1,"productId":1}')
    known["4-byte characters in select"] = _json(LIST, '{"productId":1,"select":["😀"]}'.encode())
    known["NUL in a file name"] = _json(
        ADD, b'{"fields":{"productId":1},"fileContent":["a\\u0000.png","' + PNG64 + b'"]}'
    )
    known["a raw NUL in a key"] = _json(LIST, b'{"productId":1,"a\x00":1}')
    return known


def php_bodies() -> dict[str, bytes]:
    """Form and query text, for `list`."""
    return {
        "100,000 a[]=1": repeated_pairs(b"a[]", 100_000) + b"&productId=1",
        "1,001 variables": repeated_pairs(b"a[x]", 1) + b"&" + _vars(1001),
        "a key nested 500 deep": deep_key(b"fields", b"[a]", 500) + b"=1&productId=1",
        "a key nested 10,000 deep": deep_key(b"fields", b"[a]", 10_000) + b"=1&productId=1",
        "a key of 500 appends": deep_key(b"a", b"[]", 500) + b"=1&productId=1",
        "a surrogate key": b"%ED%A0%80=1&productId=1",
        "a surrogate in select": b"productId=1&select[]=%ED%A0%80",
        "a surrogate in auth": b"productId=1&auth=%ED%A0%80",
        "a productId past 2^63": b"productId=9223372036854775808",
        "a productId of 5,000 digits": b"productId=" + b"9" * 5000,
        "a productId 1.0": b"productId=1.0",
        "NUL in a key": b"a%00=1&productId=1",
        "4-byte characters": b"productId=1&select[]=%F0%9F%98%80",
        "an index past 2^63 then an append": b"a[9223372036854775807]=1&a[]=2&productId=1",
        "a key of a million encoded 4-byte characters (12 MB)": (
            b"productId=1&" + b"%F0%9F%98%80" * 1_000_000 + b"=1"
        ),
    }


def _vars(count: int) -> bytes:
    return b"&".join(b"k%d=1" % index for index in range(count))


def bitrix24_form() -> dict[str, Builder]:
    return {name: _form(body) for name, body in php_bodies().items()}


def _form(body: bytes) -> Builder:
    return lambda _: (LIST, FORM, body)


def bitrix24_query() -> dict[str, Builder]:
    return {name: _query(body) for name, body in php_bodies().items()}


def _query(body: bytes) -> Builder:
    return lambda _: (LIST + "?" + body.decode("latin-1"), "", b"")


def bitrix24_multipart() -> dict[str, Builder]:
    def parts(*extra: Part) -> Builder:
        body = multipart_body([Part(b"productId", b"1"), *extra])
        return lambda _: (LIST, multipart_type(), body)

    return {
        "100,000 a[] parts": parts(*[Part(b"a[]", b"1")] * 100_000),
        "a part name nested 500 deep": parts(Part(deep_key(b"fields", b"[a]", 500), b"1")),
        "a part name nested 10,000 deep": parts(Part(deep_key(b"a", b"[]", 10_000), b"1")),
        "a surrogate part name": parts(Part(b"\xed\xa0\x80", b"1")),
        "a surrogate file name": parts(
            Part(b"a[]", b"x", filename=b"\xed\xa0\x80.png", content_type=b"image/png")
        ),
        "a surrogate in select": parts(Part(b"select[]", b"\xed\xa0\x80")),
        "NUL in a part name": parts(Part(b"a\x00", b"1")),
        "an 8 MB part": parts(Part(b"select[]", b"a" * 8_000_000)),
        "a file name of 8 MB": lambda _: (
            ADD,
            multipart_type(),
            multipart_body(
                [
                    Part(b"fields[productId]", b"1"),
                    Part(b"fileContent[0]", b"[1]," * 2_000_000),
                    Part(b"fileContent[1]", PNG64),
                ]
            ),
        ),
    }


def bitrix24_batch() -> dict[str, Builder]:
    batch = WEBHOOK + "batch"
    known: dict[str, Builder] = {}
    for how, surrogate in SURROGATES.items():
        known[f"a {how} surrogate as a command's name"] = _json(
            batch, b'{"cmd":{"' + surrogate + b'":"catalog.productImage.list?productId=1"}}'
        )
        known[f"a {how} surrogate as a command's method"] = _json(
            batch, b'{"cmd":{"a":"' + surrogate + b'?productId=1"}}'
        )
    deep = deep_key(b"a", b"[x]", 500)
    known["a command's query nested 500 deep"] = _json(
        batch, b'{"cmd":{"a":"catalog.productImage.list?productId=1&' + deep + b'=1"}}'
    )
    known["a form command's query nested 500 deep"] = lambda _: (
        batch,
        FORM,
        b"cmd[a]=catalog.productImage.list%3FproductId%3D1%26" + deep + b"%3D1",
    )
    known["a command name nested 500 deep"] = lambda _: (
        batch,
        FORM,
        b"cmd" + deep + b"=catalog.productImage.list%3FproductId%3D1",
    )
    appends = repeated_pairs(b"a[]", 1500)
    known["50 commands of 1,500 appends"] = _json(
        batch,
        b'{"cmd":{'
        + b",".join(
            b'"c%d":"catalog.productImage.list?productId=1&' % n + appends + b'"' for n in range(50)
        )
        + b"}}",
    )
    known["a command's key of 65,536 encoded characters"] = _json(
        batch,
        b'{"cmd":{"a":"catalog.productImage.list?productId=1&' + b"%C3%A9" * 65_536 + b'=1"}}',
    )
    known["51 commands"] = _json(
        batch,
        b'{"cmd":{'
        + b",".join(b'"c%d":"catalog.productImage.list?productId=1"' % n for n in range(51))
        + b"}}",
    )
    known["halt NaN"] = _json(batch, b'{"cmd":{"a":"catalog.productImage.getFields"},"halt":NaN}')
    known["the application style's auth a surrogate"] = _json(
        "/rest/batch", b'{"auth":"\\ud800","cmd":{"a":"catalog.productImage.getFields"}}'
    )
    known["a token auth then nested cmd"] = _json(
        "/rest/batch",
        b'{"auth":"'
        + BITRIX_TOKEN.encode()
        + b'","cmd":'
        + shape("nested lists", 1200).text
        + b"}",
    )
    return known


def _members(body: bytes) -> Builder:
    return lambda image: (f"/v2/images/{image}/members", JSON, body)


def cloud_images_json() -> dict[str, Builder]:
    create = "/v2/images"
    known: dict[str, Builder] = {}
    for how, surrogate in SURROGATES.items():
        known[f"a {how} surrogate name"] = _json(create, b'{"name":"' + surrogate + b'"}')
        known[f"a {how} surrogate property"] = _json(create, b'{"os_distro":"' + surrogate + b'"}')
        known[f"a {how} surrogate key"] = _json(create, b'{"' + surrogate + b'":"a"}')
        known[f"a {how} surrogate tag"] = _json(create, b'{"tags":["' + surrogate + b'"]}')
        known[f"a {how} surrogate member"] = _members(b'{"member":"' + surrogate + b'"}')
    for what, number in NUMBERS.items():
        known[f"min_ram {what}"] = _json(create, b'{"min_ram":' + number + b"}")
    known["nested 1,200 deep"] = _json(
        create, b'{"name":' + shape("nested lists", 1200).text + b"}"
    )
    known["nested 10,000 deep"] = _json(create, shape("nested lists", 10_000).text)
    known["an 8 MB nested list"] = lambda _: (
        create,
        JSON,
        b'{"min_ram":' + big_shape("8 MB nested list").text + b"}",
    )
    known["8 MB of tags"] = lambda _: (
        create,
        JSON,
        b'{"tags":' + big_shape("8 MB of tags").text + b"}",
    )
    known["duplicate keys"] = _json(create, b'{"name":"a","name":"b"}')
    known["an empty key"] = _json(create, b'{"":"a"}')
    known["a 4-byte tag"] = _json(create, '{"tags":["😀"]}'.encode())
    known["NUL in a name"] = _json(create, b'{"name":"a\\u0000b"}')
    return known


def cloud_images_patch() -> dict[str, Builder]:
    def patch(body: bytes) -> Builder:
        return lambda image: (f"/v2/images/{image}", PATCH, body)

    def replace(value: bytes, path: bytes = b"/name") -> bytes:
        return b'[{"op":"replace","path":"' + path + b'","value":' + value + b"}]"

    known: dict[str, Builder] = {}
    for how, surrogate in SURROGATES.items():
        known[f"a {how} surrogate value"] = patch(replace(b'"' + surrogate + b'"'))
        known[f"a {how} surrogate path"] = patch(replace(b'"a"', b"/" + surrogate))
    for what, number in NUMBERS.items():
        known[f"min_ram {what}"] = patch(replace(number, b"/min_ram"))
    known["nested 1,200 deep"] = patch(replace(shape("nested lists", 1200).text))
    known["nested 10,000 deep"] = patch(shape("nested lists", 10_000).text)
    one = b'{"op":"replace","path":"/name","value":"a"}'
    known["10,001 operations"] = patch(b"[" + b",".join([one] * 10_001) + b"]")
    known["1,001 operations"] = patch(b"[" + b",".join([one] * 1_001) + b"]")
    known["an 8 MB nested list"] = lambda image: (
        f"/v2/images/{image}",
        PATCH,
        replace(big_shape("8 MB nested list").text),
    )
    known["duplicate keys"] = patch(b'[{"op":"replace","op":"add","path":"/name","value":"a"}]')
    return known


def admin_faults() -> dict[str, Builder]:
    faults = "/__admin/faults"
    known: dict[str, Builder] = {}
    for how, surrogate in SURROGATES.items():
        known[f"a {how} surrogate contract"] = _json(
            faults, b'{"rules":[{"contract":"' + surrogate + b'","status":503}]}'
        )
        known[f"a {how} surrogate key"] = _json(faults, b'{"rules":[{"' + surrogate + b'":1}]}')
    for what, number in NUMBERS.items():
        known[f"a seed {what}"] = _json(faults, b'{"seed":' + number + b"}")
        known[f"a status {what}"] = _json(faults, b'{"rules":[{"status":' + number + b"}]}")
    known["nested 10,000 deep"] = _json(
        faults, b'{"rules":' + shape("nested lists", 10_000).text + b"}"
    )
    known["an 8 MB nested list"] = lambda _: (
        faults,
        JSON,
        b'{"rules":' + big_shape("8 MB nested list").text + b"}",
    )
    known["100,000 rules"] = _json(faults, b'{"rules":[' + b",".join([b"{}"] * 100_000) + b"]}")
    known["duplicate keys"] = _json(faults, b'{"rules":[],"rules":[{"status":500}]}')
    return known


def closient_multipart() -> dict[str, Builder]:
    def upload(*parts: Part) -> Builder:
        body = multipart_body(parts, BOUNDARY)
        return lambda _: (images_path(), multipart_type(), body)

    image = Part(b"image", PNG, b"a.png", b"image/png")
    return {
        "a surrogate file name": upload(Part(b"image", PNG, b"\xed\xa0\x80.png", b"image/png")),
        "NUL in the title": upload(image, Part(b"title", b"a\x00b")),
        "a surrogate title": upload(image, Part(b"title", b"\xed\xa0\x80")),
        "4-byte characters in the title": upload(image, Part(b"title", "😀".encode())),
        "is_primary past 2^63": upload(image, Part(b"is_primary", b"9223372036854775808")),
        "100,000 parts": upload(image, *[Part(b"title", b"1")] * 100_000),
        "a part name nested 500 deep": upload(image, Part(deep_key(b"a", b"[a]", 500), b"1")),
    }


KNOWN: dict[str, Callable[[], dict[str, Builder]]] = {
    "closient-multipart": closient_multipart,
    "cloud-images-json": cloud_images_json,
    "cloud-images-patch": cloud_images_patch,
    "bitrix24-json": bitrix24_json,
    "bitrix24-form": bitrix24_form,
    "bitrix24-query": bitrix24_query,
    "bitrix24-multipart": bitrix24_multipart,
    "bitrix24-batch": bitrix24_batch,
    "admin-faults": admin_faults,
}
