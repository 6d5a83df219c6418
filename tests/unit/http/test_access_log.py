"""The access log writes uvicorn's line for each request, in batches."""

from __future__ import annotations

import asyncio
import io
import logging

import pytest
from starlette.types import Message, Receive, Scope, Send
from uvicorn.logging import AccessFormatter

from mockserver.config import MockConfig
from mockserver.http.access_log import AccessLog
from mockserver.worker import logs_access


async def answer(scope: Scope, receive: Receive, send: Send) -> None:
    status = int(scope["path"].rsplit("/", 1)[-1])
    await send({"type": "http.response.start", "status": status, "headers": []})
    await send({"type": "http.response.body", "body": b""})


def scope_of(path: str, query: bytes = b"", client: tuple[str, int] | None = None) -> Scope:
    return {
        "type": "http",
        "method": "GET",
        "path": path,
        "query_string": query,
        "http_version": "1.1",
        "client": client,
        "headers": [],
    }


def serve(log: AccessLog, *scopes: Scope) -> list[Message]:
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        sent.append(message)

    async def run() -> None:
        for scope in scopes:
            await log(scope, receive, send)

    asyncio.run(run())
    return sent


def uvicorn_line(scope: Scope, status: int) -> str:
    """What uvicorn's access formatter prints for the request (without colours)."""
    client = scope["client"]
    path = scope["path"].replace(" ", "%20")
    if scope["query_string"]:
        path += "?" + scope["query_string"].decode()
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        0,
        '%s - "%s %s HTTP/%s" %d',
        (f"{client[0]}:{client[1]}", scope["method"], path, scope["http_version"], status),
        None,
    )
    formatter = AccessFormatter(
        '%(levelprefix)s %(client_addr)s - "%(request_line)s" %(status_code)s', use_colors=False
    )
    return formatter.format(record) + "\n"


def test_each_request_gets_uvicorns_line() -> None:
    stream = io.StringIO()
    log = AccessLog(answer, stream)
    scopes = [
        scope_of("/images/200", b"page=1&page_size=25", ("127.0.0.1", 53120)),
        scope_of("/a b/404", client=("10.0.0.7", 41000)),
        scope_of("/x/599", client=("::1", 8)),
    ]
    sent = serve(log, *scopes)
    log.flush()
    assert [m["status"] for m in sent if m["type"] == "http.response.start"] == [200, 404, 599]
    assert stream.getvalue() == "".join(
        uvicorn_line(scope, status) for scope, status in zip(scopes, (200, 404, 599), strict=True)
    )


def test_lines_are_written_together_once_a_batch_waits() -> None:
    stream = io.StringIO()
    log = AccessLog(answer, stream, delay=60, batch=3)
    serve(log, *[scope_of("/204", client=("127.0.0.1", 1))] * 2)
    assert stream.getvalue() == ""
    serve(log, scope_of("/204", client=("127.0.0.1", 1)))
    assert stream.getvalue().count("\n") == 3


def test_lines_are_written_shortly_after_the_first_of_them() -> None:
    stream = io.StringIO()
    log = AccessLog(answer, stream, delay=0)

    async def run() -> None:
        await log(scope_of("/201"), receive_nothing, ignore)
        assert stream.getvalue() == ""
        # One turn of the loop makes the due flush ready; it runs in the next one.
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        assert stream.getvalue() == 'INFO:      - "GET /201 HTTP/1.1" 201 Created\n'

    asyncio.run(run())


async def receive_nothing() -> Message:
    return {"type": "http.disconnect"}


async def ignore(_message: Message) -> None:
    return None


@pytest.mark.parametrize(
    ("level", "access_log", "logged"),
    [("info", True, True), ("debug", True, True), ("warning", True, False), ("info", False, False)],
)
def test_requests_are_logged_at_info_or_lower(level: str, access_log: bool, logged: bool) -> None:
    assert logs_access(MockConfig(log_level=level, access_log=access_log)) is logged
