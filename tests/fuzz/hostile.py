"""Hostile requests for every transport the mock reads, as Hypothesis strategies of raw
requests (method, path and query, headers, body bytes).

Each transport has a well-formed request to start from (the demo seed's credentials, its
product, what the state holds now) and puts hostile input in one place of it: a value, a
key, a repeated or nested pair, a part, the framing, the encoding or the whole body. Most
cases keep the demo's credentials, so they reach the decoder and the handlers; the rest
carry none or the wrong ones, so refusals are fuzzed too.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias, TypeVar
from urllib.parse import quote_from_bytes, unquote_to_bytes

from hypothesis import strategies as st

from tests.demo import (
    BITRIX_PRODUCT,
    BITRIX_TOKEN,
    BITRIX_USER,
    BITRIX_VIEWER,
    BITRIX_VIEWER_WEBHOOK_CODE,
    BITRIX_WEBHOOK_CODE,
    CLOUD_PROJECT,
    CLOUD_TOKEN,
    CONTRIBUTOR_KEY,
    OTHER_CLOUD_TOKEN,
    VIEWER_KEY,
    images_path,
)
from tests.images import GIF, SVG_WITH_SCRIPT, png

from .hostile_values import (
    BOUNDARY,
    COUNTS,
    DEPTHS,
    FILE_NAMES,
    JSON_TYPES,
    PART_NAMES,
    PHP_COUNTS,
    PHP_DEPTHS,
    Json,
    Obj,
    Pair,
    Part,
    Text,
    Token,
    chance,
    edge_text,
    encoded,
    hostile_json,
    json_key,
    multipart_body,
    multipart_twists,
    multipart_type,
    pairs_text,
    php_hostile_pairs,
    php_value,
    quoted,
    render,
    whole_json_bodies,
)
from .known import KNOWN

Headers: TypeAlias = tuple[tuple[str, bytes], ...]
T = TypeVar("T")


@dataclass(frozen=True)
class RawCase:
    """One request as it goes on the wire, and what makes it hostile."""

    family: str
    method: str
    target: str
    """Path and query string, as sent."""
    headers: Headers = ()
    body: bytes = b""


@dataclass
class Live:
    """What the state holds now, refreshed by the runner after every case and read by the
    strategies as they draw, so cases name pictures and images that exist."""

    picture_ids: list[int] = field(default_factory=list)
    image_ids: list[str] = field(default_factory=list)
    member_ids: list[str] = field(default_factory=list)

    def picture(self, index: int) -> int:
        return self.picture_ids[index % len(self.picture_ids)] if self.picture_ids else 1

    def image(self, index: int) -> str:
        return self.image_ids[index % len(self.image_ids)] if self.image_ids else CLOUD_PROJECT

    def member(self, index: int) -> str:
        return self.member_ids[index % len(self.member_ids)] if self.member_ids else CLOUD_PROJECT


def pinned(usual: T, others: Sequence[T]) -> st.SearchStrategy[T]:
    """`usual` 85 times in 100, else one of `others`."""
    return chance(0.85).flatmap(
        lambda usual_one: st.just(usual) if usual_one else st.sampled_from(others)
    )


def as_json(value: object) -> Json:
    """Python dicts and lists as the JSON of `hostile_values` (dicts become `Obj`)."""
    if isinstance(value, dict):
        return Obj(tuple((key, as_json(item)) for key, item in value.items()))
    if isinstance(value, list):
        return [as_json(item) for item in value]
    assert value is None or isinstance(value, bool | int | float | str | Token | Text | Obj)
    return value


Path: TypeAlias = tuple[str | int, ...]


def placed(template: Json, path: Path, value: Json) -> Json:
    """`template` with `value` at `path` (a member or an item added when absent)."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(template, Obj) and isinstance(head, str):
        members = list(template.members)
        for index, (key, item) in enumerate(members):
            if key == head:
                members[index] = (key, placed(item, rest, value))
                return Obj(tuple(members))
        return Obj((*members, (head, placed(None, rest, value))))
    if isinstance(template, list) and isinstance(head, int):
        items = list(template)
        if head < len(items):
            items[head] = placed(items[head], rest, value)
        else:
            items.append(placed(None, rest, value))
        return items
    return placed(Obj(()) if isinstance(head, str) else [], path, value)


