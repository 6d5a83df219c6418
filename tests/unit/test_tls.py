"""The local CA: made on first use, kept and reused, its certificate valid for localhost."""

from __future__ import annotations

import pathlib
import ssl

from mockserver.cli import parse_args
from mockserver.tls import default_tls_directory, local_certificates, trust_lines


def test_the_ca_is_made_once_and_kept_between_runs(tmp_path: pathlib.Path) -> None:
    first = local_certificates(tmp_path / "tls")
    made = first.ca_certificate.read_bytes()

    second = local_certificates(tmp_path / "tls")

    assert second == first
    assert second.ca_certificate.read_bytes() == made


def test_the_served_certificate_is_trusted_through_the_ca_for_loopback_names(
    tmp_path: pathlib.Path,
) -> None:
    files = local_certificates(tmp_path)
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(files.certificate, files.private_key)
    client = ssl.create_default_context(cafile=str(files.ca_certificate))

    for name in ("localhost", "127.0.0.1"):
        _handshake(server, client, name)
    assert (files.private_key.stat().st_mode & 0o777) == 0o600


def _handshake(server: ssl.SSLContext, client: ssl.SSLContext, name: str) -> None:
    """A TLS handshake in memory; raises `ssl.SSLCertVerificationError` if `name` fails."""
    wires = [ssl.MemoryBIO() for _ in range(4)]
    client_end = client.wrap_bio(wires[0], wires[1], server_hostname=name)
    server_end = server.wrap_bio(wires[2], wires[3], server_side=True)
    done = {"client": False, "server": False}
    for _ in range(10):
        for side, end, outgoing, incoming in (
            ("client", client_end, wires[1], wires[2]),
            ("server", server_end, wires[3], wires[0]),
        ):
            try:
                end.do_handshake()
                done[side] = True
            except ssl.SSLWantReadError:
                pass
            incoming.write(outgoing.read())
        if all(done.values()):
            return
    raise AssertionError(f"no handshake for {name}")


def test_the_state_directory_follows_xdg_state_home() -> None:
    assert default_tls_directory({"XDG_STATE_HOME": "/state"}) == pathlib.Path(
        "/state/product-image-contracts/tls"
    )


def test_trust_lines_name_every_client_variable(tmp_path: pathlib.Path) -> None:
    lines = trust_lines(tmp_path / "a b" / "ca.pem")

    assert [line.split("=")[0] for line in lines] == [
        "export REQUESTS_CA_BUNDLE",
        "export SSL_CERT_FILE",
        "export CURL_CA_BUNDLE",
        "export NODE_EXTRA_CA_CERTS",
    ]
    assert all(line.endswith("/a b/ca.pem'") for line in lines)


def test_tls_is_off_unless_asked_for(tmp_path: pathlib.Path) -> None:
    assert parse_args([]).tls_directory is None
    assert parse_args(["--tls", "--tls-dir", str(tmp_path)]).tls_directory == tmp_path
