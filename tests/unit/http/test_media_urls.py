"""Which `Host` headers go into image links: only those naming the address reached."""

from __future__ import annotations

import pytest

from mockserver.http.media_files import MediaUrls, names_server


@pytest.mark.parametrize(
    ("host", "server"),
    [
        ("127.0.0.1:8000", ("127.0.0.1", 8000)),
        ("localhost:8000", ("127.0.0.1", 8000)),
        ("LOCALHOST", ("127.0.0.1", 8000)),
        ("[::1]:8000", ("::1", 8000)),
        ("localhost:8000", ("::1", 8000)),
        ("192.168.1.5:8000", ("192.168.1.5", 8000)),
    ],
)
def test_a_host_naming_the_address_reached_is_taken(host: str, server: tuple[str, int]) -> None:
    assert names_server(host, server)


@pytest.mark.parametrize(
    ("host", "server"),
    [
        ("evil.example", ("127.0.0.1", 8000)),
        ("localhost", ("192.168.1.5", 8000)),
        ("evil.example/<script>", ("127.0.0.1", 8000)),
        ("a b", ("127.0.0.1", 8000)),
        ("", ("127.0.0.1", 8000)),
    ],
)
def test_any_other_host_is_not(host: str, server: tuple[str, int]) -> None:
    assert not names_server(host, server)


def scope(host: str, server: tuple[str, int]) -> dict[str, object]:
    return {"scheme": "http", "server": server, "headers": [(b"host", host.encode())]}


def test_links_under_a_foreign_host_go_to_the_address_reached() -> None:
    urls = MediaUrls(None)
    assert urls.base(scope("evil.example", ("127.0.0.1", 8000))) == "http://127.0.0.1:8000"
    assert urls.base(scope("localhost:8000", ("127.0.0.1", 8000))) == "http://localhost:8000"
    assert urls.base(scope("x", ("::1", 8000))) == "http://[::1]:8000"


def test_the_public_url_wins_over_any_host() -> None:
    urls = MediaUrls("https://images.example.com/")
    assert urls.base(scope("evil.example", ("127.0.0.1", 8000))) == "https://images.example.com"


def test_a_remembered_base_is_kept_apart_per_host_and_bounded() -> None:
    urls = MediaUrls(None)
    reached = ("127.0.0.1", 8000)
    for _ in range(2):  # the second round is answered from what the first found
        assert urls.base(scope("localhost:8000", reached)) == "http://localhost:8000"
        assert urls.base(scope("evil.example", reached)) == "http://127.0.0.1:8000"
    for n in range(MediaUrls.REMEMBERED * 2):  # a flood of Hosts is forgotten, not kept
        urls.base(scope(f"h{n}.example", reached))
    assert len(urls._found) <= MediaUrls.REMEMBERED
    assert urls.base(scope("localhost:8000", reached)) == "http://localhost:8000"
