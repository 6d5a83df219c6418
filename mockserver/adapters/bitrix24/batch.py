"""The `batch` method: up to 50 calls in one request, each served as a direct call would be.

Each command (`method?query`) is sent, in process, through the contract's own app (so the
same transports, checks, handlers and errors serve it as any call), carrying the batch's
rate decision so that the batch counts once, as the vendor's limits page says. Values
`$result[name][field]...` are replaced by that part of an earlier command's result.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import msgspec
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Scope

from ...domain.product_pictures import ProductPictures
from ...http.decoding import InputRefused, decoded, php_query_variables
from ...http.rate_limiting import COUNTED_DECISION
from ...http.request_context import request_scope
from .errors import BatchTooLong, NestedBatch, error_for
from .handlers import Clock, answer
from .php_values import as_json_array
from .transports import PORTAL_INPUT, MethodNames

MAX_COMMANDS = 50
BATCH = "batch"
_REFERENCE = re.compile(r"\$result\[([^\]]*)\]((?:\[[^\]]*\])*)")
_KEY = re.compile(r"\[([^\]]*)\]")
# What a sub-call keeps of the batch's request: where it came from, not what it asked.
_KEPT_SCOPE = ("type", "asgi", "http_version", "scheme", "server", "client", "root_path", "state")


@dataclass(frozen=True)
class Command:
    name: str
    method: str
    query: str

    def parameters(self, results: Mapping[str, Any]) -> dict[str, Any]:
        """The command's query read as a portal reads one (`InputRefused` when it cannot),
        its `$result[...]` values replaced by what they name in earlier `results`."""
        parameters = php_query_variables(self.query, PORTAL_INPUT, "the command's query")
        return resolve_references(parameters, results) if results else parameters


def commands(cmd: Any) -> list[Command]:
    """The commands of `cmd` (an object by name or a list by index) in order; at most
    `MAX_COMMANDS`, counted before any is read."""
    items = list(enumerate(cmd) if isinstance(cmd, list) else dict(cmd or {}).items())
    if len(items) > MAX_COMMANDS:
        raise BatchTooLong(MAX_COMMANDS)
    parsed = []
    for name, text in items:
        method, _, query = str(text).partition("?")
        parsed.append(Command(str(name), method, query))
    return parsed


def resolve_references(value: Any, results: Mapping[str, Any]) -> Any:
    """`value` with each `$result[name][key]...` replaced by that part of `results`; a
    reference to nothing stays as written."""
    if isinstance(value, dict):
        return {key: resolve_references(item, results) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve_references(item, results) for item in value]
    if not isinstance(value, str) or "$result[" not in value:
        return value
    whole = _REFERENCE.fullmatch(value)
    if whole:
        found = _lookup(results, whole)
        return value if found is _MISSING else found

    def text_of(reference: re.Match[str]) -> str:
        found = _lookup(results, reference)
        return reference.group(0) if found is _MISSING else _as_text(found)

    return _REFERENCE.sub(text_of, value)


_MISSING = object()


def _lookup(results: Mapping[str, Any], reference: re.Match[str]) -> Any:
    if reference.group(1) not in results:
        return _MISSING
    found: Any = results[reference.group(1)]
    for key in _KEY.findall(reference.group(2)):
        if isinstance(found, dict) and key in found:
            found = found[key]
        elif isinstance(found, list) and key.isdigit() and int(key) < len(found):
            found = found[int(key)]
        else:
            return _MISSING
    return found


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else ""
    return value if isinstance(value, str) else json.dumps(value)


def php_truth(value: Any) -> bool:
    """PHP's truth value of a parameter: false for false, 0, "", "0", null and empty arrays."""
    return value not in (None, False, 0, "", "0", [], {})


