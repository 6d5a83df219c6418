"""Where a product picture's bytes are served: `detailUrl`, the file's path on the
account (`/upload/iblock/{key}/{file name}`), and `downloadUrl`, an absolute
`/rest/download.json?token=catalog|{key}` link. The key is the picture's random id (a
22-character shortuuid), so that no file URL can be derived from a picture's serial id:
the pictures of a product a client may not view stay out of its reach."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Scope

from ...domain.gallery import StoredImage
from ...domain.ids import parse_id
from ...domain.product_pictures import ProductPictures
from ...http.media_files import (
    EVERY_METHOD,
    MediaUrls,
    RenderError,
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
        return f"{DETAIL_PREFIX}/{picture.short_id}/{quote(picture.file_name, safe='')}"

    def download_url(self, scope: Scope, picture: StoredImage) -> str:
        token = quote(TOKEN_PREFIX + picture.short_id)
        return f"{self.media.base(scope)}{DOWNLOAD_PATH}?token={token}"


def _picture_of_key(pictures: ProductPictures, key: str) -> StoredImage | None:
    """The live picture a file key names; only its short form names it."""
    image_id = parse_id(key)
    found = pictures.find(image_id) if image_id is not None else None
    return found[1] if found is not None and found[1].short_id == key else None


def picture_routes(
    pictures: ProductPictures,
    render_not_found: RenderNotFound,
    render_not_allowed: RenderNotAllowed,
    render_error: RenderError,
) -> list[Route]:
    async def detail(request: Request) -> Response:
        picture = _picture_of_key(pictures, request.path_params["key"])
        if picture is None or picture.file_name != request.path_params["file_name"]:
            return render_not_found()
        return image_file_response(request, picture, pictures.content) or render_not_found()

    async def download(request: Request) -> Response:
        token = request.query_params.get("token", "")
        picture = _picture_of_key(pictures, token.removeprefix(TOKEN_PREFIX))
        if picture is None or not token.startswith(TOKEN_PREFIX):
            return render_not_found()
        return image_file_response(request, picture, pictures.content) or render_not_found()

    return [
        Route(
            DETAIL_PREFIX + "/{key}/{file_name:path}",
            read_only(detail, render_not_allowed, render_error),
            methods=EVERY_METHOD,
        ),
        Route(
            DOWNLOAD_PATH,
            read_only(download, render_not_allowed, render_error),
            methods=EVERY_METHOD,
        ),
    ]
