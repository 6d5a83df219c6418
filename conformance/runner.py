"""Runs the three layers against one target and gathers what they find. Used by the CLI and
the pytest plugin alike, for every contract.

Layer order: learn what the target already holds (read-only from then on) → schema-driven
property tests → Schemathesis' linked (stateful) mode, where the contract links operations →
the contract's model-based state machine → the reply rules and openapi-core over every
recorded exchange → delete what the run created (also after a failure).
"""

from __future__ import annotations

import pathlib
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from hypothesis import seed as hypothesis_seed
from hypothesis.errors import Flaky, Unsatisfiable
from hypothesis.stateful import run_state_machine_as_test

from .checks import all_checks, check_name
from .client import NoAnswer, TargetClient
from .documents import OperationIndex
from .findings import ANSWERS_RULE, JUDGED_RULE, ContractViolation, Finding
from .front_end import answered_by_front_end, front_end_note
from .fuzzing import Fuzzing, fuzz_operations
from .linked import has_links, run_linked
from .machine import ContractMachine
from .suite import ContractSuite
from .validation import RULE as OPENAPI_CORE_RULE
from .validation import ResponseValidator

CLEANUP_RULE = "cleanup_deletes_created_images"
LINKED_STEPS = 6
REPRODUCIBLE_RULE = "state_machine_reproducible"
MOST_STATEFUL_ROUNDS = 4
"""Runs of the state machine's sequences at most, while steps remain untaken."""


@dataclass(frozen=True)
class RunConfig:
    suite: ContractSuite
    max_examples: int = 10
    """Examples per operation and generation mode; the state machine runs half as many
    (at least five) sequences."""
    stateful_steps: int = 15
    stateful_examples: int | None = None
    """Sequences the state machine runs; None for half of `max_examples`, at least five.
    Hypothesis enables a random subset of the rules in each sequence (swarm testing), so a
    contract with many rules needs more sequences for each rule to run."""
    seed: int | None = None
    shrink: bool = True
    """Shrink a failing state-machine run to its shortest form (more requests, clearer)."""
    artifacts: pathlib.Path | None = None
    """Where request bodies a curl command cannot spell out are written."""


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
    secret_variables: list[str] = field(default_factory=list)
    """The shell variables curl commands read secrets from."""

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
    suite = config.suite
    seed = config.seed if config.seed is not None else random.randrange(2**32)
    report = RunReport(
        seed=seed,
        checks=all_rule_names(suite),
        secret_variables=sorted(set(suite.policy.secrets.values())),
    )
    index = OperationIndex(suite.documented_view(), http.base_url.path)
    client = TargetClient(
        http,
        suite.policy,
        sleep=sleep,
        artifacts=config.artifacts,
        front_end=lambda method, path, status: answered_by_front_end(index, method, path, status),
    )
    fuzzing = Fuzzing(
        client,
        all_checks(suite.reply_rules, suite.documented_view()),
        suite.says_nothing,
        lambda: suite.cleanup(client),
    )
    findings: dict[tuple[str, str], Finding] = {}
    with _layer("setup", client, findings, index):
        for note in suite.prepare(client):
            report.notes.append(note)
            progress(note)
    if not findings:
        _run_layers(config, client, fuzzing, report, findings, index, seed, progress)
    client.layer = "cleanup"
    with _layer("cleanup", client, findings, index):
        report.leftovers = suite.cleanup(client)
    progress(f"validating {len(client.exchanges)} responses with openapi-core")
    validator = ResponseValidator(
        suite.documented_view(), client.base_url, suite.media_type_deserializers
    )
    for finding in _judge_exchanges(client, suite, validator, index):
        findings.setdefault((finding.rule, finding.operation), finding)
    for layer, noticed in client.noticed:
        found = _finding(noticed, layer, index)
        findings.setdefault((found.rule, found.operation), found)
    if report.leftovers:
        message = f"what the run created could not be deleted: {', '.join(report.leftovers)}"
        tried = [exchange for exchange in client.exchanges if exchange.layer == "cleanup"]
        curl = tried[-1].curl() if tried else ""
        findings[(CLEANUP_RULE, "")] = Finding(CLEANUP_RULE, "cleanup", "", message, curl)
    if unjudged := front_end_note(e.status for e in client.exchanges if e.by_front_end):
        report.notes.append(unjudged)
    report.findings = sorted(findings.values(), key=lambda f: (f.rule, f.operation))
    report.exchanges = len(client.exchanges)
    report.waited_seconds = client.waited_seconds
    report.seconds = time.monotonic() - started
    return report


