"""Fetching the data of a `web-download` import (and of a legacy `import` task) from its URL,
behind Glance 33's URL filters (`[import_filtering_opts]`, `utils.get_validated_address`):
the scheme, host and port must pass the allowed and disallowed lists, and the host must
resolve to an address that is neither loopback nor link-local, unless it is named in
`allowed_hosts`. The connection goes to the address that passed (so a second lookup cannot
lead elsewhere), each redirect passes the filters again, and at most `limit` bytes are read.

Blocking work (name lookups, the fetch itself): callers run these on a worker thread.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import urllib.parse
from dataclasses import dataclass
from typing import TypeVar

from ...domain.image_import_settings import UrlFilters

MAX_REDIRECTS = 5
TIMEOUT_SECONDS = 30.0
CHUNK_BYTES = 64 * 1024
T = TypeVar("T")
REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass
class FetchFailed(Exception):
    """The URL's data could not be had: refused by the filters, unreachable, not a 200,
    or larger than the limit."""

    reason: str

    def __str__(self) -> str:
        return self.reason


def url_passes(url: str | None, filters: UrlFilters) -> bool:
    """Whether `url` passes the filters (Glance's `validate_uri`); resolves its host."""
    try:
        pinned_address(url, filters)
    except FetchFailed:
        return False
    return True


def pinned_address(url: str | None, filters: UrlFilters) -> str:
    """The address to connect to for `url`, or FetchFailed saying which filter refused it."""
    if not url:
        raise FetchFailed("empty external URI")
    try:
        parsed = urllib.parse.urlparse(url)
        port = parsed.port
    except ValueError:
        raise FetchFailed(f"invalid external URI: {url}") from None
    allowed_schemes, disallowed_schemes = _one_list(
        filters.allowed_schemes, filters.disallowed_schemes
    )
    if not parsed.scheme or (
        (allowed_schemes and parsed.scheme not in allowed_schemes)
        or parsed.scheme in disallowed_schemes
    ):
        raise FetchFailed(f"scheme not allowed for external URI: {url}")
    allowed_hosts, disallowed_hosts = _one_list(filters.allowed_hosts, filters.disallowed_hosts)
    host = normalized_host(parsed.hostname)
    if not host or (allowed_hosts and host not in allowed_hosts) or host in disallowed_hosts:
        raise FetchFailed(f"host not allowed for external URI: {url}")
    allowed_ports, disallowed_ports = _one_list(filters.allowed_ports, filters.disallowed_ports)
    if port and ((allowed_ports and port not in allowed_ports) or port in disallowed_ports):
        raise FetchFailed(f"port not allowed for external URI: {url}")
    return _allowed_address(host, port or _default_port(parsed.scheme), filters)


def normalized_host(host: str | None) -> str | None:
    """An address in its standard form, a name that resolves as it is, or None for a name
    that is an encoded address (`2130706433`, `127.1`) or does not resolve."""
    if not host:
        return None
    for kind in (ipaddress.IPv4Address, ipaddress.IPv6Address):
        try:
            return str(kind(host))
        except ValueError:
            pass
    if all(character.isdigit() or character == "." for character in host):
        return None
    try:
        socket.getaddrinfo(host if host.endswith(".") else host + ".", 80)
    except (socket.gaierror, UnicodeError, ValueError):
        return None
    return host


def fetch(url: str, filters: UrlFilters, limit: int) -> bytes:
    """The body of a 200 answer to GET `url`, following redirects that pass the filters."""
    for _ in range(MAX_REDIRECTS + 1):
        address = pinned_address(url, filters)
        status, location, body = _get(url, address, limit)
        if status in REDIRECTS and location:
            url = urllib.parse.urljoin(url, location)
            continue
        if status != 200:
            raise FetchFailed(f"{url} answered {status}")
        return body
    raise FetchFailed(f"more than {MAX_REDIRECTS} redirects from {url}")


def _get(url: str, address: str, limit: int) -> tuple[int, str | None, bytes]:
    parsed = urllib.parse.urlparse(url)
    port = parsed.port or _default_port(parsed.scheme)
    host = parsed.hostname or ""
    connection = _connection(parsed.scheme, host, address, port)
    try:
        target = parsed.path or "/"
        if parsed.query:
            target += "?" + parsed.query
        connection.request("GET", target, headers={"Host": parsed.netloc})
        response = connection.getresponse()
        if response.status != 200:
            return response.status, response.getheader("Location"), b""
        return 200, None, _read_within(response, limit)
    except (OSError, ValueError, http.client.HTTPException) as error:
        raise FetchFailed(f"{url}: {error}") from None
    finally:
        connection.close()


def _read_within(response: http.client.HTTPResponse, limit: int) -> bytes:
    declared = response.getheader("Content-Length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise FetchFailed(f"the data is larger than {limit} bytes")
    chunks, size = [], 0
    while chunk := response.read(CHUNK_BYTES):
        size += len(chunk)
        if size > limit:
            raise FetchFailed(f"the data is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


class _PinnedConnection(http.client.HTTPConnection):
    """A connection to the address that passed the filters, whatever the name resolves to
    by now."""

    def __init__(self, host: str, port: int, address: str) -> None:
        super().__init__(host, port, timeout=TIMEOUT_SECONDS)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), TIMEOUT_SECONDS)


class _PinnedTlsConnection(_PinnedConnection):
    def connect(self) -> None:
        super().connect()
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(self.sock, server_hostname=self.host)


def _connection(scheme: str, host: str, address: str, port: int) -> _PinnedConnection:
    if scheme == "https":
        return _PinnedTlsConnection(host, port, address)
    if scheme == "http":
        return _PinnedConnection(host, port, address)
    raise FetchFailed(f"cannot fetch a {scheme} URL")


def _allowed_address(host: str, port: int, filters: UrlFilters) -> str:
    """The first address of `host` that may be fetched from (Glance's
    `resolve_pinned_address`)."""
    allowed_hosts, disallowed_hosts = _one_list(filters.allowed_hosts, filters.disallowed_hosts)
    named = bool(allowed_hosts) and host in allowed_hosts
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            found = socket.getaddrinfo(host if host.endswith(".") else host + ".", port)
        except (socket.gaierror, UnicodeError, ValueError) as error:
            raise FetchFailed(f"failed to resolve external host {host}: {error}") from None
        addresses = list(
            dict.fromkeys(ipaddress.ip_address(str(r[4][0]).split("%")[0]) for r in found)
        )
    for address in addresses:
        checked = address
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            checked = address.ipv4_mapped
        if named:
            return str(address)
        if checked.is_loopback or checked.is_link_local:
            continue
        if not any(
            _same_address(address, blocked) for blocked in disallowed_hosts if blocked != host
        ):
            return str(address)
    raise FetchFailed(f"no allowed addresses for external host: {host}")


def _same_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address, host: str) -> bool:
    try:
        return address == ipaddress.ip_address(host)
    except ValueError:
        return str(address) == host


def _one_list(
    allowed: tuple[T, ...], disallowed: tuple[T, ...]
) -> tuple[tuple[T, ...], tuple[T, ...]]:
    """Where both lists are given, Glance obeys the allowed one alone."""
    return (allowed, ()) if allowed and disallowed else (allowed, disallowed)


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80
