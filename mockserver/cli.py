"""`mockserver`: parse the command line, build the config, serve with uvicorn."""

from __future__ import annotations

import argparse
import gc
import math
import os
import pathlib
import shutil
import sys
import tempfile
import urllib.parse
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from .config import MockConfig
from .domain.catalog import DEFAULT_MAX_IMAGE_BYTES
from .domain.ratelimit import DEFAULT_WINDOWS, parse_windows
from .http.cors import LOCAL_ORIGINS, OriginPatternError, cors_settings
from .store import DEFAULT_STORE_URL, STORE_URL_FORMS
from .tls import default_tls_directory

__all__ = ["main", "parse_args"]

STARTUP_FAILURE = 3
"""The exit status uvicorn gives a server that did not start."""


def parse_args(argv: Sequence[str] | None = None) -> MockConfig:
    parser = argparse.ArgumentParser(
        prog="mockserver",
        description="Stateful mock server for the product-image contracts in spec/.",
        epilog="mockserver seed export writes a seed from what a deployment's public APIs "
        "show (mockserver seed export --help).",
    )
    parser.add_argument("--seed", type=pathlib.Path, help="YAML seed file (default: demo seed)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--public-url", help="base URL of image links (default: the host each request used)"
    )
    parser.add_argument(
        "--max-upload-bytes", type=int, default=DEFAULT_MAX_IMAGE_BYTES, metavar="N"
    )
    parser.add_argument(
        "--max-store-bytes",
        type=int,
        default=MockConfig.max_store_bytes,
        metavar="N",
        help="bytes of images kept across every contract; past it writes are refused "
        "(default: %(default)s, 1 GiB)",
    )
    parser.add_argument(
        "--rate-limit",
        default=",".join(f"{w.limit}/{w.seconds}" for w in DEFAULT_WINDOWS),
        metavar="WINDOWS",
        help="LIMIT/SECONDS windows, comma-separated, or 'off' (default: %(default)s)",
    )
    parser.add_argument(
        "--cors-origin",
        action="append",
        metavar="ORIGIN",
        help="an origin whose pages may call the APIs with credentials, repeatable; '*' in it "
        "is any subdomain or port (https://*.example.com, http://localhost:*); '*' alone "
        "allows any origin without credentials (default: http(s)://localhost, 127.0.0.1 "
        "and [::1] on any port)",
    )
    parser.add_argument(
        "--tls",
        action="store_true",
        help="serve HTTPS, on a certificate for localhost signed by a local CA made on first use",
    )
    parser.add_argument(
        "--tls-dir",
        type=pathlib.Path,
        metavar="DIR",
        help="where the local CA and certificate are kept (default: %(default)s)",
        default=default_tls_directory(dict(os.environ)),
    )
    parser.add_argument(
        "--no-pictures",
        action="store_true",
        help="start every gallery empty, without the pictures the seed gives products",
    )
    parser.add_argument(
        "--faults",
        type=pathlib.Path,
        metavar="FILE",
        help="YAML rules of errors, delays and dropped connections per operation",
    )
    parser.add_argument(
        "--header-timeout",
        type=float,
        default=MockConfig.header_timeout,
        metavar="SECONDS",
        help="close a connection whose request headers take longer (default: %(default)s)",
    )
    parser.add_argument(
        "--body-timeout",
        type=float,
        default=MockConfig.body_timeout,
        metavar="SECONDS",
        help="answer 408 and close when a request body takes longer (default: %(default)s)",
    )
    parser.add_argument(
        "--keep-alive-timeout",
        type=int,
        default=MockConfig.keep_alive_timeout,
        metavar="SECONDS",
        help="close an idle kept-alive connection after (default: %(default)s)",
    )
    parser.add_argument(
        "--max-connections",
        type=int,
        default=MockConfig.max_connections,
        metavar="N",
        help="connections and requests at once; more are answered 503 (default: %(default)s)",
    )
    parser.add_argument(
        "--max-event-streams",
        type=int,
        default=MockConfig.max_event_streams,
        metavar="N",
        help="gallery live-update streams at once, at most half of --max-connections; more "
        "are answered 503 (default: %(default)s)",
    )
    parser.add_argument(
        "--max-head-bytes",
        type=int,
        default=MockConfig.max_head_bytes,
        metavar="N",
        help="close a connection whose request head is still incomplete past N bytes "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--store",
        default=DEFAULT_STORE_URL,
        metavar="URL",
        help=f"where the state is kept: {STORE_URL_FORMS} (default: %(default)s, "
        "gone when the mock stops)",
    )
    parser.add_argument(
        "--store-timeout",
        type=float,
        default=MockConfig.store_timeout,
        metavar="SECONDS",
        help="answer 503 to a request whose SQLite or Redis store has not answered within "
        "SECONDS (default: %(default)s)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="worker processes; more than one needs a sqlite: or redis: store (default: 1)",
    )
    parser.add_argument(
        "--journal",
        type=int,
        default=MockConfig.journal_capacity,
        metavar="N",
        help="requests to the contracts kept for GET /__admin/requests, the oldest "
        "forgotten first; 0 records none (default: %(default)s)",
    )
    parser.add_argument("--log-level", default="info")
    parser.add_argument("--no-access-log", action="store_true")
    args = parser.parse_args(argv)
    for name in (
        "header_timeout",
        "body_timeout",
        "keep_alive_timeout",
        "max_connections",
        "max_event_streams",
        "max_head_bytes",
        "workers",
    ):
        if getattr(args, name) <= 0:
            parser.error(f"--{name.replace('_', '-')} must be positive")
    try:
        windows = () if args.rate_limit == "off" else parse_windows(args.rate_limit)
    except ValueError as error:
        parser.error(f"--rate-limit: {error}")
    if not 0 < args.store_timeout < math.inf:
        parser.error("--store-timeout must be a positive number of seconds")
    if args.journal < 0:
        parser.error("--journal must be 0 (off) or a number of requests")
    if args.max_upload_bytes < 1:
        parser.error("--max-upload-bytes must be positive")
    if args.max_store_bytes < 1:
        parser.error("--max-store-bytes must be positive")
    cors_origins = tuple(args.cors_origin or LOCAL_ORIGINS)
    try:
        cors_settings(cors_origins)
    except OriginPatternError as error:
        parser.error(f"--cors-origin: {error}")
    return MockConfig(
        host=args.host,
        port=args.port,
        public_url=args.public_url,
        seed_path=args.seed,
        max_image_bytes=args.max_upload_bytes,
        max_store_bytes=args.max_store_bytes,
        rate_limit_windows=windows,
        cors_origins=cors_origins,
        journal_capacity=args.journal,
        tls_directory=args.tls_dir if args.tls else None,
        seed_pictures=not args.no_pictures,
        faults_path=args.faults,
        log_level=args.log_level,
        access_log=not args.no_access_log,
        header_timeout=args.header_timeout,
        body_timeout=args.body_timeout,
        keep_alive_timeout=args.keep_alive_timeout,
        max_connections=args.max_connections,
        max_event_streams=args.max_event_streams,
        max_head_bytes=args.max_head_bytes,
        store_url=args.store,
        store_timeout=args.store_timeout,
        workers=args.workers,
    )


