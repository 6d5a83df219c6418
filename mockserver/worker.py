"""One worker process of `mockserver --workers N`: uvicorn starts each with the import
paths below, and the command line hands its configuration down through one environment
variable (a process started afresh inherits nothing else)."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import pathlib
import sys
from typing import Any

import msgspec
from starlette.types import ASGIApp

from .app import create_app
from .config import MockConfig
from .http.access_log import AccessLog
from .http.header_timeout import with_header_timeout
from .http.joined_writes import with_joined_writes

CONFIG_VARIABLE = "MOCKSERVER_WORKER_CONFIG"
APP_FACTORY = "mockserver.worker:app"
HTTP_PROTOCOL = "mockserver.worker:http_protocol"


def encode_config(config: MockConfig) -> str:
    return msgspec.json.encode(config, enc_hook=str).decode()


def decode_config(text: str) -> MockConfig:
    def paths(kind: type, value: Any) -> Any:
        if kind is pathlib.Path:
            return pathlib.Path(value)
        raise NotImplementedError(kind)

    return msgspec.json.decode(text, type=MockConfig, dec_hook=paths)


def logs_access(config: MockConfig) -> bool:
    """Whether requests are logged: as by uvicorn, at log level info or lower."""
    level = logging.getLevelName(config.log_level.upper())
    return config.access_log and isinstance(level, int) and level <= logging.INFO


def served(config: MockConfig, app: ASGIApp) -> ASGIApp:
    """The app as served: behind our access log (the same line per request as uvicorn's,
    without `logging`'s cost) when requests are logged."""
    return AccessLog(app, sys.stdout) if logs_access(config) else app


FULL_COLLECTION_EVERY = 100
"""Young-generation collections between two full ones (Python's default is 10). A full
collection looks through every image the store holds and stops every request meanwhile:
with 20,000 to 30,000 images kept (a few seconds of uploads at load), each took 20 to 210
ms, five in twenty seconds of uploads, and made those requests' tail."""


def settle_for_serving() -> None:
    """Leave what start-up built out of every later collection, and make full collections
    rare: what lives long is the state clients stored, and garbage a request leaves in
    cycles (an exception's traceback) is young when it dies, so young collections find it."""
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)


def http_protocol_of(config: MockConfig) -> type[asyncio.Protocol]:
    """uvicorn's HTTP protocol with the configured bounds on a request's head and body,
    each connection's writes of a turn of the event loop sent as one at its end."""
    return with_joined_writes(
        with_header_timeout(config.header_timeout, config.max_head_bytes, config.body_timeout)
    )


def app() -> ASGIApp:
    """A worker's app, over the store every worker shares (its seed's pictures are
    already stocked by the command that started the workers)."""
    config = _config()
    app = served(config, create_app(config))
    settle_for_serving()
    return app


def __getattr__(name: str) -> Any:
    # uvicorn imports the protocol class by name; it is made from the configuration.
    if name == "http_protocol":
        return http_protocol_of(_config())
    raise AttributeError(name)


def _config() -> MockConfig:
    return decode_config(os.environ[CONFIG_VARIABLE])
