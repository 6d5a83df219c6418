"""`mockserver` refuses what it cannot serve (a seed it cannot read, a store it cannot open
or share) before it starts serving."""

from __future__ import annotations

import pathlib

import pytest

from mockserver.cli import main, parse_args
from tests.real_servers import free_port


def test_a_seed_with_a_typo_stops_the_mock_with_exit_status_2_and_its_name(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "seed.yaml"
    path.write_text(
        "organizations:\n  - id: daqF5uqgcxrLXCkVJQEsLJ\n    prodcuts: []\nprincipals: []\n"
    )
    assert main(["--seed", str(path)]) == 2
    error = capsys.readouterr().err
    assert error == (
        f"mockserver: {path}: organizations[0]: Object contains unknown field `prodcuts`\n"
    )


def test_more_than_one_worker_over_memory_is_refused_with_exit_status_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--workers", "2"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("mockserver: --workers 2 needs a store the workers share")
    assert "sqlite:///PATH or redis://HOST:PORT/DB" in error


@pytest.mark.parametrize("url", ["memory", "postgres://db/1", "sqlite://", "sqlite:///"])
def test_a_store_url_the_mock_cannot_open_is_exit_status_2(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--store", url]) == 2
    assert capsys.readouterr().err.startswith(f"mockserver: {url!r}:")


def test_an_unreachable_redis_stops_the_mock_with_exit_status_2_hiding_its_password(
    capsys: pytest.CaptureFixture[str],
) -> None:
    port = free_port()
    assert main(["--store", f"redis://:s3cret@127.0.0.1:{port}/0"]) == 2
    error = capsys.readouterr().err
    assert error.startswith(
        f"mockserver: redis://:***@127.0.0.1:{port}/0: The state store is unavailable"
    )


def test_workers_must_be_positive() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--workers", "0"])
    assert exit_info.value.code == 2


def test_the_store_timeout_is_two_seconds_unless_given() -> None:
    assert parse_args([]).store_timeout == 2
    assert parse_args(["--store-timeout", "0.25"]).store_timeout == 0.25


@pytest.mark.parametrize("seconds", ["0", "-1", "nan", "inf", "soon"])
def test_the_store_timeout_must_be_a_positive_number_of_seconds(seconds: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse_args(["--store-timeout", seconds])
    assert exit_info.value.code == 2


def test_the_journal_keeps_a_thousand_requests_unless_given() -> None:
    assert parse_args([]).journal_capacity == 1000
    assert parse_args(["--journal", "0"]).journal_capacity == 0
    assert parse_args(["--journal", "50"]).journal_capacity == 50


def test_the_journal_cannot_be_negative() -> None:
    with pytest.raises(SystemExit):
        parse_args(["--journal", "-1"])


def test_event_streams_are_a_hundred_unless_given_and_positive() -> None:
    assert parse_args([]).max_event_streams == 100
    assert parse_args(["--max-event-streams", "7"]).max_event_streams == 7
    with pytest.raises(SystemExit):
        parse_args(["--max-event-streams", "0"])
