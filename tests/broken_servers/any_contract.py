"""Broken servers for any contract: each breaks a rule every contract has."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx
from starlette.types import Scope

from .layer import Answer, Call, Mutation


class ConnectionDropped(Mutation):
    """The connection drops, unanswered, on the fifteenth request."""

    def request(self, scope: Scope) -> Scope:
        count = self.seen["count"] = self.seen.get("count", 0) + 1
        if count == 15:
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
        return scope


class ServerErrorEveryTwentiethAnswer(Mutation):
    """Every twentieth answer is a 500 (after the target handled the request)."""

    def response(self, call: Call, answer: Answer) -> Answer:
        count = self.seen["count"] = self.seen.get("count", 0) + 1
        if count % 20 == 0:
            return Answer(500, {"content-type": "text/plain"}, b"Internal Server Error")
        return answer


class InvalidDataAccepted(Mutation):
    """A request refused as invalid (400 or 422) is answered 200 with an empty object."""

    def response(self, call: Call, answer: Answer) -> Answer:
        if answer.status in (400, 422):
            return Answer(200, {"content-type": "application/json"}, b"{}")
        return answer


class DeleteFailsWith500(Mutation):
    """A DELETE fails with a server error and deletes nothing (so the run cannot clean up)."""

    def request(self, scope: Scope) -> Scope:
        if scope["method"] == "DELETE":
            return {**scope, "method": "GET", "path": "/__broken__", "raw_path": b"/__broken__"}
        return scope

    def response(self, call: Call, answer: Answer) -> Answer:
        if call.path == "/__broken__":
            return Answer(500, {"content-type": "text/plain"}, b"boom")
        return answer


@dataclass
class BrokenOnce(Mutation):
    """`broken` for one answer only: the first it would change of a request of the state
    machine (whose client is no Schemathesis), so that the same sequence sent again does
    not break the rule."""

    broken: Mutation = field(default_factory=Mutation)

    def response(self, call: Call, answer: Answer) -> Answer:
        original = Answer(answer.status, dict(answer.headers), answer.body)
        changed = self.broken.response(call, answer)
        stateful = "schemathesis" not in call.headers.get("user-agent", "")
        if self.seen.get("used") or not stateful or not _differ(changed, original):
            return original
        self.seen["used"] = True
        return changed


def _differ(one: Answer, other: Answer) -> bool:
    """Whether two answers say different things (JSON bodies compared as values)."""
    if (one.status, one.headers) != (other.status, other.headers):
        return True
    try:
        return bool(one.json() != other.json())
    except ValueError:
        return one.body != other.body
