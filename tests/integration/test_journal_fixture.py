"""The `mock_journal` pytest fixture and its client, as a frontend's tests use them."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from conformance.journal import JournalUnavailable, RequestJournal
from mockserver.app import create_app
from mockserver.config import MockConfig
from tests.conftest import StartMock
from tests.demo import auth, images_path
from tests.integration.uploads import upload
from tests.real_servers import serving_in_a_thread


def test_the_client_counts_and_lists_what_the_filters_keep(client: TestClient) -> None:
    image_id = upload(client).json()["id"]
    client.delete(f"{images_path()}/{image_id}", headers=auth())
    journal = RequestJournal(client)
    assert journal.count() == 2
    assert journal.count(method="DELETE", status=204) == 1
    assert [entry["method"] for entry in journal.requests(status="2xx")] == ["POST", "DELETE"]


def test_the_client_clears_the_journal(client: TestClient) -> None:
    client.get(images_path(), headers=auth())
    journal = RequestJournal(client)
    journal.clear()
    assert journal.count() == 0


def test_the_client_says_when_the_mock_keeps_no_journal(mock: StartMock) -> None:
    journal = RequestJournal(mock(MockConfig(journal_capacity=0)))
    with pytest.raises(JournalUnavailable, match="journal_off"):
        journal.count()


FRONTEND_TEST = """
import httpx

def test_the_ui_sent_one_delete(mock_journal):
    base = mock_journal.http.base_url
    httpx.delete(f"{base}{PATH}/no-such-image", headers=AUTH)
    assert mock_journal.count(method="DELETE") == 1

def test_each_test_starts_with_an_empty_journal(mock_journal):
    assert mock_journal.count() == 0
"""


@pytest.mark.slow
def test_the_fixture_reads_the_mock_at_the_url_given(tmp_path: Path) -> None:
    test_file = tmp_path / "test_frontend.py"
    test_file.write_text(
        f"PATH = {images_path()!r}\nAUTH = {auth()!r}\n" + textwrap.dedent(FRONTEND_TEST)
    )
    with serving_in_a_thread(create_app(MockConfig(rate_limit_windows=()))) as base_url:
        # Something from before the run: the fixture clears it.
        httpx_get = [sys.executable, "-c", f"import httpx; httpx.get({base_url!r} + '/v2/images')"]
        subprocess.run(httpx_get, check=True)
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-p",
                "no:cacheprovider",
                "-q",
                str(test_file),
                "--mockserver-url",
                base_url,
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 passed" in run.stdout
