"""Generated requests for every operation of a contract, from its own document (valid and
invalid, by Schemathesis), made worth sending to a mock: drawn often with the seed's own
credentials, path values and images, so that handlers run and find something.
Shared by the tests that send them: engine against Connexion, engine against the
documents."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import quote, unquote, urlsplit

import httpx
import hypothesis
import schemathesis
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st
from schemathesis import Case
from schemathesis.core.result import Err

from conformance.fuzzing import httpx_arguments
from mockserver.contract_documents import contract_path, read_document
from mockserver.served_contracts import BITRIX24, CLOSIENT, CLOUD_IMAGES
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
    DEMO_ORG,
    GTIN,
    OTHER_CLOUD_TOKEN,
    OTHER_CONTRIBUTOR_KEY,
    OTHER_ORG,
    OTHER_ORG_GTIN,
    SECOND_GTIN,
    VIEWER_KEY,
    images_path,
)
from tests.images import GIF, JPEG, png

# JSON patches go under Glance's own media types: JSON, for Schemathesis to send.
JSON_UNDER_OTHER_NAMES = (
    "application/openstack-images-v2.0-json-patch",
    "application/openstack-images-v2.1-json-patch",
)
for _media_type in JSON_UNDER_OTHER_NAMES:
    schemathesis.serializer.alias(_media_type, "application/json")


class Sender(Protocol):
    """A mock (or a pair of them) that a prepared state and generated requests go to."""

    def send(self, method: str, url: str, **options: Any) -> httpx.Response: ...


BASE = "http://testserver"
# Credentials a generated request may carry instead of its own: (header, value) pairs.
CLOSIENT_CREDENTIALS: list[dict[str, str]] = [
    {"X-API-Key": CONTRIBUTOR_KEY},
    {"X-API-Key": VIEWER_KEY},
    {"X-API-Key": OTHER_CONTRIBUTOR_KEY},
    {"Authorization": f"Bearer {CONTRIBUTOR_BEARER}"},
    {"Cookie": f"sessionid={CONTRIBUTOR_SESSION}"},
]
CLOUD_CREDENTIALS: list[dict[str, str]] = [
    {"X-Auth-Token": CLOUD_TOKEN},
    {"X-Auth-Token": OTHER_CLOUD_TOKEN},
]
CREDENTIAL_HEADERS = frozenset({"x-api-key", "authorization", "cookie", "x-auth-token"})


@dataclass(frozen=True)
class Contract:
    name: str
    document: Mapping[str, Any]
    credentials: list[dict[str, str]]
    prepare: Callable[[Sender], list[str]]
    """Puts the starting images in place through the mock (or mocks); their ids."""
    path_values: Callable[[list[str]], dict[str, st.SearchStrategy[str]]]
    """Path parameter values worth drawing besides generated ones, by name."""
    body_values: Callable[[list[str]], dict[str, st.SearchStrategy[Any]]] = lambda _: {}
    """Values of a JSON body's members (or of the query's parameters, as text) worth drawing
    besides generated ones, by name."""

    def base_url(self) -> str:
        servers = self.document.get("servers") or [{"url": "/"}]
        return BASE + urlsplit(str(servers[0]["url"])).path.rstrip("/")


def _closient_images(pair: Sender) -> list[str]:
    key = {"X-API-Key": CONTRIBUTOR_KEY}
    ids = []
    for n, content in enumerate((png(), JPEG)):
        response = pair.send(
            "POST", images_path(), headers=key, files={"image": (f"{n}.img", content)}
        )
        ids.append(response.json()["id"])
    pair.send("POST", images_path(gtin=SECOND_GTIN), headers=key, files={"image": ("g", GIF)})
    return ids


def _closient_paths(ids: list[str]) -> dict[str, st.SearchStrategy[str]]:
    return {
        "organization_id": st.sampled_from([DEMO_ORG, DEMO_ORG, OTHER_ORG]),
        "gtin": st.sampled_from([GTIN, GTIN[2:], GTIN[1:], SECOND_GTIN, OTHER_ORG_GTIN]),
        "image_id": st.sampled_from([*ids, "2" * 22]),
    }


def _cloud_images(pair: Sender) -> list[str]:
    token = {"X-Auth-Token": CLOUD_TOKEN}
    admin = {"X-Auth-Token": CLOUD_ADMIN_TOKEN}
    created = [
        pair.send("POST", "/v2/images", headers=who, json={"name": "disk", **fields}).json()
        for who, fields in (
            (token, {}),
            (token, {"protected": True}),
            (admin, {"visibility": "public"}),
        )
    ]
    return [image["id"] for image in created]


def _cloud_paths(ids: list[str]) -> dict[str, st.SearchStrategy[str]]:
    return {"image_id": st.sampled_from([*ids, ids[0].upper()])}


def _bitrix24_pictures(mock: Sender) -> list[str]:
    webhook = f"/rest/{BITRIX_USER}/{BITRIX_WEBHOOK_CODE}/catalog.productImage.add"
    ids = []
    for content in (png(), JPEG):
        added = mock.send(
            "POST",
            webhook,
            json={
                "fields": {"productId": BITRIX_PRODUCT},
                "fileContent": ["picture.img", base64.b64encode(content).decode()],
            },
        )
        ids.append(str(added.json()["result"]["productImage"]["id"]))
    return ids


def _bitrix24_paths(_ids: list[str]) -> dict[str, st.SearchStrategy[str]]:
    return {
        "user_id": st.sampled_from([str(BITRIX_USER), str(BITRIX_VIEWER)]),
        "webhook": st.sampled_from([BITRIX_WEBHOOK_CODE, BITRIX_VIEWER_WEBHOOK_CODE]),
    }


def _bitrix24_members(ids: list[str]) -> dict[str, st.SearchStrategy[Any]]:
    return {
        "auth": st.just(BITRIX_TOKEN),
        "productId": st.sampled_from([BITRIX_PRODUCT, BITRIX_OTHER_PRODUCT]),
        "id": st.sampled_from([int(i) for i in ids]),
    }


CONTRACTS = {
    "closient": Contract(
        "closient",
        read_document(contract_path(CLOSIENT.document)),
        CLOSIENT_CREDENTIALS,
        _closient_images,
        _closient_paths,
    ),
    "cloud-images": Contract(
        "cloud-images",
        read_document(contract_path(CLOUD_IMAGES.document)),
        CLOUD_CREDENTIALS,
        _cloud_images,
        _cloud_paths,
    ),
    "bitrix24": Contract(
        "bitrix24",
        read_document(contract_path(BITRIX24.document)),
        [],
        _bitrix24_pictures,
        _bitrix24_paths,
        _bitrix24_members,
    ),
}


def operations(contract: Contract, among: Callable[[str], bool] = lambda _: True) -> Iterator[Any]:
    """Schemathesis' operations of the contract whose operationId is `among` those wanted."""
    schema = schemathesis.openapi.from_dict(dict(contract.document))
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()
        operation = result.ok()
        if among(str(operation.definition.raw.get("operationId"))):
            yield operation


