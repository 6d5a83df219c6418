"""The warning printed at start when the mock listens beyond loopback."""

from __future__ import annotations

import pytest

from mockserver.banner import exposure_warning


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "localhost", "127.0.0.2"])
def test_loopback_needs_no_warning(host: str) -> None:
    assert exposure_warning(host) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "mybox.local"])
def test_any_other_address_warns_that_admin_routes_are_open(host: str) -> None:
    warning = exposure_warning(host)
    assert warning is not None
    assert "/__admin/reset" in warning
    assert host in warning