def with_member(template: Json, key: str | Token, value: Json, first: bool) -> Json:
    members = template.members if isinstance(template, Obj) else ()
    return Obj(((key, value), *members) if first else (*members, (key, value)))


def php_pairs(value: Json, prefix: str = "") -> list[Pair]:
    """The `key=value` pairs a PHP client writes for `value`, percent-encoded."""
    if isinstance(value, Obj):
        return [
            pair for key, item in value.members for pair in php_pairs(item, _php_key(prefix, key))
        ]
    if isinstance(value, list):
        return [
            pair
            for index, item in enumerate(value)
            for pair in php_pairs(item, f"{prefix}[{index}]")
        ]
    return [(quoted(prefix), _php_text(value))]


def _php_key(prefix: str, key: str | Token) -> str:
    name = key if isinstance(key, str) else key.text.decode("utf-8", "surrogateescape")
    return f"{prefix}[{name}]" if prefix else name


def _php_text(value: Json) -> bytes:
    if isinstance(value, Text):
        return quote_from_bytes(value.raw, safe="[]").encode()
    if isinstance(value, Token):
        return value.text
    if isinstance(value, bool):
        return b"1" if value else b""
    if value is None:
        return b""
    return quoted(value if isinstance(value, str) else str(value))


def header(name: str, value: str | bytes) -> tuple[str, bytes]:
    return (name, value if isinstance(value, bytes) else value.encode("latin-1"))


# --- Bitrix24 ---------------------------------------------------------------------------

WEBHOOK = f"/rest/{BITRIX_USER}/{BITRIX_WEBHOOK_CODE}/"
APPLICATION = "/rest/"
OTHER_PREFIXES = (
    APPLICATION,
    f"/rest/{BITRIX_VIEWER}/{BITRIX_VIEWER_WEBHOOK_CODE}/",
    f"/rest/{BITRIX_USER}/wrongcode/",
    "/rest/0/x/",
    "/rest/99999999999999999999/x/",
    "/rest/%ED%A0%80/x/",
)
PICTURE = base64.b64encode(png()).decode()
METHODS = ("add", "get", "list", "delete", "getFields")


def method_name(method: str, spelling: int) -> str:
    name = f"catalog.productImage.{method}"
    return (name, name.lower(), name.upper(), name + ".json", name.lower() + ".JSON")[spelling % 5]


def bitrix_template(method: str, picture: int) -> dict[str, object]:
    if method == "add":
        kind = ("MORE_PHOTO", "DETAIL_PICTURE", "PREVIEW_PICTURE")[picture % 3]
        return {
            "fields": {"productId": BITRIX_PRODUCT, "type": kind},
            "fileContent": ["fuzz.png", PICTURE],
        }
    if method in ("get", "delete"):
        return {"productId": BITRIX_PRODUCT, "id": picture}
    if method == "list":
        return {"productId": BITRIX_PRODUCT, "select": ["id", "name", "detailUrl"], "start": 0}
    return {}


BITRIX_SLOTS: dict[str, tuple[Path, ...]] = {
    "add": (
        ("fields", "productId"),
        ("fields", "type"),
        ("fields",),
        ("fileContent", 0),
        ("fileContent", 1),
        ("fileContent",),
        ("fileContent", 2),
    ),
    "get": (("productId",), ("id",)),
    "delete": (("productId",), ("id",)),
    "list": (("productId",), ("select",), ("select", 0), ("select", 5), ("start",)),
    "getFields": (("select",),),
}


@dataclass(frozen=True)
class Call:
    """A Bitrix24 call before it is put on a transport."""

    prefix: str
    method: str
    """As the path spells it."""
    parameters: Json
    family: str

    @property
    def path(self) -> str:
        return self.prefix + self.method


