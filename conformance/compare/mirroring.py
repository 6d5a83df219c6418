"""The client the contract's state machine drives during a comparison: it talks to the
reference as the suite's own client does, and sends each request again to every other side
(the candidate, a second reference), translated into that side's values, comparing the
answers as they come."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import httpx

from ..client import Exchange, NoAnswer, TargetClient, TargetPolicy, WriteRefused
from .answers import Disagreement, disagreements
from .values import ValueMap, id_namespace

REFERENCE = "reference"
CANDIDATE = "candidate"
SECOND_REFERENCE = "second reference"


@dataclass
class Side:
    """A server the reference's requests are also sent to."""

    name: str
    client: TargetClient
    values: ValueMap
    sequence_start: int = 0
    """Where the current sequence's exchanges start among this side's."""


@dataclass(frozen=True)
class ComparedStep:
    """One request of a sequence, as the reference and one other side answered it."""

    side: str
    sequence: int
    number: int
    """The request's place in its sequence, from 1."""
    step: str
    """The operation, as the contract names it (`DELETE /images/{image_id}`)."""
    ours: Exchange
    theirs: Exchange | None
    """None when the other side gave no answer, or the run refused to send it there."""
    their_curl: str
    disagreements: tuple[Disagreement, ...]
    our_sequence: tuple[Exchange, ...] = ()
    their_sequence: tuple[Exchange, ...] = ()
    """The sequence up to this request on each side, kept only for a step that differs."""


class RequestBudgetSpent(Exception):
    """The sequences sent the reference as many requests as the run may send."""

    def __init__(self, budget: int) -> None:
        super().__init__(budget)
        self.budget = budget

    def __str__(self) -> str:
        return f"the request budget ({self.budget} requests to the reference) is spent"


class MirroringClient(TargetClient):
    """A `TargetClient` for the reference that mirrors every request to `sides`."""

    def __init__(
        self,
        http: httpx.Client,
        policy: TargetPolicy,
        sides: list[Side],
        step_name: Callable[[str, str], str],
        budget: int | None = None,
        **options: Any,
    ) -> None:
        """`step_name(method, path)` names a request's operation; `budget`: the sequences'
        requests to the reference at most."""
        super().__init__(http, policy, **options)
        self.budget = budget
        self.sides = sides
        self.step_name = step_name
        self.mirroring = True
        self.sequence = 0
        self.number = 0
        self.sequence_start = 0
        self.compared: list[ComparedStep] = []
        self.sent: list[ComparedStep] = []
        """Every request of the sequences, as the reference answered it."""

    def start_sequence(self) -> None:
        self.sequence += 1
        self.number = 0
        self.sequence_start = len(self.exchanges)
        for side in self.sides:
            side.sequence_start = len(side.client.exchanges)

    def send(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        authenticate: bool = True,
        **kwargs: Any,
    ) -> httpx.Response:
        if self.mirroring and self.budget is not None and len(self.sent) >= self.budget:
            raise RequestBudgetSpent(self.budget)
        response = super().send(method, url, headers=headers, authenticate=authenticate, **kwargs)
        if self.mirroring:
            self.number += 1
            step = self.step_name(method, self.exchanges[-1].path)
            self.sent.append(
                ComparedStep(
                    REFERENCE, self.sequence, self.number, step, self.exchanges[-1], None, "", ()
                )
            )
            for side in self.sides:
                self.compared.append(
                    self._mirror(side, method, url, headers or {}, authenticate, kwargs)
                )
        return response

    def _mirror(
        self,
        side: Side,
        method: str,
        url: str,
        headers: Mapping[str, str],
        authenticate: bool,
        arguments: dict[str, Any],
    ) -> ComparedStep:
        ours = self.exchanges[-1]
        values = side.values
        translated = {
            name: translated_argument(name, value, values) for name, value in arguments.items()
        }
        sent = {name: values.translated_text(value) for name, value in headers.items()}
        theirs: Exchange | None = None
        try:
            side.client.send(
                method,
                values.translated_text(url),
                headers=sent,
                authenticate=authenticate,
                **translated,
            )
            theirs = side.client.exchanges[-1]
            found = disagreements(ours.reply, theirs.reply, values, (ours.url, theirs.url))
            their_curl = theirs.curl()
        except NoAnswer as error:
            found = [Disagreement("answer", f"status {ours.status}", f"no answer: {error}")]
            their_curl = error.curl
        except WriteRefused as error:
            found = [Disagreement("answer", f"status {ours.status}", f"not sent: {error}")]
            their_curl = ""
        step = ComparedStep(
            side.name,
            self.sequence,
            self.number,
            self.step_name(method, ours.path),
            ours,
            theirs,
            their_curl,
            tuple(found),
        )
        if found:
            step = replace(
                step,
                our_sequence=tuple(self.exchanges[self.sequence_start :]),
                their_sequence=tuple(side.client.exchanges[side.sequence_start :]),
            )
        return step


def translated_argument(name: str, value: Any, values: ValueMap) -> Any:
    """A request argument (`params`, `data`, `json`, `content`, `files`) in the other
    side's values; files' bytes are sent as they are."""
    if name == "files":
        return value
    if name == "content" and isinstance(value, bytes):
        try:
            return values.translated_text(value.decode()).encode()
        except UnicodeDecodeError:
            return value
    return translated_value(value, values)


def translated_value(value: Any, values: ValueMap, member: str = "") -> Any:
    kind = id_namespace(member)
    if isinstance(value, str):
        return values.translated_text(value, kind)
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and kind is not None:
        return values.translated_number(value, kind)
    if isinstance(value, dict):
        return {key: translated_value(item, values, str(key)) for key, item in value.items()}
    if isinstance(value, list | tuple):
        items = [translated_value(item, values, member) for item in value]
        return type(value)(items) if isinstance(value, tuple) else items
    return value
