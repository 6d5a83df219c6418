"""Stub definitions for the peers, written into the run's work directory.

Each peer answers the bench's three Closient operations with fixed bodies, at its own
defaults: list (a page of 25 of 50 images), upload (201 with one image) and delete (204
for any id), each for the bench's API key only (401 otherwise). Unlike ours, they keep no
state: a delete removes nothing and an upload stores nothing.
"""

from __future__ import annotations

import json
import pathlib
import uuid
from typing import Any

from ..fixtures import API_KEY, API_KEY_HEADER, LIST_GTIN, ORGANIZATION

LISTED = 50
PAGE_SIZE = 25
IMAGES = "/dashboard/api/v1/trade-items/{organization}/{gtin}/images"
CREATED = "2026-01-01T00:00:00.000000Z"
UNAUTHORIZED = {"detail": "Invalid or missing API key."}


def image(index: int, title: str = "bench") -> dict[str, Any]:
    image_id = f"BenchImage{index:012d}"
    return {
        "id": image_id,
        "title": title,
        "is_primary": index == 0,
        "priority": index,
        "created": CREATED,
        "image_url": f"http://127.0.0.1/media/{ORGANIZATION}/{LIST_GTIN}/{image_id}.png",
    }


def list_page() -> str:
    """The first page of 25 of a product's 50 images, as the mock answers it."""
    pagination = {
        "page": 1,
        "page_size": PAGE_SIZE,
        "total_count": LISTED,
        "total_pages": LISTED // PAGE_SIZE,
        "has_next": True,
        "has_previous": False,
    }
    page = {"data": [image(n) for n in range(PAGE_SIZE)], "pagination": pagination}
    return json.dumps(page, separators=(",", ":"))


def uploaded() -> str:
    return json.dumps(image(LISTED), separators=(",", ":"))


def wiremock_root(root: pathlib.Path) -> pathlib.Path:
    """A WireMock root directory (`--root-dir`) whose mappings serve the three operations."""
    images = "/dashboard/api/v1/trade-items/[^/]+/[^/]+/images"
    json_headers = {"Content-Type": "application/json"}

    def mapping(method: str, path: str, status: int, body: str | None) -> dict[str, Any]:
        response: dict[str, Any] = {"status": status}
        if body is not None:
            response |= {"headers": json_headers, "body": body}
        return {
            "request": {
                "method": method,
                "urlPathPattern": path,
                "headers": {API_KEY_HEADER: {"equalTo": API_KEY}},
            },
            "response": response,
        }

    mappings = [
        mapping("GET", images, 200, list_page()),
        mapping("POST", images, 201, uploaded()),
        mapping("DELETE", images + "/[^/]+", 204, None),
        {  # any other request to these paths: no or a wrong key
            "priority": 10,
            "request": {"urlPathPattern": images + "(/[^/]+)?"},
            "response": {
                "status": 401,
                "headers": json_headers,
                "body": json.dumps(UNAUTHORIZED),
            },
        },
    ]
    (root / "mappings").mkdir(parents=True, exist_ok=True)
    (root / "__files").mkdir(exist_ok=True)
    (root / "mappings" / "closient.json").write_text(json.dumps({"mappings": mappings}))
    return root


def mockoon_environment(path: pathlib.Path) -> pathlib.Path:
    """A Mockoon environment file serving the three operations (its own defaults otherwise:
    CORS on, templating on, a log line per transaction)."""
    images = "dashboard/api/v1/trade-items/:organization_id/:gtin/images"
    json_header = [{"key": "Content-Type", "value": "application/json"}]

    def response(status: int, body: str, rules: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "uuid": str(uuid.uuid4()),
            "body": body,
            "latency": 0,
            "statusCode": status,
            "label": "",
            "headers": json_header if body else [],
            "bodyType": "INLINE",
            "filePath": "",
            "databucketID": "",
            "sendFileAsBody": False,
            "rules": rules,
            "rulesOperator": "OR",
            "disableTemplating": False,
            "fallbackTo404": False,
            "default": not rules,
            "crudKey": "id",
            "callbacks": [],
        }

    key_rule = {
        "target": "header",
        "modifier": API_KEY_HEADER,
        "value": API_KEY,
        "invert": False,
        "operator": "equals",
    }

    def route(method: str, endpoint: str, status: int, body: str) -> dict[str, Any]:
        return {
            "uuid": str(uuid.uuid4()),
            "type": "http",
            "documentation": "",
            "method": method,
            "endpoint": endpoint,
            "responses": [
                response(status, body, [key_rule]),
                response(401, json.dumps(UNAUTHORIZED), []),
            ],
            "responseMode": None,
            "streamingMode": None,
            "streamingInterval": 0,
        }

    routes = [
        route("get", images, 200, list_page()),
        route("post", images, 201, uploaded()),
        route("delete", images + "/:image_id", 204, ""),
    ]
    environment = {
        "uuid": str(uuid.uuid4()),
        "lastMigration": 33,
        "name": "Closient images (bench)",
        "endpointPrefix": "",
        "latency": 0,
        "port": 3000,
        "hostname": "",
        "folders": [],
        "routes": routes,
        "rootChildren": [{"type": "route", "uuid": r["uuid"]} for r in routes],
        "proxyMode": False,
        "proxyHost": "",
        "proxyRemovePrefix": False,
        "tlsOptions": {
            "enabled": False,
            "type": "CERT",
            "pfxPath": "",
            "certPath": "",
            "keyPath": "",
            "caPath": "",
            "passphrase": "",
        },
        "cors": True,
        "headers": [],
        "proxyReqHeaders": [],
        "proxyResHeaders": [],
        "data": [],
        "callbacks": [],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(environment, indent=1))
    return path
