"""Every curl command the suite prints runs as printed, in bash and in dash, sends the very
bytes the suite sent, and gets the answer the suite got."""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from conformance.client import TargetClient
from conformance.curl import curl_command, describe_bytes
from conformance.samples import png
from tests.demo import CONTRIBUTOR_KEY
from tests.real_servers import running_mock

from .conftest import closient_target

pytestmark = pytest.mark.slow

SHELLS = [shell for shell in ("bash", "dash") if shutil.which(shell)]
SECRET = "s3cr3t-key"
SECRETS = {SECRET: "$CONFORMANCE_API_KEY"}
BODIES = {
    "json": b'{"title": "it\'s $HOME `date` \\"q\\""}',
    "multipart png": b"--b\r\nContent-Type: image/png\r\n\r\n" + png(1, 2, 3) + b"\r\n--b--\r\n",
    "nul bytes": b"\x00\x01\x02%s%%\\n\xff",
    "leading at sign": b"@/etc/passwd",
    "leading dash": b"--boundary\r\n",
    "secret inside binary": b"\x00key=" + SECRET.encode() + b"\x00",
    "bash ansi-c quoting": b"$'\\x41' '$'",
}


class Recorder(http.server.BaseHTTPRequestHandler):
    """Answers 200 to anything and keeps what it was sent."""

    received: list[tuple[str, dict[str, str], bytes]]

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        self.received.append((self.path, dict(self.headers), self.rfile.read(length)))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def recorder() -> Iterator[tuple[str, list[tuple[str, dict[str, str], bytes]]]]:
    received: list[tuple[str, dict[str, str], bytes]] = []
    handler = type("Handler", (Recorder,), {"received": received})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        thread.join(timeout=10)


def run_printed(command: str, shell: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [shell, "-c", command],
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=60,
        check=True,
    )
    return result.stdout.decode("latin-1")


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("name", sorted(BODIES))
@pytest.mark.parametrize("artifacts", [False, True], ids=["inline", "artifacts"])
def test_a_printed_command_sends_the_same_bytes(
    recorder: tuple[str, list[tuple[str, dict[str, str], bytes]]],
    tmp_path: Path,
    shell: str,
    name: str,
    artifacts: bool,
) -> None:
    base_url, received = recorder
    body = BODIES[name]
    url = f"{base_url}/path/{SECRET}?q=a b&r=$x"
    command = curl_command(
        "POST",
        str(httpx.URL(url)),
        [("X-API-Key", SECRET), ("Content-Type", "multipart/form-data; boundary=b")],
        body,
        SECRETS,
        tmp_path if artifacts else None,
    )

    run_printed(command, shell, {"CONFORMANCE_API_KEY": SECRET})

    path, headers, sent = received[-1]
    assert sent == body
    assert path == f"/path/{SECRET}?q=a%20b&r=$x"
    assert headers["X-API-Key"] == SECRET
    assert SECRET not in command
    assert command.isprintable()


def test_a_body_too_long_to_print_is_described_by_length_and_digest() -> None:
    body = bytes(range(256)) * 1024

    command = curl_command("POST", "http://h/x", [], body, {}, None)

    assert describe_bytes(body) in command
    assert "--artifacts DIR" in command
    assert len(command) < 1000


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    with running_mock("--rate-limit", "off") as base_url:
        yield base_url


@pytest.mark.parametrize("shell", SHELLS)
def test_a_printed_upload_gets_the_answer_the_suite_got(mock_url: str, shell: str) -> None:
    target = closient_target()
    with httpx.Client(base_url=mock_url) as http:
        client = TargetClient(http, target)
        client.send(
            "POST",
            target.images_path(),
            files={"image": ("a.png", png(200, 10, 10), "image/png")},
            data={"title": 'it\'s "$HOME" `x`\n\\', "is_primary": "false"},
        )
        client.send("GET", target.images_path(), params={"page_size": "101"})
        client.send("DELETE", target.images_path(image_id="2222222222222222222222"))
        client.send("GET", target.images_path(), authenticate=False)

    for exchange in client.exchanges:
        answer = run_printed(exchange.curl(), shell, {"CONFORMANCE_API_KEY": CONTRIBUTOR_KEY})

        # The last status line: one of "100 Continue" may come first.
        statuses = [line.split()[1] for line in answer.splitlines() if line.startswith("HTTP/")]
        assert statuses[-1] == str(exchange.status), exchange.curl()
        assert CONTRIBUTOR_KEY not in exchange.curl()
