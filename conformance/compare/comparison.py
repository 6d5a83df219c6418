"""One comparison run: the contract's state machine, driven by the reference's answers,
its every request mirrored to the candidate (and a second reference), from one seed; then
each side cleans up what the run created there."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import httpx
from hypothesis import HealthCheck, Phase, settings
from hypothesis import seed as hypothesis_seed
from hypothesis.errors import Flaky, Unsatisfiable
from hypothesis.stateful import run_state_machine_as_test

from ..client import NoAnswer, TargetClient, TargetPolicy
from ..documents import OperationIndex
from ..findings import ContractViolation
from ..machine import ContractMachine
from ..read_only import ReadOnlyPolicy, ReadOnlySuite
from ..replay import Spelling
from ..suite import ContractSuite
from .answers import disagreements
from .following import FollowingPolicy, SecretsRenamed, reference_variables
from .mirroring import (
    CANDIDATE,
    REFERENCE,
    SECOND_REFERENCE,
    ComparedStep,
    MirroringClient,
    RequestBudgetSpent,
    Side,
)
from .values import WORDS, ValueMap, id_namespace, looks_chosen

MOST_ROUNDS = 4
"""Runs of the sequences at most, while some step that could have been taken was not."""


@dataclass(frozen=True)
class Deployment:
    """One side: its server, the suite set up with its credentials and ids, and the values
    of those settings (by option `dest`), which say what to translate between sides."""

    http: httpx.Client
    suite: ContractSuite
    settings: Mapping[str, str | None]


@dataclass(frozen=True)
class CompareConfig:
    seed: int | None = None
    sequences: int = 10
    """Sequences per round of the state machine."""
    steps: int = 15
    """Steps (rules) per sequence at most."""
    rounds: int = MOST_ROUNDS
    """Rounds of sequences at most (a round ends early when every step was taken)."""
    max_requests: int | None = None
    """The sequences' requests to the reference at most (each also goes to every other
    side); the run stops there, and cleans up."""
    read_only: bool = False
    """Send every side only requests that read (`conformance.read_only`)."""


@dataclass
class ComparisonRun:
    seed: int
    compared: list[ComparedStep] = field(default_factory=list)
    spellings: tuple[Spelling, ...] = ()
    notes: list[str] = field(default_factory=list)
    leftovers: dict[str, list[str]] = field(default_factory=dict)
    """What each side kept of what the run created there."""
    requests: int = 0
    seconds: float = 0.0
    secret_variables: set[str] = field(default_factory=set)
    """The shell variables the curl commands read secrets from."""


def compare(
    config: CompareConfig,
    reference: Deployment,
    candidate: Deployment,
    second_reference: Deployment | None = None,
    *,
    noise_from_a_rerun: bool = False,
    progress: Callable[[str], None] = lambda _: None,
    sleep: Callable[[float], None] = time.sleep,
) -> ComparisonRun:
    """Send the same generated sequences to every side and compare the answers. Noise comes
    from `second_reference`, sent the sequences in lockstep, or, with `noise_from_a_rerun`,
    from the reference itself, sent them alone first (one instance cannot be sent every
    request twice in lockstep: each would see what the other created)."""
    started = time.monotonic()
    seed = config.seed if config.seed is not None else random.randrange(2**32)
    run = ComparisonRun(seed)
    if config.read_only:
        reference, candidate = reading(reference), reading(candidate)
        second_reference = reading(second_reference) if second_reference else None
    others = [(CANDIDATE, candidate)]
    if second_reference is not None:
        others.insert(0, (SECOND_REFERENCE, second_reference))
    first_pass: MirroringClient | None = None
    if noise_from_a_rerun:
        progress("state machine: the sequences to the reference alone, to learn its noise")
        first_pass = drive(config, reference, [], seed, run, sleep)
    progress("state machine: the same sequences to every side")
    client = drive(config, reference, others, seed, run, sleep)
    run.compared = client.compared
    if first_pass is not None:
        run.compared += rerun_differences(first_pass, client, ValueMap())
    run.seconds = time.monotonic() - started
    return run


def drive(
    config: CompareConfig,
    reference: Deployment,
    others: list[tuple[str, Deployment]],
    seed: int,
    run: ComparisonRun,
    sleep: Callable[[float], None],
) -> MirroringClient:
    """One pass of the sequences, driven by the reference, mirrored to `others`; each side
    prepared first and cleaned up at the end."""
    sides = [
        Side(
            name, TargetClient(other.http, following(other), sleep=sleep), values(reference, other)
        )
        for name, other in others
    ]
    index = OperationIndex(reference.suite.documented_view(), reference.http.base_url.path)
    policy = reference.suite.policy
    variables = reference_variables(policy, [other.suite.policy for _, other in others])
    for each in [policy, *(other.suite.policy for _, other in others)]:
        run.secret_variables.update(variables.get(v, v) for v in each.secrets.values())
    client = MirroringClient(
        reference.http,
        SecretsRenamed(policy, variables),
        sides,
        lambda method, path: step_name(index, method, path),
        config.max_requests,
        sleep=sleep,
    )
    suites = [reference.suite, *(other.suite for _, other in others)]
    clients: list[TargetClient] = [client, *(side.client for side in sides)]
    names = [REFERENCE, *(side.name for side in sides)]
    # Each other side learns what it already holds (read-only from then on) and removes
    # what its preparation made; the reference's preparation is then mirrored, so that
    # what it makes is made on every side and paired.
    for (name, other), side in zip(others, sides, strict=True):
        run.notes += [f"{name}: {note}" for note in other.suite.prepare(side.client)]
        if left := other.suite.cleanup(side.client):
            run.notes.append(f"{name}: its preparation left {', '.join(left)}")
    run.notes += [f"{REFERENCE}: {note}" for note in reference.suite.prepare(client)]
    machine = reference.suite.state_machine(client)
    run.spellings = machine.spellings
    for side in sides:
        side.values.spellings = tuple(spelling.spell for spelling in machine.spellings)
    try:
        run.notes += run_sequences(sequences_started_on(machine, client), config, seed)
    except NoAnswer as error:
        run.notes.append(f"the reference did not answer, so the run stopped: {error}")
    except RequestBudgetSpent as error:
        run.notes.append(f"{error}: the run stopped there")
    client.mirroring = False
    for name, suite, side_client in zip(names, suites, clients, strict=True):
        side_client.layer = "cleanup"
        try:
            if left := suite.cleanup(side_client):
                run.leftovers[name] = left
        except NoAnswer as error:
            run.notes.append(f"{name}: cleanup stopped: {error}")
    run.requests += sum(len(side_client.exchanges) for side_client in clients)
    return client


def reading(deployment: Deployment) -> Deployment:
    """The deployment, sent only requests that read."""
    return replace(deployment, suite=ReadOnlySuite(deployment.suite))


def following(other: Deployment) -> TargetPolicy:
    """The policy of a side the reference's requests are mirrored to: its own, letting
    through a write that names only what the reference made up; never a write when the
    side only reads."""
    policy = FollowingPolicy(other.suite.policy)
    if isinstance(other.suite, ReadOnlySuite):
        return ReadOnlyPolicy(policy, other.suite.reads)
    return policy


def rerun_differences(
    first: MirroringClient, second: MirroringClient, values: ValueMap
) -> list[ComparedStep]:
    """The reference's answers in the second pass against its answers to the same request
    of the same sequence in the first, as a second reference's would be."""
    earlier = {(step.sequence, step.number): step for step in first.sent}
    compared = []
    for step in second.sent:
        before = earlier.get((step.sequence, step.number))
        if before is None or before.step != step.step:
            continue
        urls = (step.ours.url, before.ours.url)
        found = tuple(disagreements(step.ours.reply, before.ours.reply, values, urls))
        compared.append(
            ComparedStep(
                SECOND_REFERENCE,
                step.sequence,
                step.number,
                step.step,
                step.ours,
                before.ours,
                before.ours.curl(),
                found,
            )
        )
    return compared


