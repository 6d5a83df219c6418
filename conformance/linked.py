"""Schemathesis' own stateful mode, where it helps: the fuzzing view links an upload's `id` to
the delete operation, so Schemathesis chains upload → delete (→ delete again) with generated
data, through the suite's client and under the same checks."""

from __future__ import annotations

from typing import Any

import hypothesis
from hypothesis import HealthCheck, Phase, settings
from hypothesis.errors import Flaky
from schemathesis import Case, Response
from schemathesis.core.failures import FailureGroup
from schemathesis.schemas import BaseSchema

from .checks import ALL_CHECKS, check_name
from .client import TargetClient, WriteRefused
from .findings import ContractViolation
from .fuzzing import httpx_arguments, says_nothing_about_the_contract

LAYER = "linked"
UPLOAD = "apps_dashboard_api_images_upload_image"
DELETE = "apps_dashboard_api_images_delete_image"


def with_links(document: dict[str, Any]) -> dict[str, Any]:
    """Link a created image's id to its deletion (the published contract declares no links)."""
    for item in document["paths"].values():
        created = item.get("post", {}).get("responses", {}).get("201")
        if item.get("post", {}).get("operationId") == UPLOAD and created is not None:
            created["links"] = {
                "DeleteCreatedImage": {
                    "operationId": DELETE,
                    "parameters": {"image_id": "$response.body#/id"},
                }
            }
    return document


def run_linked(
    schema: BaseSchema, client: TargetClient, *, max_examples: int, steps: int, seed: int
) -> ContractViolation | None:
    """Run Schemathesis' state machine; the first broken check, if any."""
    client.layer = LAYER
    base_url = str(client.http.base_url)
    # Hypothesis replays a failing run; against a live target the replay can go differently
    # (its state moved on), so the first violation is kept as it was seen.
    seen: list[ContractViolation] = []

    class Linked(schema.as_state_machine()):  # type: ignore[misc]
        def call(self, case: Case[Any], **kwargs: Any) -> Response:
            if says_nothing_about_the_contract(case, client):
                hypothesis.reject()
            try:
                sent = client.send(**httpx_arguments(case, base_url))
            except WriteRefused:
                hypothesis.reject()
            return Response.from_httpx(sent, verify=True)

        def validate_response(
            self, response: Response, case: Case[Any], *_: Any, **__: Any
        ) -> None:
            for check in ALL_CHECKS:
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
            client.cleanup()

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
