"""The start-up banner: where the mock listens and a curl command that works as printed."""

from __future__ import annotations

import ipaddress
import pathlib
from collections.abc import Sequence
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


def startup_banner(
    seed: Seed,
    base_url: str,
    trusted_ca: pathlib.Path | None = None,
    contracts: Sequence[ContractPlugin[Any]] = SERVED_CONTRACTS,
    state: str | None = None,
) -> str:
    """With `trusted_ca`, the mock serves HTTPS on a certificate that CA signed; `state`
    says where the state is kept."""
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
    if state is not None:
        lines.append(f"  State:       {state}")
    for contract in contracts:
        example = contract.banner_lines(seed.of(contract), base_url)
        if example:
            lines += ["", f"Try it ({contract.title}):", *example]
    return "\n".join(lines)
