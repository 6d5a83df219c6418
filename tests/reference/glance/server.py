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


@dataclass(frozen=True)
class ImportFilters:
    """Glance's `[import_filtering_opts]` for web-download: its defaults unless a run names
    the loopback host and port of a file server of its own."""

    allowed_hosts: tuple[str, ...] = ()
    allowed_ports: tuple[int, ...] = (80, 443)


@dataclass(frozen=True)
class IdentityService:
    """A Keystone v3 endpoint Glance's keystonemiddleware checks tokens at, and the service
    user it logs in as there."""

    url: str
    user: str
    password: str
    project: str

    def auth_section(self) -> str:
        return f"""\
www_authenticate_uri = {self.url}
auth_url = {self.url}
auth_type = password
username = {self.user}
password = {self.password}
project_name = {self.project}
user_domain_name = Default
project_domain_name = Default
"""


def glance_api_conf(
    root: pathlib.Path,
    paste_ini: pathlib.Path,
    filters: ImportFilters = ImportFilters(),
    identity: IdentityService | None = None,
) -> str:
    """Glance 33 with two file backends (`fs`, the default, and `fs2`), the three import
    methods it enables by default, and the keystone paste flavor, nothing else: no image
    cache (no `image_cache_dir`, so its version document is a cacheless deployment's, v2.17
    CURRENT). Its imports run in the API process (a thread pool), on the sqlite database."""
    return f"""\
[DEFAULT]
enabled_backends = fs:file, fs2:file
enabled_import_methods = [glance-direct, web-download, copy-image]
use_stderr = true

[import_filtering_opts]
allowed_hosts = [{",".join(filters.allowed_hosts)}]
allowed_ports = [{",".join(map(str, filters.allowed_ports))}]

[database]
connection = sqlite:///{root}/glance.sqlite

[glance_store]
default_backend = fs

[fs]
filesystem_store_datadir = {root}/images

[fs2]
filesystem_store_datadir = {root}/images2

[os_glance_staging_store]
filesystem_store_datadir = {root}/staging

[os_glance_tasks_store]
filesystem_store_datadir = {root}/tasks

[paste_deploy]
flavor = keystone
config_file = {paste_ini}

[keystone_authtoken]
{identity.auth_section() if identity else LOCAL_TOKEN_CHECK}"""


# Named in WWW-Authenticate, so the middleware never asks a catalog for it; tokens are
# checked against the local table (`wsgi/glance_app.py`).
LOCAL_TOKEN_CHECK = f"www_authenticate_uri = {KEYSTONE_URI}\n"


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
    venv: pathlib.Path,
    principals: tuple[Principal, ...] = PRINCIPALS,
    filters: ImportFilters = ImportFilters(),
    identity: IdentityService | None = None,
    port: int | None = None,
    metadefs: bool = False,
) -> Iterator[str]:
    """Glance from `venv`; yields its base URL (the version document at `/`, the API at
    `/v2`). It checks tokens against `principals`, or, given an `identity` service, there as
    a deployment does; `metadefs` loads the metadata definitions Glance ships, as
    `glance-manage db_load_metadefs` does in a deployment."""
    paste_ini = venv / "etc" / "glance" / "glance-api-paste.ini"
    with tempfile.TemporaryDirectory(prefix="glance-reference-") as temp:
        root = pathlib.Path(temp)
        for folder in ("images", "images2", "staging", "tasks", "etc"):
            (root / folder).mkdir()
        config = root / "etc" / "glance-api.conf"
        config.write_text(glance_api_conf(root, paste_ini, filters, identity))
        write_tokens(root / "tokens.json", principals)
        log = root / "glance.log"
        subprocess.run(
            [str(venv / "bin" / "glance-manage"), "--config-file", str(config), "db_sync"],
            capture_output=True,
            check=True,
            timeout=START_TIMEOUT_SECONDS,
        )
        if metadefs:
            subprocess.run(
                [
                    *(str(venv / "bin" / "glance-manage"), "--config-file", str(config)),
                    *("db_load_metadefs", str(venv / "etc" / "glance" / "metadefs")),
                ],
                capture_output=True,
                check=True,
                timeout=START_TIMEOUT_SECONDS,
            )
        port = port or free_port()
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
                    *(
                        ("glance.wsgi.api:application",)
                        if identity
                        else ("--chdir", str(HERE / "wsgi"), "glance_app:application")
                    ),
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
