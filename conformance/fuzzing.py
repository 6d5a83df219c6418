"""The schema-driven layer: Schemathesis generates positive and negative requests for every
operation of the fuzzing view; each answer goes through the standard and contract checks.

Examples are not shrunk (a live target is not hammered for a smaller repro); the first
failure of each check on each operation is kept with the exact request as a curl command.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import hypothesis
from hypothesis import HealthCheck, Phase, given, reject, settings
from schemathesis import Case, CheckFunction, GenerationMode
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Err
from schemathesis.schemas import BaseSchema

from .checks import check_name
from .client import NoAnswer, TargetClient, WriteRefused
from .findings import ANSWERS_RULE, JUDGED_RULE, Finding

LAYER = "schema"
# Headers Schemathesis adds for its own transport that mean nothing to another client.
TRANSPORT_HEADERS = frozenset({"connection", "accept-encoding", "content-length"})
# Schemathesis' default Accept: left out, so that a contract's own (such as JSON errors for
# a client that accepts them) applies; httpx sends the same default otherwise.
DEFAULT_ACCEPT = ("accept", "*/*")
# Cases drawn in a row, none of them sendable, after which an operation's mode is left with
# no example: an operation the run must never write to (the target's policy refuses every
# request to it) would otherwise draw hundreds before Hypothesis gives up. An operation
# whose cases are unsendable one time in two is left so about once in 30 million runs.
UNSENDABLE_IN_A_ROW = 25


class _NothingToSend(Exception):
    """Every case drawn so far was one the run must not send."""


@dataclass
class FuzzOutcome:
    findings: dict[tuple[str, str], Finding] = field(default_factory=dict)
    examples: int = 0
    operations: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Fuzzing:
    """How generated cases are sent and judged."""

    client: TargetClient
    checks: tuple[CheckFunction, ...]
    says_nothing: Callable[[Case[Any]], bool]
    """The contract's own reasons not to send a generated case."""
    cleanup: Callable[[], object]
    """Deletes what the run created (between linked sequences)."""

    def worth_sending(self, case: Case[Any]) -> bool:
        """Requests whose answer cannot be judged are not worth sending."""
        return not (_has_control_characters(case.path_parameters or {}) or self.says_nothing(case))


def fuzz_operations(
    schema: BaseSchema,
    fuzzing: Fuzzing,
    *,
    max_examples: int,
    seed: int,
    progress: Callable[[str], None],
) -> FuzzOutcome:
    outcome = FuzzOutcome()
    fuzzing.client.layer = LAYER
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()
        operation = result.ok()
        outcome.operations.append(operation.label)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            before = outcome.examples
            strategy = operation.as_strategy(generation_mode=mode)
            _fuzz(strategy, fuzzing, outcome, max_examples, seed)
            progress(f"{operation.label} [{mode.value}]: {outcome.examples - before} examples")
    return outcome


def _fuzz(
    strategy: Any, fuzzing: Fuzzing, outcome: FuzzOutcome, max_examples: int, seed: int
) -> None:
    client = fuzzing.client
    unsendable = 0

    def not_sent() -> None:
        nonlocal unsendable
        unsendable += 1
        if unsendable >= UNSENDABLE_IN_A_ROW:
            raise _NothingToSend()
        reject()

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
        nonlocal unsendable
        if not fuzzing.worth_sending(case):
            not_sent()
        label = case.operation.label
        try:
            response = client.send(**httpx_arguments(case, str(client.http.base_url)))
        except WriteRefused:
            not_sent()
        except NoAnswer as error:
            outcome.findings.setdefault(
                (ANSWERS_RULE, label), Finding(ANSWERS_RULE, LAYER, label, str(error), error.curl)
            )
            return
        exchange = client.exchanges[-1]
        if exchange.by_front_end:
            # The deployment's front end answered, not the target: another example instead.
            reject()
        unsendable = 0
        outcome.examples += 1
        for check in fuzzing.checks:
            key = (check_name(check), label)
            if key in outcome.findings:
                continue
            try:
                case.validate_response(response, checks=[check])
            except FailureGroup as group:
                failure = group.exceptions[0]
                message = f"{failure.title}: {failure.message}".strip()
                outcome.findings[key] = Finding(key[0], LAYER, label, message, exchange.curl())
            except Exception as error:  # an answer no check could read
                message = f"{check_name(check)} could not read the answer: {error!r}"
                outcome.findings.setdefault(
                    (JUDGED_RULE, label),
                    Finding(JUDGED_RULE, LAYER, label, message, exchange.curl()),
                )

    # Every generated case may be one the run must not send (a write elsewhere, a request
    # a proxy would answer): the operation then gets no example in this mode, which the
    # progress line shows; that is no finding against the target.
    with contextlib.suppress(hypothesis.errors.Unsatisfiable, _NothingToSend):
        example()


def _has_control_characters(parameters: dict[str, Any]) -> bool:
    """Control characters in a path are answered by whatever proxy fronts a deployment, not
    by the API, so such requests say nothing about the contract."""
    # Schemathesis keeps path parameters percent-encoded.
    decoded = "".join(unquote(str(value)) for value in parameters.values())
    return any(ord(char) < 0x20 or char == "\x7f" for char in decoded)


def httpx_arguments(case: Case[Any], base_url: str) -> dict[str, Any]:
    """The case as keyword arguments of `TargetClient.send` (Schemathesis speaks `requests`)."""
    serialized = case.as_transport_kwargs(base_url=base_url)
    arguments: dict[str, Any] = {
        "method": serialized["method"],
        "url": serialized["url"],
        "headers": {
            name: value
            for name, value in (serialized.get("headers") or {}).items()
            if name.lower() not in TRANSPORT_HEADERS and (name.lower(), value) != DEFAULT_ACCEPT
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
