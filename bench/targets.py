"""Starting and stopping the servers under test, each in its own process: the mock, the bare
ceiling, and the peers (Prism, WireMock, Mockoon), installed with npm on first use."""

from __future__ import annotations

import compileall
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass

from .fixtures import API_KEY, API_KEY_HEADER, LIST_GTIN, images_path, request

REPO = pathlib.Path(__file__).resolve().parent.parent
SPEC = REPO / "spec" / "closient" / "dashboard-images.yaml"
PRISM_DIR = pathlib.Path(__file__).resolve().parent / ".prism"
PRISM_PACKAGE = "@stoplight/prism-cli@5"
WIREMOCK_DIR = pathlib.Path(__file__).resolve().parent / ".wiremock"
WIREMOCK_PACKAGE = "wiremock@3"
MOCKOON_DIR = pathlib.Path(__file__).resolve().parent / ".mockoon"
MOCKOON_PACKAGE = "@mockoon/cli@9"
READY_PATH = images_path(LIST_GTIN)
READY_HEADERS = {API_KEY_HEADER: API_KEY}


class PeerUnavailable(Exception):
    """A peer (Prism, WireMock, Mockoon) that cannot be installed or run here."""


PrismUnavailable = PeerUnavailable


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]

    def rss_bytes(self) -> int:
        """Resident set size of the server process, from /proc."""
        for line in pathlib.Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise RuntimeError("no VmRSS in /proc status")

    def cpu_seconds(self) -> float:
        """CPU time the server process has used so far (user and system), from /proc."""
        fields = pathlib.Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1]
        user, system = fields.split()[11:13]
        return (int(user) + int(system)) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


MOCKS = ("ours", "ours-tuned", "ours-no-journal")
"""The mock as users run it (its defaults: log level info, a line per request), tuned for
load (no access log, warnings only), and as users run it with its request journal off
(`--journal 0`: the journal's cost is the ratio of the first to this one, round by round).
All without rate limiting, which would refuse all but the first few hundred requests of a
cell."""
NO_JOURNAL = ("--journal", "0")


def mock_command(port: int, extra: Sequence[str] = (), tuned: bool = False) -> list[str]:
    """The mock started by its console script, as `MOCKS` describes."""
    script = pathlib.Path(sys.executable).parent / "mockserver"
    launcher = [str(script)] if script.exists() else [sys.executable, "-m", "mockserver"]
    return [
        *launcher,
        *("--host", "127.0.0.1", "--port", str(port)),
        *("--rate-limit", "off"),
        *(("--no-access-log", "--log-level", "warning") if tuned else ()),
        *extra,
    ]


def write_bytecode() -> None:
    """Compile the mock's package and the ceiling's module to bytecode, as installing a
    package does (and a start does, where Python may write it): each cold start then loads
    them as a user's does, rather than compiling every module from source, as it would at
    every start where PYTHONDONTWRITEBYTECODE is set (the targets' own packages, installed,
    have theirs)."""
    compileall.compile_dir(REPO / "mockserver", quiet=1)
    for module in ("__init__.py", "ceiling.py"):
        compileall.compile_file(REPO / "bench" / module, quiet=1)


def ceiling_command(port: int) -> list[str]:
    """The bare ASGI app under the same uvicorn (same loop and HTTP parser choices)."""
    return [
        *(sys.executable, "-m", "uvicorn", "bench.ceiling:app"),
        *("--host", "127.0.0.1", "--port", str(port)),
        *("--no-access-log", "--log-level", "warning"),
    ]


def prism_command(port: int) -> list[str]:
    return [str(ensure_prism()), "mock", "-h", "127.0.0.1", "-p", str(port), str(SPEC)]


