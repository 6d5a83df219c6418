"""What every contract's state machine shares: the client it drives, and how it reports a
broken rule (with the request that showed it)."""

from __future__ import annotations

from typing import Any, NoReturn

from hypothesis import reject
from hypothesis.stateful import RuleBasedStateMachine

from .client import TargetClient
from .findings import ContractViolation
from .replay import sequence_script


class ContractMachine(RuleBasedStateMachine):
    """A contract's model-based layer, bound to one client by `bound`."""

    client: TargetClient
    violations: list[ContractViolation]
    """Every violation raised, first one first (a replay against a live target may differ)."""

    @classmethod
    def bound(cls, client: TargetClient, **attributes: object) -> type[ContractMachine]:
        """A subclass whose instances (one per Hypothesis example) drive `client`."""
        namespace = {"client": client, "violations": [], **attributes}
        return type(cls.__name__, (cls,), namespace)

    def __init__(self) -> None:
        super().__init__()
        self.first_exchange = len(self.client.exchanges)
        """Where this sequence's requests start among the client's."""

    def json_object(self, rule_name: str) -> dict[str, Any]:
        """The last answer's JSON object; a violation of `rule_name` if it is none."""
        body = self.client.exchanges[-1].reply.json_or_none()
        if not isinstance(body, dict):
            self.fail(rule_name, "the answer is not a JSON object")
        return body

    def expect_status(self, rule_name: str, expected: int, actual: int) -> None:
        if actual != expected:
            self.fail(rule_name, f"expected status {expected}, got {actual}")

    def fail(self, rule_name: str, message: str) -> NoReturn:
        last = self.client.exchanges[-1]
        if last.by_front_end:
            # The deployment's front end answered, not the target: the step says nothing.
            reject()
        # The whole sequence: what the last request meets is what the earlier ones made.
        sequence = self.client.exchanges[self.first_exchange :]
        self.violations.append(
            ContractViolation(
                rule_name, message, f"{last.method} {last.path}", sequence_script(sequence)
            )
        )
        raise self.violations[-1]
