"""Calls every Bitrix24 server must refuse, whatever it holds: without a credential, with a
wrong one, and of a method that does not exist. Each function sends one call and says what
is wrong with the answer (None when it is the refusal the contract gives)."""

from __future__ import annotations

from enum import Enum

import httpx

from ..client import TargetClient
from .calls import Credentials, Style, Webhook
from .target import UNKNOWN_METHOD, Bitrix24Target

WRONG_CODE = "0conformance0wrong0code"
WRONG_TOKEN = "conformance-wrong-token"


class Fault(Enum):
    """What is wrong with a call's credential."""

    NO_AUTH = "no credential"
    WRONG_WEBHOOK = "a wrong webhook code"
    WRONG_TOKEN = "a wrong access token"


EXPECTED_CODES = {Fault.NO_AUTH: "NO_AUTH_FOUND", Fault.WRONG_WEBHOOK: "INVALID_CREDENTIALS"}
"""The code each fault is answered with. For a wrong token the contract names no code
(only `expired_token`, for an expired one), so any 401 will do."""


def unauthenticated_problem(
    client: TargetClient, target: Bitrix24Target, fault: Fault
) -> str | None:
    """A list of the run's product with `fault`: a 401 with the fault's code."""
    path, body = _faulty_list_call(target, fault)
    response = client.send("POST", path, json=body)
    code = _error_code(response)
    expected = EXPECTED_CODES.get(fault)
    if response.status_code != 401 or (expected is not None and code != expected):
        return (
            f"a call with {fault.value} answered {response.status_code} with error {code!r}, "
            f"not 401{f' with {expected}' if expected else ''}"
        )
    return None


def unknown_method_problem(client: TargetClient, target: Bitrix24Target) -> str | None:
    """A method that does not exist: 404 ERROR_METHOD_NOT_FOUND."""
    response = target.call(client, UNKNOWN_METHOD, {}, None)
    code = _error_code(response)
    if response.status_code != 404 or code != "ERROR_METHOD_NOT_FOUND":
        return (
            f"an unknown method answered {response.status_code} with error {code!r}, "
            "not 404 with ERROR_METHOD_NOT_FOUND"
        )
    return None


def _faulty_list_call(target: Bitrix24Target, fault: Fault) -> tuple[str, dict[str, object]]:
    """The path and body of a list call with `fault`."""
    params: dict[str, object] = {"productId": target.product_id}
    if fault is Fault.NO_AUTH:
        return Credentials().path("list", Style.APPLICATION), params
    if fault is Fault.WRONG_WEBHOOK:
        user_id = target.credentials.webhook.user_id if target.credentials.webhook else 1
        credentials, style = Credentials(Webhook(user_id, WRONG_CODE)), Style.WEBHOOK
    else:
        credentials, style = Credentials(token=WRONG_TOKEN), Style.APPLICATION
    return credentials.path("list", style), credentials.body(params, style)


def _error_code(response: httpx.Response) -> object:
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get("error") if isinstance(body, dict) else None
