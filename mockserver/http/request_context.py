"""The request a handler is answering, for the handlers that read more of it than their
arguments: its scope (to build absolute URLs), its query and headers, and the context the
credential check left (the principal).

The engine enters each request's before its handler runs; the values are context
variables, so a task started from a handler (a batch's commands) sees its own.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from starlette.requests import Request
from starlette.types import Scope

_scope: ContextVar[Scope] = ContextVar("mockserver_request_scope")
_context: ContextVar[dict[str, Any]] = ContextVar("mockserver_request_context")


def enter(scope: Scope, context: dict[str, Any]) -> None:
    """Make `scope` and `context` the request being answered in this context."""
    _scope.set(scope)
    _context.set(context)


def request_scope() -> Scope:
    """The scope of the request being answered."""
    return _scope.get()


def current_request() -> Request:
    """The request being answered, as Starlette reads it (its query, its headers)."""
    return Request(_scope.get())


def request_context() -> dict[str, Any]:
    """What the credential check found for the request being answered (`principal`)."""
    return _context.get()


_VALIDATED_BODY = "mockserver.validated_json_body"


def remember_validated_json_body(scope: Scope, body: Any) -> None:
    """Keep `body`, parsed and validated, for the handler (`validated_json_body`)."""
    scope.setdefault("state", {})[_VALIDATED_BODY] = body


def validated_json_body(scope: Scope) -> Any:
    """The JSON body the request's check parsed (None when there was none): a handler
    that takes it from here spares the event loop a second parse of the text."""
    return scope.get("state", {}).get(_VALIDATED_BODY)
