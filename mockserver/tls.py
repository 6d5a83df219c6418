"""HTTPS for the mock: a local certificate authority, made on first use and kept, and a
certificate it signed for the loopback names.

Clients that check certificates (some vendors' SDKs speak only `https://`) trust the mock
once they trust the CA's file; keeping the CA between runs means they are told once.
"""

from __future__ import annotations

import fcntl
import os
import pathlib
import shlex
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

SERVED_NAMES = ("localhost", "127.0.0.1", "::1")
CA_ORGANIZATION = "product-image-contracts mock server"
CA_FILE = "ca.pem"
CA_KEY_FILE = "ca-key.pem"
CERTIFICATE_FILE = "localhost.pem"
KEY_FILE = "localhost-key.pem"
TRUST_VARIABLES = ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "CURL_CA_BUNDLE", "NODE_EXTRA_CA_CERTS")
"""Where Python's requests, OpenSSL-based clients (httpx, Python's ssl), curl and Node.js
look for the CAs they trust."""


@dataclass(frozen=True)
class TlsFiles:
    ca_certificate: pathlib.Path
    """What clients trust."""
    certificate: pathlib.Path
    """The served certificate and its chain."""
    private_key: pathlib.Path


def default_tls_directory(environment: dict[str, str]) -> pathlib.Path:
    """The per-user state directory (`$XDG_STATE_HOME`, else `~/.local/state`)."""
    state = environment.get("XDG_STATE_HOME") or str(pathlib.Path.home() / ".local" / "state")
    return pathlib.Path(state) / "product-image-contracts" / "tls"


def local_certificates(directory: pathlib.Path) -> TlsFiles:
    """The CA and served certificate kept in `directory`, made there when missing."""
    files = TlsFiles(directory / CA_FILE, directory / CERTIFICATE_FILE, directory / KEY_FILE)
    with _locked(directory):  # two mocks starting at once make one CA, not two
        if not all(path.is_file() for path in (*_all(files), directory / CA_KEY_FILE)):
            _make(directory, files)
    return files


def trust_lines(ca_certificate: pathlib.Path) -> list[str]:
    """Shell lines that make the usual clients trust the CA."""
    return [f"export {name}={shlex.quote(str(ca_certificate))}" for name in TRUST_VARIABLES]


def _all(files: TlsFiles) -> tuple[pathlib.Path, ...]:
    return (files.ca_certificate, files.certificate, files.private_key)


def _make(directory: pathlib.Path, files: TlsFiles) -> None:
    # Imported here: the cryptography it loads costs every start-up, and only --tls needs it.
    import trustme

    ca = trustme.CA(organization_name=CA_ORGANIZATION)
    served = ca.issue_cert(*SERVED_NAMES)
    _write(directory / CA_KEY_FILE, ca.private_key_pem.bytes(), private=True)
    _write(files.private_key, served.private_key_pem.bytes(), private=True)
    _write(files.certificate, b"".join(blob.bytes() for blob in served.cert_chain_pems))
    _write(files.ca_certificate, ca.cert_pem.bytes())


def _write(path: pathlib.Path, content: bytes, *, private: bool = False) -> None:
    """Replace `path` whole, so that a reader never sees half a file."""
    partial = path.with_name(path.name + ".partial")
    descriptor = os.open(
        partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644
    )
    with os.fdopen(descriptor, "wb") as file:
        file.write(content)
    os.replace(partial, path)


@contextmanager
def _locked(directory: pathlib.Path) -> Iterator[None]:
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
