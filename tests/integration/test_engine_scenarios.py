"""Scripted scenarios (create, then read, page, delete; refusals of every kind; routing,
rate limits, CORS) answered alike with and without the engine.

Each scenario runs once on a mock with the engine and once on one without, both from
the same seed (one fixed clock, the same sequence of ids), so the answers must be equal
byte for byte: status, headers but `Date` (in order) and body; and so must the state at the
end. The requests the engine is meant to take are marked, and the test checks it took
them, so the comparison is not between Connexion and itself. Generated requests are in
test_engine_generated.py.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from starlette.responses import JSONResponse, Response
from starlette.testclient import TestClient
from starlette.types import ASGIApp

from mockserver.app import create_app
from mockserver.config import MockConfig
from mockserver.domain.ids import parse_id
from mockserver.domain.ratelimit import Window
from tests.demo import (
    BITRIX_OTHER_PRODUCT,
    BITRIX_PRODUCT,
    BITRIX_TOKEN,
    BITRIX_USER,
    BITRIX_VIEWER,
    BITRIX_VIEWER_WEBHOOK_CODE,
    BITRIX_WEBHOOK_CODE,
    CLOUD_ADMIN_TOKEN,
    CLOUD_TOKEN,
    CONTRIBUTOR_BEARER,
    CONTRIBUTOR_KEY,
    CONTRIBUTOR_SESSION,
    GTIN,
    OTHER_CLOUD_TOKEN,
    OTHER_CONTRIBUTOR_KEY,
    OTHER_ORG,
    OTHER_ORG_GTIN,
    SECOND_GTIN,
    VIEWER_KEY,
    images_path,
)
from tests.images import BMP, GIF, JPEG, SVG, WEBP, png
from tests.integration.twins import Answer, Side, engines, side

LIST = images_path()
OTHER = {"X-Auth-Token": OTHER_CLOUD_TOKEN}
KEY = {"X-API-Key": CONTRIBUTOR_KEY}
SMALL_LIMIT = 4096


@dataclass
class Session:
    """One mock's side of a scenario: sends requests and records the answers."""

    side: Side
    answers: list[tuple[str, Answer]] = field(default_factory=list)
    fast_labels: list[str] = field(default_factory=list)

    def send(self, label: str, method: str, url: str, fast: bool = False, **options: Any) -> Any:
        """Send a request; `fast` marks one the engine must take itself."""
        entered = len(self.side.entered)
        response = self.side.client.request(method, url, **options)
        if fast:
            self.fast_labels.append(label)
            if len(self.side.entered) == entered:
                self.fast_labels.append(f"{label}: NOT TAKEN")
        length = response.headers.get("content-length")
        if length is not None and method != "HEAD":
            assert length == str(len(response.content)), label
        self.answers.append((label, Answer.of(response)))
        is_json = "json" in response.headers.get("content-type", "")
        return response.json() if is_json and response.content else None

    def upload(self, label: str, fast: bool = False, **options: Any) -> Any:
        options.setdefault("files", {"image": ("picture.png", png(), "image/png")})
        options.setdefault("headers", KEY)
        return self.send(label, "POST", options.pop("url", LIST), fast=fast, **options)


