"""The JSON documents Cloud Images answers with, as Glance writes them: image records,
memberships and the links between them, all under the API's `/v2` mount."""

from __future__ import annotations

import json
import pathlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from starlette.responses import Response

from ...domain.image_members import Membership
from ...domain.image_records import DEACTIVATED, HASH_ALGORITHM, ImageRecord

# The contract document, relative to spec/; Glance's schemas are kept beside it.
CONTRACT_DOCUMENT = pathlib.Path("cloud-images/openapi.yaml")
API_ROOT = "/v2"
COLLECTION = f"{API_ROOT}/images"
IMAGE_SCHEMA = f"{API_ROOT}/schemas/image"
IMAGES_SCHEMA = f"{API_ROOT}/schemas/images"
MEMBER_SCHEMA = f"{API_ROOT}/schemas/member"
MEMBERS_SCHEMA = f"{API_ROOT}/schemas/members"
TASKS = f"{API_ROOT}/tasks"
TASKS_SCHEMA = f"{API_ROOT}/schemas/tasks"
# The store a record's data names when none was recorded with it (data stored before
# records named their stores); the mock keeps data in its own store whatever the name.
STORE_ID = "fs"


def image_link(record: ImageRecord) -> str:
    return f"{COLLECTION}/{record.id}"


def render_record(record: ImageRecord) -> dict[str, Any]:
    """An image as Glance shows it: custom properties first, then the base ones."""
    data = record.data
    link = image_link(record)
    # Staged data gives the record its size before it has data of its own.
    sized = data or record.staged
    rendered = {
        **record.properties.custom,
        **dict(record.system),
        "name": record["name"],
        "disk_format": record["disk_format"],
        "container_format": record["container_format"],
        "visibility": record["visibility"],
        "size": sized.size if sized else None,
        "virtual_size": data.virtual_size if data else None,
        "status": record.status,
        "checksum": data.checksum if data else None,
        "protected": record["protected"],
        "min_ram": record["min_ram"],
        "min_disk": record["min_disk"],
        "owner": record.owner,
        "os_hidden": record["os_hidden"],
        "os_hash_algo": HASH_ALGORITHM if data else None,
        "os_hash_value": data.hash_value if data else None,
        "id": str(record.id),
        "created_at": timestamp(record.created_at),
        "updated_at": timestamp(record.updated_at),
        "tags": list(record["tags"]),
        "self": link,
        "file": link + "/file",
        "schema": IMAGE_SCHEMA,
    }
    # Glance hides a deactivated image's locations, and with them the store they name.
    if data is not None and record.status != DEACTIVATED:
        rendered["stores"] = ",".join(record.stores or (STORE_ID,))
    return rendered


def with_counts_as_sent(rendered: dict[str, Any], sent: Mapping[str, Any]) -> dict[str, Any]:
    """The image a write answers with, its counts set to whole floats (`min_ram: 0.0`) shown
    as sent: Glance answers a write with the image as the request left it in memory, while
    its database keeps the integer that every later read shows."""
    for name in ("min_disk", "min_ram"):
        value = sent.get(name)
        if isinstance(value, float) and value == rendered[name]:
            rendered[name] = value
    return rendered


def render_member(membership: Membership) -> dict[str, Any]:
    return {
        "member_id": membership.member_id,
        "image_id": membership.image_id,
        "status": membership.status,
        "created_at": timestamp(membership.created_at),
        "updated_at": timestamp(membership.updated_at),
        "schema": MEMBER_SCHEMA,
    }


def timestamp(moment: datetime) -> str:
    """ISO 8601 to the second, in UTC with `Z`, as oslo's `isotime` writes it."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def json_text(body: Any) -> bytes:
    """JSON as Glance writes it: json.dumps' default separators, non-ASCII text kept."""
    return json.dumps(body, ensure_ascii=False).encode()


def json_response(
    body: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    return Response(
        json_text(body),
        status_code=status,
        headers=dict(headers or {}),
        media_type="application/json",
    )
