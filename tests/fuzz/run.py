"""Runs the fuzzer: starts a mock process, sends every contract `--cases` generated
requests (Schemathesis, positive and negative, spread over the operations) and its
malformed-input catalogue, and checks after each that the mock still holds. Prints the
case counts, a status histogram and a replayable curl for every 5xx; exit status 1 on
any 5xx or failed check."""

from __future__ import annotations

import argparse
import collections
import contextlib
import math
import pathlib
import random
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from schemathesis import Case, GenerationMode

from conformance.curl import curl_command
from conformance.fuzzing import httpx_arguments
from tests.real_servers import running_mock_process

from .catalogue import catalogue
from .targets import CLOUD_IMAGES, TARGETS, FuzzTarget, State

# Requests past Connexion's own stack are no mock under test at all.
TRANSPORT_HEADERS = frozenset({"content-length", "host", "accept-encoding", "connection"})
# High enough never to refuse the run, so the rate limiter is on every path but never in the way.
RATE_LIMIT = "1000000000/60"
# The share of cases given the demo's credential and path values in place of generated ones:
# the rest keep what was generated, so refusals are fuzzed too.
PINNED = 0.85


@dataclass
class Failure:
    contract: str
    what: str
    curl: str


@dataclass
class ContractReport:
    contract: str
    cases: int = 0
    statuses: collections.Counter[int] = field(default_factory=collections.Counter)
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0


class Fuzzer:
    """Sends cases to one mock and checks it after each."""

    def __init__(self, http: httpx.Client, targets: Sequence[FuzzTarget]) -> None:
        self.http = http
        self.targets = targets
        self.state: State = {}
        """The state as the last check read it."""

    def send(self, report: ContractReport, label: str, request: httpx.Request) -> None:
        try:
            response = self.http.send(request)
        except httpx.LocalProtocolError:
            return  # a case the client cannot put on the wire (a header ending in a space)
        except httpx.TransportError as error:
            self._fail(report, f"{label}: no answer ({error!r})", request)
            return
        report.cases += 1
        report.statuses[response.status_code] += 1
        if response.status_code >= 500:
            self._fail(report, f"{label}: {response.status_code} {response.text[:200]}", request)
        self._check_state(report, label, request)

    def _check_state(self, report: ContractReport, label: str, request: httpx.Request) -> None:
        """The admin state and every contract's listing still answer."""
        reads = [self.http.build_request("GET", "/__admin/state")]
        for target in self.targets:
            listing = target.listing
            reads.append(
                self.http.build_request(
                    listing.method, listing.path, headers=dict(listing.headers), json=listing.json
                )
            )
        for index, read in enumerate(reads):
            try:
                answer = self.http.send(read)
                answer.read()
                if answer.status_code != 200:
                    raise ValueError(f"{answer.status_code} {answer.text[:200]}")
                parsed = answer.json()
                if index == 0:
                    self.state = parsed
            except (httpx.TransportError, ValueError) as error:
                what = f"after {label}: {read.method} {read.url.path} failed: {error}"
                self._fail(report, what, request)

    @staticmethod
    def _fail(report: ContractReport, what: str, request: httpx.Request) -> None:
        headers = [(k, v) for k, v in request.headers.items() if k.lower() not in TRANSPORT_HEADERS]
        curl = curl_command(request.method, str(request.url), headers, request.content, {})
        report.failures.append(Failure(report.contract, what, curl))


def fuzz_contract(fuzzer: Fuzzer, target: FuzzTarget, cases: int, seed: int) -> ContractReport:
    report = ContractReport(target.name)
    started = time.monotonic()
    fuzzer.state = fuzzer.http.get("/__admin/state").json()
    cloud_image = str(CLOUD_IMAGES.live_pins(fuzzer.state)["image_id"][0])
    for name, arguments in catalogue(target.name, cloud_image):
        fuzzer.send(report, f"catalogue: {name}", fuzzer.http.build_request(**arguments))
    schema = schemathesis.openapi.from_path(target.document)
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    per_run = max(1, math.ceil(cases / (2 * len(operations))))
    chooser = random.Random(seed)
    base_url = str(fuzzer.http.base_url).rstrip("/") + target.base_path
    round_ = 0
    # Hypothesis may stop an operation early (it ran out of distinct cases): rounds with
    # other seeds follow until the contract has its count.
    while report.cases < cases and round_ < 20:
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                budget = min(per_run, cases - report.cases)
                if budget > 0:
                    _generate(
                        fuzzer,
                        report,
                        target,
                        operation,
                        mode,
                        budget,
                        seed + round_,
                        chooser,
                        base_url,
                    )
        round_ += 1
    report.seconds = time.monotonic() - started
    return report