def bitrix_calls(live: Live) -> st.SearchStrategy[Call]:
    """A call of any method, in either style, its parameters hostile in one place."""

    @st.composite
    def draw(draw: st.DrawFn) -> Call:
        method = draw(st.sampled_from(METHODS))
        prefix = draw(pinned(WEBHOOK, OTHER_PREFIXES))
        name = method_name(method, draw(st.integers(0, 20)))
        parameters = as_json(bitrix_template(method, live.picture(draw(st.integers(0, 999)))))
        where = draw(st.sampled_from(("slot", "slot", "key", "auth", "none")))
        family = "well-formed"
        if where == "slot":
            path = draw(st.sampled_from(BITRIX_SLOTS[method]))
            what, value = draw(hostile_json())
            parameters = placed(parameters, path, value)
            family = f"{method} {'.'.join(map(str, path))}: {what}"
        elif where == "key":
            key = draw(json_key())
            parameters = with_member(parameters, key, draw(hostile_json())[1], draw(st.booleans()))
            family = f"{method}: odd key"
        elif where == "auth":
            what, value = draw(hostile_json())
            parameters = with_member(parameters, "auth", value, draw(st.booleans()))
            family = f"{method} auth: {what}"
        if prefix == APPLICATION and where != "auth" and draw(chance(0.9)):
            parameters = with_member(parameters, "auth", BITRIX_TOKEN, draw(st.booleans()))
        return Call(prefix, name, parameters, family)

    return draw()


def bitrix24_json(live: Live) -> st.SearchStrategy[RawCase]:
    @st.composite
    def draw(draw: st.DrawFn) -> RawCase:
        call = draw(bitrix_calls(live))
        escape = draw(st.booleans())
        body = render(call.parameters, escape=escape)
        family = f"{call.family} ({'escaped' if escape else 'raw bytes'})"
        if draw(chance(0.1)):
            family, body = draw(whole_json_bodies(body))
            family = f"whole body: {family}"
        content_type = draw(pinned("application/json", ("", *JSON_TYPES)))
        headers = (header("Content-Type", content_type),) if content_type else ()
        return RawCase(family, "POST", call.path, headers, body)

    return draw()


def php_call_pairs(draw: st.DrawFn, call: Call) -> tuple[str, bytes]:
    """The call's parameters as `key=value` text, hostile pairs among them."""
    pairs = php_pairs(call.parameters)
    text = pairs_text(pairs)
    if draw(chance(0.67)):
        what, hostile = draw(php_hostile_pairs())
        position = draw(st.sampled_from(("first", "last", "middle")))
        if position == "first":
            text = hostile + b"&" + text
        elif position == "last":
            text = text + b"&" + hostile
        else:
            middle = len(pairs) // 2
            text = pairs_text([*pairs[:middle], (hostile, b""), *pairs[middle:]])
        return f"{call.family}; {what} ({position})", text
    return call.family, text


FORM_TYPES = (
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=utf-8",
    "application/x-www-form-urlencoded; charset=utf-16",
    "APPLICATION/X-WWW-FORM-URLENCODED",
    "application/x-www-form-urlencoded;;",
    "",
    "application/json",
    "text/plain",
)


def bitrix24_form(live: Live) -> st.SearchStrategy[RawCase]:
    @st.composite
    def draw(draw: st.DrawFn) -> RawCase:
        call = draw(bitrix_calls(live))
        family, body = php_call_pairs(draw, call)
        if draw(chance(0.05)):
            body = body.decode("latin-1").encode("utf-16")
            family += "; UTF-16"
        content_type = draw(pinned(FORM_TYPES[0], FORM_TYPES[1:]))
        headers = (header("Content-Type", content_type),) if content_type else ()
        return RawCase(family, "POST", call.path, headers, body)

    return draw()


def bitrix24_query(live: Live) -> st.SearchStrategy[RawCase]:
    @st.composite
    def draw(draw: st.DrawFn) -> RawCase:
        call = draw(bitrix_calls(live))
        family, query = php_call_pairs(draw, call)
        method = draw(st.sampled_from(("GET", "GET", "POST")))
        headers: Headers = ()
        if method == "POST" and draw(st.booleans()):
            headers = (header("Content-Type", "application/json"),)
        target = call.path + "?" + query.decode("latin-1")
        return RawCase(f"{family} ({method})", method, target, headers)

    return draw()


def _parts_of(pairs: Sequence[Pair]) -> list[Part]:
    return [Part(unquote_to_bytes(key), unquote_to_bytes(value)) for key, value in pairs]