Scenario = Callable[[Session], None]
COMPILED_OPERATIONS = [
    [
        "apps_dashboard_api_images_list_images",
        "apps_dashboard_api_images_upload_image",
        "apps_dashboard_api_images_delete_image",
    ],
    [
        "createImage",
        "listImages",
        "showImage",
        "updateImage",
        "deleteImage",
        "uploadImageData",
        "downloadImageData",
        "deactivateImage",
        "reactivateImage",
        "addImageTag",
        "deleteImageTag",
        "listImageMembers",
        "createImageMember",
        "showImageMember",
        "updateImageMember",
        "deleteImageMember",
        "listImageTasks",
        "listTasks",
        "createTask",
        "showTask",
        "deleteTask",
        "stageImageData",
        "importImage",
        "deleteImageFromStore",
        "showImportInfo",
        "listStores",
        "listStoresDetail",
        "showSchema",
        "showMetadefSchema",
        "listMetadefResourceTypes",
        "listMetadefNamespaces",
        "createMetadefNamespace",
        "showMetadefNamespace",
        "updateMetadefNamespace",
        "deleteMetadefNamespace",
        "listMetadefObjects",
        "createMetadefObject",
        "deleteMetadefObjects",
        "showMetadefObject",
        "updateMetadefObject",
        "deleteMetadefObject",
        "listMetadefProperties",
        "createMetadefProperty",
        "deleteMetadefProperties",
        "showMetadefProperty",
        "updateMetadefProperty",
        "deleteMetadefProperty",
        "listMetadefTags",
        "createMetadefTags",
        "deleteMetadefTags",
        "showMetadefTag",
        "createMetadefTag",
        "updateMetadefTag",
        "deleteMetadefTag",
        "listMetadefResourceTypeAssociations",
        "createMetadefResourceTypeAssociation",
        "deleteMetadefResourceTypeAssociation",
    ],
    # Bitrix24: every form of a method (the transports turn each GET of a known method into
    # its POST first).
    [
        "webhookProductImageAdd",
        "webhookProductImageAddByGet",
        "tokenProductImageAdd",
        "tokenProductImageAddByGet",
        "webhookProductImageGet",
        "webhookProductImageGetByGet",
        "tokenProductImageGet",
        "tokenProductImageGetByGet",
        "webhookProductImageList",
        "webhookProductImageListByGet",
        "tokenProductImageList",
        "tokenProductImageListByGet",
        "webhookProductImageDelete",
        "webhookProductImageDeleteByGet",
        "tokenProductImageDelete",
        "tokenProductImageDeleteByGet",
        "webhookProductImageGetFields",
        "webhookProductImageGetFieldsByGet",
        "tokenProductImageGetFields",
        "tokenProductImageGetFieldsByGet",
        "webhookBatch",
        "webhookBatchByGet",
        "tokenBatch",
        "tokenBatchByGet",
    ],
]


def run(scenario: Scenario, config: MockConfig, engine: bool) -> tuple[Session, Any]:
    """The scenario's answers on one mock, and the mock's state at the end."""
    with side(config, engine) as mock:
        if engine:
            assert [f.compiled_operations for f in mock.engines] == COMPILED_OPERATIONS
        session = Session(mock)
        scenario(session)
        return session, mock.state.snapshot()


def assert_same_answers(scenario: Scenario, config: MockConfig) -> None:
    fast, fast_state = run(scenario, config, engine=True)
    reference, reference_state = run(scenario, config, engine=False)
    assert [label for label, _ in fast.answers] == [label for label, _ in reference.answers]
    for (label, answer), (_, expected) in zip(fast.answers, reference.answers, strict=True):
        assert answer == expected, label
    assert fast_state == reference_state
    assert [label for label in fast.fast_labels if "NOT TAKEN" in label] == []
    assert fast.fast_labels, "the scenario marks no request for the engine"


# --- scenarios ---------------------------------------------------------------------------


def listing(session: Session) -> None:
    send = session.send
    send("empty gallery", "GET", LIST, fast=True, headers=KEY)
    for n in range(3):
        session.upload(f"upload {n}", fast=True, data={"title": f"picture {n}"})
    session.upload("upload primary", fast=True, data={"is_primary": "true"})
    send("first page", "GET", LIST + "?page=1&page_size=2", fast=True, headers=KEY)
    send("second page", "GET", LIST + "?page=2&page_size=2", fast=True, headers=KEY)
    send("page past the end", "GET", LIST + "?page=99", fast=True, headers=KEY)
    send("largest page", "GET", LIST + "?page_size=100", fast=True, headers=KEY)
    send("repeated page_size", "GET", LIST + "?page_size=1&page_size=3", fast=True, headers=KEY)
    send("unknown parameter", "GET", LIST + "?colour=red", fast=True, headers=KEY)
    send("signed page", "GET", LIST + "?page=%2B1", fast=True, headers=KEY)
    send("GTIN-12 form", "GET", images_path(gtin=GTIN[2:]), fast=True, headers=KEY)
    send("GTIN-13 form", "GET", images_path(gtin=GTIN[1:]), fast=True, headers=KEY)
    send("bearer token", "GET", LIST, fast=True, headers=_bearer(CONTRIBUTOR_BEARER))
    send("session cookie", "GET", LIST, fast=True, cookies={"sessionid": CONTRIBUTOR_SESSION})
    send("viewer", "GET", LIST, fast=True, headers={"X-API-Key": VIEWER_KEY})
    send("bad bearer, good key", "GET", LIST, fast=True, headers={**KEY, **_bearer("nobody")})
    send("other product", "GET", images_path(gtin=SECOND_GTIN), fast=True, headers=KEY)


