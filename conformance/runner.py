"""Runs the three layers against one target and gathers what they find. Used by the CLI and
the pytest plugin alike.

Layer order: learn the product's current images (read-only from then on) → schema-driven
property tests → Schemathesis' linked (stateful) mode → model-based state machine → the
reply rules and openapi-core over every recorded exchange → delete what the run created
(also after a failure).
"""

from __future__ import annotations

import pathlib
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from hypothesis import seed as hypothesis_seed
from hypothesis.errors import Flaky, Unsatisfiable
from hypothesis.stateful import run_state_machine_as_test

from . import rules
from .checks import ALL_CHECKS, check_name
from .client import Credentials, TargetClient, operation_label
from .contract import ProductScope, documented_view, fuzzing_view, load_published
from .findings import ContractViolation, Finding
from .fuzzing import fuzz_operations
from .linked import run_linked, with_links
from .stateful import GalleryMachine
from .validation import RULE as OPENAPI_CORE_RULE
from .validation import ResponseValidator

STATE_MACHINE_RULES = (
    "upload_returns_201",
    "upload_returns_the_image",
    "image_url_serves_uploaded_bytes",
    "delete_own_image_returns_204",
    "delete_of_deleted_image_is_404",
    "delete_of_unknown_image_is_404",
    "delete_of_other_products_image_is_404",
    "pagination_arithmetic",
    "page_size_at_most_100",
    "listing_matches_model",
    "at_most_one_primary",
    "newest_primary_wins",
    "listing_order",
    "state_machine_reproducible",
)
CLEANUP_RULE = "cleanup_deletes_created_images"
LINKED_STEPS = 6


@dataclass(frozen=True)
class RunConfig:
    organization: str
    gtin: str
    api_key: str
    other_gtin: str | None = None
    max_examples: int = 10
    """Examples per operation and generation mode; the state machine runs half as many
    (at least five) sequences."""
    stateful_steps: int = 15
    seed: int | None = None
    spec_dir: pathlib.Path | None = None
    shrink: bool = True
    """Shrink a failing state-machine run to its shortest form (more requests, clearer)."""


@dataclass
class RunReport:
    seed: int
    findings: list[Finding] = field(default_factory=list)
    operations: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    examples: int = 0
    exchanges: int = 0
    seconds: float = 0.0
    waited_seconds: float = 0.0
    leftovers: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.findings

    @property
    def broken_rules(self) -> list[str]:
        return sorted({finding.rule for finding in self.findings})


