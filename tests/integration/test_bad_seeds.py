"""A seed file the mock cannot take stops it at start with exit status 2 and one line that
says why, never a traceback, and within bounds of time and memory: an alias bomb, binary or
non-UTF-8 text, deep nesting, long integers, a huge file."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

from tests.real_servers import free_port

BILLION_LAUGHS = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]"
            for previous, name in zip("abcdefg", "bcdefgh", strict=True)
        ),
        "organizations: [*h, *h, *h, *h, *h, *h, *h, *h, *h]",
    ]
).encode()
BAD_SEEDS: dict[str, tuple[bytes, str]] = {
    "an alias bomb": (BILLION_LAUGHS, "expands to more than 1,000,000 nodes"),
    "binary": (bytes(range(256)), "is not UTF-8 text (byte 0x80 at offset 128)"),
    "Latin-1 text": ("organizations: []  # café\n".encode("latin-1"), "is not UTF-8 text"),
    "control characters": (b"organizations: [\x01]\n", "is not valid YAML"),
    "5,000-deep flow nesting": (
        b"organizations: " + b"[" * 5000 + b"]" * 5000,
        "is not valid YAML: while increasing flow level exceeded maximum nesting depth",
    ),
    "5,000-deep block nesting": (
        b"organizations:\n" + b"- " * 5000 + b"x\n",
        "nests deeper than 64 levels",
    ),
    "a 5,000-digit integer": (
        b"bitrix24:\n  products:\n    - {id: " + b"9" * 5000 + b", name: x}\n",
        "line 3, column 12: holds an integer of more than 64 digits",
    ),
    "a 9 MiB file": (
        b"organizations: []\n#" + b"x" * (9 * 1024 * 1024) + b"\n",
        "is larger than 8 MiB",
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", BAD_SEEDS.values(), ids=list(BAD_SEEDS))
def test_a_bad_seed_is_one_line_and_exit_2(tmp_path: pathlib.Path, case: tuple[bytes, str]) -> None:
    content, reason = case
    seed = tmp_path / "seed.yaml"
    seed.write_bytes(content)
    finished = subprocess.run(
        [sys.executable, "-m", "mockserver", "--seed", str(seed), "--port", str(free_port())],
        capture_output=True,
        timeout=30,
    )
    error = finished.stderr.decode()
    assert finished.returncode == 2, error
    assert error.count("\n") == 1, error
    assert error.startswith(f"mockserver: {seed}")
    assert reason in error
    assert "Traceback" not in error