def listing_refusals(session: Session) -> None:
    send = session.send
    session.upload("upload", fast=True)
    for query in ("page_size=0", "page_size=101", "page_size=abc", "page_size=", "page=0"):
        send(f"bad {query}", "GET", f"{LIST}?{query}", headers=KEY)
    send("fractional page", "GET", LIST + "?page=1.5", headers=KEY)
    send("short GTIN", "GET", images_path(gtin="1234567"), headers=KEY)
    send("GTIN with letters", "GET", images_path(gtin="12345abc"), headers=KEY)
    send("GTIN of no product", "GET", images_path(gtin="12345678"), headers=KEY)
    send("short organization", "GET", images_path(organization="daqF5uq"), headers=KEY)
    send("organization with 0", "GET", images_path(organization="0" * 22), headers=KEY)
    send("not a member", "GET", images_path(OTHER_ORG, OTHER_ORG_GTIN), headers=KEY)
    send("other organization's key", "GET", LIST, headers={"X-API-Key": OTHER_CONTRIBUTOR_KEY})
    send("no key", "GET", LIST)
    send("unknown key", "GET", LIST, headers={"X-API-Key": "csb_nobody"})
    send("empty key", "GET", LIST, headers={"X-API-Key": ""})
    send("basic authorization", "GET", LIST, headers={"Authorization": "Basic Zm9vOmJhcg=="})
    send("unknown session", "GET", LIST, cookies={"sessionid": "nobody"})
    send("bad key, bad query", "GET", LIST + "?page=0", headers={"X-API-Key": "csb_nobody"})


def uploads(session: Session) -> None:
    upload = session.upload
    upload("plain", fast=True)
    upload("titled", fast=True, data={"title": "Front of package, 500 ml"})
    upload(
        "unicode title",
        fast=True,
        data={"title": "Vorderseite \u2013 \u00e4\u00f6\u00fc \U0001f600"},
    )
    upload("longest title", fast=True, data={"title": "t" * 255})
    upload("primary", fast=True, data={"is_primary": "true"})
    upload("second primary", fast=True, data={"is_primary": "TRUE", "title": "new hero"})
    upload("not primary", fast=True, data={"is_primary": "false"})
    for name, content, media_type in (
        ("picture.jpg", JPEG, "image/jpeg"),
        ("picture.gif", GIF, "image/gif"),
        ("picture.webp", WEBP, "image/webp"),
        ("picture.bmp", BMP, "image/bmp"),
        ("picture.svg", SVG, "image/svg+xml"),
    ):
        upload(name, fast=True, files={"image": (name, content, media_type)})
    upload("lying file name", fast=True, files={"image": ("notes.txt", png(), "text/plain")})
    upload("bearer", fast=True, headers=_bearer(CONTRIBUTOR_BEARER))
    upload(
        "charset parameter",
        fast=True,
        content=_multipart(b"image", png()),
        headers={**KEY, "Content-Type": f"multipart/form-data; charset=utf-8; boundary={B}"},
    )
    session.send("the gallery", "GET", LIST + "?page_size=100", fast=True, headers=KEY)


