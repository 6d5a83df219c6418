"""The engine's building blocks: reading and replaying a body, matching routes."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Message, Receive

from mockserver.http.engine.body_reading import ClientGone, ReadBody, read_body
from mockserver.http.engine.routes import RouteTable, route
from mockserver.http.engine.shortcut import unshadowed
from mockserver.http.problems import ProblemRaised


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
    assert replayed(read, []) == sent


def test_a_body_past_the_limit_is_refused_as_soon_as_it_passes_it() -> None:
    sent = messages(b"abcd", b"efgh", b"ijkl")
    queue = list(sent)
    read = ReadBody()
    with pytest.raises(ProblemRaised) as refused:
        asyncio.run(read_body(receiving(queue), 6, read))
    assert refused.value.problem.status == 413
    assert queue == sent[2:]  # nothing read past the message that passed the limit


def test_a_disconnect_while_reading_means_no_one_to_answer() -> None:
    sent = [*messages(b"ab", b"cd")[:1], {"type": "http.disconnect"}]
    read = ReadBody()
    with pytest.raises(ClientGone):
        asyncio.run(read_body(receiving(list(sent)), 10, read))


def test_nothing_read_means_the_original_receive() -> None:
    receive = receiving([])
    assert ReadBody().replaying(receive) is receive


TABLE: RouteTable[str] = RouteTable(
    [
        route("", "/items/{item_id}", "get", "show item", integers={"item_id"}),
        route("", "/items/{item_id}", "delete", "delete item"),
        route("", "/items/{item_id}/file", "get", "download"),
    ]
)


def taken(method: str, path: str) -> tuple[str, dict[str, Any]]:
    found, parameters = TABLE.match(method, path)
    return found.operation, parameters


def refusal(method: str, path: str) -> int:
    with pytest.raises(HTTPException) as refused:
        TABLE.match(method, path)
    return refused.value.status_code


def test_the_route_that_matches_path_and_method_decides() -> None:
    assert taken("DELETE", "/items/7") == ("delete item", {"item_id": "7"})


def test_an_integer_segment_is_matched_as_connexion_converts_one() -> None:
    assert taken("GET", "/items/-7") == ("show item", {"item_id": "-7"})
    assert refusal("GET", "/items/a7") == 405  # the DELETE route takes any segment


def test_head_takes_the_get_route() -> None:
    assert taken("HEAD", "/items/7/file") == ("download", {"item_id": "7"})


def test_a_method_no_route_of_the_path_has_is_405() -> None:
    assert refusal("PUT", "/items/7") == 405


def test_segments_are_matched_as_starlette_matches_them() -> None:
    assert refusal("DELETE", "/items/a/b") == 404
    assert refusal("DELETE", "/items/") == 404
    assert refusal("DELETE", "/items/7\n") == 404
    assert taken("GET", "/items/7/file") == ("download", {"item_id": "7"})


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
