"""A real Glance API on a loopback port: a fresh sqlite database and file store in a temp
dir, the shipped paste pipeline with Keystone auth (its token check answered locally, see
`glance_app`), served by gunicorn."""

from __future__ import annotations

import contextlib
import json
import pathlib
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx

from tests.real_servers import free_port

HERE = pathlib.Path(__file__).parent
START_TIMEOUT_SECONDS = 60
# Keystone's public endpoint as Glance names it in WWW-Authenticate; never called.
KEYSTONE_URI = "http://127.0.0.1:5000/v3"


@dataclass(frozen=True)
class Principal:
    token: str
    project_id: str
    user_id: str
    roles: tuple[str, ...]


# The mock's demo seed tokens and projects, so one request means the same on both servers.
DEMO = Principal(
    "gAAAAAdemo-cloud-token", "9b1d5c3e0a4f4d2c8e7f6a5b4c3d2e1f", "demo-user", ("member", "reader")
)
OTHER = Principal(
    "gAAAAAother-cloud-token",
    "4e7c2a9d5b3f4a1e8c6d0b2f9a7e5c3d",
    "other-user",
    ("member", "reader"),
)
ADMIN = Principal(
    "gAAAAAdemo-cloud-admin-token",
    DEMO.project_id,
    "admin-user",
    ("admin", "member", "reader"),
)
PRINCIPALS = (DEMO, OTHER, ADMIN)


def glance_api_conf(root: pathlib.Path, paste_ini: pathlib.Path) -> str:
    """Glance 33 with one file backend and the keystone paste flavor, nothing else: no image
    cache (no `image_cache_dir`, so its version document is a cacheless deployment's, v2.17
    CURRENT), no import methods."""
    return f"""\
[DEFAULT]
enabled_backends = fs:file
enabled_import_methods = []
use_stderr = true

[database]
connection = sqlite:///{root}/glance.sqlite

[glance_store]
default_backend = fs

[fs]
filesystem_store_datadir = {root}/images

[os_glance_staging_store]
filesystem_store_datadir = {root}/staging

[os_glance_tasks_store]
filesystem_store_datadir = {root}/tasks

[paste_deploy]
flavor = keystone
config_file = {paste_ini}

[keystone_authtoken]
# Named in WWW-Authenticate, so the middleware never asks a catalog for it.
www_authenticate_uri = {KEYSTONE_URI}
"""


def write_tokens(path: pathlib.Path, principals: tuple[Principal, ...]) -> None:
    table = {
        principal.token: {
            "project_id": principal.project_id,
            "user_id": principal.user_id,
            "roles": list(principal.roles),
        }
        for principal in principals
    }
    path.write_text(json.dumps(table))


@contextlib.contextmanager
def running_glance(
    venv: pathlib.Path, principals: tuple[Principal, ...] = PRINCIPALS
) -> Iterator[str]:
    """Glance from `venv`; yields its base URL (the version document at `/`, the API at
    `/v2`)."""
    paste_ini = venv / "etc" / "glance" / "glance-api-paste.ini"
    with tempfile.TemporaryDirectory(prefix="glance-reference-") as temp:
        root = pathlib.Path(temp)
        for folder in ("images", "staging", "tasks", "etc"):
            (root / folder).mkdir()
        config = root / "etc" / "glance-api.conf"
        config.write_text(glance_api_conf(root, paste_ini))
        write_tokens(root / "tokens.json", principals)
        log = root / "glance.log"
        subprocess.run(
            [str(venv / "bin" / "glance-manage"), "--config-file", str(config), "db_sync"],
            capture_output=True,
            check=True,
            timeout=START_TIMEOUT_SECONDS,
        )
        port = free_port()
        environment = {
            "OS_GLANCE_CONFIG_DIR": str(root / "etc"),
            "GLANCE_REFERENCE_TOKENS": str(root / "tokens.json"),
            "PATH": str(venv / "bin"),
        }
        with log.open("wb") as log_file:
            process = subprocess.Popen(
                [
                    str(venv / "bin" / "gunicorn"),
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--no-control-socket",
                    "--chdir",
                    str(HERE / "wsgi"),
                    "glance_app:application",
                ],
                env=environment,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_serving(base_url, process, log)
            yield base_url
        finally:
            process.terminate()
            process.wait(timeout=30)


def _wait_until_serving(base_url: str, process: subprocess.Popen[bytes], log: pathlib.Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while True:
        try:
            httpx.get(base_url + "/versions", timeout=2)
            return
        except httpx.TransportError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"Glance did not start at {base_url}:\n{log.read_text()[-4000:]}"
                ) from None
            time.sleep(0.2)
