"""`make fuzz` at a small count, in `make test`: no 5xx, no dropped answer, no poisoned
state and no loop block past 250 ms on any run; and each kind of failure is caught and
reported with a curl command that repeats it (a 5xx from a fault rule, a loop block from
a mock whose loop sleeps on some requests)."""

from __future__ import annotations

import pathlib
import time
from collections.abc import Iterator

import pytest
from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.app import create_app
from mockserver.config import MockConfig
from tests.real_servers import serving_in_a_thread

from .run import RUNS, fuzz

pytestmark = pytest.mark.slow

CASES = 60
# The loop blocks a short run tolerates. A block is wall-clock time, which other work on a
# shared machine stretches (an 8 MB body's ~35 ms alone, past 100 ms beside a test suite):
# the short run catches stalls; `make fuzz` holds the mock to 50 ms.
MAX_BLOCK = 0.25
READ_AFTER_EACH_CASE = b"productId=1&select[]=id"


def test_a_short_run_finds_no_failure(tmp_path: pathlib.Path) -> None:
    log = tmp_path / "mock.log"
    reports = fuzz(RUNS, cases=CASES, seed=7, log=log, max_block=MAX_BLOCK)
    assert [report.name for report in reports] == RUNS
    for report in reports:
        assert report.cases >= CASES, report.name
        assert sum(report.statuses.values()) == report.cases
    failures = [
        f"{report.name} [{failure.kind}] {failure.what[:300]}\n  {failure.curl[:1000]}"
        for report in reports
        for failure in report.failures
    ]
    assert failures == [], "\n".join(failures)
    assert "Traceback" not in log.read_text()


def test_a_server_error_is_reported_with_a_curl_command(tmp_path: pathlib.Path) -> None:
    faults = tmp_path / "faults.yaml"
    faults.write_text("rules:\n  - {contract: bitrix24, status: 500}\n")
    log = tmp_path / "mock.log"
    reports = fuzz(
        ["bitrix24", "bitrix24-form"],
        cases=10,
        seed=7,
        log=log,
        mock_arguments=["--faults", str(faults)],
    )
    for report in reports:
        assert report.statuses[500] > 0, report.name
        [failure, *_] = [failure for failure in report.failures if failure.kind == "5xx"]
        assert failure.curl.startswith("curl -g --path-as-is -i -X ")
        assert "/rest/" in failure.curl


def sleeping_on_queries(app: ASGIApp, seconds: float) -> ASGIApp:
    """`app` whose event loop is held `seconds` by every Bitrix24 call sent by GET (but the
    listing the fuzzer reads after each case), as a handler doing blocking work on the loop
    would."""

    async def layer(scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and scope["path"].startswith("/rest/")
            and scope["query_string"] != READ_AFTER_EACH_CASE
        ):
            time.sleep(seconds)  # blocks the loop, on purpose
        await app(scope, receive, send)

    return layer


@pytest.fixture
def sleeping_mock() -> Iterator[str]:
    app = create_app(MockConfig(seed_pictures=True, rate_limit_windows=(), access_log=False))
    with serving_in_a_thread(sleeping_on_queries(app, 0.2)) as base_url:
        yield base_url


def test_a_loop_block_is_reported_with_its_case(tmp_path: pathlib.Path, sleeping_mock: str) -> None:
    log = tmp_path / "mock.log"
    log.touch()
    [report] = fuzz(["bitrix24-query"], cases=10, seed=7, log=log, base_url=sleeping_mock)
    block = report.worst_block
    assert block is not None
    assert len(block.replayed) == 3
    assert 0.15 < block.confirmed < 2
    [failure] = [failure for failure in report.failures if failure.kind == "loop block"]
    assert failure.curl.startswith("curl -g --path-as-is -i -X GET ")
    assert "/rest/" in failure.curl
    assert "held the loop" in failure.what
    assert "reads after" not in failure.what