def _generate(
    fuzzer: Fuzzer,
    report: ContractReport,
    target: FuzzTarget,
    operation: Any,
    mode: GenerationMode,
    budget: int,
    seed: int,
    chooser: random.Random,
    base_url: str,
) -> None:
    sent = 0

    @hypothesis_seed(seed)
    @settings(
        max_examples=budget,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def example(case: Case[Any]) -> None:
        nonlocal sent
        if sent >= budget:
            return
        sent += 1
        _pin(case, target, chooser, fuzzer.state)
        arguments = httpx_arguments(case, base_url)
        credentials = target.headers if chooser.random() < PINNED else {}
        arguments["headers"] = {**arguments["headers"], **credentials}
        label = f"{operation.label} [{mode.value}]"
        try:
            request = fuzzer.http.build_request(**arguments)
        except (TypeError, ValueError, UnicodeError):
            return  # a case httpx cannot put on the wire (a header outside Latin-1)
        fuzzer.send(report, label, request)

    with contextlib.suppress(Exception):
        example()


def _pin(case: Case[Any], target: FuzzTarget, chooser: random.Random, state: State) -> None:
    """Most cases name the demo's product, credential and what the state holds now, so
    they reach the handlers."""
    live = target.live_pins(state) if state else {}

    def pinned(name: str, static: Mapping[str, object]) -> Any:
        pool = live.get(name)
        return chooser.choice(pool) if pool else static[name]

    parameters = case.path_parameters or {}
    for name in parameters:
        if (name in target.path_pins or live.get(name)) and chooser.random() < PINNED:
            parameters[name] = str(pinned(name, target.path_pins))
    if isinstance(case.body, dict):
        for name in (*target.body_pins, *live):
            known = name in target.body_pins or live.get(name)
            wanted = name in case.body or name in target.body_pins
            if known and wanted and chooser.random() < PINNED:
                case.body[name] = pinned(name, target.body_pins)


@contextlib.contextmanager
def mock_process(log: pathlib.Path, arguments: Sequence[str] = ()) -> Iterator[str]:
    with (
        log.open("wb") as stderr,
        running_mock_process("--rate-limit", RATE_LIMIT, *arguments, stderr=stderr) as (url, _),
    ):
        yield url


def fuzz(
    contracts: Sequence[str],
    cases: int,
    seed: int,
    log: pathlib.Path,
    mock_arguments: Sequence[str] = (),
) -> list[ContractReport]:
    """Each contract's report, from one mock started with `mock_arguments`, its standard
    error written to `log`."""
    targets = [TARGETS[name] for name in TARGETS]
    reports = []
    with (
        mock_process(log, mock_arguments) as base_url,
        httpx.Client(base_url=base_url, timeout=30) as http,
    ):
        fuzzer = Fuzzer(http, targets)
        for name in contracts:
            target = TARGETS[name]
            print(f"fuzz: {name} ...", file=sys.stderr, flush=True)
            reports.append(fuzz_contract(fuzzer, target, cases, seed))
    return reports


def print_report(reports: Sequence[ContractReport], log: pathlib.Path) -> None:
    for report in reports:
        histogram = ", ".join(f"{status}: {n}" for status, n in sorted(report.statuses.items()))
        print(f"{report.contract}: {report.cases} cases in {report.seconds:.0f} s; {histogram}")
        for failure in report.failures[:20]:
            print(f"  FAIL {failure.what}\n    {failure.curl}")
        if len(report.failures) > 20:
            print(f"  ... and {len(report.failures) - 20} more failures")
    tracebacks = log.read_text(errors="replace").count("Traceback")
    print(f"mock tracebacks on standard error: {tracebacks} ({log})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000, help="generated cases per contract")
    parser.add_argument("--contract", action="append", choices=sorted(TARGETS))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    log = pathlib.Path(tempfile.mkdtemp(prefix="fuzz-")) / "mock-stderr.log"
    reports = fuzz(args.contract or list(TARGETS), args.cases, args.seed, log)
    print_report(reports, log)
    return 1 if any(report.failures for report in reports) else 0