def multipart_hostile_parts() -> st.SearchStrategy[tuple[str, list[Part]]]:
    """Parts no client should send: repeated past PHP's limits, names nested deep, names
    and file names that are not text."""
    repeated = st.tuples(
        st.sampled_from((b"a[]", b"select[]", b"fields[a][]", b"productId", b"")),
        st.sampled_from(PHP_COUNTS),
    ).map(lambda drawn: (f"part {drawn[0]!r} x{drawn[1]}", [Part(drawn[0], b"1")] * drawn[1]))
    deep = st.tuples(
        st.sampled_from((b"fields", b"a", b"fileContent")),
        st.sampled_from((b"[a]", b"[]", b"[0]", b"[")),
        st.sampled_from(PHP_DEPTHS),
    ).map(
        lambda drawn: (
            f"part name {drawn[0]!r}{drawn[1]!r} x{drawn[2]}",
            [Part(drawn[0] + drawn[1] * drawn[2], b"1")],
        )
    )
    odd_name = st.tuples(st.sampled_from(PART_NAMES), edge_text()).map(
        lambda drawn: (f"part name {drawn[0][:20]!r}", [Part(drawn[0], encoded(drawn[1]))])
    )
    text_name = st.tuples(edge_text(), edge_text()).map(
        lambda drawn: ("part of odd text", [Part(encoded(drawn[0]), encoded(drawn[1]))])
    )
    files = st.tuples(
        st.sampled_from(FILE_NAMES), st.sampled_from((b"a[]", b"fileContent[0]"))
    ).map(
        lambda drawn: (
            f"file part {drawn[0][:20]!r}",
            [Part(drawn[1], png(), filename=drawn[0], content_type=b"image/png")],
        )
    )
    nameless = st.just(("a part without a name", [Part(None, b"1")]))
    return st.one_of(repeated, deep, odd_name, text_name, files, nameless)


def bitrix24_multipart(live: Live) -> st.SearchStrategy[RawCase]:
    @st.composite
    def draw(draw: st.DrawFn) -> RawCase:
        call = draw(bitrix_calls(live))
        parts = _parts_of(php_pairs(call.parameters))
        family = call.family
        if draw(chance(0.67)):
            what, hostile = draw(multipart_hostile_parts())
            parts = [*hostile, *parts] if draw(st.booleans()) else [*parts, *hostile]
            family += f"; {what}"
        twist, boundary, declared, newline, closed = draw(multipart_twists())
        body = multipart_body(parts, boundary, newline, closed)
        content_type = multipart_type(declared)
        if draw(chance(0.05)):
            content_type = draw(
                st.sampled_from(("multipart/form-data", "multipart/mixed; boundary=x", ""))
            )
        headers = (header("Content-Type", content_type),) if content_type else ()
        return RawCase(f"{family}; {twist}", "POST", call.path, headers, body)

    return draw()


COMMANDS = (
    "catalog.productImage.list?productId=1",
    "catalog.productImage.get?productId=1&id={picture}",
    "catalog.productImage.add?fields[productId]=1&fileContent[0]=b.png&fileContent[1]="
    + quoted(PICTURE).decode(),
    "catalog.productImage.getFields",
    "catalog.productImage.list?productId=$result[c0][productImages][0][productId]",
    "catalog.productImage.get?productId=1&id=$result[c1][productImage][id]",
    "batch?cmd[x]=catalog.productImage.list%3FproductId%3D1",
    "catalog.productImage.nothing",
)
COMMAND_COUNTS = (0, 1, 2, 49, 50, 51, 500, 10_000)


