"""The mock's listening socket, bound before the banner is printed: the banner then shows
the port really listened on (a free one for `--port 0`), and a port already taken is one
clear line before anything else is printed."""

from __future__ import annotations

import logging
import socket

import uvicorn


def listen(host: str, port: int) -> socket.socket:
    """A TCP socket bound to (host, port), as uvicorn binds its own (IPv6 for a host
    written with a colon); raises `OSError` when it cannot be."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    bound = socket.socket(family=family)
    try:
        bound.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        bound.bind((host, port))
    except OSError:
        bound.close()
        raise
    bound.set_inheritable(True)
    return bound


def bound_port(bound: socket.socket) -> int:
    port: int = bound.getsockname()[1]
    return port


class ServerOnSocket(uvicorn.Server):
    """uvicorn's server, on a socket bound beforehand, saying where it listens in the words
    uvicorn uses when it binds its own (tools wait for that line)."""

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if not (self.started and sockets):
            return
        host, port = sockets[0].getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        scheme = "https" if self.config.ssl else "http"
        logging.getLogger("uvicorn.error").info(
            "Uvicorn running on %s://%s:%d (Press CTRL+C to quit)", scheme, shown, port
        )
