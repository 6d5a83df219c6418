"""The start-up banner: where the mock listens, and commands that work as printed, pasted
into a shell in any folder, with the mock's environment (a venv) activated or not."""

from __future__ import annotations

import ipaddress
import pathlib
import re
import shlex
import shutil
import sys
from collections.abc import Callable, Sequence
from typing import Any

from .contract_plugin import ContractPlugin
from .frontend.gallery import GALLERY_PATH
from .seed import Seed
from .served_contracts import SERVED_CONTRACTS
from .tls import trust_lines


def exposure_warning(host: str) -> str | None:
    """A warning when the mock listens beyond loopback: its admin routes take no credential,
    so anyone who reaches the port can reset it or read its state."""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if loopback:
        return None
    return (
        f"WARNING: listening on {host}, beyond loopback: anyone who reaches this port can "
        "reset the mock (POST /__admin/reset) and read its whole state (GET "
        "/__admin/state) without a credential. Give --public-url for image links under the "
        "name clients use."
    )


_COMMAND = re.compile(r"(?P<indent>\s*)(?P<program>[a-z][a-z0-9_.-]*)(?P<rest> -.*)")
"""A line that runs a program with options (`glance --os-image-url ...`), as opposed to a
line of prose or one that starts with a shell builtin (`printf %s ...`)."""


def runnable(
    lines: Sequence[str],
    scripts: pathlib.Path,
    on_path: Callable[[str], str | None] = shutil.which,
) -> list[str]:
    """`lines` with each command's program named as a shell finds it: one installed in the
    mock's own environment (`scripts`, where its Python's console scripts are) by its
    absolute path, since that environment need not be activated; one found on the PATH as
    it is. A command whose program is installed in neither (a client the mock's light
    install leaves out) is left out."""
    shown = []
    for line in lines:
        match = _COMMAND.fullmatch(line)
        if match is None:
            shown.append(line)
            continue
        installed = scripts / match["program"]
        if installed.is_file():
            shown.append(f"{match['indent']}{shlex.quote(str(installed))}{match['rest']}")
        elif on_path(match["program"]) is not None:
            shown.append(line)
    return shown


def startup_banner(
    seed: Seed,
    base_url: str,
    trusted_ca: pathlib.Path | None = None,
    contracts: Sequence[ContractPlugin[Any]] = SERVED_CONTRACTS,
    state: str | None = None,
    journal: int | None = None,
    scripts: pathlib.Path | None = None,
) -> str:
    """With `trusted_ca`, the mock serves HTTPS on a certificate that CA signed; `state`
    says where the state is kept, `journal` how many requests the journal keeps (0: off);
    `scripts` is where the mock's environment keeps its programs (by default beside the
    running Python)."""
    scripts = scripts if scripts is not None else pathlib.Path(sys.executable).parent
    lines = [f"Mock server for product-image contracts on {base_url}"]
    if trusted_ca is not None:
        lines.append(
            f"  TLS:         certificate for localhost signed by the local CA {trusted_ca}"
        )
        trust = trust_lines(trusted_ca)
        lines += [f"  Trust it:    {trust[0]}", *(f"               {line}" for line in trust[1:])]
    lines.append(f"  Gallery:     {base_url}{GALLERY_PATH} (also {base_url}/ in a browser)")
    for contract in contracts:
        lines.append(f"  Swagger UI:  {base_url}/__docs/{contract.name}/ui/")
    lines.append(f"  Admin:       POST {base_url}/__admin/reset, GET {base_url}/__admin/state")
    if journal is not None:
        kept = f"GET {base_url}/__admin/requests (the last {journal:,} requests)"
        lines.append(f"  Journal:     {kept if journal else 'off (--journal 0)'}")
    if state is not None:
        lines.append(f"  State:       {state}")
    for contract in contracts:
        example = runnable(contract.banner_lines(seed.of(contract), base_url), scripts)
        if example:
            lines += ["", f"Try it ({contract.title}):", *example]
    return "\n".join(lines)
