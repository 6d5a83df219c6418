"""The access log: one line per request, as uvicorn prints it, at a fraction of its cost.

uvicorn's access log goes through `logging` for every request (a record, a copied record,
a formatter, a lock, a write and a flush), which at load costs about as much as answering
a listing. This middleware writes the same line, `INFO:     127.0.0.1:53120 - "GET
/dashboard/api/v1/… HTTP/1.1" 200 OK` (coloured as uvicorn colours it on a terminal),
formatted in one f-string and written in batches: lines are gathered and written together
at most `delay` seconds after the first of them, or as soon as `batch` of them wait.
"""

from __future__ import annotations

import asyncio
import http
import re
from collections.abc import Awaitable
from typing import TextIO
from urllib.parse import quote

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_COLOURS = {1: "97", 2: "32", 3: "33", 4: "31", 5: "91"}  # as uvicorn's AccessFormatter
_UNQUOTED = re.compile(r"[A-Za-z0-9_.\-~/]*")
"""A path `quote` would give back as it is (nearly every path): spared its encoding."""


def _status_text(status: int, colours: bool) -> str:
    try:
        text = f"{status} {http.HTTPStatus(status).phrase}"
    except ValueError:
        text = f"{status} "
    colour = _COLOURS.get(status // 100)
    return f"\x1b[{colour}m{text}\x1b[0m" if colours and colour else text


class AccessLog:
    def __init__(
        self, app: ASGIApp, stream: TextIO, *, delay: float = 0.05, batch: int = 256
    ) -> None:
        self.app = app
        self.stream = stream
        self.delay = delay
        self.batch = batch
        self.colours = stream.isatty()
        self.prefix = "\x1b[32mINFO\x1b[0m:     " if self.colours else "INFO:     "
        self.statuses: dict[int, str] = {}
        self.pending: list[str] = []

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        # Not a coroutine of its own: the app's is awaited as it is.
        if scope["type"] != "http":
            return self.app(scope, receive, send)

        def logged(message: Message) -> Awaitable[None]:
            # Not a coroutine of its own either: the server's `send` is awaited as it is.
            if message["type"] == "http.response.start":
                self.log(scope, message["status"])
            return send(message)

        return self.app(scope, receive, logged)

    def log(self, scope: Scope, status: int) -> None:
        """Queue the line of a request whose answer starts with `status`."""
        client = scope.get("client")
        address = f"{client[0]}:{client[1]}" if client else ""
        path: str = scope["path"]
        if not _UNQUOTED.fullmatch(path):
            path = quote(path)
        if scope["query_string"]:
            path += "?" + scope["query_string"].decode("ascii", "replace")
        text = self.statuses.get(status)
        if text is None:
            text = self.statuses[status] = _status_text(status, self.colours)
        request_line = f"{scope['method']} {path} HTTP/{scope['http_version']}"
        if self.colours:
            request_line = f"\x1b[1m{request_line}\x1b[0m"
        self.pending.append(f'{self.prefix}{address} - "{request_line}" {text}\n')
        if len(self.pending) >= self.batch:
            self.flush()
        elif len(self.pending) == 1:
            asyncio.get_running_loop().call_later(self.delay, self.flush)

    def flush(self) -> None:
        """Write the lines waiting, if any."""
        if not self.pending:
            return
        lines, self.pending = self.pending, []
        self.stream.write("".join(lines))
        self.stream.flush()
