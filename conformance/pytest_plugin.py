"""The suite under pytest: `pytest --conformance-base-url URL [--conformance-contract NAME]
--conformance-<option> VALUE ... [--junitxml FILE]` adds one test per rule of the contract;
the target is judged once per session, by the first rule item, and every rule item reads
that one report (a run that stopped is remembered too, never repeated). The options are the
CLI's, prefixed (`--api-key` → `--conformance-api-key`).

Options are prefixed so they cannot clash with a project's own (or pytest-base-url's
`--base-url`); nothing is added to a run that does not name a target.

The `mock_journal` fixture reads the request journal of the mock at `--mockserver-url`
(or the `mockserver_url` ini value; `http://127.0.0.1:8000` by default), cleared before
the test: see `conformance/journal.py`.
"""

from __future__ import annotations

import pathlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from .contract_suites import DEFAULT_CONTRACT, SUITES
from .journal import RequestJournal
from .runner import RunConfig, RunReport, all_rule_names, run
from .settings import SettingsError, all_options, build_suite
from .suite import ContractSuite, Option

DEFAULT_MOCKSERVER_URL = "http://127.0.0.1:8000"
REPORT_KEY = pytest.StashKey[RunReport | BaseException]()
SUITE_KEY = pytest.StashKey[ContractSuite]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "contract conformance of a live target")
    group.addoption("--conformance-base-url", help="target to judge, e.g. https://staging.example")
    group.addoption(
        "--conformance-contract",
        choices=sorted(SUITES),
        default=DEFAULT_CONTRACT,
        help=f"the contract to judge the target against (default: {DEFAULT_CONTRACT})",
    )
    for option in all_options():
        group.addoption(_flag(option), dest=f"conformance_{option.dest}", help=option.help)
    group.addoption("--conformance-max-examples", type=int, default=10)
    group.addoption("--conformance-seed", type=int)
    group.addoption(
        "--conformance-artifacts",
        metavar="DIR",
        help="write request bodies a curl command cannot spell out here (read with @file)",
    )
    mock = parser.getgroup("mockserver", "the mock's request journal (the mock_journal fixture)")
    mock.addoption(
        "--mockserver-url",
        help=f"the mock whose journal is read (default: the ini value or {DEFAULT_MOCKSERVER_URL})",
    )
    parser.addini("mockserver_url", "the mock whose journal mock_journal reads")


@pytest.fixture
def mock_journal(request: pytest.FixtureRequest) -> Iterator[RequestJournal]:
    """The request journal of the mock at `--mockserver-url`, cleared before the test."""
    url = (
        request.config.getoption("mockserver_url")
        or request.config.getini("mockserver_url")
        or DEFAULT_MOCKSERVER_URL
    )
    with httpx.Client(base_url=url, timeout=10.0) as http:
        journal = RequestJournal(http)
        journal.clear()
        yield journal


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    if config.getoption("conformance_base_url") is None:
        return
    try:
        suite = build_suite(
            config.getoption("conformance_contract"),
            lambda option: config.getoption(f"conformance_{option.dest}"),
            None,
            flag=_flag,
        )
    except SettingsError as error:
        raise pytest.UsageError(str(error)) from None
    config.stash[SUITE_KEY] = suite
    items += [
        RuleItem.from_parent(session, name=f"conformance::{rule}") for rule in all_rule_names(suite)
    ]


class RuleItem(pytest.Item):
    """One rule of the contract; fails with every finding against it."""

    def runtest(self) -> None:
        report = _judged(self.config)
        rule = self.name.removeprefix("conformance::")
        findings = [finding.render() for finding in report.findings if finding.rule == rule]
        if findings:
            raise RuleBroken("\n\n".join(findings))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, RuleBroken):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[str, int, str]:
        return self.config.getoption("conformance_base_url"), 0, self.name


class RuleBroken(Exception):
    """The target broke the rule a `RuleItem` stands for."""


def _flag(option: Option) -> str:
    return f"--conformance-{option.name}"


def _judged(config: pytest.Config) -> RunReport:
    """The session's one report, made by the first caller."""
    if REPORT_KEY not in config.stash:
        artifacts = config.getoption("conformance_artifacts")
        run_config = RunConfig(
            suite=config.stash[SUITE_KEY],
            max_examples=config.getoption("conformance_max_examples"),
            seed=config.getoption("conformance_seed"),
            artifacts=pathlib.Path(artifacts) if artifacts else None,
        )
        try:
            with httpx.Client(
                base_url=config.getoption("conformance_base_url"), timeout=30.0
            ) as http:
                config.stash[REPORT_KEY] = run(run_config, http)
        except Exception as error:
            config.stash[REPORT_KEY] = error
    judged = config.stash[REPORT_KEY]
    if isinstance(judged, BaseException):
        raise RuntimeError(f"the conformance run stopped: {judged!r}") from judged
    return judged
