"""The Bitrix24 tests' mock process over `--tls`, which the official SDKs need (they refuse
`http://` webhooks), with the trust variables its banner prints."""

from __future__ import annotations

import shlex
import subprocess
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.real_servers import free_port


@dataclass(frozen=True)
class TlsMock:
    domain: str
    """`host:port`, as the SDK takes a portal's domain."""
    trust: dict[str, str]
    """The variables the banner said to export."""


@pytest.fixture
def tls_mock(tmp_path: Path) -> Iterator[TlsMock]:
    with running_tls_mock(tmp_path / "tls") as mock:
        yield mock


@pytest.fixture(scope="module")
def tls_mock_module(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsMock]:
    """One mock for a module whose tests judge one run against it."""
    with running_tls_mock(tmp_path_factory.mktemp("tls")) as mock:
        yield mock


@contextmanager
def running_tls_mock(tls_dir: Path) -> Iterator[TlsMock]:
    """The mock with the demo seed on a free port over `--tls`, its CA in `tls_dir`."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mockserver",
            "--tls",
            "--tls-dir",
            str(tls_dir),
            "--port",
            str(port),
            "--rate-limit",
            "off",
            "--no-access-log",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stderr is not None
        trust = _trust_variables(process.stdout)
        _wait_until_serving(process.stderr)
        yield TlsMock(f"localhost:{port}", trust)
    finally:
        process.terminate()
        process.wait(timeout=10)


def _trust_variables(banner: Iterable[str]) -> dict[str, str]:
    """The `export NAME=VALUE` lines of the banner, read until the first blank line."""
    trust: dict[str, str] = {}
    for line in banner:
        if not line.strip():
            break
        words = shlex.split(line)
        if "export" in words:
            name, _, value = words[words.index("export") + 1].partition("=")
            trust[name] = value
    return trust


def _wait_until_serving(log: Iterable[str]) -> None:
    """uvicorn says so on its log once it listens."""
    for line in log:
        if "Uvicorn running on https://" in line:
            return
    raise AssertionError("the mock stopped before it served")
