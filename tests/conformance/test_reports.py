"""Reports are text: whatever a target answers, the summary and the JUnit report carry no
character a terminal or an XML parser would choke on, and a run that could not judge an
answer still names a rule."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest
from starlette.testclient import TestClient

from conformance.cli import write_junit
from conformance.client import TargetClient
from conformance.findings import Finding
from conformance.reporting import summary
from conformance.runner import RunReport, run

from .bitrix24.conftest import run_config as bitrix24_run_config
from .cloud_images.conftest import MOCK_BASE_URL as cloud_images_base_url
from .cloud_images.conftest import run_config as cloud_images_run_config
from .conftest import run_config
from .judging import mock_app

PNG_BYTES = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\ud800\ufffe"


def report_with(message: str) -> RunReport:
    finding = Finding("response_schema_conformance", "schema", "GET /x", message, "curl -i x")
    return RunReport(seed=1, findings=[finding], checks=["response_schema_conformance"])


def test_a_junit_report_of_binary_answers_is_valid_xml(tmp_path: Path) -> None:
    path = tmp_path / "junit.xml"

    write_junit(report_with(f"the body was {PNG_BYTES}"), path, "closient")

    failure = ElementTree.parse(path).getroot().find("testcase/failure")
    assert failure is not None
    assert "\\x89PNG\\x0d\n\\x1a\n\\x00" in (failure.text or "")
    assert "\\ud800" in failure.get("message", "")


def test_a_summary_of_binary_answers_is_printable() -> None:
    text = summary(report_with(PNG_BYTES))

    assert all(line.isprintable() for line in text.splitlines())


RUNS = {
    "closient": (run_config, "http://testserver"),
    "cloud_images": (cloud_images_run_config, cloud_images_base_url),
    "bitrix24": (bitrix24_run_config, "http://testserver"),
}


@pytest.mark.slow  # a whole suite run
@pytest.mark.parametrize("contract", sorted(RUNS))
def test_a_layer_stopped_by_an_answer_names_a_rule_and_the_others_run(contract: str) -> None:
    """A state machine that breaks on an answer (here: made to raise) is a finding of
    `answers_can_be_judged`, in every contract; the cleanup still runs."""
    config_of, base_url = RUNS[contract]
    config = config_of()
    suite = config.suite

    def broken_machine(client: TargetClient) -> type:
        raise ValueError("an answer the machine could not read")

    suite.state_machine = broken_machine  # type: ignore[method-assign]
    with TestClient(mock_app(), base_url=base_url) as http:
        report = run(config, http, sleep=lambda _: None)

    assert report.broken_rules == ["answers_can_be_judged"]
    assert report.operations
    assert report.leftovers == []


def test_an_unreachable_target_is_a_finding_not_a_crash() -> None:
    with httpx.Client(base_url="http://127.0.0.1:9", timeout=1) as http:
        report = run(run_config(), http, sleep=lambda _: None)

    assert report.broken_rules == ["target_answers_every_request"]
    assert report.exchanges == 0