@dataclass
class BatchAnswers:
    """The commands' answers as the vendor writes them, keyed by command name."""

    result: dict[str, Any] = field(default_factory=dict)
    result_error: dict[str, Any] = field(default_factory=dict)
    result_total: dict[str, Any] = field(default_factory=dict)
    result_next: dict[str, Any] = field(default_factory=dict)
    result_time: dict[str, Any] = field(default_factory=dict)

    def record(self, name: str, status: int, body: Any) -> bool:
        """Keep one command's answer; False when it failed."""
        if status == 200 and isinstance(body, dict) and "result" in body:
            self.result[name] = body["result"]
            for member, kept in (("total", self.result_total), ("next", self.result_next)):
                if member in body:
                    kept[name] = body[member]
            if "time" in body:
                self.result_time[name] = body["time"]
            return True
        if isinstance(body, dict) and "error" in body:
            self.result_error[name] = {
                "error": body["error"],
                "error_description": body.get("error_description", ""),
            }
        else:
            self.result_error[name] = {"error": "ERROR_UNEXPECTED_ANSWER", "error_description": ""}
        return False

    def refuse(self, name: str, error: Exception) -> None:
        refusal = error_for(error)
        self.result_error[name] = {"error": refusal.code, "error_description": refusal.description}

    def rendered(self) -> dict[str, Any]:
        return {
            "result": {
                name: as_json_array(members)
                for name, members in (
                    ("result", self.result),
                    ("result_error", self.result_error),
                    ("result_total", self.result_total),
                    ("result_next", self.result_next),
                    ("result_time", self.result_time),
                )
            }
        }


class BatchMethod:
    """`batch` in both call styles, its commands served by the contract's app once bound."""

    def __init__(self, pictures: ProductPictures, names: MethodNames, clock: Clock) -> None:
        self.pictures = pictures
        self.names = names
        self.clock = clock
        self.app: ASGIApp | None = None

    def bind(self, app: ASGIApp) -> None:
        """Serve the commands with `app`, the contract's whole app (built after this)."""
        self.app = app

    def handlers(self) -> dict[str, Callable[..., Any]]:
        async def webhook_batch(user_id: int, webhook: str, body: dict[str, Any]) -> Response:
            started = self.clock()
            self.pictures.by_webhook(user_id, webhook)
            prefix = f"/rest/{user_id}/{webhook}/"
            return answer(await self.run(prefix, body, auth=None), started, self.clock())

        async def token_batch(body: dict[str, Any]) -> Response:
            started = self.clock()
            self.pictures.by_token(str(body["auth"]))
            result = await self.run("/rest/", body, auth=str(body["auth"]))
            return answer(result, started, self.clock())

        return {"webhookBatch": webhook_batch, "tokenBatch": token_batch}

    async def run(self, prefix: str, params: dict[str, Any], auth: str | None) -> dict[str, Any]:
        batch = commands(params.get("cmd"))
        halt = php_truth(params.get("halt", False))
        answers = BatchAnswers()
        for command in batch:
            address = self.names.address(prefix + command.method)
            if address is not None and address.known and address.method == BATCH:
                answers.refuse(command.name, NestedBatch())
                succeeded = False
            else:
                try:
                    parameters = await decoded(
                        len(command.query), partial(command.parameters, answers.result)
                    )
                except InputRefused as refusal:
                    answers.refuse(command.name, refusal)
                    succeeded = False
                else:
                    if auth is not None:
                        parameters.setdefault("auth", auth)
                    status, body = await self._serve(prefix + command.method, parameters)
                    succeeded = answers.record(command.name, status, body)
            if halt and not succeeded:
                break
        return answers.rendered()

    async def _serve(self, path: str, parameters: dict[str, Any]) -> tuple[int, Any]:
        content = msgspec.json.encode(parameters)
        scope = _command_scope(request_scope(), path, content)
        messages: list[Message] = []

        async def receive() -> Message:
            return {"type": "http.request", "body": content, "more_body": False}

        async def send(message: Message) -> None:
            messages.append(message)

        async def serve() -> None:
            if self.app is None:
                raise RuntimeError("batch commands need the contract's app: bind() it first")
            await self.app(scope, receive, send)

        # Each command gets its own copy of the context: Connexion keeps the request it
        # serves in context variables, which must not replace the batch's own.
        await asyncio.create_task(serve(), context=contextvars.copy_context())
        status = next(m["status"] for m in messages if m["type"] == "http.response.start")
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
        try:
            return status, json.loads(body)
        except ValueError:
            return status, None


def _command_scope(batch_scope: Scope, path: str, content: bytes) -> Scope:
    scope = {key: batch_scope[key] for key in _KEPT_SCOPE if key in batch_scope}
    host = [(name, value) for name, value in batch_scope["headers"] if name == b"host"]
    decision = batch_scope.get("extensions", {}).get(COUNTED_DECISION)
    return {
        **scope,
        "method": "POST",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [
            *host,
            (b"content-type", b"application/json"),
            (b"content-length", str(len(content)).encode()),
        ],
        "extensions": {COUNTED_DECISION: decision} if decision is not None else {},
    }
