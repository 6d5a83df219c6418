"""Request bodies of a media type no validator reads (`application/octet-stream`): bound as
Connexion binds them, unchecked, as their bytes.

Connexion's map has validators for JSON and forms only; any other body reaches the handler
as it came, under the operation's body name (`x-body-name`, `body` by default), or None
when it is empty (its `get_body`). Bound here: a body, of any length and with or without a
`Content-Length`, of a media type the operation declares, spelled as the document spells
it. Any other is left to Connexion (which refuses a media type the operation does not take).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from starlette.types import Scope

from .binding_rules import sanitized
from .body_reading import DeclaredBody, ReadBody


class BytesBinding:
    """One operation's unvalidated body, from the read messages to handler arguments."""

    def __init__(
        self,
        request_body: Mapping[str, Any],
        media_types: Sequence[str],
        arguments: Sequence[str],
        has_kwargs: bool,
    ) -> None:
        self.media_types = frozenset(media_type.encode() for media_type in media_types)
        body_name = sanitized(request_body.get("x-body-name", "body"))
        self.body_argument = body_name if has_kwargs or body_name in arguments else None

    def accepts(self, scope: Scope) -> bool:
        """Whether the request declares one body of a media type the operation declares."""
        declared = DeclaredBody.of(scope)
        return declared.media_type() in self.media_types and (
            not declared.lengths or declared.length() is not None
        )

    def bind(self, body: ReadBody) -> dict[str, Any]:
        """The handler's keyword arguments from the body."""
        if self.body_argument is None:
            return {}
        raw = b"".join(message.get("body", b"") for message in body.messages)
        return {self.body_argument: raw or None}