def run(
    config: RunConfig,
    http: httpx.Client,
    *,
    progress: Callable[[str], None] = lambda _: None,
    sleep: Callable[[float], None] = time.sleep,
) -> RunReport:
    """Judge the target behind `http` (whose base_url is the target's) against the contract."""
    started = time.monotonic()
    seed = config.seed if config.seed is not None else random.randrange(2**32)
    report = RunReport(seed=seed, checks=all_rule_names())
    scope = ProductScope(config.organization, config.gtin)
    client = TargetClient(
        http, Credentials(config.api_key), scope, other_gtin=config.other_gtin, sleep=sleep
    )
    published = load_published(config.spec_dir)
    findings: dict[tuple[str, str], Finding] = {}
    try:
        _learn_existing_images(client, config)
        if client.keeps_foreign_primary:
            report.notes.append(
                "the product already has a primary image, which the run may not demote: no "
                "primary uploads, so the primary rules went untested (use a product without one)"
            )
            progress(report.notes[-1])
        schema = schemathesis.openapi.from_dict(with_links(fuzzing_view(published, scope)))
        fuzzed = fuzz_operations(
            schema, client, max_examples=config.max_examples, seed=seed, progress=progress
        )
        findings.update(fuzzed.findings)
        report.operations, report.examples = fuzzed.operations, fuzzed.examples
        progress("linked operations: Schemathesis chains upload → delete")
        try:
            linked = run_linked(
                schema,
                client,
                max_examples=max(3, config.max_examples // 3),
                steps=LINKED_STEPS,
                seed=seed,
            )
        except Unsatisfiable:
            linked = None
            report.notes.append("linked operations: no sequence could be sent (all skipped)")
        if linked is not None:
            findings.setdefault((linked.rule, _operation(linked)), _finding(linked, "linked"))
        progress("state machine: upload / delete / list against the model")
        if violation := _run_state_machine(client, config, seed):
            findings[(violation.rule, _operation(violation))] = _finding(violation, "stateful")
    finally:
        client.layer = "cleanup"
        report.leftovers = client.cleanup()
    progress(f"validating {len(client.exchanges)} responses with openapi-core")
    validator = ResponseValidator(documented_view(published), str(http.base_url))
    for finding in _judge_exchanges(client, validator):
        findings.setdefault((finding.rule, finding.operation), finding)
    if report.leftovers:
        message = f"images the run created could not be deleted: {', '.join(report.leftovers)}"
        findings[(CLEANUP_RULE, "")] = Finding(CLEANUP_RULE, "cleanup", "", message, "")
    report.findings = sorted(findings.values(), key=lambda f: (f.rule, f.operation))
    report.exchanges = len(client.exchanges)
    report.waited_seconds = client.waited_seconds
    report.seconds = time.monotonic() - started
    return report


def all_rule_names() -> list[str]:
    return [
        *(check_name(check) for check in ALL_CHECKS),
        *STATE_MACHINE_RULES,
        OPENAPI_CORE_RULE,
        CLEANUP_RULE,
    ]


def _learn_existing_images(client: TargetClient, config: RunConfig) -> None:
    """Everything already on the given products is read-only for the whole run."""
    for gtin in filter(None, (config.gtin, config.other_gtin)):
        for page in range(1, 51):
            response = client.send(
                "GET", client.images_path(gtin), params={"page": page, "page_size": 100}
            )
            try:
                body = response.json()
            except ValueError:
                return
            if not isinstance(body, dict) or not isinstance(body.get("data"), list):
                return
            items = [item for item in body["data"] if isinstance(item, dict)]
            client.read_only.update(str(item.get("id")) for item in items)
            if gtin == config.gtin and any(item.get("is_primary") for item in items):
                client.keeps_foreign_primary = True
            if not (body.get("pagination") or {}).get("has_next"):
                break


def _run_state_machine(
    client: TargetClient, config: RunConfig, seed: int
) -> ContractViolation | None:
    client.layer = "stateful"
    machine = hypothesis_seed(seed)(GalleryMachine.bind(client, config.other_gtin))
    try:
        run_state_machine_as_test(
            machine,
            settings=settings(
                max_examples=max(5, config.max_examples // 2),
                stateful_step_count=config.stateful_steps,
                deadline=None,
                database=None,
                phases=[Phase.explicit, Phase.generate, *([Phase.shrink] if config.shrink else [])],
                suppress_health_check=list(HealthCheck),
                report_multiple_bugs=False,
            ),
        )
    except (ContractViolation, Flaky, Unsatisfiable) as error:
        # Unsatisfiable: every example broke a rule while setting up (e.g. a deleted image
        # that stays listed), so no step could run; the first violation says which rule.
        if (not config.shrink or isinstance(error, Unsatisfiable)) and machine.violations:
            return machine.violations[0]
        if isinstance(error, ContractViolation):
            return error
        # The target answered differently when the steps were replayed.
        return (
            machine.violations[0]
            if machine.violations
            else ContractViolation("state_machine_reproducible", str(error))
        )
    return None


def _judge_exchanges(client: TargetClient, validator: ResponseValidator) -> list[Finding]:
    """The reply rules (already run as checks on the schema layer) and openapi-core, over
    every exchange."""
    found = []
    for exchange in client.exchanges:
        operation = operation_label(exchange.method, exchange.path)
        if operation is None:
            continue
        if exchange.layer != "schema":
            for name, rule in rules.REPLY_RULES.items():
                if problems := rule(exchange.reply):
                    found.append(
                        Finding(
                            name, exchange.layer, operation, "; ".join(problems), exchange.curl()
                        )
                    )
        violation = validator.violation(exchange)
        if violation is not None:
            found.append(
                Finding(
                    OPENAPI_CORE_RULE, exchange.layer, operation, violation.message, exchange.curl()
                )
            )
    return found


def _operation(violation: ContractViolation) -> str:
    method, _, path = violation.operation.partition(" ")
    return operation_label(method, path) or violation.operation


def _finding(violation: ContractViolation, layer: str) -> Finding:
    return Finding(violation.rule, layer, _operation(violation), violation.message, violation.curl)
