"""The start-up banner: its commands as a shell finds them, the journal's line, and the
warning printed when the mock listens beyond loopback."""

from __future__ import annotations

import pathlib

import pytest

from mockserver.banner import exposure_warning, runnable, startup_banner
from mockserver.seed import load_seed


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "localhost", "127.0.0.2"])
def test_loopback_needs_no_warning(host: str) -> None:
    assert exposure_warning(host) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "mybox.local"])
def test_any_other_address_warns_that_admin_routes_are_open(host: str) -> None:
    warning = exposure_warning(host)
    assert warning is not None
    assert "/__admin/reset" in warning
    assert host in warning


def test_a_program_of_the_mocks_environment_is_named_by_its_absolute_path(
    tmp_path: pathlib.Path,
) -> None:
    (tmp_path / "glance").write_text("")
    lines = runnable(["  glance --os-image-url http://mock image-list"], tmp_path, lambda _: None)
    assert lines == [f"  {tmp_path}/glance --os-image-url http://mock image-list"]


def test_a_program_found_on_the_path_is_left_as_it_is(tmp_path: pathlib.Path) -> None:
    line = "  curl -H 'X-API-Key: k' http://mock/images"
    assert runnable([line], tmp_path, {"curl": "/usr/bin/curl"}.get) == [line]


def test_a_command_whose_program_is_installed_nowhere_is_left_out(tmp_path: pathlib.Path) -> None:
    lines = ["  token abc", "  glance --os-image-url http://mock image-list", "  printf %s x"]
    assert runnable(lines, tmp_path, lambda _: None) == ["  token abc", "  printf %s x"]


def test_a_path_with_a_space_is_quoted(tmp_path: pathlib.Path) -> None:
    scripts = tmp_path / "my venv" / "bin"
    scripts.mkdir(parents=True)
    (scripts / "glance").write_text("")
    [line] = runnable(["  glance --version"], scripts, lambda _: None)
    assert line == f"  '{scripts}/glance' --version"


def test_the_banner_names_the_journal() -> None:
    on = startup_banner(load_seed(), "http://mock", journal=1000).splitlines()
    assert "  Journal:     GET http://mock/__admin/requests (the last 1,000 requests)" in on
    off = startup_banner(load_seed(), "http://mock", journal=0).splitlines()
    assert "  Journal:     off (--journal 0)" in off
