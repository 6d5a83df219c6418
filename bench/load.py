"""Driving a target with wrk from its own process, and reading its summary line."""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass

LUA_DIR = pathlib.Path(__file__).parent / "lua"
_SUMMARY = re.compile(r"^BENCH (.*)$", re.MULTILINE)


class LoadGeneratorMissing(Exception):
    def __str__(self) -> str:
        return "wrk is not installed and could not be installed (try: apt-get install -y wrk)"


@dataclass(frozen=True)
class LoadResult:
    requests: int
    seconds: float
    status_errors: int
    socket_errors: int
    p50_ms: float
    p99_ms: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class Load:
    """How hard each cell is driven: the same for every target."""

    seconds: float = 5.0
    connections: int = 16
    threads: int = 1


def find_wrk() -> str:
    """The wrk binary, installed from Debian's packages when missing and running as root."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("bench: installing wrk with apt-get ...", flush=True)
        install = ["apt-get", "install", "-y", "wrk"]
        if _quietly(install):
            _quietly(["apt-get", "update"])
            _quietly(install)
        found = shutil.which("wrk")
        if found:
            return found
    raise LoadGeneratorMissing()


def _quietly(command: list[str]) -> int:
    return subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    ).returncode


def run_wrk(
    wrk: str,
    url: str,
    load: Load,
    *,
    script: str | None = None,
    script_args: Sequence[str] = (),
    headers: Sequence[str] = (),
    seconds: float | None = None,
) -> LoadResult:
    """One wrk run against `url`; `script` names a file in bench/lua (report.lua is added)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write((LUA_DIR / "report.lua").read_text())
        if script:
            lua.write("\n" + (LUA_DIR / script).read_text())
    duration = seconds if seconds is not None else load.seconds
    command = [
        wrk,
        f"-t{load.threads}",
        f"-c{load.connections}",
        f"-d{max(1, round(duration))}s",
        "--timeout",
        "10s",
        "-s",
        lua.name,
        *(arg for header in headers for arg in ("-H", header)),
        url,
    ]
    if script_args:
        command += ["--", *script_args]
    try:
        completed = subprocess.run(command, capture_output=True, text=True, check=False)
    finally:
        os.unlink(lua.name)
    match = _SUMMARY.search(completed.stdout)
    if match is None:
        raise RuntimeError(f"wrk failed: {completed.stdout}{completed.stderr}")
    fields = dict(pair.split("=") for pair in match.group(1).split())
    return LoadResult(
        requests=int(fields["requests"]),
        seconds=int(fields["duration_us"]) / 1e6,
        status_errors=int(fields["status_errors"]),
        socket_errors=int(fields["socket_errors"]),
        p50_ms=int(fields["p50_us"]) / 1000,
        p99_ms=int(fields["p99_us"]) / 1000,
    )
