"""The `conformance` command and the pytest plugin against servers on real ports."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conformance.cli import main
from conformance.runner import all_rule_names
from tests.broken_servers import mutants
from tests.broken_servers.layer import RewritingLayer
from tests.demo import CONTRIBUTOR_KEY, DEMO_ORG, GTIN
from tests.real_servers import free_port, running_mock, serving_in_a_thread

from .conftest import OTHER_GTIN, SEED, run_config
from .judging import mock_app

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    """The real mock as a process, rate-limit headers on with room to spare."""
    with running_mock("--rate-limit", "1000000/60,10000000/86400") as base_url:
        yield base_url


@pytest.fixture(scope="module")
def broken_url() -> Iterator[str]:
    """A broken server (errors sent as application/json) under uvicorn in a thread."""
    with serving_in_a_thread(RewritingLayer(mock_app(), mutants.ErrorsAsPlainJson())) as base_url:
        yield base_url


def arguments(base_url: str) -> list[str]:
    return [
        *("--base-url", base_url, "--api-key", CONTRIBUTOR_KEY, "--organization", DEMO_ORG),
        *("--gtin", GTIN, "--other-gtin", OTHER_GTIN, "--seed", str(SEED), "--max-examples", "6"),
    ]


def test_conforming_server_exits_0_with_a_summary(
    mock_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "conformance.xml"

    status = main([*arguments(mock_url), "--junit-xml", str(report)])

    out = capsys.readouterr()
    assert status == 0
    assert "CONFORMS" in out.out
    assert "state machine" in out.err
    suite = ElementTree.parse(report).getroot()
    assert suite.get("tests") == str(len(all_rule_names(run_config().suite)))
    assert suite.get("failures") == "0"


def test_broken_server_exits_1_naming_the_rule_with_a_curl_command(
    broken_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(arguments(broken_url))

    out = capsys.readouterr().out
    assert status == 1
    assert "FAILED errors_are_problem_details" in out
    assert "curl " in out
    assert "DOES NOT CONFORM" in out


def test_missing_arguments_are_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--base-url", "http://127.0.0.1:9"])

    assert exit_info.value.code == 2


def test_unreachable_target_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(arguments(f"http://127.0.0.1:{free_port()}"))

    assert status == 2
    assert "cannot reach" in capsys.readouterr().err


def test_pytest_plugin_runs_one_test_per_rule_with_junit_xml(mock_url: str, tmp_path: Path) -> None:
    options = [
        *("--conformance-base-url", mock_url, "--conformance-api-key", CONTRIBUTOR_KEY),
        *("--conformance-organization", DEMO_ORG, "--conformance-gtin", GTIN),
        *("--conformance-seed", str(SEED), "--conformance-max-examples", "6"),
    ]
    result = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options),
            *("--junitxml", str(tmp_path / "junit.xml")),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    suite = ElementTree.parse(tmp_path / "junit.xml").getroot().find("testsuite")
    assert suite is not None
    assert suite.get("tests") == str(len(all_rule_names(run_config().suite)))


def test_pytest_plugin_fails_the_broken_rule(broken_url: str, tmp_path: Path) -> None:
    options = [
        *("--conformance-base-url", broken_url, "--conformance-api-key", CONTRIBUTOR_KEY),
        *("--conformance-organization", DEMO_ORG, "--conformance-gtin", GTIN),
        *("--conformance-seed", str(SEED), "--conformance-max-examples", "6"),
    ]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 1
    assert "conformance::errors_are_problem_details" in result.stdout
