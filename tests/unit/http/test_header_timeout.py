"""The head guard keeps uvicorn's fast parser: the guard must not cost the mock its speed."""

from __future__ import annotations

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from mockserver.http.header_timeout import with_header_timeout


def test_the_guard_is_built_on_uvicorns_httptools_protocol() -> None:
    assert issubclass(with_header_timeout(10), HttpToolsProtocol)