def main(argv: Sequence[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else list(argv)
    if given[:2] == ["seed", "export"]:
        from .seed_export.command import main as seed_export  # not imported to serve

        return seed_export(given[2:])
    config = parse_args(given)
    # What start-up builds lives as long as the mock: no collection looks through it while
    # it is built (a full one cost some 15 ms of each start), and `_serve` leaves it out of
    # every later one.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _serve(config)
    finally:
        if collecting:
            gc.enable()


def _serve(config: MockConfig) -> int:
    # Imported here, while no collection runs (`main`): importing the mock is most of its
    # start-up, and reading the command line needs none of it.
    import uvicorn

    from .app import create_app
    from .banner import exposure_warning, startup_banner
    from .domain.store import StoreUnavailable
    from .domain.store_budget import StorageFull
    from .faults.loading import quiet_dropped_connections
    from .faults.plan import FaultPlanError
    from .http.access_log import AccessLog
    from .listening import ServerOnSocket, bound_port, listen
    from .seed import SeedError, load_seed
    from .seed_pictures.section import PictureSeedError
    from .store import StoreUrlError, open_store
    from .tls import local_certificates
    from .worker import (
        APP_FACTORY,
        CONFIG_VARIABLE,
        HTTP_PROTOCOL,
        encode_config,
        http_protocol_of,
        served,
        settle_for_serving,
    )

    try:
        seed = load_seed(config.seed_path)
        store = open_store(config.store_url, config.store_timeout)
        if config.workers > 1 and not store.shared:
            raise StoreUrlError(
                f"--workers {config.workers} needs a store the workers share "
                f"(--store sqlite:///PATH or redis://HOST:PORT/DB): with {config.store_url} "
                "each worker would answer from a state of its own"
            )
        # Built here also when workers serve: a bad fault file or picture is found before
        # they start, and the shared store gets the seed's pictures once.
        app = create_app(config, seed, store=store)
    except (SeedError, StoreUrlError, FaultPlanError, PictureSeedError) as error:
        print(f"mockserver: {error}", file=sys.stderr)
        return 2
    except StoreUnavailable as error:
        print(f"mockserver: {_without_password(config.store_url)}: {error}", file=sys.stderr)
        return 2
    except StorageFull as error:  # the seed's own pictures do not fit
        print(f"mockserver: the seed's pictures: {error}", file=sys.stderr)
        return 2
    try:
        listening = listen(config.host, config.port)
    except OSError as error:
        reason = error.strerror or str(error)
        print(
            f"mockserver: cannot listen on {config.host}:{config.port}: {reason}", file=sys.stderr
        )
        return 1
    config = replace(config, port=bound_port(listening))
    quiet_dropped_connections()
    tls = local_certificates(config.tls_directory) if config.tls_directory else None
    scheme = "https" if tls else "http"
    shown_host = "127.0.0.1" if config.host in ("0.0.0.0", "::") else config.host
    shown_host = f"[{shown_host}]" if ":" in shown_host else shown_host  # an IPv6 address
    base_url = config.public_url or f"{scheme}://{shown_host}:{config.port}"
    trusted_ca = tls.ca_certificate if tls else None
    print(
        startup_banner(
            seed,
            base_url,
            trusted_ca,
            state=_state_line(config),
            journal=config.journal_capacity,
        )
    )
    warning = exposure_warning(config.host)
    if warning is not None:
        print(warning, file=sys.stderr)
    sys.stdout.flush()
    served_app = served(config, app)
    settings: dict[str, Any] = {
        "host": config.host,
        "port": config.port,
        "log_level": config.log_level,
        "access_log": False,
        # Open gallery pages hold event streams: a stop does not wait for them to close.
        "timeout_graceful_shutdown": 1,
        "ssl_certfile": tls.certificate if tls else None,
        "ssl_keyfile": tls.private_key if tls else None,
        "timeout_keep_alive": config.keep_alive_timeout,
        "limit_concurrency": config.max_connections,
        "h11_max_incomplete_event_size": config.max_head_bytes,
        # The contracts speak no WebSocket: a handshake is a plain request to them, as where
        # no WebSocket library is installed (the runtime's case), and none is imported at
        # start (websockets cost some 10 ms of it where installed).
        "ws": "none",
        # Said, not guessed: the access log in front is not a coroutine function of its own.
        "interface": "asgi3",
    }
    settle_for_serving()  # what start-up built, left out of every collection from now on
    gc.enable()
    shared: pathlib.Path | None = None
    try:
        if config.workers > 1:
            # Each worker builds its own app from the configuration, over the same store;
            # uvicorn binds the port the workers share (the one found free for `--port 0`).
            listening.close()
            if config.journal_capacity:  # one journal: each worker serves its ring there
                shared = pathlib.Path(tempfile.mkdtemp(prefix="mockserver-journal-"))
                config = replace(config, journal_workers_folder=shared)
            os.environ[CONFIG_VARIABLE] = encode_config(config)
            uvicorn.run(
                APP_FACTORY, factory=True, workers=config.workers, http=HTTP_PROTOCOL, **settings
            )
            return 0
        server = ServerOnSocket(
            uvicorn.Config(served_app, http=http_protocol_of(config), **settings)
        )
        server.run(sockets=[listening])
        return 0 if server.started else STARTUP_FAILURE
    finally:
        if shared is not None:
            shutil.rmtree(shared, ignore_errors=True)
        listening.close()
        if isinstance(served_app, AccessLog):
            served_app.flush()


def _state_line(config: MockConfig) -> str:
    if config.store_url == DEFAULT_STORE_URL:
        return "in memory (gone when the mock stops; --store keeps it)"
    workers = f", {config.workers} workers" if config.workers > 1 else ""
    return f"{_without_password(config.store_url)}{workers}"


def _without_password(url: str) -> str:
    """A store URL fit to print: a password in it (redis://:secret@host) shown as ***."""
    parts = urllib.parse.urlsplit(url)
    if not parts.password:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))
