"""JSON request bodies: parsed once, validated and bound as Connexion does.

Connexion validates a JSON body with the validator its map gives the request's media type
(the compiled one, reading through the bounded decoder), then parses the text again for the
handler. Here the body is parsed and validated once, by the same validator class built over
the same schema; on a worker thread when it is large or holds many values, as there. What
the handler gets is what Connexion's parameter decorator gives: the parsed body under the
operation's body name (`x-body-name`, `body` by default), and the validated body in the
request's state (`validators.validated_json_body`).

Bound here: a non-empty body with a `Content-Length`, of one of the media types the
operation declares for JSON, spelled as the document spells it. Any other (another media
type or spelling, a chunked or empty body) is left to Connexion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from starlette.types import Scope

from ..decoding import JsonLimits
from ..request_context import remember_validated_json_body
from .binding_rules import is_nullable, sanitized
from .body_checks import JsonBodyCheck
from .body_reading import DeclaredBody, ReadBody, Undecided


class JsonBinding:
    """One operation's JSON body, from the read messages to handler arguments."""

    def __init__(
        self,
        request_body: Mapping[str, Any],
        media_types: Sequence[str],
        arguments: Sequence[str],
        has_kwargs: bool,
        json_limits: JsonLimits,
    ) -> None:
        content = request_body.get("content", {})
        self.validators = {
            media_type.encode(): JsonBodyCheck(
                content[media_type].get("schema", {}),
                required=request_body.get("required", False),
                nullable=is_nullable(content[media_type]),
                json_limits=json_limits,
            )
            for media_type in media_types
        }
        body_name = sanitized(request_body.get("x-body-name", "body"))
        self.body_argument = body_name if has_kwargs or body_name in arguments else None

    def accepts(self, scope: Scope) -> bool:
        """Whether the request declares a non-empty body of a JSON media type the operation
        declares, as this binding reads it."""
        declared = DeclaredBody.of(scope)
        length = declared.length()
        return declared.media_type() in self.validators and length is not None and length > 0

    async def bind(self, scope: Scope, body: ReadBody) -> dict[str, Any]:
        """The handler's keyword arguments from the body; raises the validation problem of
        a body the operation refuses."""
        media_type = dict(scope["headers"])[b"content-type"].split(b";", 1)[0]
        validator = self.validators[media_type]
        raw = b"".join(message.get("body", b"") for message in body.messages)
        if not raw:
            raise Undecided()
        parsed = await validator.parsed_and_validated(raw)
        remember_validated_json_body(scope, parsed)
        return {} if self.body_argument is None else {self.body_argument: parsed}
