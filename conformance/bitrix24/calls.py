"""How a `catalog.productImage.*` method is called in the contract's two styles: the webhook
style names its user and code in the path, the application style carries its access token in
the body member `auth`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

METHOD_PREFIX = "catalog.productImage."
WEBHOOK_VARIABLE = "$CONFORMANCE_BITRIX_WEBHOOK"
# The code alone, for a path whose user id was changed: the variable minus its `USER_ID/`.
WEBHOOK_CODE_VARIABLE = "${CONFORMANCE_BITRIX_WEBHOOK#*/}"
TOKEN_VARIABLE = "$CONFORMANCE_BITRIX_TOKEN"
_WEBHOOK = re.compile(r"^(?P<user_id>[1-9][0-9]*)/(?P<code>[0-9A-Za-z]+)$")


class Style(Enum):
    WEBHOOK = "webhook"
    APPLICATION = "application"


@dataclass(frozen=True)
class Webhook:
    """An incoming webhook: the id of the user who made it and its secret code."""

    user_id: int
    code: str

    @classmethod
    def parse(cls, text: str) -> Webhook:
        """`USER_ID/CODE`, as in the webhook's URL `/rest/USER_ID/CODE/`."""
        match = _WEBHOOK.match(text.strip().strip("/"))
        if match is None:
            raise ValueError(f"a webhook is USER_ID/CODE (digits / letters and digits): {text!r}")
        return cls(int(match["user_id"]), match["code"])

    @property
    def text(self) -> str:
        return f"{self.user_id}/{self.code}"


@dataclass(frozen=True)
class Credentials:
    """The credentials a run was given: a webhook, an access token, or both."""

    webhook: Webhook | None = None
    token: str | None = None

    @property
    def styles(self) -> tuple[Style, ...]:
        """The call styles the run can authenticate in, the webhook style first."""
        given = ((Style.WEBHOOK, self.webhook), (Style.APPLICATION, self.token))
        return tuple(style for style, credential in given if credential)

    @property
    def secrets(self) -> Mapping[str, str]:
        secrets: dict[str, str] = {}
        if self.webhook is not None:
            secrets[self.webhook.text] = WEBHOOK_VARIABLE
            secrets[self.webhook.code] = WEBHOOK_CODE_VARIABLE
        if self.token:
            secrets[self.token] = TOKEN_VARIABLE
        return secrets

    def path(self, method: str, style: Style) -> str:
        """The path of `method` (`add`, `list`, ...) in `style`."""
        if style is Style.WEBHOOK:
            if self.webhook is None:
                raise ValueError("no webhook was given")
            return f"/rest/{self.webhook.text}/{METHOD_PREFIX}{method}"
        return f"/rest/{METHOD_PREFIX}{method}"

    def body(self, params: Mapping[str, Any], style: Style) -> dict[str, Any]:
        """The JSON body of a call with `params` in `style`."""
        if style is Style.APPLICATION:
            if not self.token:
                raise ValueError("no access token was given")
            return {**params, "auth": self.token}
        return dict(params)
