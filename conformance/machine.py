"""What every contract's state machine shares: the client it drives, and how it reports a
broken rule (with the request that showed it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NoReturn

from hypothesis import reject
from hypothesis.stateful import Rule, RuleBasedStateMachine, precondition, rule

from .client import TargetClient
from .findings import ContractViolation
from .replay import Spelling, sequence_script


class ContractMachine(RuleBasedStateMachine):
    """A contract's model-based layer, bound to one client by `bound`."""

    client: TargetClient
    violations: list[ContractViolation]
    """Every violation raised, first one first (a replay against a live target may differ)."""

    spellings: tuple[Spelling, ...] = ()
    """Other ways the contract lets a request write a value an answer gave."""
    steps: Steps
    """What the sequences of this run did (one for all the instances `bound` makes)."""

    @classmethod
    def bound(cls, client: TargetClient, **attributes: object) -> type[ContractMachine]:
        """A subclass whose instances (one per Hypothesis example) drive `client`, and
        which note in `steps` each rule they run and each they could have run."""
        steps = Steps(possible={s.function.__name__ for s in cls.setup_state().rules})
        namespace = {"client": client, "violations": [], "steps": steps, **attributes}
        for step in cls.setup_state().rules:
            namespace[step.function.__name__] = noted_rule(step, steps)
        return type(cls.__name__, (cls,), namespace)

    @classmethod
    def step_names(cls) -> set[str]:
        """The names of the machine's rules (initializers, which always run, aside)."""
        return {step.function.__name__ for step in cls.setup_state().rules}

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
                rule_name,
                message,
                f"{last.method} {last.path}",
                sequence_script(sequence, self.spellings),
            )
        )
        raise self.violations[-1]


@dataclass
class Steps:
    """The steps (rule names) a run's sequences took, and those they could have taken."""

    taken: set[str] = field(default_factory=set)
    possible: set[str] = field(default_factory=set)
    """Rules without a precondition, and those whose preconditions held at least once."""

    def take(self, name: str) -> None:
        self.taken.add(name)


def noted_rule(step: Rule, steps: Steps) -> Callable[..., Any]:
    """`step` again, the same to Hypothesis (name, arguments, preconditions, so the same
    draws), noting in `steps` when it runs and when its preconditions hold."""
    function, name = step.function, step.function.__name__
    if step.preconditions:
        steps.possible.discard(name)

    def noting(self: ContractMachine, *positional: Any, **arguments: Any) -> Any:
        # Rules also call each other as plain methods, with positional arguments.
        steps.take(name)
        return function(self, *positional, **arguments)

    def noted_condition(condition: Callable[[Any], bool]) -> Callable[[Any], bool]:
        def holds(machine: Any) -> bool:
            held = bool(condition(machine))
            if held:
                steps.possible.add(name)
            return held

        return holds

    noting.__name__, noting.__qualname__, noting.__doc__ = name, name, function.__doc__
    noted: Callable[..., Any] = noting
    for condition in step.preconditions:
        noted = precondition(noted_condition(condition))(noted)
    as_rule: Callable[..., Any] = rule(**step.arguments)(noted)  # type: ignore[no-untyped-call]
    return as_rule
