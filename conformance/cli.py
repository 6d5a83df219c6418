"""`conformance`: judge a server against a contract. Exit 0 conforms, 1 does not, 2 usage.
`conformance compare` compares two servers instead (see `conformance.compare.command`)."""

from __future__ import annotations

import argparse
import pathlib
import sys
from collections.abc import Sequence
from xml.etree import ElementTree

import httpx

from .compare.command import main as compare_main
from .contract_suites import DEFAULT_CONTRACT, SUITES
from .read_only import ReadOnlySuite
from .reporting import summary
from .runner import RunConfig, RunReport, run
from .settings import SettingsError, all_options, build_suite

REQUEST_TIMEOUT_SECONDS = 30.0


def parser() -> argparse.ArgumentParser:
    arguments = argparse.ArgumentParser(
        prog="conformance", description="Check a product-image API against its OpenAPI contract."
    )
    arguments.add_argument("--base-url", required=True, help="e.g. http://127.0.0.1:8000")
    arguments.add_argument(
        "--contract",
        choices=sorted(SUITES),
        default=DEFAULT_CONTRACT,
        help=f"the contract to judge the target against (default: {DEFAULT_CONTRACT})",
    )
    for option in all_options():
        arguments.add_argument(f"--{option.name}", dest=option.dest, help=option.help)
    arguments.add_argument("--junit-xml", type=pathlib.Path, help="write a JUnit XML report")
    arguments.add_argument(
        "--artifacts",
        type=pathlib.Path,
        metavar="DIR",
        help="write request bodies a curl command cannot spell out here (read with @file)",
    )
    arguments.add_argument(
        "--read-only",
        action="store_true",
        help="send only requests that read (for production): the operations that write are "
        "left out, and a state-machine step that would write ends unsent",
    )
    arguments.add_argument("--max-examples", type=_positive, default=10)
    arguments.add_argument("--seed", type=int)
    arguments.add_argument("--spec-dir", type=pathlib.Path, help="folder of the contracts")
    return arguments


def main(argv: Sequence[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else list(argv)
    if given[:1] == ["compare"]:
        return compare_main(given[1:])
    arguments = parser()
    options = arguments.parse_args(given)
    try:
        suite = build_suite(
            options.contract,
            lambda option: getattr(options, option.dest),
            options.spec_dir,
            flag=lambda option: f"--{option.name}",
        )
    except SettingsError as error:
        arguments.error(str(error))
    config = RunConfig(
        suite=ReadOnlySuite(suite) if options.read_only else suite,
        max_examples=options.max_examples,
        seed=options.seed,
        artifacts=options.artifacts,
    )

    def progress(line: str) -> None:
        print(f"... {line}", file=sys.stderr, flush=True)

    with httpx.Client(base_url=options.base_url, timeout=REQUEST_TIMEOUT_SECONDS) as http:
        report = run(config, http, progress=progress)
    if options.junit_xml:
        write_junit(report, options.junit_xml, options.contract)
    if not report.exchanges:
        unreachable = "; ".join(finding.message for finding in report.findings)
        print(f"conformance: cannot reach {options.base_url}: {unreachable}", file=sys.stderr)
        return 2
    print(summary(report))
    return 0 if report.conforms else 1


def write_junit(report: RunReport, path: pathlib.Path, contract: str) -> None:
    """One test case per rule; a broken rule fails with each of its findings."""
    suite = ElementTree.Element(
        "testsuite",
        name=f"conformance.{contract}",
        tests=str(len(report.checks)),
        failures=str(len(report.broken_rules)),
        time=f"{report.seconds:.3f}",
    )
    for rule in report.checks:
        case = ElementTree.SubElement(
            suite, "testcase", classname=f"conformance.{contract}", name=rule
        )
        findings = [finding for finding in report.findings if finding.rule == rule]
        if findings:
            failure = ElementTree.SubElement(case, "failure", message=findings[0].message[:200])
            failure.text = "\n\n".join(finding.render() for finding in findings)
    ElementTree.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


if __name__ == "__main__":
    sys.exit(main())
