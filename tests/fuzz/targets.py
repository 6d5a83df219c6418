"""What the fuzzer needs to know of each contract: its document, where it is served, the
credentials that get a request past authentication, the demo values its path parameters
are pinned to most of the time (random ones mostly stop at a 404), and its listing."""

from __future__ import annotations

import pathlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tests.demo import (
    BITRIX_PRODUCT,
    BITRIX_TOKEN,
    BITRIX_USER,
    BITRIX_WEBHOOK_CODE,
    CLOUD_TOKEN,
    CONTRIBUTOR_KEY,
    DEMO_ORG,
    GTIN,
    images_path,
)

State = Mapping[str, Any]
"""`/__admin/state` as JSON."""
SPEC = pathlib.Path(__file__).resolve().parents[2] / "spec"


@dataclass(frozen=True)
class Listing:
    """A read of the contract's state that must answer 200 after every case."""

    method: str
    path: str
    headers: Mapping[str, str]
    json: object = None


@dataclass(frozen=True)
class FuzzTarget:
    name: str
    document: pathlib.Path
    base_path: str
    """Prefixed to the document's paths (its own `servers` entry for the mock)."""
    headers: Mapping[str, str]
    """Credentials, sent in place of generated ones most of the time."""
    path_pins: Mapping[str, str]
    listing: Listing
    body_pins: Mapping[str, object] = field(default_factory=dict)
    """Members set in a generated JSON object body most of the time (Bitrix24's `auth`)."""
    live_pins: Callable[[State], Mapping[str, Sequence[object]]] = lambda state: {}
    """Values of path parameters and body members that name what the state holds now (an
    image id), one picked at random each time."""


def closient_images(state: State) -> Mapping[str, Sequence[object]]:
    products = [
        product
        for organization in state["organizations"]
        if organization["id"] == DEMO_ORG
        for product in organization["products"]
        if product["gtin"] == GTIN
    ]
    return {"image_id": [image["id"] for product in products for image in product["images"]]}


def cloud_images(state: State) -> Mapping[str, Sequence[object]]:
    projects = state["cloud_images"]["projects"]
    return {
        "image_id": [image["id"] for image in projects[0]["images"]],
        "member_id": [project["id"] for project in projects[1:]],
    }


def bitrix24_pictures(state: State) -> Mapping[str, Sequence[object]]:
    products = [p for p in state["bitrix24"]["products"] if p["id"] == BITRIX_PRODUCT]
    return {"id": [picture["id"] for product in products for picture in product["pictures"]]}


CLOSIENT = FuzzTarget(
    name="closient",
    document=SPEC / "closient" / "dashboard-images.yaml",
    base_path="",
    headers={"X-API-Key": CONTRIBUTOR_KEY},
    path_pins={"organization_id": DEMO_ORG, "gtin": GTIN},
    listing=Listing("GET", images_path(), {"X-API-Key": CONTRIBUTOR_KEY}),
    live_pins=closient_images,
)
CLOUD_IMAGES = FuzzTarget(
    name="cloud-images",
    document=SPEC / "cloud-images" / "openapi.yaml",
    base_path="/v2",
    headers={"X-Auth-Token": CLOUD_TOKEN},
    path_pins={},
    listing=Listing("GET", "/v2/images", {"X-Auth-Token": CLOUD_TOKEN}),
    live_pins=cloud_images,
)
BITRIX24 = FuzzTarget(
    name="bitrix24",
    document=SPEC / "bitrix24" / "openapi.yaml",
    base_path="",
    headers={},
    path_pins={"user_id": str(BITRIX_USER), "webhook": BITRIX_WEBHOOK_CODE},
    listing=Listing(
        "POST",
        f"/rest/{BITRIX_USER}/{BITRIX_WEBHOOK_CODE}/catalog.productImage.list",
        {},
        {"productId": BITRIX_PRODUCT},
    ),
    body_pins={"auth": BITRIX_TOKEN, "productId": BITRIX_PRODUCT},
    live_pins=bitrix24_pictures,
)
TARGETS = {target.name: target for target in (CLOSIENT, CLOUD_IMAGES, BITRIX24)}
