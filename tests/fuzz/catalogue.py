"""The malformed-input catalogues of the integration tests as requests to a live mock, so
the fuzzer sends each of them too (with each contract's credentials)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tests.demo import CLOUD_PROJECT, CLOUD_TOKEN, auth
from tests.integration import test_bad_input_catalogue as closient
from tests.integration.bitrix24 import test_bad_input_catalogue as bitrix24
from tests.integration.cloud_images import test_bad_input as cloud_images

CatalogueRequest = dict[str, Any]


def catalogue(contract: str, cloud_image_id: str) -> Iterator[tuple[str, CatalogueRequest]]:
    """Each malformed request of `contract`'s catalogue, by name, as httpx arguments."""
    if contract == "closient":
        for name, (_, request) in closient.MALFORMED.items():
            yield name, {**request, "headers": {**auth(), **request.get("headers", {})}}
    elif contract == "bitrix24":
        for name, (_, request) in bitrix24.MALFORMED.items():
            yield name, dict(request)
    elif contract == "cloud-images":
        yield from _cloud_images(cloud_image_id)


def _on_the_wire(headers: dict[str, str]) -> dict[str, bytes]:
    """Header values as bytes (httpx takes only ASCII text), Latin-1 as HTTP/1.1 reads them."""
    return {name: value.encode("latin-1") for name, value in headers.items()}


def _cloud_images(image_id: str) -> Iterator[tuple[str, CatalogueRequest]]:
    token = {"X-Auth-Token": CLOUD_TOKEN}
    for name, body in cloud_images.UNTAKEABLE.items():
        json_type = {**token, "Content-Type": "application/json"}
        yield (
            f"create: {name}",
            {"method": "POST", "url": "/v2/images", "content": body, "headers": json_type},
        )
        patch = {**token, "Content-Type": cloud_images.PATCH}
        yield (
            f"patch: {name}",
            {"method": "PATCH", "url": f"/v2/images/{image_id}", "content": body, "headers": patch},
        )
    for name, (header, value) in cloud_images.UNREADABLE_RANGES.items():
        yield (
            f"download: {name}",
            {
                "method": "GET",
                "url": f"/v2/images/{image_id}/file",
                "headers": _on_the_wire({**token, header: value}),
            },
        )
    yield (
        "member of another project",
        {
            "method": "POST",
            "url": f"/v2/images/{image_id}/members",
            "json": {"member": CLOUD_PROJECT},
            "headers": token,
        },
    )
