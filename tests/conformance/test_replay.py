"""A state-machine finding is reproduced by the whole sequence that led to it: the printed
script, run with bash against the broken server that produced it, gets the failing answer
again, its ids read from the answers of its own earlier requests."""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import shortuuid

from conformance.client import Exchange
from conformance.closient.stateful import GalleryMachine
from conformance.replay import sequence_script
from conformance.runner import run
from tests.broken_servers import mutants
from tests.broken_servers.layer import RewritingLayer
from tests.demo import CONTRIBUTOR_KEY
from tests.real_servers import serving_in_a_thread

from .conftest import run_config
from .judging import mock_app

RULE = "delete_of_other_products_image_is_404"


@contextlib.contextmanager
def broken_server() -> Iterator[str]:
    """A fresh server that answers 204 to a delete of an image through another product, if
    the image is one it stored: only a replay that uploads an image again, and deletes that
    one, sees the 204."""
    with serving_in_a_thread(
        RewritingLayer(mock_app(), mutants.DeleteThroughOtherProduct())
    ) as base_url:
        yield base_url


@pytest.mark.slow  # a whole suite run
def test_the_printed_sequence_gets_the_failing_answer_again(tmp_path: Path) -> None:
    with broken_server() as run_url, httpx.Client(base_url=run_url) as http:
        report = run(run_config(), http, sleep=lambda _: None)
    [finding] = [f for f in report.findings if f.rule == RULE]

    # Against a server that never saw the run: the run's own ids name nothing there.
    with broken_server() as fresh_url:
        replayed = subprocess.run(
            ["bash", "-c", finding.curl.replace(run_url, fresh_url)],
            capture_output=True,
            env={**os.environ, "CONFORMANCE_API_KEY": CONTRIBUTOR_KEY, "TMPDIR": str(tmp_path)},
            timeout=120,
            check=True,
        ).stdout.decode("latin-1")

    assert finding.layer == "stateful"
    assert finding.curl.count("curl ") > 1
    assert "_ID=$(python3" in finding.curl
    # A body without a final line break runs into the next answer's status line.
    statuses = re.findall(r"HTTP/[0-9.]+ ([0-9]{3}) ", replayed)
    assert len(statuses) == finding.curl.count("curl ")
    assert statuses[-1] == "204"


def exchange(method: str, url: str, answer: object = None) -> Exchange:
    content = json.dumps(answer).encode() if answer is not None else b""
    headers = {"content-type": "application/json"} if content else {}
    return Exchange("stateful", method, url, {}, b"", 200, headers, content)


def test_an_id_sent_in_another_spelling_is_computed_from_the_answer(tmp_path: Path) -> None:
    image_id = shortuuid.uuid()
    images = "http://h/dashboard/api/v1/trade-items/o/00012345678905/images"
    sequence = [
        exchange("POST", images, {"id": image_id}),
        exchange("DELETE", f"{images}/{shortuuid.decode(image_id)}"),
    ]

    script = sequence_script(sequence, GalleryMachine.spellings)

    assert script.splitlines()[-1].startswith("curl ")
    assert script.splitlines()[-1].count('"$STEP1_ID_UUID"') == 1
    (tmp_path / "step-1.json").write_text(json.dumps({"id": image_id}))
    readings = [line for line in script.splitlines() if line.startswith("STEP1_")]
    computed = subprocess.run(
        ["bash", "-c", "\n".join([*readings, 'echo "$STEP1_ID_UUID"'])],
        cwd=tmp_path,
        capture_output=True,
        check=True,
        timeout=30,
    ).stdout.decode()
    assert computed.strip() == str(shortuuid.decode(image_id))
