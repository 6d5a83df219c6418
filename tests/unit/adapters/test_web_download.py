"""web-download's URL filters and fetch, as Glance 33's `get_validated_address` decides:
schemes, hosts and ports; loopback reached only by a host named in `allowed_hosts`; every
redirect checked again; at most the limit read."""

from __future__ import annotations

import pytest

from mockserver.adapters.cloud_images.web_download import (
    FetchFailed,
    fetch,
    normalized_host,
    url_passes,
)
from mockserver.domain.image_import_settings import UrlFilters
from tests.file_server import serving_files

DATA = b"disk" * 1000


def loopback(port: int) -> UrlFilters:
    return UrlFilters(allowed_hosts=("127.0.0.1",), allowed_ports=(port,))


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "ftp://example.com/disk",
        "http://127.0.0.1/disk",  # loopback, not named
        "http://169.254.169.254/latest",  # link-local: a cloud's metadata service
        "http://[::1]/disk",
        "http://2130706433/disk",  # 127.0.0.1 as one number
        "http://127.1/disk",
        "http://example.com:8080/disk",  # a port off the default list
    ],
)
def test_the_default_filters_refuse(url: str | None) -> None:
    assert not url_passes(url, UrlFilters())


def test_a_named_loopback_host_on_a_named_port_passes() -> None:
    assert url_passes("http://127.0.0.1:8080/disk", loopback(8080))
    assert not url_passes("http://127.0.0.1:8081/disk", loopback(8080))


def test_only_the_allowed_list_counts_where_both_are_given() -> None:
    filters = UrlFilters(allowed_schemes=("http",), disallowed_schemes=("http",))
    assert url_passes("http://10.0.0.1/disk", filters)


def test_a_disallowed_address_is_refused() -> None:
    assert not url_passes("http://10.0.0.1/disk", UrlFilters(disallowed_hosts=("10.0.0.1",)))


def test_an_address_is_written_in_its_standard_form() -> None:
    assert normalized_host("::ffff:127.0.0.1") == "::ffff:7f00:1"
    assert normalized_host("0x7f000001") is None


def test_fetch_gives_a_200_s_body() -> None:
    with serving_files({"/disk.raw": DATA}) as files:
        assert fetch(files.url("/disk.raw"), loopback(files.port), 1 << 20) == DATA


def test_fetch_refuses_a_url_the_filters_refuse_before_connecting() -> None:
    with serving_files({"/disk.raw": DATA}) as files:
        with pytest.raises(FetchFailed, match="no allowed addresses for external host"):
            fetch(files.url("/disk.raw"), UrlFilters(allowed_ports=(files.port,)), 1 << 20)
        assert files.requested == []


def test_fetch_fails_on_another_status() -> None:
    with serving_files({}) as files, pytest.raises(FetchFailed, match="answered 404"):
        fetch(files.url("/missing"), loopback(files.port), 1 << 20)


def test_fetch_reads_no_more_than_its_limit() -> None:
    with serving_files({"/disk.raw": DATA}) as files, pytest.raises(FetchFailed, match="larger"):
        fetch(files.url("/disk.raw"), loopback(files.port), len(DATA) - 1)