def _run_layers(
    config: RunConfig,
    client: TargetClient,
    fuzzing: Fuzzing,
    report: RunReport,
    findings: dict[tuple[str, str], Finding],
    index: OperationIndex,
    seed: int,
    progress: Callable[[str], None],
) -> None:
    """The schema-driven, linked and stateful layers, each stopped alone by an answer it
    cannot judge (a finding), so that the others still run."""
    suite = config.suite
    fuzzing_view = suite.fuzzing_view()
    schema = schemathesis.openapi.from_dict(fuzzing_view)
    with _layer("schema", client, findings, index):
        fuzzed = fuzz_operations(
            schema, fuzzing, max_examples=config.max_examples, seed=seed, progress=progress
        )
        findings.update(fuzzed.findings)
        report.operations, report.examples = fuzzed.operations, fuzzed.examples
    if has_links(fuzzing_view):
        progress("linked operations: Schemathesis chains the linked operations")
        with _layer("linked", client, findings, index):
            try:
                linked = run_linked(
                    schema,
                    fuzzing,
                    max_examples=max(3, config.max_examples // 3),
                    steps=LINKED_STEPS,
                    seed=seed,
                )
            except Unsatisfiable:
                linked = None
                report.notes.append("linked operations: no sequence could be sent (all skipped)")
            if linked is not None:
                found = _finding(linked, "linked", index)
                findings.setdefault((found.rule, found.operation), found)
    progress("state machine: the contract's operations against its model")
    with _layer("stateful", client, findings, index):
        for violation in _run_state_machine(suite, client, config, seed, report.notes):
            found = _finding(violation, "stateful", index)
            findings[(found.rule, found.operation)] = found


@contextmanager
def _layer(
    layer: str,
    client: TargetClient,
    findings: dict[tuple[str, str], Finding],
    index: OperationIndex,
) -> Iterator[None]:
    """Runs one layer; what stops it (no answer, an answer it cannot judge) is a finding."""
    try:
        yield
    except NoAnswer as error:
        operation = index.label(error.method, error.path) or f"{error.method} {error.path}"
        findings.setdefault(
            (ANSWERS_RULE, operation),
            Finding(ANSWERS_RULE, layer, operation, str(error), error.curl),
        )
    except Exception as error:  # whatever an answer provokes is reported
        last = client.exchanges[-1] if client.exchanges else None
        operation = (index.label(last.method, last.path) or "") if last else ""
        message = (
            f"the {layer} layer stopped at an answer it cannot judge: "
            f"{type(error).__name__}: {error}"
        )
        findings.setdefault(
            (JUDGED_RULE, operation),
            Finding(JUDGED_RULE, layer, operation, message, last.curl() if last else ""),
        )


def all_rule_names(suite: ContractSuite) -> list[str]:
    return [
        *(check_name(check) for check in all_checks(suite.reply_rules, suite.documented_view())),
        *suite.state_machine_rules,
        OPENAPI_CORE_RULE,
        CLEANUP_RULE,
        ANSWERS_RULE,
        JUDGED_RULE,
    ]


def _run_state_machine(
    suite: ContractSuite, client: TargetClient, config: RunConfig, seed: int, notes: list[str]
) -> list[ContractViolation]:
    """Run the contract's state machine; again, from the next seeds, while some step that
    could have been taken (its preconditions held) was not: Hypothesis leaves a random set
    of rules out of each sequence, so which steps a number of sequences reaches would
    otherwise depend on the seed."""
    client.layer = "stateful"
    machine = suite.state_machine(client)
    steps = machine.steps
    for round_number in range(MOST_STATEFUL_ROUNDS):
        if violations := _run_sequences(machine, config, seed + round_number):
            return violations
        if not (steps.possible & machine.step_names()) - steps.taken:
            break
    untaken = machine.step_names() - steps.taken
    if never_possible := untaken - steps.possible:
        notes.append(
            "state machine: steps never taken (their preconditions never held): "
            f"{', '.join(sorted(never_possible))}"
        )
    if unlucky := untaken & steps.possible:
        notes.append(
            f"state machine: steps never taken in {MOST_STATEFUL_ROUNDS} rounds of sequences: "
            f"{', '.join(sorted(unlucky))}"
        )
    return []


def _run_sequences(
    machine: type[ContractMachine], config: RunConfig, seed: int
) -> list[ContractViolation]:
    """The rules one run of sequences broke: the first broken, and, when shrinking found
    that the failing sequence does not fail again, `state_machine_reproducible`."""
    try:
        run_state_machine_as_test(
            hypothesis_seed(seed)(machine),
            settings=settings(
                max_examples=config.stateful_examples or max(5, config.max_examples // 2),
                stateful_step_count=config.stateful_steps,
                deadline=None,
                database=None,
                phases=[Phase.explicit, Phase.generate, *([Phase.shrink] if config.shrink else [])],
                suppress_health_check=list(HealthCheck),
                report_multiple_bugs=False,
            ),
        )
    except Flaky as error:
        # The target answered the same requests differently when they were sent again.
        first = machine.violations[0] if machine.violations else None
        again = ContractViolation(
            REPRODUCIBLE_RULE,
            f"the sequence that broke {first.rule if first else 'a rule'} did not break it "
            f"when sent again ({type(error).__name__})",
            first.operation if first else "",
            first.curl if first else "",
        )
        return [first, again] if first else [again]
    except (ContractViolation, Unsatisfiable) as error:
        # Unsatisfiable: every example broke a rule while setting up (e.g. a deleted image
        # that stays listed), so no step could run; the first violation says which rule.
        if (not config.shrink or isinstance(error, Unsatisfiable)) and machine.violations:
            return [machine.violations[0]]
        return [error] if isinstance(error, ContractViolation) else []
    return []


def _judge_exchanges(
    client: TargetClient,
    suite: ContractSuite,
    validator: ResponseValidator,
    index: OperationIndex,
) -> list[Finding]:
    """The reply rules (already run as checks on the schema layer) and openapi-core, over
    every exchange."""
    found = []
    for exchange in client.exchanges:
        operation = index.label(exchange.method, exchange.path)
        if operation is None or exchange.by_front_end:
            continue
        if exchange.layer != "schema":
            for name, rule in suite.reply_rules.items():
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


def _finding(violation: ContractViolation, layer: str, index: OperationIndex) -> Finding:
    method, _, path = violation.operation.partition(" ")
    operation = index.label(method, path) or violation.operation
    return Finding(violation.rule, layer, operation, violation.message, violation.curl)
