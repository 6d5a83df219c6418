"""What a Keystone v3 `POST /auth/tokens` body asks for: a proof (password or token) and a
project scope, read from a bounded body with Keystone's 400 for what it cannot use."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from ...domain.identity import (
    PasswordProof,
    ProjectScope,
    TokenProof,
)
from ...domain.identity_users import DEFAULT_DOMAIN

MAX_BODY_BYTES = 114_688
"""Keystone's `max_request_body_size` default."""
CLIENT_IN_ERROR = (
    " The server could not comply with the request since it is either malformed or"
    " otherwise incorrect. The client is assumed to be in error."
)


@dataclass
class MalformedAuthRequest(Exception):
    message: str
    status: int = 400

    def __str__(self) -> str:
        return self.message


async def bounded_body(request: Request) -> bytes:
    """The body, refused with 413 once past Keystone's limit, before reading the rest."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise _too_large()
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise _too_large()
    return bytes(body)


def _too_large() -> MalformedAuthRequest:
    return MalformedAuthRequest("Request is too large.", 413)


def read_auth_request(body: bytes) -> tuple[PasswordProof | TokenProof, ProjectScope | None]:
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise MalformedAuthRequest("Malformed request body." + CLIENT_IN_ERROR) from None
    auth = _object(document, "auth", "request")
    identity = _object(auth, "identity", "auth")
    methods = identity.get("methods")
    if not isinstance(methods, list) or not methods or not all(isinstance(m, str) for m in methods):
        raise _expecting("methods", "identity")
    return _proof(identity, methods[0]), _scope(auth.get("scope"))


def _proof(identity: dict[str, Any], method: str) -> PasswordProof | TokenProof:
    if method == "token":
        token = _object(identity, "token", "identity")
        secret = token.get("id")
        if not isinstance(secret, str):
            raise _expecting("id", "token")
        return TokenProof(secret)
    if method != "password":
        raise MalformedAuthRequest("Attempted to authenticate with an unsupported method.", 401)
    user = _object(_object(identity, "password", "identity"), "user", "password")
    password = user.get("password")
    if not isinstance(password, str):
        raise _expecting("password", "user")
    if isinstance(user.get("id"), str):
        return PasswordProof(password, user_id=user["id"])
    if not isinstance(user.get("name"), str):
        raise _expecting("id or name", "user")
    return PasswordProof(password, user_name=user["name"], domain=_domain(user))


def _scope(scope: Any) -> ProjectScope | None:
    if scope is None:
        return None
    if not isinstance(scope, dict) or "project" not in scope:
        raise MalformedAuthRequest("Only a project scope is served here." + CLIENT_IN_ERROR)
    project = _object(scope, "project", "scope")
    if isinstance(project.get("id"), str):
        return ProjectScope(project_id=project["id"])
    if not isinstance(project.get("name"), str):
        raise _expecting("id or name", "project")
    return ProjectScope(project_name=project["name"], domain=_domain(project))


def _domain(entity: dict[str, Any]) -> str:
    domain = entity.get("domain")
    if not isinstance(domain, dict):
        raise _expecting("domain", "user" if "password" in entity else "project")
    named = domain.get("id", domain.get("name", DEFAULT_DOMAIN))
    return str(named)


def _object(parent: Any, key: str, within: str) -> dict[str, Any]:
    value = parent.get(key) if isinstance(parent, dict) else None
    if not isinstance(value, dict):
        raise _expecting(key, within)
    return value


def _expecting(key: str, within: str) -> MalformedAuthRequest:
    return MalformedAuthRequest(f"Expecting to find {key} in {within}." + CLIENT_IN_ERROR)
