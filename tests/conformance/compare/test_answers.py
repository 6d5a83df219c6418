"""Two answers are compared aspect by aspect."""

from __future__ import annotations

import json
from typing import Any

from conformance.compare.answers import disagreements
from conformance.compare.values import ValueMap
from conformance.reply import Reply


def answer(status: int = 200, body: Any = None, **headers: str) -> Reply:
    content = json.dumps(body).encode() if body is not None else b""
    kind = {"content-type": "application/json"} if body is not None else {}
    return Reply.of(
        status, {**kind, **{k.replace("_", "-"): v for k, v in headers.items()}}, content
    )


def aspects(ours: Reply, theirs: Reply) -> list[str]:
    return [found.aspect for found in disagreements(ours, theirs, ValueMap())]


def test_the_same_answer_agrees() -> None:
    body = {"id": "SBhEgEfNeicFAA9xMYKkQj", "title": "Front"}

    assert aspects(answer(201, body), answer(201, body)) == []


def test_a_status_that_differs_is_named() -> None:
    assert aspects(answer(201), answer(200)) == ["status"]


def test_a_member_that_differs_is_named_by_its_pointer() -> None:
    ours = answer(body={"data": [{"title": "Front"}, {"title": "Back"}]})
    theirs = answer(body={"data": [{"title": "Front"}, {"title": "Bac"}]})

    assert aspects(ours, theirs) == ["body /data/1/title"]


def test_a_missing_member_and_a_shorter_list_are_named() -> None:
    ours = answer(body={"data": [1, 2], "created": "2026-12-07T00:10:02Z"})
    theirs = answer(body={"data": [1]})

    assert aspects(ours, theirs) == ["body /data", "body /created"]


def test_header_values_of_the_servers_own_are_compared_by_kind() -> None:
    ours = answer(x_ratelimit_reset="1796602567", etag='"a"', location="/images/a")
    same_kind = answer(x_ratelimit_reset="1796602999", etag='"b"', location="/images/a")
    relative = answer(x_ratelimit_reset="60", etag='"a"', location="/images/a")

    assert aspects(ours, same_kind) == []
    assert aspects(ours, relative) == ["header x-ratelimit-reset"]


def test_allow_is_compared_as_a_set_of_methods() -> None:
    assert aspects(answer(405, allow="GET, HEAD"), answer(405, allow="HEAD,GET")) == []
    assert aspects(answer(405, allow="GET, HEAD"), answer(405, allow="GET")) == ["header allow"]


def test_bytes_that_differ_are_shown_by_size_and_digest() -> None:
    ours = Reply.of(200, {"content-type": "image/png"}, b"\x89PNG one")
    theirs = Reply.of(200, {"content-type": "image/png"}, b"\x89PNG two!")

    (found,) = disagreements(ours, theirs, ValueMap())
    assert found.aspect == "body"
    assert found.ours.startswith("8 bytes")
    assert found.theirs.startswith("9 bytes")


def test_a_relative_location_agrees_with_the_absolute_one_it_stands_for() -> None:
    values = ValueMap("http://reference", "http://candidate")
    ours = answer(201, location="http://reference/v2/images/a")
    theirs = answer(201, location="/v2/images/a")
    elsewhere = answer(201, location="/v1/images/a")
    urls = ("http://reference/v2/images", "http://candidate/v2/images")

    assert disagreements(ours, theirs, values, urls) == []
    assert [d.aspect for d in disagreements(ours, elsewhere, values, urls)] == ["header location"]


def test_the_media_type_of_no_content_is_not_compared() -> None:
    assert aspects(answer(204, content_type="text/html"), answer(204)) == []
