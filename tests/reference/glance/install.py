"""A virtualenv of its own for a reference program (Glance; Tempest): their dependency pins
clash with the project's, so they never share the project's environment. Built once, then
reused while its marker says it was built completely from the same requirements."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import pathlib
import shutil
import subprocess
import sys
from collections.abc import Iterator

HERE = pathlib.Path(__file__).parent
CHECKOUT = HERE.parents[2]
CONSTRAINTS = HERE / "constraints.txt"
REQUIREMENTS = ("glance==33.0.0", "gunicorn")
VENV = CHECKOUT / ".reference-venvs" / "glance-33"
MARKER_NAME = ".installed"
INSTALL_TIMEOUT_SECONDS = 900


def requirements_digest(
    requirements: tuple[str, ...] = REQUIREMENTS, constraints: pathlib.Path = CONSTRAINTS
) -> str:
    """What the marker records: a changed constraint or requirement means a new install."""
    digest = hashlib.sha256(constraints.read_bytes())
    digest.update("\n".join(requirements).encode())
    return digest.hexdigest()


def reference_venv(
    venv: pathlib.Path = VENV,
    requirements: tuple[str, ...] = REQUIREMENTS,
    constraints: pathlib.Path = CONSTRAINTS,
) -> pathlib.Path:
    """The venv with `requirements` (Glance and gunicorn unless told), installing it first
    unless a complete one is there. Test processes running side by side install it once:
    the others wait for the first."""
    marker = venv / MARKER_NAME
    wanted = requirements_digest(requirements, constraints)
    venv.parent.mkdir(parents=True, exist_ok=True)
    with _locked(venv.parent / f".{venv.name}.lock"):
        if marker.is_file() and marker.read_text().strip() == wanted:
            return venv
        # A venv without its marker is a broken or outdated install: start over.
        shutil.rmtree(venv, ignore_errors=True)
        base_python = getattr(sys, "_base_executable", sys.executable)
        _run([base_python, "-m", "venv", str(venv)])
        pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check", "--quiet"]
        _run([*pip, "install", "--constraint", str(constraints), *requirements])
        marker.write_text(wanted + "\n")
    return venv


@contextlib.contextmanager
def _locked(path: pathlib.Path) -> Iterator[None]:
    """Held by one process at a time (released when it exits, however it exits)."""
    with path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _run(command: list[str]) -> None:
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_SECONDS, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} failed ({completed.returncode}):\n{completed.stderr[-4000:]}"
        )
