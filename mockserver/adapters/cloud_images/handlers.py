"""The Cloud Images operations on image records and their data: parse the request, call
the registry, render the answer as Glance does."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any
from urllib.parse import urlencode

import anyio.to_thread
from starlette.responses import Response
from starlette.types import Scope

from ...domain.image_import_settings import ImportSettings
from ...domain.image_listing import DEFAULT_PAGE_SIZE, ImagePage, ImageQuery
from ...domain.image_records import ImageRecord, Project
from ...domain.image_registry import ImageRegistry
from ...http.decoding import DEFAULT_JSON_LIMITS, InputRefused, decode_json
from ...http.plain_answers import NoContent
from ...http.request_context import (
    current_request,
    request_context,
    request_scope,
    validated_json_body,
)
from .documents import (
    COLLECTION,
    IMAGES_SCHEMA,
    image_link,
    json_response,
    render_record,
    with_counts_as_sent,
)
from .errors import (
    PATCH_MEDIA_TYPES,
    BodyNotExpected,
    InvalidListQuery,
    NotAPatch,
    NotOctetStream,
    PatchMediaTypeMissing,
)
from .list_filters import choices, read_filters
from .query_words import SORT_KEYS, invalid_sort_direction, invalid_sort_key
from .ranges import requested_range

V20_PATCH = "application/openstack-images-v2.0-json-patch"
PATCH_OPERATIONS = ("add", "remove", "replace")
# Query parameters the listing reads itself; any other one filters on a custom property.
LIST_PARAMETERS = frozenset(
    {
        "limit",
        "marker",
        "sort_key",
        "sort_dir",
        "name",
        "status",
        "visibility",
        "member_status",
        "protected",
        "owner",
        "tag",
        "os_hidden",
        "sort",
    }
)


def offered_imports(settings: ImportSettings) -> dict[str, str]:
    """What Glance's create answers with besides the image: the import methods and the
    stores it offers (each header left out when its list is empty)."""
    offered = {
        "OpenStack-image-import-methods": ",".join(settings.methods),
        "OpenStack-image-store-ids": ",".join(settings.store_ids()),
    }
    return {name: value for name, value in offered.items() if value}


def caller() -> Project:
    project: Project = request_context()["principal"]
    return project


async def off_the_loop(call: Callable[[], ImageRecord]) -> ImageRecord:
    """A domain call over a client's whole JSON body, on a worker thread: the checks of a
    large one (hundreds of thousands of properties) take seconds, which on the event loop
    would hold up every other client. The registry is thread-safe."""
    return await anyio.to_thread.run_sync(call)


class CloudImageOperations:
    """Operation handlers on image records and data, bound to one registry."""

    def __init__(
        self, registry: ImageRegistry, base_url: Callable[[Scope], str] = lambda _: ""
    ) -> None:
        self.registry = registry
        self.base_url = base_url

    def by_operation_id(self) -> dict[str, Any]:
        return {
            "createImage": self.create_image,
            "listImages": self.list_images,
            "showImage": self.show_image,
            "updateImage": self.update_image,
            "deleteImage": self.delete_image,
            "uploadImageData": self.upload_data,
            "downloadImageData": self.download_data,
            "addImageTag": self.add_tag,
            "deleteImageTag": self.delete_tag,
            "deactivateImage": self.deactivate_image,
            "reactivateImage": self.reactivate_image,
        }

    async def create_image(self) -> Response:
        body = validated_json_body(request_scope())
        record = await off_the_loop(partial(self.registry.create, caller(), body))
        rendered = with_counts_as_sent(render_record(record), body)
        # webob writes a relative Location absolute, from the request's own URL.
        location = self.base_url(request_scope()) + image_link(record)
        headers = {"Location": location, **offered_imports(self.registry.imports.settings)}
        return json_response(rendered, 201, headers)

    async def list_images(
        self,
        limit: int = DEFAULT_PAGE_SIZE,
        marker: str | None = None,
        sort_key: str = "created_at",
        sort_dir: str = "desc",
        name: str | None = None,
        status: str | None = None,
        visibility: str | None = None,
        member_status: str = "accepted",
        protected: bool | None = None,
        owner: str | None = None,
        tag: list[str] | None = None,
        os_hidden: bool = False,
    ) -> Response:
        attributes, properties = read_filters(
            (key, value)
            for key, value in current_request().query_params.items()
            if key not in LIST_PARAMETERS
        )
        query = ImageQuery(
            names=None if name is None else choices(name),
            statuses=None if status is None else choices(status),
            visibility=visibility,
            member_status=member_status,
            protected=protected,
            owner=owner,
            tags=tuple(t.strip() for t in tag or ()),
            os_hidden=os_hidden,
            attributes=attributes,
            properties=properties,
            order=_order(sort_key, sort_dir),
            limit=limit,
            marker=marker,
        )
        return json_response(self._render_page(self.registry.list(caller(), query)))

    async def show_image(self, image_id: str) -> Response:
        return json_response(render_record(self.registry.show(caller(), image_id)))

    async def update_image(self, image_id: str) -> Response:
        body = validated_json_body(request_scope())
        media_type = current_request().headers.get("content-type", "").split(";")[0].strip()
        if media_type not in PATCH_MEDIA_TYPES:  # none at all: Connexion let it through
            raise PatchMediaTypeMissing()
        older_syntax = media_type == V20_PATCH
        operations = _patch_operations(body, older_syntax)
        update = partial(
            self.registry.update, caller(), image_id, operations, add_replaces=not older_syntax
        )
        record = await off_the_loop(update)
        return json_response(with_counts_as_sent(render_record(record), _set_by(operations)))

    async def delete_image(self, image_id: str) -> Response:
        self.registry.delete(caller(), image_id)
        return NoContent()

    async def upload_data(self, image_id: str, body: Any = None) -> Response:
        # Glance asks for a Content-Type before anything else.
        if "content-type" not in current_request().headers:
            raise NotOctetStream(None)
        # Connexion hands over an empty body as `{}`, having read the stream already.
        content = body if isinstance(body, bytes) else b""
        store = current_request().headers.get("x-image-meta-store")
        self.registry.upload(caller(), image_id, content, store=store)
        return NoContent()

    async def download_data(self, image_id: str) -> Response:
        record = self.registry.download(caller(), image_id)
        content = self.registry.content(record)
        if record.data is None or content is None:
            return NoContent()
        headers = current_request().headers
        asked = headers.get("range"), headers.get("content-range")
        if asked != (None, None):
            part = requested_range(*asked, len(content))
            return Response(
                content[part.offset : part.offset + part.length],
                status_code=206,
                media_type="application/octet-stream",
                headers={
                    "Content-Range": f"bytes {part.offset}-{part.last}/{len(content)}",
                    "Content-MD5": record.data.checksum,
                },
            )
        return Response(
            content,
            media_type="application/octet-stream",
            headers={"Content-MD5": record.data.checksum},
        )

    async def add_tag(self, image_id: str, tag_value: str) -> Response:
        self.registry.add_tag(caller(), image_id, tag_value)
        return NoContent()

    async def delete_tag(self, image_id: str, tag_value: str) -> Response:
        self.registry.remove_tag(caller(), image_id, tag_value)
        return NoContent()

    async def deactivate_image(self, image_id: str) -> Response:
        refuse_a_body()
        self.registry.deactivate(caller(), image_id)
        return NoContent()

    async def reactivate_image(self, image_id: str) -> Response:
        refuse_a_body()
        self.registry.reactivate(caller(), image_id)
        return NoContent()

    def _render_page(self, page: ImagePage) -> dict[str, Any]:
        # Glance repeats the query (one value per name) without the marker.
        kept = [(k, v) for k, v in dict(current_request().query_params).items() if k != "marker"]
        body: dict[str, Any] = {
            "images": [render_record(record) for record in page.records],
            "first": COLLECTION + ("?" + urlencode(kept) if kept else ""),
            "schema": IMAGES_SCHEMA,
        }
        if page.has_more:
            query = urlencode([*kept, ("marker", str(page.records[-1].id))])
            body["next"] = f"{COLLECTION}?{query}"
        return body


# The transfer encodings webob's request takes as a body's, whatever its length says.
BODY_ENCODINGS = frozenset({"chunked", "compress", "deflate", "gzip", "identity"})


def refuse_a_body() -> None:
    """Glance's router refuses a body on the operations that take none, before the
    operation looks for the image."""
    headers = current_request().headers
    length = headers.get("content-length", "")
    if headers.get("transfer-encoding", "").lower() in BODY_ENCODINGS or (
        length.isdigit() and int(length) > 0
    ):
        raise BodyNotExpected()


def _order(sort_key: str, sort_dir: str) -> tuple[tuple[str, bool], ...]:
    """The keys and directions asked for, as Glance reads them: `sort=key:dir,...`, or
    repeated `sort_key` and `sort_dir` (one direction for every key, or one per key)."""
    query = current_request().query_params
    combined = query.get("sort")
    keys = query.getlist("sort_key") or [sort_key]
    directions = query.getlist("sort_dir") or [sort_dir]
    if combined is not None:
        if "sort_key" in query or "sort_dir" in query:
            raise InvalidListQuery("Old and new sorting syntax cannot be combined")
        pairs = [part.partition(":") for part in combined.strip().split(",")]
        keys = [key.strip() for key, _, _ in pairs]
        directions = [direction.strip() or "desc" for _, _, direction in pairs]
    for key in keys:
        if key not in SORT_KEYS:
            raise InvalidListQuery(invalid_sort_key(key))
    for direction in directions:
        if direction not in ("asc", "desc"):
            raise InvalidListQuery(invalid_sort_direction(direction))
    if len(directions) == 1:
        directions = directions * len(keys)
    elif len(directions) != len(keys):
        raise InvalidListQuery("Number of sort dirs does not match the number of sort keys")
    return tuple(
        (key, direction == "desc") for key, direction in zip(keys, directions, strict=True)
    )


def _patch_operations(body: Any, older_syntax: bool) -> list[Mapping[str, Any]]:
    if isinstance(body, bytes | str):
        raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
        try:
            body = decode_json(raw, DEFAULT_JSON_LIMITS) if raw else None
        except InputRefused:
            raise NotAPatch() from None
    if not isinstance(body, list):
        raise NotAPatch()
    if not all(isinstance(operation, dict) for operation in body):
        raise NotAPatch("Operations must be JSON objects.")
    if not older_syntax:
        return body
    return [_from_older_syntax(operation) for operation in body]


def _set_by(operations: list[Mapping[str, Any]]) -> dict[str, Any]:
    """The value each path was last set to by `add` or `replace`, by property name."""
    return {
        operation["path"][1:]: operation["value"]
        for operation in operations
        if operation.get("op") in ("add", "replace")
        and isinstance(operation.get("path"), str)
        and "value" in operation
    }


def _from_older_syntax(operation: Mapping[str, Any]) -> Mapping[str, Any]:
    """`{"replace": "/name", "value": "x"}` as `{"op": "replace", "path": "/name", ...}`."""
    named = [op for op in PATCH_OPERATIONS if op in operation]
    if len(named) != 1:
        amount = "only" if named else "exactly"
        raise NotAPatch(
            f'Operation objects must contain {amount} one member named "add", "remove", '
            'or "replace".'
        )
    op = named[0]
    converted = {"op": op, "path": operation[op]}
    if "value" in operation:
        converted["value"] = operation["value"]
    return converted
