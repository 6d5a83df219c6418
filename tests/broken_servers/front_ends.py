"""What stands in front of a deployment, for any contract: proxies that refuse what is too
large for them, gateways that answer while the target is away. Neither is the target's
fault: a conforming target behind them still conforms."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.types import Scope

from .layer import Answer, Call, Mutation

LONGEST_REQUEST_LINE = 400
PROXY_PAGE = b"<html><body><h1>414 Request-URI Too Large</h1><hr>nginx</body></html>"


@dataclass
class ProxyRefusesLongRequestLines(Mutation):
    """A proxy answers 414 in HTML to a request line longer than it takes (nginx's
    `large_client_header_buffers`); the target never sees the request."""

    longest: int = LONGEST_REQUEST_LINE

    def response(self, call: Call, answer: Answer) -> Answer:
        if len(call.path) + len(call.query) > self.longest:
            return Answer(414, {"content-type": "text/html"}, PROXY_PAGE)
        return answer


class GatewayAnswers502Once(Mutation):
    """Every tenth request gets a gateway's 502 the first time; sent again, it reaches the
    target."""

    def request(self, scope: Scope) -> Scope:
        count = self.seen["count"] = self.seen.get("count", 0) + 1
        # The request sent again is the next one, which passes.
        self.seen["refuse"] = count % 10 == 0
        if self.seen["refuse"]:
            # The target never sees the request the gateway refused.
            return {**scope, "method": "GET", "path": "/gateway", "raw_path": b"/gateway"}
        return scope

    def response(self, call: Call, answer: Answer) -> Answer:
        if self.seen.pop("refuse", False):
            return Answer(502, {"content-type": "text/html"}, b"<html>502 Bad Gateway</html>")
        return answer