def upload_refusals(session: Session) -> None:
    upload = session.upload
    upload("not an image", files={"image": ("a.png", b"hello, world", "image/png")})
    upload("empty file", files={"image": ("a.png", b"", "image/png")})
    upload("title too long", data={"title": "t" * 256})
    upload("is_primary not a boolean", data={"is_primary": "yes"})
    upload("is_primary as 1", data={"is_primary": "1"})
    upload("no image part", files={}, data={"title": "alone"})
    upload("image as text", files={}, data={"image": "iVBORw0KGgo="})
    upload("unknown field", data={"colour": "red"})
    upload("title twice", content=_form([("title", "a"), ("title", "b")]), headers=_form_headers())
    upload(
        "two images",
        files=[("image", ("a.png", png(), "image/png")), ("image", ("b.png", png(1), "image/png"))],
    )
    upload("title as a file", files={"image": ("a.png", png()), "title": ("t.txt", b"x")})
    upload("viewer", headers={"X-API-Key": VIEWER_KEY})
    upload("not a member", url=images_path(OTHER_ORG, OTHER_ORG_GTIN))
    upload("GTIN of no product", url=images_path(gtin="12345678"))
    upload("no key", headers={})
    upload("json body", files=None, json={"title": "x"})
    upload("urlencoded body", files=None, data={"title": "x"})
    upload("no boundary", content=_multipart(b"image", png()), headers=_form_headers(""))
    upload(
        "broken multipart", content=b"--" + B.encode() + b"\r\nnonsense", headers=_form_headers()
    )
    upload(
        "mixed-case media type",
        content=_multipart(b"image", png()),
        headers=_form_headers(f"; boundary={B}", "Multipart/Form-Data"),
    )
    upload(
        "streamed, no length", content=iter([_multipart(b"image", png())]), headers=_form_headers()
    )
    upload("field over 1 MB", data={"title": "t" * (1024 * 1024 + 1)})
    upload("empty body", content=b"", headers=_form_headers())
    session.send("the gallery", "GET", LIST + "?page_size=100", fast=True, headers=KEY)


def size_limits(session: Session) -> None:
    upload = session.upload
    at_limit = png() + b"\x00" * (SMALL_LIMIT - len(png()))
    upload("image at the limit", fast=True, files={"image": ("a.png", at_limit, "image/png")})
    upload("image over the limit", files={"image": ("a.png", at_limit + b"\x00", "image/png")})
    upload("body far over the limit", files={"image": ("a.png", at_limit * 40, "image/png")})
    upload(
        "streamed far over the limit",
        content=iter([_multipart(b"image", at_limit * 40)]),
        headers=_form_headers(),
    )
    session.send("listing with a large body", "GET", LIST, headers=KEY, content=b"x" * 200_000)
    session.send("listing with a small body", "GET", LIST, fast=True, headers=KEY, content=b"x")


def deletes(session: Session) -> None:
    send = session.send
    ids = [session.upload(f"upload {n}", fast=True)["id"] for n in range(4)]
    other = session.upload(
        "upload to another product", fast=True, url=images_path(gtin=SECOND_GTIN)
    )
    send("delete", "DELETE", f"{LIST}/{ids[0]}", fast=True, headers=KEY)
    send("delete again", "DELETE", f"{LIST}/{ids[0]}", headers=KEY)
    canonical = str(parse_id(ids[1])).upper()
    send("delete by UUID", "DELETE", f"{LIST}/{canonical}", fast=True, headers=KEY)
    send(
        "delete through the GTIN-12 form",
        "DELETE",
        f"{images_path(gtin=GTIN[2:])}/{ids[2]}",
        fast=True,
        headers=KEY,
    )
    send("unknown id", "DELETE", f"{LIST}/{'2' * 22}", headers=KEY)
    send("malformed id", "DELETE", f"{LIST}/not-an-id", headers=KEY)
    send("other product's image", "DELETE", f"{LIST}/{other['id']}", headers=KEY)
    send("viewer", "DELETE", f"{LIST}/{ids[3]}", headers={"X-API-Key": VIEWER_KEY})
    send("no key", "DELETE", f"{LIST}/{ids[3]}")
    send("bad organization", "DELETE", f"{images_path(organization='x')}/{ids[3]}", headers=KEY)
    send("what is left", "GET", LIST, fast=True, headers=KEY)


def routing(session: Session) -> None:
    send = session.send
    image = session.upload("upload", fast=True)
    send("unknown contract path", "GET", "/dashboard/api/v1/nothing", headers=KEY)
    send("unknown path", "GET", "/elsewhere", headers=KEY)
    send("PUT on the gallery", "PUT", LIST, headers=KEY)
    send("PATCH on an image", "PATCH", f"{LIST}/{image['id']}", headers=KEY)
    send("GET on an image", "GET", f"{LIST}/{image['id']}", headers=KEY)
    send("HEAD on the gallery", "HEAD", LIST, headers=KEY)
    send("OPTIONS without an origin", "OPTIONS", LIST, headers=KEY)
    send("trailing slash", "GET", LIST + "/", headers=KEY)
    send("newline in a segment", "GET", images_path(gtin="0001234%0A5678905"), headers=KEY)
    send("trailing newline", "GET", LIST + "%0A", headers=KEY)
    send("encoded slash in an id", "DELETE", f"{LIST}/a%2Fb", headers=KEY)
    send("not a document", "GET", "/__docs/closient/openapi.txt")
    send("Swagger UI", "GET", "/__docs/closient/ui/")
    send("media file", "GET", image["image_url"].replace("http://testserver", ""))
    send("the gallery", "GET", LIST, fast=True, headers=KEY)