def values(reference: Deployment, other: Deployment) -> ValueMap:
    """The value map from the reference to `other`, knowing what each side was given."""
    mapped = ValueMap(origin(reference.http), origin(other.http))
    for name, ours in reference.settings.items():
        theirs = other.settings.get(name)
        if ours and theirs:
            mapped.pair_given(ours, theirs, id_namespace(name.removeprefix("other_")))
    return mapped


def origin(http: httpx.Client) -> str:
    url = http.base_url
    return f"{url.scheme}://{url.netloc.decode()}"


def step_name(index: OperationIndex, method: str, path: str) -> str:
    """The contract's name for the operation (`DELETE /images/{image_id}`); for a request
    outside the contract (a file an answer linked to), its path with server-chosen words
    and the file's name as `*` (`GET /media/*/*/*.png`)."""
    label = index.label(method, path)
    if label is not None:
        return label
    folder, _, file_name = path.rpartition("/")
    parts = WORDS.split(folder)
    for place in range(1, len(parts), 2):
        if looks_chosen(parts[place]) or parts[place].isdigit():
            parts[place] = "*"
    extension = file_name.rpartition(".")[2] if "." in file_name else ""
    return f"{method.upper()} {''.join(parts)}/*{'.' + extension if extension else ''}"


def sequences_started_on(
    machine: type[ContractMachine], client: MirroringClient
) -> type[ContractMachine]:
    """The machine, telling `client` where each of its sequences starts."""

    class Compared(machine):  # type: ignore[valid-type,misc]
        def __init__(self) -> None:
            client.start_sequence()
            super().__init__()

    Compared.__name__ = machine.__name__
    return Compared


def run_sequences(machine: type[ContractMachine], config: CompareConfig, seed: int) -> list[str]:
    """Rounds of sequences (from `seed`, then the next seeds) while a step that could have
    been taken was not; notes on what stopped a round."""
    notes = []
    steps = machine.steps
    for round_number in range(config.rounds):
        try:
            run_state_machine_as_test(
                hypothesis_seed(seed + round_number)(machine),
                settings=settings(
                    max_examples=config.sequences,
                    stateful_step_count=config.steps,
                    deadline=None,
                    database=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=list(HealthCheck),
                    report_multiple_bugs=False,
                ),
            )
        except RequestBudgetSpent:
            raise
        except (ContractViolation, Flaky, Unsatisfiable) as error:
            # The reference broke one of the contract's rules (or answered a sequence
            # differently when it was sent again): the round stops there.
            first = machine.violations[0] if machine.violations else error
            notes.append(
                f"round {round_number + 1}: the reference broke a rule, so the round stopped: "
                f"{first}"
            )
        if not (steps.possible & machine.step_names()) - steps.taken:
            break
    return notes
