"""The schema-driven layer: Schemathesis generates positive and negative requests for every
operation of the fuzzing view; each answer goes through the standard and contract checks.

Examples are not shrunk (a live target is not hammered for a smaller repro); the first
failure of each check on each operation is kept with the exact request as a curl command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import hypothesis
from hypothesis import HealthCheck, Phase, given, reject, settings
from schemathesis import Case, GenerationMode
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Err
from schemathesis.schemas import BaseSchema

from .checks import ALL_CHECKS, check_name
from .client import API_KEY_PLACEHOLDER, TargetClient, WriteRefused
from .findings import Finding

LAYER = "schema"
# Headers Schemathesis adds for its own transport that mean nothing to another client.
TRANSPORT_HEADERS = frozenset({"connection", "accept-encoding", "content-length"})


@dataclass
class FuzzOutcome:
    findings: dict[tuple[str, str], Finding] = field(default_factory=dict)
    examples: int = 0
    operations: list[str] = field(default_factory=list)


def fuzz_operations(
    schema: BaseSchema,
    client: TargetClient,
    *,
    max_examples: int,
    seed: int,
    progress: Callable[[str], None],
) -> FuzzOutcome:
    outcome = FuzzOutcome()
    client.layer = LAYER
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()
        operation = result.ok()
        outcome.operations.append(operation.label)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            before = outcome.examples
            _fuzz(operation.as_strategy(generation_mode=mode), client, outcome, max_examples, seed)
            progress(f"{operation.label} [{mode.value}]: {outcome.examples - before} examples")
    return outcome


def _fuzz(
    strategy: Any, client: TargetClient, outcome: FuzzOutcome, max_examples: int, seed: int
) -> None:
    @hypothesis.seed(seed)
    @settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def example(case: Case[Any]) -> None:
        if says_nothing_about_the_contract(case, client):
            reject()
        try:
            response = client.send(**httpx_arguments(case, str(client.http.base_url)))
        except WriteRefused:
            reject()
        outcome.examples += 1
        for check in ALL_CHECKS:
            key = (check_name(check), case.operation.label)
            if key in outcome.findings:
                continue
            try:
                case.validate_response(response, checks=[check])
            except FailureGroup as group:
                failure = group.exceptions[0]
                outcome.findings[key] = Finding(
                    rule=key[0],
                    layer=LAYER,
                    operation=key[1],
                    message=f"{failure.title}: {failure.message}".strip(),
                    curl=_curl(case, str(client.http.base_url)),
                )

    example()


def says_nothing_about_the_contract(case: Case[Any], client: TargetClient) -> bool:
    """Requests not worth sending: their answer cannot be judged, or they would demote an
    image the run must leave alone."""
    return (
        _has_control_characters(case.path_parameters or {})
        or _form_hides_negation(case)
        or (client.keeps_foreign_primary and _asks_for_primary(case))
    )


def _has_control_characters(parameters: dict[str, Any]) -> bool:
    """Control characters in a path are answered by whatever proxy fronts a deployment, not
    by the API, so such requests say nothing about the contract."""
    # Schemathesis keeps path parameters percent-encoded.
    decoded = "".join(unquote(str(value)) for value in parameters.values())
    return any(ord(char) < 0x20 or char == "\x7f" for char in decoded)


def _asks_for_primary(case: Case[Any]) -> bool:
    flag = case.body.get("is_primary") if isinstance(case.body, dict) else None
    return flag is not None and str(flag).lower() not in ("false", "0", "")


def _form_hides_negation(case: Case[Any]) -> bool:
    """Form fields carry text only: a field negated into null goes out omitted, into an array
    repeated, into a number, boolean or object as its text, which may well be valid. The
    server cannot see such a negation (and taking one of repeated values is tolerated form
    handling), so the answer says nothing about the contract."""
    if not isinstance(case.body, dict):
        return False
    negative = case.meta is not None and case.meta.generation.mode is GenerationMode.NEGATIVE
    return any(
        value is None
        or isinstance(value, list)
        or (negative and not isinstance(value, str | bytes))
        for value in case.body.values()
    )


def httpx_arguments(case: Case[Any], base_url: str) -> dict[str, Any]:
    """The case as keyword arguments of `TargetClient.send` (Schemathesis speaks `requests`)."""
    serialized = case.as_transport_kwargs(base_url=base_url)
    arguments: dict[str, Any] = {
        "method": serialized["method"],
        "url": serialized["url"],
        "headers": {
            name: value
            for name, value in (serialized.get("headers") or {}).items()
            if name.lower() not in TRANSPORT_HEADERS
        },
        "params": serialized.get("params"),
    }
    if serialized.get("json") is not None:
        arguments["json"] = serialized["json"]
    data = serialized.get("data")
    if isinstance(data, bytes | str):
        arguments["content"] = data
    elif data is not None:
        arguments["data"] = data
    if serialized.get("files"):
        arguments["files"] = [(name, _file_part(part)) for name, part in serialized["files"]]
    return arguments


def _file_part(part: Any) -> Any:
    # `requests` sends a non-text form value as its str(); httpx wants text or bytes.
    if isinstance(part, tuple) and len(part) >= 2 and not isinstance(part[1], bytes | str):
        return (part[0], str(part[1]), *part[2:])
    return part


def _curl(case: Case[Any], base_url: str) -> str:
    """Schemathesis' curl command for the case, the API key left as a shell variable."""
    command = case.as_curl_command(headers={"X-API-Key": API_KEY_PLACEHOLDER}, base_url=base_url)
    return command.replace(
        f"'X-API-Key: {API_KEY_PLACEHOLDER}'", f'"X-API-Key: {API_KEY_PLACEHOLDER}"'
    )