def rate_limits(session: Session) -> None:
    send = session.send
    send("list", "GET", LIST, fast=True, headers=KEY)
    send("invalid list", "GET", LIST + "?page=0", headers=KEY)
    send("delete of an unknown image", "DELETE", f"{LIST}/{'2' * 22}", headers=KEY)
    session.upload("upload", fast=True)
    send("no key", "GET", LIST)
    send("list again", "GET", LIST, fast=True, headers=KEY)
    send("refused list", "GET", LIST, headers=KEY)
    send("refused invalid list", "GET", LIST + "?page=0", headers=KEY)
    session.upload("refused upload")
    send("other client", "GET", LIST, fast=True, headers={"X-API-Key": VIEWER_KEY})
    send("docs are not counted", "GET", "/__docs/closient/openapi.txt")


def cors(session: Session) -> None:
    send = session.send
    origin = {"Origin": "http://localhost:5173"}
    send(
        "preflight",
        "OPTIONS",
        LIST,
        headers={
            **origin,
            "Access-Control-Request-Method": "DELETE",
            "Access-Control-Request-Headers": "x-api-key",
        },
    )
    send("list from a page", "GET", LIST, fast=True, headers={**KEY, **origin})
    session.upload("upload from a page", fast=True, headers={**KEY, **origin})
    send("refusal from a page", "GET", LIST, headers=origin)


def cloud_images(session: Session) -> None:
    send = session.send
    token = {"X-Auth-Token": CLOUD_TOKEN}
    admin = {"X-Auth-Token": CLOUD_ADMIN_TOKEN}
    variants: list[tuple[dict[str, str], dict[str, object]]] = [
        (token, {}),
        (token, {"protected": True}),
        (admin, {"visibility": "public"}),
        (token, {}),
    ]
    created = [
        send(f"create {n}", "POST", "/v2/images", headers=who, json={"name": f"disk {n}", **fields})
        for n, (who, fields) in enumerate(variants)
    ]
    ids = [image["id"] for image in created]
    send("show", "GET", f"/v2/images/{ids[0]}", fast=True, headers=token)
    send("show public, other project", "GET", f"/v2/images/{ids[2]}", fast=True, headers=OTHER)
    send("show private, other project", "GET", f"/v2/images/{ids[0]}", headers=OTHER)
    send("show unknown", "GET", f"/v2/images/{'0' * 8}-0000-4000-8000-{'0' * 12}", headers=token)
    send("show malformed id", "GET", "/v2/images/not-an-id", headers=token)
    send("show, no token", "GET", f"/v2/images/{ids[0]}")
    send("show, unknown token", "GET", f"/v2/images/{ids[0]}", headers={"X-Auth-Token": "nobody"})
    send("delete", "DELETE", f"/v2/images/{ids[0]}", fast=True, headers=token)
    send("delete again", "DELETE", f"/v2/images/{ids[0]}", headers=token)
    send("delete protected", "DELETE", f"/v2/images/{ids[1]}", headers=token)
    send("delete, other project", "DELETE", f"/v2/images/{ids[2]}", headers=OTHER)
    send("delete upper-case id", "DELETE", f"/v2/images/{ids[3].upper()}", headers=token)
    send("HEAD", "HEAD", f"/v2/images/{ids[2]}", headers=token)
    send("PUT on an image", "PUT", f"/v2/images/{ids[2]}", headers=token)
    send("listing", "GET", "/v2/images", headers=token)
    send("tag", "PUT", f"/v2/images/{ids[3]}/tags/blue", fast=True, headers=token)
    send("untag", "DELETE", f"/v2/images/{ids[3]}/tags/blue", fast=True, headers=token)
    send("untag again", "DELETE", f"/v2/images/{ids[3]}/tags/blue", headers=token)
    send("members of a non-shared image", "GET", f"/v2/images/{ids[2]}/members", headers=token)
    send("members", "GET", f"/v2/images/{ids[3]}/members", fast=True, headers=token)
    send("tasks", "GET", f"/v2/images/{ids[3]}/tasks", fast=True, headers=token)
    send("schema", "GET", "/v2/schemas/image", fast=True, headers=token)
    send("no such schema", "GET", "/v2/schemas/nothing", headers=token)
    for n in range(4):  # only writes count: 4 creates and 5 deletes so far, of 12
        send(f"delete until refused {n}", "DELETE", f"/v2/images/{ids[0]}", headers=token)
    send("show, writes spent", "GET", f"/v2/images/{ids[2]}", fast=True, headers=token)


