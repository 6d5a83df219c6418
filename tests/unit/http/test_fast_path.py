"""The fast path's building blocks: reading and replaying a body, matching routes."""

from __future__ import annotations

import asyncio

import pytest
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Message, Receive

from mockserver.http.fast_path.handover import ReadBody, Undecided, read_body
from mockserver.http.fast_path.routes import RouteTable, route
from mockserver.http.fast_path.shortcut import unshadowed


def messages(*chunks: bytes) -> list[Message]:
    return [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
        for i, chunk in enumerate(chunks)
    ]


def receiving(queue: list[Message]) -> Receive:
    async def receive() -> Message:
        return queue.pop(0)

    return receive


def replayed(read: ReadBody, rest: list[Message]) -> list[Message]:
    receive = read.replaying(receiving(rest))

    async def drain() -> list[Message]:
        return [await receive() for _ in range(len(read.messages) + len(rest))]

    return asyncio.run(drain())


def test_a_whole_body_is_read_and_replayed_as_it_came() -> None:
    sent = messages(b"ab", b"cd", b"e")
    read = ReadBody()
    asyncio.run(read_body(receiving(list(sent)), 10, read))
    assert read.complete
    assert replayed(read, []) == sent


def test_a_body_past_the_limit_is_handed_over_with_what_was_read_then_the_rest() -> None:
    sent = messages(b"abcd", b"efgh", b"ijkl")
    queue = list(sent)
    read = ReadBody()
    with pytest.raises(Undecided):
        asyncio.run(read_body(receiving(queue), 6, read))
    assert not read.complete
    assert replayed(read, queue) == sent


def test_a_disconnect_while_reading_is_handed_over_too() -> None:
    sent = [*messages(b"ab", b"cd")[:1], {"type": "http.disconnect"}]
    read = ReadBody()
    with pytest.raises(Undecided):
        asyncio.run(read_body(receiving(list(sent)), 10, read))
    assert replayed(read, []) == sent


def test_nothing_read_means_the_original_receive() -> None:
    receive = receiving([])
    assert ReadBody().replaying(receive) is receive


TABLE = RouteTable(
    [
        route("", "/items/{item_id}", "get", None),
        route("", "/items/{item_id}", "delete", "delete item"),
        route("", "/items/{item_id}/file", "get", "download"),
    ]
)


def test_the_route_that_matches_path_and_method_decides() -> None:
    assert TABLE.match("DELETE", "/items/7") == ("delete item", {"item_id": "7"})


def test_an_operation_left_to_connexion_is_not_taken() -> None:
    assert TABLE.match("GET", "/items/7") is None


def test_head_is_left_to_connexion() -> None:
    assert TABLE.match("HEAD", "/items/7/file") is None


def test_a_method_no_route_has_is_left_to_connexion() -> None:
    assert TABLE.match("PUT", "/items/7") is None


def test_segments_are_matched_as_starlette_matches_them() -> None:
    assert TABLE.match("DELETE", "/items/a/b") is None
    assert TABLE.match("DELETE", "/items/") is None
    assert TABLE.match("GET", "/items/7/file") == ("download", {"item_id": "7"})


def test_a_prefix_an_outer_route_could_match_under_is_not_shortcut() -> None:
    routes = [
        Route("/__admin/reset", endpoint),
        Route("/media/{organization_id}/{gtin}/{filename}", endpoint),
        Route("/rest/download.json", endpoint),
        Route("/{anything}/file", endpoint),
    ]
    prefixes = ["/dashboard/api/", "/rest/", "/media/x", "/images"]
    assert unshadowed(prefixes, routes[:3]) == ("/dashboard/api/", "/images")
    assert unshadowed(prefixes, routes) == ()


async def endpoint(_request: Request) -> Response:
    return Response()