@st.composite
def batch_commands(draw: st.DrawFn, live: Live) -> tuple[str, list[tuple[str | Token, Json]]]:
    """(what is hostile, the commands as name → `method?query` JSON strings)."""
    count = draw(st.sampled_from((1, 2, 3, 3, 3, 50)))
    picture = live.picture(draw(st.integers(0, 999)))
    commands: list[tuple[str | Token, Json]] = [
        (f"c{index}", draw(st.sampled_from(COMMANDS)).format(picture=picture))
        for index in range(count)
    ]
    how = draw(st.sampled_from(("query", "query", "name", "method", "count", "reference", "none")))
    target = draw(st.integers(0, count - 1))
    if how == "query":
        name, text = commands[target]
        method, _, query = str(text).partition("?")
        what, hostile = draw(php_hostile_pairs())
        joined = (query.encode() + b"&" if query else b"") + hostile
        commands[target] = (name, Text(method.encode() + b"?" + joined))
        return f"command query: {what}", commands
    if how == "name":
        commands[target] = (draw(json_key()), commands[target][1])
        return "command name", commands
    if how == "method":
        odd: Json = draw(st.one_of(edge_text(), st.sampled_from(RAW_METHODS)))
        commands[target] = (commands[target][0], odd)
        return "command method", commands
    if how == "count":
        many = draw(st.sampled_from(COMMAND_COUNTS))
        return f"{many} commands", [(f"c{index}", COMMANDS[0]) for index in range(many)]
    if how == "reference":
        depth = draw(st.sampled_from((1, 64, 65, 1000, 10_000)))
        reference = "$result[c0]" + "[productImages]" * depth
        commands.append(("r", f"catalog.productImage.list?productId={reference}"))
        return f"a reference {depth} deep", commands
    return "well-formed", commands


RAW_METHODS: tuple[Json, ...] = (
    Text(b"\xed\xa0\x80?productId=1"),
    "\ud800?productId=1",
    Text(b"catalog.productImage.list?productId=\xff"),
    "catalog.productImage.list?productId=1&select[]=\ud800",
    Text(b"catalog.productImage.add?fileContent[0]=\xed\xa0\x80&fileContent[1]=AAAA"),
    "catalog.productImage.add?fileContent[0]=%ED%A0%80&fileContent[1]=AAAA",
    1,
    None,
    ["catalog.productImage.list"],
)


def bitrix24_batch(live: Live) -> st.SearchStrategy[RawCase]:
    @st.composite
    def draw(draw: st.DrawFn) -> RawCase:
        prefix = draw(pinned(WEBHOOK, OTHER_PREFIXES))
        path = prefix + draw(st.sampled_from(("batch", "batch", "BATCH", "batch.json")))
        family, commands = draw(batch_commands(live))
        as_list = draw(chance(0.1))
        cmd: Json = [item for _, item in commands] if as_list else Obj(tuple(commands))
        body: dict[str, object] = {"cmd": cmd}
        halt = draw(st.sampled_from((None, 0, 1, "0", "1", "true", "", Token(b"1e309"))))
        if halt is not None:
            body["halt"] = halt
        if prefix == APPLICATION:
            body["auth"] = BITRIX_TOKEN
        parameters = as_json(body)
        if draw(chance(0.1)):
            what, value = draw(hostile_json())
            parameters = placed(parameters, ("cmd",), value)
            family = f"cmd: {what}"
        transport = draw(st.sampled_from(("JSON", "JSON", "form", "query")))
        if transport == "JSON":
            escape = draw(st.booleans())
            content = render(parameters, escape=escape)
            headers = (header("Content-Type", "application/json"),)
            return RawCase(f"{family} (JSON)", "POST", path, headers, content)
        text = pairs_text(php_pairs(parameters))
        if transport == "form":
            headers = (header("Content-Type", "application/x-www-form-urlencoded"),)
            return RawCase(f"{family} (form)", "POST", path, headers, text)
        return RawCase(f"{family} (query)", "GET", path + "?" + text.decode("latin-1"))

    return draw()


# --- Cloud Images -----------------------------------------------------------------------

CLOUD_CREDENTIALS = (
    (),
    (header("X-Auth-Token", OTHER_CLOUD_TOKEN),),
    (header("X-Auth-Token", "gAAAAAno-such-token"),),
    (header("X-Auth-Token", b"\xed\xa0\x80"),),
)
IMAGE = {
    "name": "fuzz",
    "disk_format": "raw",
    "container_format": "bare",
    "visibility": "shared",
    "tags": ["fuzz"],
    "min_ram": 0,
    "min_disk": 0,
    "protected": False,
    "os_hidden": False,
    "os_distro": "fuzz",
}
IMAGE_SLOTS: tuple[Path, ...] = (
    *((key,) for key in IMAGE),
    ("tags", 0),
    ("tags", 1),
    ("id",),
    ("owner",),
    ("status",),
)