def bitrix24(session: Session) -> None:
    send = session.send
    hook = f"/rest/{BITRIX_USER}/{BITRIX_WEBHOOK_CODE}"
    viewer = f"/rest/{BITRIX_VIEWER}/{BITRIX_VIEWER_WEBHOOK_CODE}"
    pixel = ["pixel.png", base64.b64encode(png()).decode()]
    fields = {"productId": BITRIX_PRODUCT, "type": "MORE_PHOTO"}
    added = send(
        "add, JSON",
        "POST",
        f"{hook}/catalog.productImage.add",
        fast=True,
        json={"fields": fields, "fileContent": pixel},
    )
    picture = added["result"]["productImage"]["id"]
    send(
        "add, form",
        "POST",
        f"{hook}/catalog.productImage.add",
        fast=True,
        data={
            "fields[productId]": str(BITRIX_PRODUCT),
            "fileContent[0]": pixel[0],
            "fileContent[1]": pixel[1],
        },
    )
    send("list, query", "GET", f"{hook}/catalog.productImage.list?productId=1", fast=True)
    send("list, JSON", "POST", f"{hook}.json/catalog.productImage.list", json={"productId": 1})
    send(
        "list, token",
        "POST",
        "/rest/catalog.productImage.list",
        fast=True,
        json={"productId": 1, "auth": BITRIX_TOKEN},
    )
    send(
        "get",
        "POST",
        f"{hook}/catalog.productImage.get",
        fast=True,
        json={"productId": 1, "id": picture},
    )
    send(
        "get, other product",
        "POST",
        f"{hook}/catalog.productImage.get",
        json={"productId": BITRIX_OTHER_PRODUCT, "id": picture},
    )
    send("get, no id", "POST", f"{hook}/catalog.productImage.get", json={"productId": 1})
    send("fields", "POST", f"{hook}/catalog.productImage.getFields", fast=True)
    send(
        "delete, viewer",
        "POST",
        f"{viewer}/catalog.productImage.delete",
        json={"productId": 1, "id": picture},
    )
    send(
        "batch",
        "POST",
        f"{hook}/batch",
        fast=True,
        json={
            "halt": 0,
            "cmd": {
                "list": "catalog.productImage.list?productId=1",
                "get": "catalog.productImage.get?productId=1&id=$result[list][productImages][0]"
                "[id]",
                "none": "catalog.productImage.nothing",
            },
        },
    )
    send(
        "delete",
        "POST",
        f"{hook}/catalog.productImage.delete",
        fast=True,
        json={"productId": 1, "id": picture},
    )
    send(
        "delete again",
        "POST",
        f"{hook}/catalog.productImage.delete",
        json={"productId": 1, "id": picture},
    )
    send("unknown method", "POST", f"{hook}/catalog.productImage.nothing", json={})
    send("unknown webhook", "POST", "/rest/1/nothing/catalog.productImage.list", json={})
    send(
        "malformed JSON",
        "POST",
        f"{hook}/catalog.productImage.list",
        content=b"{",
        headers={"Content-Type": "application/json"},
    )
    send("no token", "POST", "/rest/catalog.productImage.list", json={"productId": 1})
    send("document", "GET", "/__docs/bitrix24/openapi.txt")


