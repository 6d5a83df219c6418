"""A loopback HTTP server of a few files, for the tests that make a server fetch a URL:
each path answers its bytes (200), an unknown path 404, and a path given a gate waits for
the gate to open before it answers."""

from __future__ import annotations

import contextlib
import http.server
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

GATE_TIMEOUT_SECONDS = 30
POLL_SECONDS = 0.02


@dataclass
class FileServer:
    base_url: str
    port: int
    files: dict[str, bytes]
    gates: dict[str, threading.Event] = field(default_factory=dict)
    requested: list[str] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)
    """Set once a request has arrived."""

    def url(self, path: str) -> str:
        return self.base_url + path


@contextlib.contextmanager
def serving_files(files: Mapping[str, bytes]) -> Iterator[FileServer]:
    state = FileServer("", 0, dict(files))

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requested.append(self.path)
            state.arrived.set()
            gate = state.gates.get(self.path)
            if gate is not None:
                gate.wait(GATE_TIMEOUT_SECONDS)
            content = state.files.get(self.path)
            if content is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, *_: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.port = server.server_address[1]
    state.base_url = f"http://127.0.0.1:{state.port}"
    # A short poll: shutting the server down waits for it.
    thread = threading.Thread(target=server.serve_forever, args=(POLL_SECONDS,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        for gate in state.gates.values():
            gate.set()
        server.shutdown()
        server.server_close()
