"""A faulted answer in the contract's own error shape, from its own renderers."""

from __future__ import annotations

import logging
import time

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import Scope

from ..domain.errors import UnknownCredential
from ..domain.ratelimit import RateDecision
from ..http.contract_app import Contract

# Statuses whose answers tell the client when to come back.
RETRY_STATUSES = frozenset({429, 503})


class InjectedFault(Exception):
    """The failure a faulted request stands for where the contract has no more specific
    one: its renderer's answer to an unexpected error (a 500)."""

    def __str__(self) -> str:
        return "fault injected by the mock"


class _InjectedFaultNotLogged(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], InjectedFault))


_NOT_LOGGED = _InjectedFaultNotLogged()


def quiet_injected_faults(package: str = "mockserver.adapters") -> None:
    """The renderers log an unexpected error with its traceback; an injected one is no
    surprise. Their loggers exist once the adapters are imported."""
    for name in list(logging.root.manager.loggerDict):
        if name.startswith(package):
            logging.getLogger(name).addFilter(_NOT_LOGGED)


def render_fault(contract: Contract, scope: Scope, status: int, retry_after: int) -> Response:
    """The contract's answer with `status`: its throttling answer when that has the status
    (with its Retry-After), else its answer to the failure that has it."""
    decision = RateDecision(False, 0, 0, retry_after, int(time.time()) + retry_after)
    throttled = contract.render_rate_limited(scope, decision)
    if throttled.status_code == status:
        return throttled
    candidates: list[Exception] = [HTTPException(status)]
    if status == 401:
        candidates.insert(0, UnknownCredential())
    candidates.append(InjectedFault())
    first = None
    for error in candidates:
        response = contract.render_error(scope, error)
        if response.status_code == status:
            break
        first = first or response
    else:
        # No failure of the contract has this status: its answer to the route's, relabelled.
        assert first is not None
        response = first
        response.status_code = status
    if status in RETRY_STATUSES and "retry-after" not in response.headers:
        response.headers["Retry-After"] = str(retry_after)
    return response