def request_of(case: Case[Any], base_url: str) -> dict[str, Any]:
    """The case as `httpx` request options, its cookies sent as a Cookie header."""
    arguments = httpx_arguments(case, base_url)
    cookies = case.as_transport_kwargs(base_url=base_url).get("cookies") or {}
    if cookies:
        cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
        arguments["headers"] = {**arguments["headers"], "Cookie": cookie}
    arguments["url"] = arguments["url"].removeprefix(BASE)
    return arguments


def sendable(arguments: dict[str, Any]) -> bool:
    """Whether the test client can put the request on the wire as it is."""
    path = unquote(urlsplit(arguments["url"]).path)
    headers = arguments["headers"].items()
    return not any(ord(c) < 0x20 or c == "\x7f" for c in path) and all(
        value.isascii() and name.isascii() and "\n" not in value and "\r" not in value
        for name, value in headers
    )


def _often(data: st.DataObject, label: str) -> bool:
    """True four times in five (and in the simplest example, which Hypothesis tries first)."""
    return data.draw(st.integers(0, 4), label=label) < 4


def adjust(case: Case[Any], data: st.DataObject, contract: Contract, ids: list[str]) -> None:
    """Swap in, often, a credential, path values and an image the seed knows."""
    if contract.credentials and _often(data, "seeded credential"):
        credential = data.draw(st.sampled_from(contract.credentials), label="credential")
        for header in [h for h in case.headers or {} if h.lower() in CREDENTIAL_HEADERS]:
            del case.headers[header]
        case.headers.update(credential)
        case.cookies = {}
    for name, values in contract.path_values(ids).items():
        if name in (case.path_parameters or {}) and _often(data, name):
            case.path_parameters[name] = quote(data.draw(values, label=name), safe="")
    for name, values in contract.body_values(ids).items():
        if isinstance(case.body, dict) and name in case.body and _often(data, name):
            case.body = {**case.body, name: data.draw(values, label=name)}
        if name in (case.query or {}) and _often(data, f"{name} in the query"):
            case.query[name] = str(data.draw(values, label=name))
    if isinstance(case.body, dict) and "image" in case.body and _often(data, "real image"):
        content = data.draw(st.sampled_from([png(), png(2, 3, 7), JPEG, GIF]), label="image")
        body: dict[str, Any] = {**case.body, "image": content}
        case.body = body


def sending_settings() -> hypothesis.settings:
    """Hypothesis' settings for a test that sends each generated request: `examples()` of
    them, no deadline and no shrinking (every example builds a state and sends requests:
    shrinking a failure would take minutes, and the failing request is printed as it is)."""
    return hypothesis.settings(
        max_examples=examples(),
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,
        ],
    )


def examples() -> int:
    """Per operation and generation mode: 4 under the default profile (the thirteen compiled
    operations, in both modes, within a few seconds), 83 under ci-deep."""
    return max(4, hypothesis.settings().max_examples // 6)
