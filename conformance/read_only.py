"""`--read-only`, for a production deployment: only requests that read are sent. A
contract's policy says which those are (`reads(method, path)`; GET, HEAD and OPTIONS where
it says nothing); the operations that write are left out of the schema-driven and linked
layers, and a state-machine step that would write is refused unsent and ends there, the
model left as it was, so that only the reading steps send anything. The guard stands in
front of every other policy: no later rule lets a write through."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

import httpx
from hypothesis.stateful import initialize, precondition, rule
from schemathesis import Case

from .client import Broken, TargetClient, TargetPolicy, WriteRefused
from .documents import HTTP_METHODS
from .machine import ContractMachine
from .suite import ContractSuite

SAFE_HTTP_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
REFUSAL = "not a read, and the run is --read-only"

Reads = Callable[[str, str], bool]
"""Whether a request (its HTTP method, its path) only reads."""


def reads_of(policy: TargetPolicy) -> Reads:
    """The contract's own rule of what reads, where its policy has one (`reads`)."""
    own: Reads | None = getattr(policy, "reads", None)
    return own or (lambda method, _path: method.upper() in SAFE_HTTP_METHODS)


class ReadOnlyPolicy:
    """`policy`, but refusing every request that does not read, before `policy` is asked."""

    def __init__(self, policy: TargetPolicy, reads: Reads) -> None:
        self.policy, self.reads = policy, reads

    @property
    def credential_headers(self) -> Mapping[str, str]:
        return self.policy.credential_headers

    @property
    def secrets(self) -> Mapping[str, str]:
        return self.policy.secrets

    def guard(self, request: httpx.Request) -> None:
        if not self.reads(request.method, request.url.path):
            raise WriteRefused(request.method, request.url.path, REFUSAL)
        self.policy.guard(request)

    def learn(self, request: httpx.Request, response: httpx.Response | None) -> list[Broken]:
        return self.policy.learn(request, response)

    def retry_after(self, response: httpx.Response) -> float | None:
        return self.policy.retry_after(response)


class ReadOnlySuite:
    """A contract's suite whose run only reads (see the module docstring)."""

    def __init__(self, suite: ContractSuite) -> None:
        self.suite = suite
        self.reads = reads_of(suite.policy)
        self.policy = ReadOnlyPolicy(suite.policy, self.reads)
        self.reply_rules = suite.reply_rules
        self.state_machine_rules = suite.state_machine_rules
        self.media_type_deserializers = suite.media_type_deserializers

    def documented_view(self) -> dict[str, Any]:
        return self.suite.documented_view()

    def fuzzing_view(self) -> dict[str, Any]:
        return reading_view(self.suite.fuzzing_view(), self.reads)

    def prepare(self, client: TargetClient) -> list[str]:
        try:
            return self.suite.prepare(client)
        except WriteRefused as error:
            return [f"read-only: the preparation stopped at a write, not sent ({error})"]

    def says_nothing(self, case: Case[Any]) -> bool:
        return self.suite.says_nothing(case)

    def state_machine(self, client: TargetClient) -> type[ContractMachine]:
        return reading_machine(self.suite.state_machine(client))

    def cleanup(self, client: TargetClient) -> list[str]:
        try:
            return self.suite.cleanup(client)
        except WriteRefused as error:
            return [str(error)]


def reading_view(view: dict[str, Any], reads: Reads) -> dict[str, Any]:
    """`view` with only the operations that read (links to the others left out)."""
    reading = copy.deepcopy(view)
    kept = set()
    for path, item in list(reading.get("paths", {}).items()):
        for method in [m for m in item if m in HTTP_METHODS]:
            if reads(method.upper(), path):
                kept.add(item[method].get("operationId"))
            else:
                del item[method]
        if not any(m in HTTP_METHODS for m in item):
            del reading["paths"][path]
    for path_item in reading.get("paths", {}).values():
        for method in [m for m in path_item if m in HTTP_METHODS]:
            for answer in path_item[method].get("responses", {}).values():
                links = answer.get("links") if isinstance(answer, dict) else None
                if isinstance(links, dict):
                    for name in [n for n, link in links.items() if _links_away(link, kept)]:
                        del links[name]
    return reading


def _links_away(link: Any, kept: set[Any]) -> bool:
    return isinstance(link, dict) and link.get("operationId") not in kept


def reading_machine(machine: type[ContractMachine]) -> type[ContractMachine]:
    """`machine`, whose steps end where they would write: nothing is sent, the model is
    left as it was, and the same draws always end the same way (Hypothesis replays a
    sequence, so whether a step may be drawn must not change during a run)."""
    state = machine.setup_state()
    namespace: dict[str, Any] = {}
    for step in state.rules:
        reading = _ending_at_a_write(step.function)
        for condition in step.preconditions:
            reading = precondition(condition)(reading)
        namespace[reading.__name__] = rule(**step.arguments)(reading)  # type: ignore[no-untyped-call]
    for step in state.initializers:
        reading = _ending_at_a_write(step.function)
        namespace[reading.__name__] = initialize(**step.arguments)(reading)  # type: ignore[no-untyped-call]
    return type(machine.__name__, (machine,), namespace)


def _ending_at_a_write(function: Callable[..., Any]) -> Callable[..., Any]:
    def reading(self: ContractMachine, *positional: Any, **arguments: Any) -> Any:
        try:
            return function(self, *positional, **arguments)
        except WriteRefused:
            return None

    reading.__name__ = reading.__qualname__ = function.__name__
    reading.__doc__ = function.__doc__
    return reading
