"""The suite under pytest: `pytest --conformance-base-url URL --conformance-api-key KEY
--conformance-organization ORG --conformance-gtin GTIN [--junitxml FILE]` adds one test per
rule of the contract; the target is judged once per session.

Options are prefixed so they cannot clash with a project's own (or pytest-base-url's
`--base-url`); nothing is added to a run that does not name a target.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .runner import RunConfig, RunReport, all_rule_names, run

REPORT_KEY = pytest.StashKey[RunReport]()
OPTIONS = ("base_url", "api_key", "organization", "gtin")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "contract conformance of a live target")
    group.addoption("--conformance-base-url", help="target to judge, e.g. https://staging.example")
    group.addoption("--conformance-api-key", help="X-API-Key with contribute rights")
    group.addoption("--conformance-organization", help="organization id of the product")
    group.addoption("--conformance-gtin", help="the product the suite may write to")
    group.addoption("--conformance-other-gtin", help="a second product of the organization")
    group.addoption("--conformance-max-examples", type=int, default=10)
    group.addoption("--conformance-seed", type=int)


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    values = {name: config.getoption(f"conformance_{name}") for name in OPTIONS}
    if values["base_url"] is None:
        return
    missing = [f"--conformance-{name.replace('_', '-')}" for name, v in values.items() if not v]
    if missing:
        raise pytest.UsageError(f"the conformance suite also needs {', '.join(missing)}")
    items += [
        RuleItem.from_parent(session, name=f"conformance::{rule}") for rule in all_rule_names()
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


def _judged(config: pytest.Config) -> RunReport:
    if REPORT_KEY not in config.stash:
        options = {name: config.getoption(f"conformance_{name}") for name in OPTIONS}
        run_config = RunConfig(
            organization=options["organization"],
            gtin=options["gtin"],
            api_key=options["api_key"],
            other_gtin=config.getoption("conformance_other_gtin"),
            max_examples=config.getoption("conformance_max_examples"),
            seed=config.getoption("conformance_seed"),
        )
        with httpx.Client(base_url=options["base_url"], timeout=30.0) as http:
            config.stash[REPORT_KEY] = run(run_config, http)
    return config.stash[REPORT_KEY]
