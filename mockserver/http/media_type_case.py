"""Media types are case-insensitive (RFC 9110, section 8.3.1), but Connexion picks a body's
validator by the `Content-Type` as sent, so `APPLICATION/JSON` would find none and the
body would reach its handler unread. This layer, in front of routing, writes the type and
subtype of a request's `Content-Type` in lower case (its parameters as they came)."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send


def with_lower_case_media_type(scope: Scope) -> Scope:
    """`scope`, its first `Content-Type`'s type and subtype in lower case."""
    headers = scope["headers"]
    for index, (name, value) in enumerate(headers):
        if name == b"content-type":
            media_type, separator, parameters = value.partition(b";")
            if media_type != media_type.lower():
                headers = list(headers)
                headers[index] = (name, media_type.lower() + separator + parameters)
                scope = {**scope, "headers": headers}
            break
    return scope


class LowerCaseMediaType:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope = with_lower_case_media_type(scope)
        await self.app(scope, receive, send)