def cloud_credentials(draw: st.DrawFn) -> Headers:
    token: Headers = (header("X-Auth-Token", CLOUD_TOKEN),)
    return draw(pinned(token, CLOUD_CREDENTIALS))


def hostile_object(draw: st.DrawFn, template: Json, slots: Sequence[Path]) -> tuple[str, Json]:
    """`template` hostile in one place: a slot's value, or a member of an odd key."""
    if draw(chance(0.25)):
        key = draw(json_key())
        return "odd key", with_member(template, key, draw(hostile_json())[1], draw(st.booleans()))
    path = draw(st.sampled_from(slots))
    what, value = draw(hostile_json())
    return f"{'.'.join(map(str, path))}: {what}", placed(template, path, value)


def json_body(draw: st.DrawFn, family: str, value: Json) -> tuple[str, bytes]:
    escape = draw(st.booleans())
    body = render(value, escape=escape)
    family = f"{family} ({'escaped' if escape else 'raw bytes'})"
    if draw(chance(0.1)):
        what, body = draw(whole_json_bodies(body))
        family = f"whole body: {what}"
    return family, body


def cloud_images_json(live: Live) -> st.SearchStrategy[RawCase]:
    @st.composite
    def draw(draw: st.DrawFn) -> RawCase:
        image = live.image(draw(st.integers(0, 999)))
        operation = draw(st.sampled_from(("create", "create", "add member", "update member")))
        if operation == "create":
            method, target = "POST", "/v2/images"
            what, value = hostile_object(draw, as_json(IMAGE), IMAGE_SLOTS)
        elif operation == "add member":
            method, target = "POST", f"/v2/images/{image}/members"
            member = live.member(draw(st.integers(0, 999)))
            what, value = hostile_object(draw, as_json({"member": member}), (("member",),))
        else:
            member = live.member(draw(st.integers(0, 999)))
            method, target = "PUT", f"/v2/images/{image}/members/{member}"
            what, value = hostile_object(draw, as_json({"status": "accepted"}), (("status",),))
        family, body = json_body(draw, f"{operation} {what}", value)
        content_type = draw(pinned("application/json", ("", *JSON_TYPES)))
        headers = cloud_credentials(draw)
        if content_type:
            headers += (header("Content-Type", content_type),)
        return RawCase(family, method, target, headers, body)

    return draw()


PATCH_TYPE = "application/openstack-images-v2.1-json-patch"
PATCH_TYPES = (
    "application/openstack-images-v2.0-json-patch",
    PATCH_TYPE + "; charset=utf-8",
    "application/json-patch+json",
    "application/json",
    "",
)
PATCH_PATHS = (
    "/name",
    "/tags",
    "/tags/-",
    "/tags/0",
    "/min_ram",
    "/min_disk",
    "/visibility",
    "/protected",
    "/os_hidden",
    "/disk_format",
    "/container_format",
    "/os_distro",
    "/fuzz_property",
    "/id",
    "/status",
    "/owner",
    "/locations",
    "/~0~1",
    "/",
    "",
    "name",
    "/name/x",
    "/os_glance_x",
)
PATCH_OPERATIONS = ("add", "replace", "remove", "test", "move", "copy", "", "REPLACE")


