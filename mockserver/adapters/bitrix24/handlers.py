"""The catalog.productImage.* methods: parse the call, call the pictures, render the contract.

Each method is served in both call styles: the webhook style names its user and code in
the path, the application style carries its token in the body member `auth`.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from starlette.responses import Response

from ...domain.gallery import SingleSlot, StoredImage
from ...domain.product_pictures import DETAIL, PREVIEW, CatalogUser, ProductPictures
from ...http.request_context import request_scope
from .errors import InvalidFileContent
from .files import PictureUrls
from .list_query import ListQuery

SLOTS: dict[str, SingleSlot | None] = {
    "DETAIL_PICTURE": DETAIL,
    "PREVIEW_PICTURE": PREVIEW,
    "MORE_PHOTO": None,
}
TYPES = {slot: name for name, slot in SLOTS.items()}
FIELD_NAMES = ("id", "name", "productId", "type", "createTime", "detailUrl", "downloadUrl")
# As the reference's sample answers them, `productId` typed "string" included.
FIELDS = {
    "createTime": ("datetime", False, True),
    "detailUrl": ("string", False, True),
    "downloadUrl": ("string", False, True),
    "id": ("integer", False, True),
    "name": ("string", False, True),
    "productId": ("string", True, False),
    "type": ("string", False, False),
}

Method = Callable[[CatalogUser, dict[str, Any]], dict[str, Any]]


Clock = Callable[[], float]
"""The mock's clock as Unix time (`Sources.epoch_seconds`): what a call's `time` reads."""


def answer(result: dict[str, Any], started: float, finished: float) -> Response:
    result["time"] = {
        "start": started,
        "finish": finished,
        "duration": finished - started,
        "processing": finished - started,
        "date_start": datetime.fromtimestamp(int(started), UTC).isoformat(),
        "date_finish": datetime.fromtimestamp(int(finished), UTC).isoformat(),
    }
    return Response(
        json.dumps(result, ensure_ascii=False, separators=(",", ":")),
        media_type="application/json",
    )


class ProductImageMethods:
    """The five methods, bound to one picture store; both call styles of each."""

    def __init__(self, pictures: ProductPictures, urls: PictureUrls, clock: Clock) -> None:
        self.pictures = pictures
        self.urls = urls
        self.clock = clock
        self._field_readers: dict[str, Callable[[int, StoredImage], Any]] = {
            # Each field of a picture as the answers carry it, in their order.
            "id": lambda _product, picture: picture.serial,
            "name": lambda _product, picture: picture.file_name,
            "productId": lambda product, _picture: product,
            "type": lambda _product, picture: TYPES[picture.slot],
            "createTime": lambda _product, picture: picture.created.isoformat(),
            "detailUrl": lambda _product, picture: urls.detail_path(picture),
            "downloadUrl": lambda _product, picture: urls.download_url(request_scope(), picture),
        }

    def by_operation_id(self) -> dict[str, Any]:
        methods: dict[str, Method] = {
            "Add": self.add,
            "Get": self.get,
            "List": self.list,
            "Delete": self.delete,
            "GetFields": self.get_fields,
        }
        handlers: dict[str, Any] = {}
        for name, method in methods.items():
            handlers["webhookProductImage" + name] = self._webhook_style(method)
            handlers["tokenProductImage" + name] = self._token_style(method)
        return handlers

    def _webhook_style(self, method: Method) -> Callable[..., Any]:
        async def call(user_id: int, webhook: str, body: dict[str, Any]) -> Response:
            started = self.clock()
            result = method(self.pictures.by_webhook(user_id, webhook), body)
            return answer(result, started, self.clock())

        return call

    def _token_style(self, method: Method) -> Callable[..., Any]:
        async def call(body: dict[str, Any]) -> Response:
            started = self.clock()
            result = method(self.pictures.by_token(str(body["auth"])), body)
            return answer(result, started, self.clock())

        return call

    def add(self, user: CatalogUser, params: dict[str, Any]) -> dict[str, Any]:
        fields = params["fields"]
        file_name, encoded = params["fileContent"]
        try:
            content = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise InvalidFileContent() from None
        slot = SLOTS[fields.get("type") or "MORE_PHOTO"]
        picture = self.pictures.add(user, fields["productId"], file_name, content, slot)
        return {"result": {"productImage": self._render(fields["productId"], picture)}}

    def get(self, user: CatalogUser, params: dict[str, Any]) -> dict[str, Any]:
        picture = self.pictures.get(user, params["productId"], params["id"])
        return {"result": {"productImage": self._render(params["productId"], picture)}}

    def list(self, user: CatalogUser, params: dict[str, Any]) -> dict[str, Any]:
        pictures = self.pictures.list(user, params["productId"])
        selected = params.get("select") or FIELD_NAMES
        if isinstance(selected, dict):  # `{"0": "id"}`: the same PHP array as `["id"]`
            selected = list(selected.values())
        product_id = params["productId"]
        query = ListQuery.of(params)
        read = [(name, self._field_readers[name]) for name in query.fields]
        # Only the fields the filter and the order read, rendered only when they read any.
        page, paging = query.page(
            pictures, lambda picture: {name: field(product_id, picture) for name, field in read}
        )
        items = [
            {
                name: value
                for name, value in self._render(product_id, picture).items()
                if name in selected
            }
            for picture in page
        ]
        return {"result": {"productImages": items}, **paging}

    def delete(self, user: CatalogUser, params: dict[str, Any]) -> dict[str, Any]:
        self.pictures.delete(user, params["productId"], params["id"])
        return {"result": True}

    def get_fields(self, user: CatalogUser, _params: dict[str, Any]) -> dict[str, Any]:
        self.pictures.require_view(user)
        return {
            "result": {
                "productImage": {
                    name: {
                        "type": kind,
                        "isRequired": required,
                        "isReadOnly": read_only,
                        "isImmutable": False,
                    }
                    for name, (kind, required, read_only) in FIELDS.items()
                }
            }
        }

    def _render(self, product_id: int, picture: StoredImage) -> dict[str, Any]:
        return {name: field(product_id, picture) for name, field in self._field_readers.items()}
