"""The transports the contract accepts besides its canonical JSON `POST`, and one call sent
over each: a form body, the query string of a `GET`, the method name in another case with
`.json`, and a command of `batch`. Each is compared with the canonical call's answer; a
difference breaks the transport's rule.

Parameters outside JSON are written as PHP's `http_build_query` writes them
(`fields[productId]=1`, `select[0]=id`), the form every PHP-style client sends.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any
from urllib.parse import urlencode

import httpx

from ..client import TargetClient
from .answers import comparable
from .calls import METHOD_PREFIX, Credentials, Style

BATCH_REFERENCE_NAME = "listed"


class Transport(Enum):
    """A way to send a call, and the rule its answers must keep."""

    FORM_BODY = "form_body_is_read_as_json"
    QUERY_STRING = "query_string_is_read_as_json"
    METHOD_NAME_CASE = "method_name_is_read_in_any_case"
    BATCH = "batch_answers_as_direct_calls"

    @property
    def rule(self) -> str:
        return self.value


TRANSPORT_RULES = tuple(transport.rule for transport in Transport)


@dataclass(frozen=True)
class Outcome:
    """What a call came to, comparable across transports (a batch command has no status)."""

    succeeded: bool
    answer: object
    """The comparable answer without its timing; an error's code."""

    def __str__(self) -> str:
        return f"{'result' if self.succeeded else 'error'} {self.answer!r}"


def php_query(params: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """`params` as `http_build_query` flattens them: nested keys in brackets."""
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        name = f"{prefix}[{key}]" if prefix else str(key)
        if isinstance(value, Mapping):
            pairs += php_query(value, name)
        elif isinstance(value, list):
            pairs += php_query({str(index): item for index, item in enumerate(value)}, name)
        elif isinstance(value, bool):
            pairs.append((name, "1" if value else "0"))
        else:
            pairs.append((name, str(value)))
    return pairs


def outcome_of(response: httpx.Response) -> Outcome:
    try:
        body = response.json()
    except ValueError:
        return Outcome(False, f"HTTP {response.status_code}, not JSON")
    if response.status_code == 200 and isinstance(body, dict) and "result" in body:
        return Outcome(True, comparable(body))
    code = body.get("error") if isinstance(body, dict) else None
    return Outcome(False, str(code))


def send_over(
    client: TargetClient,
    credentials: Credentials,
    transport: Transport,
    method: str,
    params: Mapping[str, Any],
    style: Style,
) -> Outcome:
    """`method` with `params` in `style`, over `transport`."""
    path = credentials.path(method, style)
    body = credentials.body(params, style)
    if transport is Transport.FORM_BODY:
        return outcome_of(client.send("POST", path, data=dict(php_query(body))))
    if transport is Transport.QUERY_STRING:
        # `.json` keeps the call off the document's paths, which describe only POST.
        return outcome_of(client.send("GET", f"{path}.json?{urlencode(php_query(body))}"))
    if transport is Transport.METHOD_NAME_CASE:
        prefix = path.removesuffix(METHOD_PREFIX + method)
        return outcome_of(
            client.send("POST", f"{prefix}{(METHOD_PREFIX + method).lower()}.json", json=body)
        )
    return send_batch(client, credentials, {"call": (method, params)}, style)["call"]


def batch_command(method: str, params: Mapping[str, Any]) -> str:
    query = urlencode(php_query(params))
    return f"{METHOD_PREFIX}{method}" + (f"?{query}" if query else "")


def send_batch(
    client: TargetClient,
    credentials: Credentials,
    commands: Mapping[str, tuple[str, Mapping[str, Any]]],
    style: Style,
) -> dict[str, Outcome]:
    """Each command's outcome, by name; a batch refused whole gives each its error."""
    cmd = {name: batch_command(method, params) for name, (method, params) in commands.items()}
    path = credentials.path("", style).removesuffix(METHOD_PREFIX) + "batch"
    response = client.send("POST", path, json=credentials.body({"halt": 0, "cmd": cmd}, style))
    whole = outcome_of(response)
    body = response.json() if whole.succeeded else None
    answers = body["result"] if isinstance(body, dict) else None
    if not isinstance(answers, dict):
        return {name: Outcome(False, f"the batch answered {whole}") for name in commands}
    return {name: _command_outcome(answers, name) for name in commands}


def _command_outcome(answers: dict[str, Any], name: str) -> Outcome:
    results, errors = answers.get("result"), answers.get("result_error")
    if isinstance(results, dict) and name in results:
        body: dict[str, Any] = {"result": results[name]}
        for member in ("total", "next"):
            kept = answers.get(f"result_{member}")
            if isinstance(kept, dict) and name in kept:
                body[member] = kept[name]
        return Outcome(True, comparable(body))
    if isinstance(errors, dict) and isinstance(errors.get(name), dict):
        return Outcome(False, str(errors[name].get("error")))
    return Outcome(False, f"no answer for command {name!r} in {answers!r}")
