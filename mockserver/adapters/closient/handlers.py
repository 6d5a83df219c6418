"""The Closient image operations: parse the request, call the catalog, render the contract."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.responses import Response

from ...domain.catalog import ImageCatalog
from ...domain.errors import ImageMissing, ImageTooLarge
from ...domain.tenancy import Principal
from ...http.media_files import MediaUrls
from ...http.plain_answers import JsonText, NoContent
from ...http.request_context import request_scope
from .image_json import ImageJson

LIST_IMAGES = "apps_dashboard_api_images_list_images"
UPLOAD_IMAGE = "apps_dashboard_api_images_upload_image"
DELETE_IMAGE = "apps_dashboard_api_images_delete_image"


class ClosientImageOperations:
    """Operation handlers, bound to one catalog; looked up by operationId. Each takes the
    principal the authentication found (a request context entry) as an argument."""

    def __init__(self, catalog: ImageCatalog, urls: MediaUrls) -> None:
        self.catalog = catalog
        self.urls = urls
        self.json = ImageJson()

    def by_operation_id(self) -> dict[str, Any]:
        return {
            LIST_IMAGES: self.list_images,
            UPLOAD_IMAGE: self.upload_image,
            DELETE_IMAGE: self.delete_image,
        }

    async def list_images(
        self,
        principal: Principal,
        organization_id: str,
        gtin: str,
        page: int = 1,
        page_size: int = 25,
    ) -> Response:
        product, listing = self.catalog.list_images(principal, organization_id, gtin)
        return JsonText(
            self.json.page(self.urls.base(request_scope()), product, listing, page, page_size)
        )

    async def upload_image(
        self,
        principal: Principal,
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
            principal,
            organization_id,
            gtin,
            content,
            title=fields.get("title", ""),
            make_primary=fields.get("is_primary", False),
        )
        return JsonText(self.json.image(self.urls.base(request_scope()), product, stored), 201)

    async def delete_image(
        self, principal: Principal, organization_id: str, gtin: str, image_id: str
    ) -> Response:
        self.catalog.delete(principal, organization_id, gtin, image_id)
        return NoContent()

    async def _read_upload(self, upload: UploadFile) -> bytes:
        limit = self.catalog.policy.max_image_bytes
        content = await upload.read(limit + 1)
        if len(content) > limit:
            raise ImageTooLarge(upload.size or len(content), limit)
        return content
