"""Authentication as an OpenAPI document declares it, in front of request validation.

Each operation's `security` alternatives are read from the document once. A request must
present a credential for one of them; the credential is handed to an `authenticate`
callable (the contract adapter's), and the principal it returns is put in the Connexion
context under `principal` for the operation handler.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from .cookies import request_cookie
from .scope_headers import header_value

Authenticate = Callable[[str, str], Any]
"""(security scheme name, secret) → principal; raises when the secret names nobody."""


@dataclass(frozen=True)
class CredentialSource:
    scheme: str
    location: str  # "header", "cookie", "query" or "bearer"
    name: str

    @cached_property
    def header(self) -> bytes:
        """The header's name as a request's scope spells it."""
        return self.name.lower().encode("latin-1")

    def extract(self, scope: Scope) -> str | None:
        """The secret this scheme finds in the request, if any."""
        if self.location == "bearer":
            value = header_value(scope, b"authorization")
            if value is None:
                return None
            kind, _, token = value.partition(" ")
            return token.strip() or None if kind.lower() == "bearer" else None
        if self.location == "header":
            return header_value(scope, self.header) or None
        if self.location == "cookie":
            return request_cookie(scope, self.name)
        return None


def credential_sources(document: Mapping[str, Any]) -> dict[str, tuple[CredentialSource, ...]]:
    """For every operationId, where its accepted credentials are found, in document order."""
    schemes = document.get("components", {}).get("securitySchemes", {})
    sources = {name: _source(name, scheme) for name, scheme in schemes.items()}
    default = document.get("security", [])
    result: dict[str, tuple[CredentialSource, ...]] = {}
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            requirements = operation.get("security", default)
            names = [name for requirement in requirements for name in requirement]
            result[operation["operationId"]] = tuple(
                source for name in names if (source := sources.get(name)) is not None
            )
    return result


def every_credential_source(document: Mapping[str, Any]) -> tuple[CredentialSource, ...]:
    """Every credential the document's operations accept, in the order they first appear."""
    found: dict[CredentialSource, None] = {}
    for sources in credential_sources(document).values():
        found.update(dict.fromkeys(sources))
    return tuple(found)


def _source(name: str, scheme: Mapping[str, Any]) -> CredentialSource | None:
    if scheme.get("type") == "apiKey" and scheme.get("in") in ("header", "cookie", "query"):
        return CredentialSource(name, scheme["in"], scheme["name"])
    if scheme.get("type") == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
        return CredentialSource(name, "bearer", "Authorization")
    return None


class MissingCredential(Exception):
    """No credential accepted by the operation was presented."""


class AuthenticationMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        sources: Mapping[str, tuple[CredentialSource, ...]],
        authenticate: Authenticate,
    ) -> None:
        self.app = app
        self.sources = sources
        self.authenticate = authenticate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        extensions = scope.setdefault("extensions", {})
        operation_id = extensions.get("connexion_routing", {}).get("operation_id")
        sources = self.sources.get(operation_id or "", ())
        if sources:
            principal = find_principal(scope, sources, self.authenticate)
            extensions.setdefault("connexion_context", {})["principal"] = principal
        await self.app(scope, receive, send)


def find_principal(
    scope: Scope, sources: tuple[CredentialSource, ...], authenticate: Authenticate
) -> Any:
    """The principal of the first credential that names one; raises the refusal otherwise."""
    refusal: Exception | None = None
    for source in sources:
        secret = source.extract(scope)
        if secret is None:
            continue
        try:
            return authenticate_once(scope, authenticate, source.scheme, secret)
        except Exception as error:  # try the other schemes before refusing
            refusal = error
    raise refusal or MissingCredential()


_CHECKED_CREDENTIALS = "mockserver.checked_credentials"
"""The scope extension where each credential's answer is kept for the rest of its request."""


def authenticate_once(scope: Scope, authenticate: Authenticate, scheme: str, secret: str) -> Any:
    """`authenticate(scheme, secret)`, asked at most once per request: the rate limit's key
    and the principal are found from one check of each credential (one store read)."""
    checked = scope.setdefault("extensions", {}).setdefault(_CHECKED_CREDENTIALS, {})
    answer = checked.get((scheme, secret))
    if answer is None:
        try:
            answer = (authenticate(scheme, secret), None)
        except Exception as error:
            answer = (None, error)
        checked[(scheme, secret)] = answer
    principal, refusal = answer
    if refusal is not None:
        raise refusal
    return principal
