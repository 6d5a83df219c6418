"""Schemathesis' own stateful mode, where a contract's fuzzing view links operations (e.g. a
created image's id to its deletion): Schemathesis chains them with generated data, through
the suite's client and under the same checks."""

from __future__ import annotations

from typing import Any

import hypothesis
from hypothesis import HealthCheck, Phase, settings
from hypothesis.errors import Flaky
from schemathesis import Case, Response
from schemathesis.core.failures import FailureGroup
from schemathesis.schemas import BaseSchema

from .checks import check_name
from .client import WriteRefused
from .documents import operations
from .findings import ContractViolation
from .fuzzing import Fuzzing, httpx_arguments

LAYER = "linked"


def has_links(document: dict[str, Any]) -> bool:
    return any(
        "links" in response
        for _, _, operation in operations(document)
        for response in operation.get("responses", {}).values()
    )


def run_linked(
    schema: BaseSchema, fuzzing: Fuzzing, *, max_examples: int, steps: int, seed: int
) -> ContractViolation | None:
    """Run Schemathesis' state machine; the first broken check, if any."""
    client = fuzzing.client
    client.layer = LAYER
    # Hypothesis replays a failing run; against a live target the replay can go differently
    # (its state moved on), so the first violation is kept as it was seen.
    seen: list[ContractViolation] = []

    class Linked(schema.as_state_machine()):  # type: ignore[misc]
        def call(self, case: Case[Any], **kwargs: Any) -> Response:
            if not fuzzing.worth_sending(case):
                hypothesis.reject()
            try:
                sent = client.send(**httpx_arguments(case, client.base_url))
            except WriteRefused:
                hypothesis.reject()
            if client.exchanges[-1].by_front_end:
                # The deployment's front end answered: nothing to chain on.
                hypothesis.reject()
            return Response.from_httpx(sent, verify=True)

        def validate_response(
            self, response: Response, case: Case[Any], *_: Any, **__: Any
        ) -> None:
            if client.exchanges[-1].by_front_end:
                return
            for check in fuzzing.checks:
                try:
                    case.validate_response(response, checks=[check])
                except FailureGroup as group:
                    failure = group.exceptions[0]
                    last = client.exchanges[-1]
                    seen.append(
                        ContractViolation(
                            check_name(check),
                            f"{failure.title}: {failure.message}".strip(),
                            f"{last.method} {last.path}",
                            last.curl(),
                        )
                    )
                    raise seen[-1] from None

        def teardown(self) -> None:
            fuzzing.cleanup()

    machine = hypothesis.seed(seed)(Linked)
    try:
        machine.run(
            settings=settings(
                max_examples=max_examples,
                stateful_step_count=steps,
                deadline=None,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
        )
    except (ContractViolation, Flaky):
        if seen:
            return seen[0]
        raise
    return None
