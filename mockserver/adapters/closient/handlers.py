"""The Closient image operations: parse the request, call the catalog, render the contract."""

from __future__ import annotations

import json
from typing import Any

from connexion.context import context, request
from starlette.datastructures import UploadFile
from starlette.responses import Response

from ...domain.catalog import ImageCatalog
from ...domain.errors import ImageMissing, ImageTooLarge
from ...domain.gallery import StoredImage
from ...domain.pagination import paginate
from ...domain.tenancy import Principal, Product
from ...http.media_files import MediaUrls, media_path

LIST_IMAGES = "apps_dashboard_api_images_list_images"
UPLOAD_IMAGE = "apps_dashboard_api_images_upload_image"
DELETE_IMAGE = "apps_dashboard_api_images_delete_image"


def render_image(image: StoredImage, url: str) -> dict[str, Any]:
    return {
        "id": image.short_id,
        "title": image.title,
        "is_primary": image.is_primary,
        "priority": image.priority,
        "created": image.created.isoformat().replace("+00:00", "Z"),
        "image_url": url,
    }


def _json(body: Any, status: int = 200) -> Response:
    return Response(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        status_code=status,
        media_type="application/json",
    )


def _principal() -> Principal:
    principal: Principal = context["principal"]
    return principal


class ClosientImageOperations:
    """Operation handlers, bound to one catalog; looked up by operationId."""

    def __init__(self, catalog: ImageCatalog, urls: MediaUrls) -> None:
        self.catalog = catalog
        self.urls = urls

    def by_operation_id(self) -> dict[str, Any]:
        return {
            LIST_IMAGES: self.list_images,
            UPLOAD_IMAGE: self.upload_image,
            DELETE_IMAGE: self.delete_image,
        }

    async def list_images(
        self, organization_id: str, gtin: str, page: int = 1, page_size: int = 25
    ) -> Response:
        product, images = self.catalog.list_images(_principal(), organization_id, gtin)
        selected = paginate(images, page, page_size)
        base = self.urls.base(request.scope)
        return _json(
            {
                "data": [
                    render_image(image, base + media_path(product, image))
                    for image in selected.items
                ],
                "pagination": {
                    "page": selected.page,
                    "page_size": selected.page_size,
                    "total_count": selected.total_count,
                    "total_pages": selected.total_pages,
                    "has_next": selected.has_next,
                    "has_previous": selected.has_previous,
                },
            }
        )

    async def upload_image(
        self,
        organization_id: str,
        gtin: str,
        image: UploadFile | None = None,
        body: dict[str, Any] | None = None,
    ) -> Response:
        if not isinstance(image, UploadFile):
            raise ImageMissing()
        fields = body or {}
        content = await self._read_upload(image)
        product, stored = self.catalog.upload(
            _principal(),
            organization_id,
            gtin,
            content,
            title=fields.get("title", ""),
            make_primary=fields.get("is_primary", False),
        )
        return _json(self._render(product, stored), status=201)

    async def delete_image(self, organization_id: str, gtin: str, image_id: str) -> Response:
        self.catalog.delete(_principal(), organization_id, gtin, image_id)
        return Response(status_code=204)

    async def _read_upload(self, upload: UploadFile) -> bytes:
        limit = self.catalog.policy.max_image_bytes
        content = await upload.read(limit + 1)
        if len(content) > limit:
            raise ImageTooLarge(upload.size or len(content), limit)
        return content

    def _render(self, product: Product, image: StoredImage) -> dict[str, Any]:
        return render_image(image, self.urls.absolute(request.scope, product, image))
