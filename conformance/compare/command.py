"""`conformance compare`: the same generated sequences to a reference and a candidate.
Exit 0 when the candidate answered as the reference did (known differences aside), 1 when
it did not, 2 for a usage error or a side that cannot be reached."""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
from collections.abc import Callable, Mapping, Sequence

import httpx

from ..client import NoAnswer
from ..contract_suites import DEFAULT_CONTRACT, SUITES
from ..settings import SettingsError, all_options, build_suite
from ..suite import Option
from .comparison import CompareConfig, Deployment, compare
from .known import KnownDifferencesError, load_known_differences
from .report import report_of, summary, write_junit

REQUEST_TIMEOUT_SECONDS = 30.0
REFERENCE_PREFIX = "reference-"


def parser() -> argparse.ArgumentParser:
    arguments = argparse.ArgumentParser(
        prog="conformance compare",
        description="Send the same generated request sequences to a reference and a "
        "candidate deployment and report every difference in their answers.",
    )
    arguments.add_argument("--base-url", required=True, help="the candidate, e.g. staging")
    arguments.add_argument(
        "--reference-url",
        action="append",
        required=True,
        help="the reference; give it twice (two instances of the reference, or the same one "
        "twice, which is then sent the sequences twice) to learn what differs between them "
        "as noise",
    )
    arguments.add_argument("--contract", choices=sorted(SUITES), default=DEFAULT_CONTRACT)
    for option in all_options():
        arguments.add_argument(f"--{option.name}", dest=option.dest, help=option.help)
        arguments.add_argument(
            f"--{REFERENCE_PREFIX}{option.name}",
            dest=f"reference_{option.dest}",
            help=f"the reference's --{option.name}, where it differs",
        )
    arguments.add_argument(
        "--known-differences",
        type=pathlib.Path,
        metavar="FILE",
        help="accepted differences (YAML: steps, aspects, reason); an entry that no longer "
        "differs is reported stale",
    )
    arguments.add_argument("--junit-xml", type=pathlib.Path, help="write a JUnit XML report")
    arguments.add_argument("--seed", type=int)
    arguments.add_argument("--sequences", type=_positive, default=10, help="per round")
    arguments.add_argument("--steps", type=_positive, default=15, help="per sequence at most")
    arguments.add_argument(
        "--max-requests",
        type=_positive,
        help="the sequences' requests to the reference at most (each also goes to the "
        "candidate); the run stops there and cleans up",
    )
    arguments.add_argument(
        "--read-only",
        action="store_true",
        help="send every side only requests that read (for production): the sequences are "
        "drawn from the reading steps alone, and nothing else is ever sent",
    )
    arguments.add_argument("--spec-dir", type=pathlib.Path, help="folder of the contracts")
    return arguments


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parser()
    options = arguments.parse_args(argv)
    if len(options.reference_url) > 2:
        arguments.error("--reference-url is given once, or twice to learn noise")
    # The same reference twice: it is sent the sequences alone first, then with the
    # candidate, and what differs between its two passes is noise.
    rerun = len(options.reference_url) == 2 and len(set(options.reference_url)) == 1
    reference_urls = options.reference_url[:1] if rerun else options.reference_url
    contract = options.contract

    def candidate_given(option: Option) -> str | None:
        value: str | None = getattr(options, option.dest)
        return value

    def reference_given(option: Option) -> str | None:
        value: str | None = getattr(options, f"reference_{option.dest}")
        return value or candidate_given(option)

    try:
        known = (
            load_known_differences(options.known_differences) if options.known_differences else []
        )
        sides = [
            (url, given, settings_of(contract, given))
            for url, given in [
                (options.base_url, candidate_given),
                *((url, reference_given) for url in reference_urls),
            ]
        ]
        suites = [
            build_suite(
                contract,
                given,
                options.spec_dir,
                flag=lambda option: f"--{option.name}",
            )
            for _, given, _ in sides
        ]
    except (SettingsError, KnownDifferencesError, OSError) as error:
        arguments.error(str(error))
    https = [httpx.Client(base_url=url, timeout=REQUEST_TIMEOUT_SECONDS) for url, _, _ in sides]
    deployments = [
        Deployment(http, suite, settings)
        for http, suite, (_, _, settings) in zip(https, suites, sides, strict=True)
    ]
    try:
        run = compare(
            CompareConfig(
                seed=options.seed,
                sequences=options.sequences,
                steps=options.steps,
                max_requests=options.max_requests,
                read_only=options.read_only,
            ),
            deployments[1],
            deployments[0],
            deployments[2] if len(deployments) > 2 else None,
            noise_from_a_rerun=rerun,
            progress=lambda line: print(f"... {line}", file=sys.stderr, flush=True),
        )
    except (httpx.TransportError, NoAnswer) as error:
        print(f"conformance compare: a side cannot be reached: {error}", file=sys.stderr)
        return 2
    finally:
        for http in https:
            http.close()
    report = report_of(run, contract, known)
    if options.junit_xml:
        write_junit(report, options.junit_xml)
    print(summary(report))
    return 0 if report.agrees else 1


def settings_of(
    contract: str,
    given: Callable[[Option], str | None],
    environment: Mapping[str, str] | None = None,
) -> dict[str, str | None]:
    """The contract's option values as one side gets them (its environment variable when
    an option is not given), by `dest`."""
    environment = os.environ if environment is None else environment
    factory = SUITES[contract]
    return {
        option.dest: given(option)
        or (environment.get(option.environment) if option.environment else None)
        for option in factory.options
    }


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value
