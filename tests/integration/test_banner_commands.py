"""Every command the banner prints works as pasted into a shell in an empty folder, with
the mock's venv not activated (its programs are not on the PATH)."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import threading

import pytest

from tests.real_servers import free_port, wait_until_answering

pytestmark = pytest.mark.slow

SCRIPTS = str(pathlib.Path(sys.executable).parent)
COMMANDS = ("curl ", "printf ", SCRIPTS)


def test_every_printed_command_works_in_an_empty_folder(tmp_path: pathlib.Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mockserver", "--port", str(port), "--rate-limit", "off"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines: list[str] = []
        # The banner ends with Bitrix24's two calls.
        while sum(line.strip().startswith(COMMANDS) for line in _after_bitrix24(lines)) < 2:
            line = process.stdout.readline()
            assert line, "the banner ended early:\n" + "".join(lines)
            lines.append(line)
        wait_until_answering(f"http://127.0.0.1:{port}", threading.Event())
        commands = [line.strip() for line in lines if line.strip().startswith(COMMANDS)]
        assert any(command.startswith(f"{SCRIPTS}/glance ") for command in commands)
        assert any(command.startswith(f"{SCRIPTS}/openstack ") for command in commands)
        # The system's curl, as a user's shell finds it; not the venv's programs.
        path = os.pathsep.join(
            folder for folder in os.environ["PATH"].split(os.pathsep) if folder != SCRIPTS
        )
        for command in commands:
            # The answer's status, for the lines that end in a curl call.
            check = " -sS -o /dev/null -w '%{http_code}'" if "curl " in command else ""
            result = subprocess.run(
                ["bash", "-c", command + check],
                cwd=tmp_path,
                env={**os.environ, "PATH": path},
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            assert result.returncode == 0, (command, result.stderr)
            if check:
                assert result.stdout in ("200", "201"), (command, result.stdout)
        assert list(tmp_path.iterdir()) == []  # nothing needed, nothing left behind
    finally:
        process.terminate()
        process.wait(timeout=10)


def _after_bitrix24(lines: list[str]) -> list[str]:
    heading = next((i for i, line in enumerate(lines) if line.startswith("Try it (Bitrix24")), None)
    return [] if heading is None else lines[heading:]