def wiremock_command(root: pathlib.Path, port: int) -> list[str]:
    """WireMock's bundled jar under the system's Java, at its defaults (request journal on),
    serving the stubs in `root` (bench/peers/stubs.py). The npm package's `wiremock` launcher
    runs this same `java -jar` behind a Node process that does not pass on SIGTERM."""
    return [
        *(ensure_java(), "-jar", str(ensure_wiremock())),
        *("--bind-address", "127.0.0.1", "--port", str(port), "--root-dir", str(root)),
    ]


def mockoon_command(environment: pathlib.Path, home: pathlib.Path, port: int) -> list[str]:
    """Mockoon's CLI at its defaults (a log line per transaction, to stdout and to a file under
    $HOME, here the run's work directory), serving `environment` (bench/peers/stubs.py)."""
    launcher = ensure_npm_package(MOCKOON_PACKAGE, MOCKOON_DIR, "mockoon-cli")
    return [
        *("env", f"HOME={home}", str(launcher), "start", "--data", str(environment)),
        *("--hostname", "127.0.0.1", "--port", str(port)),
    ]


def ensure_prism() -> pathlib.Path:
    """Prism's launcher, installed with npm into bench/.prism on first use."""
    return ensure_npm_package(PRISM_PACKAGE, PRISM_DIR, "prism")


def ensure_wiremock() -> pathlib.Path:
    """The jar the npm package `wiremock` bundles, installed into bench/.wiremock."""
    ensure_npm_package(WIREMOCK_PACKAGE, WIREMOCK_DIR, "wiremock")
    jars = sorted((WIREMOCK_DIR / "node_modules" / "wiremock" / "build").glob("*.jar"))
    if not jars:
        raise PeerUnavailable(f"{WIREMOCK_PACKAGE} holds no jar under build/")
    return jars[-1]


def ensure_java() -> str:
    """The java binary: Debian's default-jre-headless, installed with apt-get when missing
    and running as root."""
    found = shutil.which("java")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("bench: installing default-jre-headless with apt-get ...", flush=True)
        install = ["apt-get", "install", "-y", "default-jre-headless"]
        if _quietly(install):
            _quietly(["apt-get", "update"])
            _quietly(install)
        found = shutil.which("java")
        if found:
            return found
    raise PeerUnavailable(
        "WireMock needs Java 11+, which is not on PATH and could not be installed "
        "(try: apt-get install -y default-jre-headless)"
    )


def _quietly(command: list[str]) -> int:
    return subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    ).returncode


def ensure_npm_package(package: str, folder: pathlib.Path, binary: str) -> pathlib.Path:
    """The launcher `binary` of an npm package installed into `folder` on first use."""
    launcher = folder / "node_modules" / ".bin" / binary
    if launcher.exists():
        return launcher
    if not (shutil.which("node") and shutil.which("npm")):
        raise PeerUnavailable(
            f"{package} needs Node.js and npm, which are not on PATH; install Node.js 18+ "
            "(e.g. apt-get install nodejs npm) or leave this target out"
        )
    print(f"bench: installing {package} into {folder} ...", flush=True)
    folder.mkdir(parents=True, exist_ok=True)
    installed = subprocess.run(
        ["npm", "install", "--prefix", str(folder), "--no-audit", "--no-fund", package],
        capture_output=True,
        text=True,
        check=False,
    )
    if installed.returncode or not launcher.exists():
        raise PeerUnavailable(f"npm install {package} failed:\n{installed.stderr[-2000:]}")
    return launcher


def start(name: str, command: list[str], port: int, timeout: float = 60.0) -> tuple[Server, float]:
    """Start a server and wait for its first 200: (server, seconds from spawn to that 200)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    server = Server(name, port, process)
    deadline = started + timeout
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}: {' '.join(command)}")
        try:
            status, _ = request(port, "GET", READY_PATH, headers=READY_HEADERS, timeout=1)
        except OSError:
            time.sleep(0.002)
            continue
        if status == 200:
            return server, time.perf_counter() - started
        time.sleep(0.002)
    server.stop()
    raise RuntimeError(f"{name} did not answer 200 within {timeout} s")