def cloud_images_patch(live: Live) -> st.SearchStrategy[RawCase]:
    @st.composite
    def draw(draw: st.DrawFn) -> RawCase:
        image = live.image(draw(st.integers(0, 999)))
        operation = {
            "op": draw(st.sampled_from(PATCH_OPERATIONS[:3])),
            "path": draw(st.sampled_from(PATCH_PATHS[:13])),
            "value": "fuzz",
        }
        template = as_json([operation])
        how = draw(st.sampled_from(("slot", "slot", "path", "operations", "count")))
        if how == "slot":
            what, value = hostile_object(
                draw, template, ((0, "op"), (0, "path"), (0, "value"), (0,))
            )
        elif how == "path":
            path = draw(
                st.one_of(
                    st.sampled_from(PATCH_PATHS),
                    edge_text().map(lambda text: "/" + text),
                    st.sampled_from(DEPTHS).map(lambda depth: "/a" * depth),
                )
            )
            what = f"path {path[:30]!r}"
            value = placed(template, (0, "path"), path)
            value = placed(value, (0, "op"), draw(st.sampled_from(PATCH_OPERATIONS)))
        elif how == "operations":
            count = draw(st.integers(2, 6))
            value = [
                as_json(
                    {
                        "op": draw(st.sampled_from(PATCH_OPERATIONS)),
                        "path": draw(st.sampled_from(PATCH_PATHS)),
                        "value": draw(hostile_json())[1],
                    }
                )
                for _ in range(count)
            ]
            what = f"{count} odd operations"
        else:
            count = draw(st.sampled_from(COUNTS))
            one = render(as_json(operation))
            value = Token(b"[" + b",".join([one] * count) + b"]")
            what = f"{count} operations"
        family, body = json_body(draw, what, value)
        content_type = draw(pinned(PATCH_TYPE, PATCH_TYPES))
        headers = cloud_credentials(draw)
        if content_type:
            headers += (header("Content-Type", content_type),)
        return RawCase(family, "PATCH", f"/v2/images/{image}", headers, body)

    return draw()


# --- Closient ---------------------------------------------------------------------------

CLOSIENT_CREDENTIALS = (
    (),
    (header("X-API-Key", VIEWER_KEY),),
    (header("X-API-Key", "csb_nosuchkey"),),
    (header("X-API-Key", b"\xed\xa0\x80"),),
    (header("Authorization", "Bearer " + "a" * 5000),),
)
IMAGE_DATA = (b"", b"\x00", b"not an image", png()[:20], GIF, SVG_WITH_SCRIPT, b"\x89PNG" * 1000)


def closient_parts(draw: st.DrawFn) -> tuple[str, list[Part]]:
    parts = [
        Part(b"image", png(seed=draw(st.integers(0, 255))), b"fuzz.png", b"image/png"),
        Part(b"title", b"fuzz"),
        Part(b"is_primary", b"false"),
    ]
    how = draw(st.sampled_from(("title", "is_primary", "image", "file name", "parts", "none")))
    if how == "title":
        text = draw(edge_text())
        parts[1] = Part(b"title", encoded(text))
        return f"title {text[:20]!r}", parts
    if how == "is_primary":
        text = draw(php_value())
        parts[2] = Part(b"is_primary", encoded(text))
        return f"is_primary {text[:20]!r}", parts
    if how == "image":
        data = draw(st.one_of(st.sampled_from(IMAGE_DATA), st.binary(max_size=64)))
        content_type = draw(st.sampled_from((b"image/png", b"text/plain", b"", b"\xff")))
        parts[0] = Part(b"image", data, b"fuzz.png", content_type)
        return f"image data {data[:12]!r}", parts
    if how == "file name":
        name = draw(st.sampled_from(FILE_NAMES))
        parts[0] = Part(b"image", parts[0].data, name, b"image/png")
        return f"file name {name[:20]!r}", parts
    if how == "parts":
        what, hostile = draw(multipart_hostile_parts())
        return what, [*hostile, *parts] if draw(st.booleans()) else [*parts, *hostile]
    return "well-formed", parts


def closient_multipart(live: Live) -> st.SearchStrategy[RawCase]:
    del live  # an upload names no image

    @st.composite
    def draw(draw: st.DrawFn) -> RawCase:
        family, parts = closient_parts(draw)
        twist, boundary, declared, newline, closed = draw(multipart_twists())
        body = multipart_body(parts, boundary, newline, closed)
        content_type = multipart_type(declared)
        if draw(chance(0.05)):
            content_type = draw(
                st.sampled_from(
                    (
                        "multipart/form-data",
                        "multipart/mixed; boundary=" + BOUNDARY.decode(),
                        multipart_type() + "; charset=utf-16",
                        "application/x-www-form-urlencoded",
                        "",
                    )
                )
            )
        key: Headers = (header("X-API-Key", CONTRIBUTOR_KEY),)
        headers = draw(pinned(key, CLOSIENT_CREDENTIALS))
        if content_type:
            headers += (header("Content-Type", content_type),)
        return RawCase(f"{family}; {twist}", "POST", images_path(), headers, body)

    return draw()