SCENARIOS: dict[str, tuple[Scenario, MockConfig]] = {
    "listing": (listing, MockConfig(rate_limit_windows=())),
    "listing refusals": (listing_refusals, MockConfig(rate_limit_windows=())),
    "uploads": (uploads, MockConfig()),
    "upload refusals": (upload_refusals, MockConfig()),
    "size limits": (size_limits, MockConfig(max_image_bytes=SMALL_LIMIT)),
    "deletes": (deletes, MockConfig()),
    "routing": (routing, MockConfig()),
    "rate limits": (rate_limits, MockConfig(rate_limit_windows=(Window(6, 60), Window(50, 3600)))),
    "cors": (cors, MockConfig()),
    "cloud images": (cloud_images, MockConfig(rate_limit_windows=(Window(12, 60),))),
    "bitrix24": (bitrix24, MockConfig(rate_limit_windows=(Window(14, 60),))),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_engine_answers_as_connexion_does(name: str) -> None:
    scenario, config = SCENARIOS[name]
    assert_same_answers(scenario, config)


def test_the_engine_checks_its_answers_against_the_contract_when_asked() -> None:
    """With responses validated (as the tests run the mock), the engine serves every
    request, and an answer its document does not allow is a failure, not a reply."""
    app = create_app(MockConfig(validate_responses=True, rate_limit_windows=()))
    listing = next(
        route.operation
        for route in engines(app)[0].routes.routes
        if route.operation and route.operation.operation.operation_id.endswith("list_images")
    )
    client = TestClient(app, raise_server_exceptions=False)
    assert client.get(LIST, headers=KEY).status_code == 200

    async def nonconforming(**_arguments: Any) -> Response:
        return JSONResponse({"items": "not a list"})

    listing.handler = nonconforming
    assert client.get(LIST, headers=KEY).status_code == 500


# --- request helpers ---------------------------------------------------------------------

B = "equivalenceboundary42"


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _multipart(name: bytes, content: bytes) -> bytes:
    return b"".join(
        [
            f"--{B}\r\n".encode(),
            b'Content-Disposition: form-data; name="' + name + b'"; filename="a.png"\r\n',
            b"Content-Type: image/png\r\n\r\n",
            content,
            f"\r\n--{B}--\r\n".encode(),
        ]
    )


def _form(fields: list[tuple[str, str]]) -> bytes:
    parts = [
        f'--{B}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields
    ]
    return "".join(parts).encode() + _multipart(b"image", png())


def _form_headers(
    parameters: str | None = None, media_type: str = "multipart/form-data"
) -> dict[str, str]:
    suffix = f"; boundary={B}" if parameters is None else parameters
    return {**KEY, "Content-Type": media_type + suffix}


# --- bodies arriving in several messages (as from a real server) ------------------------


def asgi_upload(app: ASGIApp, body: bytes, chunk: int) -> tuple[int, bytes]:
    """POST `body` in messages of `chunk` bytes, straight through ASGI; (status, body)."""
    messages = [
        {"type": "http.request", "body": body[i : i + chunk], "more_body": i + chunk < len(body)}
        for i in range(0, len(body), chunk)
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": LIST,
        "raw_path": LIST.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [
            (b"host", b"mock"),
            (b"x-api-key", CONTRIBUTOR_KEY.encode()),
            (b"content-type", f"multipart/form-data; boundary={B}".encode()),
            (b"content-length", str(len(body)).encode()),
        ],
        "client": ("127.0.0.1", 5000),
        "server": ("mock", 80),
    }
    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


@pytest.mark.parametrize(
    ("image", "expected"),
    [(png(), 201), (b"not an image", 422), (png() + b"\x00" * SMALL_LIMIT * 20, 413)],
    ids=["image", "not an image", "past the body limit"],
)
def test_a_body_in_several_messages_is_answered_alike(image: bytes, expected: int) -> None:
    config = MockConfig(max_image_bytes=SMALL_LIMIT)
    body = _multipart(b"image", image)
    answers, states = [], []
    for engine in (True, False):
        with side(config, engine) as mock:
            answers.append(asgi_upload(mock.app, body, chunk=1000))
            states.append(mock.state.snapshot())
            if engine:
                entered = list(mock.entered)
    assert answers[0] == answers[1]
    assert answers[0][0] == expected
    assert states[0] == states[1]
    # The engine answers each: the body past the limit is refused as it passes it, the
    # domain's refusal from the handler's one run.
    assert entered == [f"POST {LIST}"]
