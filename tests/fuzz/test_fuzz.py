"""`make fuzz` at a small count, in `make test`: no 5xx and the state holds; and a 5xx is
caught and reported with a curl command that repeats it."""

from __future__ import annotations

import pathlib

import pytest

from .run import fuzz
from .targets import TARGETS

pytestmark = pytest.mark.slow


def test_a_short_run_finds_no_server_error_and_the_state_holds(tmp_path: pathlib.Path) -> None:
    log = tmp_path / "mock.log"
    reports = fuzz(list(TARGETS), cases=60, seed=7, log=log)
    assert [report.contract for report in reports] == list(TARGETS)
    for report in reports:
        assert report.cases >= 60
        assert report.failures == [], report.failures[0].curl
        assert sum(report.statuses.values()) == report.cases
    assert "Traceback" not in log.read_text()


def test_a_server_error_is_reported_with_a_curl_command(tmp_path: pathlib.Path) -> None:
    faults = tmp_path / "faults.yaml"
    faults.write_text("rules:\n  - {contract: bitrix24, status: 500}\n")
    log = tmp_path / "mock.log"
    [report] = fuzz(
        ["bitrix24"], cases=10, seed=7, log=log, mock_arguments=["--faults", str(faults)]
    )
    assert report.statuses[500] > 0
    assert report.failures
    assert report.failures[0].curl.startswith("curl -i -X ")
    assert "/rest/" in report.failures[0].curl