# --- the admin routes -------------------------------------------------------------------

FAULTS = {
    "seed": 7,
    "rules": [
        {
            "contract": "bitrix24",
            "operation": "webhookProductImageList",
            "status": 503,
            "rate": 0.5,
            "latency_ms": [1, 2],
            "retry_after": 1,
        }
    ],
}
FAULT_SLOTS: tuple[Path, ...] = (
    ("seed",),
    ("rules",),
    ("rules", 0),
    ("rules", 1),
    *(("rules", 0, key) for key in ("contract", "operation", "status", "rate", "retry_after")),
    ("rules", 0, "latency_ms"),
    ("rules", 0, "latency_ms", 0),
    ("rules", 0, "drop"),
)


def admin_faults(live: Live) -> st.SearchStrategy[RawCase]:
    del live

    @st.composite
    def draw(draw: st.DrawFn) -> RawCase:
        what, value = hostile_object(draw, as_json(FAULTS), FAULT_SLOTS)
        family, body = json_body(draw, what, value)
        content_type = draw(pinned("application/json", ("", *JSON_TYPES)))
        method = draw(pinned("PUT", ("GET", "DELETE", "POST", "PATCH")))
        headers: Headers = (header("Content-Type", content_type),) if content_type else ()
        if draw(chance(0.1)):
            headers += (header("Origin", draw(st.sampled_from(ORIGINS))),)
        return RawCase(f"{family} ({method})", method, "/__admin/faults", headers, body)

    return draw()


ORIGINS = ("http://evil.example", "null", "http://127.0.0.1", "\xff", "http://[::1")


KNOWN_METHODS = {"cloud-images-patch": "PATCH", "admin-faults": "PUT", "bitrix24-query": "GET"}
CREDENTIALS: dict[str, Headers] = {
    "closient-multipart": (header("X-API-Key", CONTRIBUTOR_KEY),),
    "cloud-images-json": (header("X-Auth-Token", CLOUD_TOKEN),),
    "cloud-images-patch": (header("X-Auth-Token", CLOUD_TOKEN),),
}


class KnownCases:
    """The inputs that once broke the mock, for one transport (see known.py), each in turn
    from a starting point: a run sends them between its generated cases, so however the
    draws fall (Hypothesis draws a case from its earlier ones as often as afresh) every run
    long enough holds each of them."""

    def __init__(self, transport: str, live: Live, start: int = 0) -> None:
        self.builders = KNOWN[transport]()
        self.names = sorted(self.builders)
        self.method = KNOWN_METHODS.get(transport, "POST")
        self.credentials = CREDENTIALS.get(transport, ())
        self.live = live
        self.turn = start

    def __len__(self) -> int:
        return len(self.names)

    def next(self) -> RawCase:
        name = self.names[self.turn % len(self.names)]
        path, content_type, body = self.builders[name](self.live.image(self.turn))
        self.turn += 1
        headers = self.credentials
        if content_type:
            headers += (header("Content-Type", content_type),)
        return RawCase(f"known: {name}", self.method, path, headers, body)


@dataclass(frozen=True)
class Transport:
    """One way into the mock, fuzzed on its own."""

    name: str
    contract: str
    """Whose reads are checked first after each case (`admin` for the admin routes)."""
    strategy: Callable[[Live], st.SearchStrategy[RawCase]]


TRANSPORTS = {
    transport.name: transport
    for transport in (
        Transport("closient-multipart", "closient", closient_multipart),
        Transport("cloud-images-json", "cloud-images", cloud_images_json),
        Transport("cloud-images-patch", "cloud-images", cloud_images_patch),
        Transport("bitrix24-json", "bitrix24", bitrix24_json),
        Transport("bitrix24-form", "bitrix24", bitrix24_form),
        Transport("bitrix24-query", "bitrix24", bitrix24_query),
        Transport("bitrix24-multipart", "bitrix24", bitrix24_multipart),
        Transport("bitrix24-batch", "bitrix24", bitrix24_batch),
        Transport("admin-faults", "admin", admin_faults),
    )
}
