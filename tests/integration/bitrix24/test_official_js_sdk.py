"""The vendor's own JavaScript SDK (`@bitrix24/b24jssdk`), unchanged and with no interceptor,
works against the mock's webhook over `--tls`: every method, both batch shapes, the
chunked batch, the cursor and offset list helpers, and refusals that reach the caller with
their code and description.

Node.js and npm come from Debian's packages (installed here when missing and the tests run
as root, as CI does); the SDK from the npm registry, into `js_sdk/node_modules` (ignored
by git), pinned by `js_sdk/package.json`. The steps run in one Node process
(`js_sdk/round.mjs`), each judged there; each is reported here as its own test."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.demo import (
    BITRIX_PRODUCT,
    BITRIX_USER,
    BITRIX_VIEWER,
    BITRIX_VIEWER_WEBHOOK_CODE,
    BITRIX_WEBHOOK_CODE,
)
from tests.images import png

from .conftest import TlsMock

pytestmark = pytest.mark.slow

ROUND = Path(__file__).parent / "js_sdk"
SDK = ROUND / "node_modules" / "@bitrix24" / "b24jssdk" / "package.json"
INSTALL_NODE = "apt-get install nodejs npm"
STEPS = (
    "getFields describes every field",
    "add answers the new picture",
    "get answers the picture add answered",
    "list pages with total and next",
    "a batch of a list of commands answers each",
    "a batch of named commands resolves $result references",
    "a failed batch command reaches the caller with its description",
    "callBatchByChunk runs more than one batch of commands",
    "actions.v2.batchByChunk answers every command",
    "list with start -1 answers neither total nor next",
    "actions.v2.callList visits every picture once",
    "actions.v2.fetchList yields every picture once, a page at a time",
    "a filter keeps the cursor helpers to the matching pictures",
    "callListMethod pages by offset through every picture once",
    "delete answers true and the picture is then not found",
    "a method error reaches the caller with its description",
    "a missing right reaches the caller with its code",
    "a wrong webhook is INVALID_CREDENTIALS",
    "an unknown method is ERROR_METHOD_NOT_FOUND",
    "the pictures the round added are deleted",
)


def node_and_npm() -> tuple[str, str]:
    """Node.js and npm: as found, or installed from Debian's packages when root can."""
    missing = not (shutil.which("node") and shutil.which("npm"))
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for command in (
            ["apt-get", "update", "-qq"],
            ["apt-get", "install", "-y", "-qq", "nodejs", "npm"],
        ):
            subprocess.run(command, env=env, check=True, capture_output=True, timeout=900)
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        # Not a skip: a suite that silently leaves the SDK out would pass without judging it.
        pytest.fail(f"Node.js and npm are needed for the official JavaScript SDK: {INSTALL_NODE}")
    return node, npm


def installed_sdk(npm: str) -> None:
    """The pinned SDK in js_sdk/node_modules, installed once (npm's own cache after that)."""
    wanted = json.loads((ROUND / "package.json").read_text())["dependencies"]["@bitrix24/b24jssdk"]
    if SDK.exists() and json.loads(SDK.read_text())["version"] == wanted:
        return
    subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error"],
        cwd=ROUND,
        check=True,
        capture_output=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def round_results(tls_mock_module: TlsMock) -> dict[str, dict[str, Any]]:
    node, npm = node_and_npm()
    installed_sdk(npm)
    base = f"https://{tls_mock_module.domain}/rest"
    env = {
        **os.environ,
        **tls_mock_module.trust,
        "B24_WEBHOOK_URL": f"{base}/{BITRIX_USER}/{BITRIX_WEBHOOK_CODE}/",
        "B24_VIEWER_WEBHOOK_URL": f"{base}/{BITRIX_VIEWER}/{BITRIX_VIEWER_WEBHOOK_CODE}/",
        "B24_PRODUCT": str(BITRIX_PRODUCT),
        "PICTURE_BASE64": base64.b64encode(png()).decode(),
    }
    finished = subprocess.run(
        [node, "round.mjs"], cwd=ROUND, env=env, capture_output=True, text=True, timeout=300
    )
    lines = [line for line in finished.stdout.splitlines() if line.startswith("RESULTS ")]
    assert finished.returncode == 0, finished.stderr[-4000:]
    assert lines, finished.stdout[-4000:]
    return {result["step"]: result for result in json.loads(lines[-1].removeprefix("RESULTS "))}


def test_the_round_runs_every_step(round_results: dict[str, dict[str, Any]]) -> None:
    assert list(round_results) == list(STEPS)


@pytest.mark.parametrize("step", STEPS)
def test_the_sdk_step_passes(round_results: dict[str, dict[str, Any]], step: str) -> None:
    result = round_results[step]
    assert result["ok"], result["detail"]
