"""The Cloud Images operations: parse the request, call the registry, render the contract."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from connexion.context import context, request
from starlette.responses import Response

from ...domain.image_registry import (
    DEFAULT_PAGE_SIZE,
    HASH_ALGORITHM,
    ImagePage,
    ImageQuery,
    ImageRecord,
    ImageRegistry,
    Project,
)
from .errors import NotAPatch
from .ranges import byte_range

COLLECTION = "/images"
IMAGE_SCHEMA = "/schemas/image"
IMAGES_SCHEMA = "/schemas/images"
BASE_PROPERTIES = (
    "name",
    "visibility",
    "protected",
    "container_format",
    "disk_format",
    "min_disk",
    "min_ram",
    "os_hidden",
)


def render_record(record: ImageRecord) -> dict[str, Any]:
    link = f"{COLLECTION}/{record.id}"
    data = record.data
    return {
        **record.properties.custom,
        **{name: record[name] for name in BASE_PROPERTIES},
        "id": str(record.id),
        "status": record.status,
        "tags": list(record["tags"]),
        "size": len(data.content) if data else None,
        "checksum": data.checksum if data else None,
        "os_hash_algo": HASH_ALGORITHM if data else None,
        "os_hash_value": data.hash_value if data else None,
        "virtual_size": None,
        "owner": record.owner,
        "created_at": _timestamp(record.created_at),
        "updated_at": _timestamp(record.updated_at),
        "self": link,
        "file": link + "/file",
        "schema": IMAGE_SCHEMA,
    }


def _timestamp(moment: Any) -> str:
    return str(moment.isoformat()).replace("+00:00", "Z")


def _json(body: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    return Response(
        json.dumps(body, separators=(",", ":")),
        status_code=status,
        headers=dict(headers or {}),
        media_type="application/json",
    )


def _project() -> Project:
    project: Project = context["principal"]
    return project


def _choices(text: str | None) -> tuple[str, ...] | None:
    """A filter value: one value, or `in:` and comma-separated values (quotes keep commas)."""
    if text is None:
        return None
    if not text.startswith("in:"):
        return (text,)
    values, current, quoted = [], "", False
    for char in text[3:]:
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            values.append(current)
            current = ""
        else:
            current += char
    return (*values, current)


class CloudImageOperations:
    """Operation handlers, bound to one registry; looked up by operationId."""

    def __init__(self, registry: ImageRegistry) -> None:
        self.registry = registry

    def by_operation_id(self) -> dict[str, Any]:
        return {
            "createImage": self.create_image,
            "listImages": self.list_images,
            "showImage": self.show_image,
            "updateImage": self.update_image,
            "deleteImage": self.delete_image,
            "uploadImageData": self.upload_data,
            "downloadImageData": self.download_data,
        }

    async def create_image(self, body: dict[str, Any]) -> Response:
        record = self.registry.create(_project(), body)
        rendered = render_record(record)
        return _json(rendered, 201, {"Location": rendered["self"]})

    async def list_images(
        self,
        limit: int = DEFAULT_PAGE_SIZE,
        marker: str | None = None,
        sort_key: str = "created_at",
        sort_dir: str = "desc",
        name: str | None = None,
        status: str | None = None,
        visibility: str | None = None,
        protected: bool | None = None,
        owner: str | None = None,
        tag: list[str] | None = None,
        os_hidden: bool = False,
    ) -> Response:
        query = ImageQuery(
            names=_choices(name),
            statuses=_choices(status),
            visibility=visibility,
            protected=protected,
            owner=owner,
            tags=tuple(tag or ()),
            os_hidden=os_hidden,
            sort_key=sort_key,
            descending=sort_dir == "desc",
            limit=limit,
            marker=marker,
        )
        page = self.registry.list(_project(), query)
        return _json(self._render_page(page))

    async def show_image(self, image_id: str) -> Response:
        return _json(render_record(self.registry.show(_project(), image_id)))

    async def update_image(self, image_id: str, body: Any = None) -> Response:
        operations = _patch_operations(body)
        return _json(render_record(self.registry.update(_project(), image_id, operations)))

    async def delete_image(self, image_id: str) -> Response:
        self.registry.delete(_project(), image_id)
        return Response(status_code=204)

    async def upload_data(self, image_id: str, body: Any = None) -> Response:
        # Connexion hands over an empty body as `{}`, having read the stream already.
        content = body if isinstance(body, bytes) else b""
        self.registry.upload(_project(), image_id, content)
        return Response(status_code=204)

    async def download_data(self, image_id: str) -> Response:
        record = self.registry.download(_project(), image_id)
        if record.data is None:
            return Response(status_code=204)
        content = record.data.content
        asked = request.headers.get("range") or request.headers.get("content-range")
        if asked:
            first, last = byte_range(asked, len(content))
            return Response(
                content[first : last + 1],
                status_code=206,
                media_type="application/octet-stream",
                headers={"Content-Range": f"bytes {first}-{last}/{len(content)}"},
            )
        return Response(
            content,
            media_type="application/octet-stream",
            headers={"Content-MD5": record.data.checksum},
        )

    def _render_page(self, page: ImagePage) -> dict[str, Any]:
        kept = [(k, v) for k, v in request.query_params.multi_items() if k != "marker"]
        first = COLLECTION + ("?" + urlencode(kept) if kept else "")
        body: dict[str, Any] = {
            "images": [render_record(record) for record in page.records],
            "first": first,
            "schema": IMAGES_SCHEMA,
        }
        if page.has_more:
            body["next"] = (
                COLLECTION + "?" + urlencode([*kept, ("marker", str(page.records[-1].id))])
            )
        return body


def _patch_operations(body: Any) -> list[Mapping[str, Any]]:
    if isinstance(body, bytes | str):
        try:
            body = json.loads(body or b"null")
        except ValueError:
            raise NotAPatch() from None
    if not isinstance(body, list) or not all(isinstance(op, dict) for op in body):
        raise NotAPatch()
    return body
