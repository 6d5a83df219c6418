"""`mockserver` refuses a seed it cannot read before it starts serving."""

from __future__ import annotations

import pathlib

import pytest

from mockserver.cli import main


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
