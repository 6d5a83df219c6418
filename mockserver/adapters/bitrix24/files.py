"""Where a product picture's bytes are served: `detailUrl`, the file's path on the
account (`/upload/iblock/{id}/{file name}`), and `downloadUrl`, an absolute
`/rest/download.json?token=...` link whose token names the picture."""

from __future__ import annotations

import base64
import binascii
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Scope

from ...domain.gallery import StoredImage
from ...domain.ids import parse_serial
from ...domain.product_pictures import ProductPictures
from ...http.media_files import (
    EVERY_METHOD,
    MediaUrls,
    RenderNotAllowed,
    RenderNotFound,
    image_file_response,
    read_only,
)

DETAIL_PREFIX = "/upload/iblock"
DOWNLOAD_PATH = "/rest/download.json"
TOKEN_PREFIX = "catalog|"


class PictureUrls:
    def __init__(self, media: MediaUrls) -> None:
        self.media = media

    def detail_path(self, picture: StoredImage) -> str:
        return f"{DETAIL_PREFIX}/{picture.serial}/{quote(picture.file_name, safe='')}"

    def download_url(self, scope: Scope, picture: StoredImage) -> str:
        token = base64.b64encode(f"id={picture.serial}".encode()).decode()
        return f"{self.media.base(scope)}{DOWNLOAD_PATH}?token={quote(TOKEN_PREFIX + token)}"


def _picture_of_token(token: str) -> int | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    try:
        text = base64.b64decode(token[len(TOKEN_PREFIX) :], validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    key, _, value = text.partition("=")
    return parse_serial(value) if key == "id" else None


def picture_routes(
    pictures: ProductPictures,
    render_not_found: RenderNotFound,
    render_not_allowed: RenderNotAllowed,
) -> list[Route]:
    async def detail(request: Request) -> Response:
        picture_id = parse_serial(request.path_params["picture_id"])
        found = pictures.find(picture_id) if picture_id is not None else None
        if found is None or found[1].file_name != request.path_params["file_name"]:
            return render_not_found()
        return image_file_response(request, found[1])

    async def download(request: Request) -> Response:
        picture_id = _picture_of_token(request.query_params.get("token", ""))
        found = pictures.find(picture_id) if picture_id is not None else None
        if found is None:
            return render_not_found()
        return image_file_response(request, found[1])

    return [
        Route(
            DETAIL_PREFIX + "/{picture_id}/{file_name:path}",
            read_only(detail, render_not_allowed),
            methods=EVERY_METHOD,
        ),
        Route(DOWNLOAD_PATH, read_only(download, render_not_allowed), methods=EVERY_METHOD),
    ]
