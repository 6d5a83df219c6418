"""The start-up banner: where the mock listens and a curl command that works as printed."""

from __future__ import annotations

import ipaddress
import pathlib
import shlex

from .domain.catalog import Seed
from .domain.product_pictures import CatalogAccess
from .domain.tenancy import CONTRIBUTE, CredentialKind
from .tls import trust_lines

CONTRACT_NAMES = ("closient", "cloud-images", "bitrix24")


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


def startup_banner(seed: Seed, base_url: str, trusted_ca: pathlib.Path | None = None) -> str:
    """With `trusted_ca`, the mock serves HTTPS on a certificate that CA signed."""
    lines = [f"Mock server for product-image contracts on {base_url}"]
    if trusted_ca is not None:
        lines.append(
            f"  TLS:         certificate for localhost signed by the local CA {trusted_ca}"
        )
        trust = trust_lines(trusted_ca)
        lines += [f"  Trust it:    {trust[0]}", *(f"               {line}" for line in trust[1:])]
    for contract in CONTRACT_NAMES:
        lines.append(f"  Swagger UI:  {base_url}/__docs/{contract}/ui/")
    lines.append(f"  Admin:       POST {base_url}/__admin/reset, GET {base_url}/__admin/state")
    example = _closient_example(seed, base_url)
    if example:
        lines += ["", "Try it (Closient Brand Dashboard images):", *example]
    cloud = _cloud_images_example(seed, base_url)
    if cloud:
        lines += ["", "Try it (Cloud Images):", *cloud]
    bitrix = _bitrix24_example(seed, base_url)
    if bitrix:
        lines += ["", "Try it (Bitrix24 catalog.productImage):", *bitrix]
    return "\n".join(lines)


def _closient_example(seed: Seed, base_url: str) -> list[str]:
    for principal in seed.principals:
        api_key = principal.credentials.get(CredentialKind.API_KEY)
        if api_key is None:
            continue
        for organization in seed.organizations:
            permissions = principal.memberships.get(organization.id)
            if permissions is None or CONTRIBUTE not in permissions or not organization.products:
                continue
            gtin = organization.products[0].gtin
            url = f"{base_url}/dashboard/api/v1/trade-items/{organization.id}/{gtin}/images"
            key = shlex.quote(f"X-API-Key: {api_key}")
            return [
                f"  API key {api_key} ({principal.name}), organization {organization.id}, "
                f"GTIN {gtin}",
                f"  curl -H {key} {shlex.quote(url)}",
                f"  curl -H {key} -F image=@picture.png -F is_primary=true {shlex.quote(url)}",
            ]
    return []


def _cloud_images_example(seed: Seed, base_url: str) -> list[str]:
    project = next((p for p in seed.cloud_images.projects if p.tokens), None)
    if project is None:
        return []
    header = shlex.quote(f"X-Auth-Token: {project.tokens[0]}")
    url = shlex.quote(f"{base_url}/v2/images")
    body = shlex.quote('{"name": "cirros", "disk_format": "raw", "container_format": "bare"}')
    return [
        f"  X-Auth-Token {project.tokens[0]} (project {project.id}); Glance endpoint {base_url}",
        f"  curl -H {header} {url}",
        f"  curl -H {header} -H 'Content-Type: application/json' -d {body} {url}",
        f"  glance --os-image-url {shlex.quote(base_url)}"
        f" --os-auth-token {shlex.quote(project.tokens[0])} image-list",
    ]


# A 1x1 PNG, so that the printed add command works without a file at hand.
_TINY_PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def _bitrix24_example(seed: Seed, base_url: str) -> list[str]:
    user = next(
        (u for u in seed.bitrix24.users if u.webhooks and u.access is CatalogAccess.MODIFY), None
    )
    if user is None or not seed.bitrix24.products:
        return []
    product = seed.bitrix24.products[0].id
    webhook = f"{base_url}/rest/{user.id}/{user.webhooks[0]}"
    json_header = shlex.quote("Content-Type: application/json")
    listing = shlex.quote(f'{{"productId": {product}}}')
    add = shlex.quote(
        f'{{"fields": {{"productId": {product}, "type": "DETAIL_PICTURE"}}, '
        f'"fileContent": ["pixel.png", "{_TINY_PNG}"]}}'
    )
    return [
        f"  webhook user {user.id} code {user.webhooks[0]} ({user.name}), product {product}",
        f"  curl -H {json_header} -d {listing} {webhook}/catalog.productImage.list",
        f"  curl -H {json_header} -d {add} {webhook}/catalog.productImage.add",
    ]
