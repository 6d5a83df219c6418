"""What the run may do on a Closient target: authenticate with the API key, write only to the
given product(s), delete only images it uploaded, and delete those when it is done."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

import httpx
import shortuuid

from ..client import Broken, TargetClient, WriteRefused, json_member, seconds_in, written_path

IMAGES_PATH = re.compile(
    r"^/dashboard/api/v1/trade-items/(?P<organization>[^/]+)/(?P<gtin>[^/]+)/images(?:/(?P<image>[^/]+))?/?$"
)
ORGANIZATION_ID = re.compile(r"^[23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz]{22}$")
GTIN = re.compile(r"^\d{8,14}$")
API_KEY_VARIABLE = "$CONFORMANCE_API_KEY"
READER_API_KEY_VARIABLE = "$CONFORMANCE_READER_API_KEY"
LISTING_PAGES_AT_MOST = 50
NEW_IMAGE_RULE = "upload_creates_a_new_image"


@dataclass(frozen=True)
class ProductScope:
    """The one organization and product the suite may write to."""

    organization: str
    gtin: str


def normalized_gtin(gtin: str) -> str:
    return gtin.zfill(14)


def short_image_id(text: str) -> str:
    """The 22-character form of an image id given in either of the contract's forms."""
    try:
        return str(shortuuid.encode(uuid.UUID(text)))
    except ValueError:
        return text


@dataclass
class ClosientTarget:
    """The `TargetPolicy` of a Closient run, and what it has learnt about the target."""

    api_key: str
    scope: ProductScope
    other_gtin: str | None = None
    reader_api_key: str | None = None
    """A key of a member of the organization without the right to change images."""
    created: dict[str, str] = field(default_factory=dict)
    """Images this run uploaded and has not deleted: id → GTIN of their product."""
    read_only: set[str] = field(default_factory=set)
    keeps_foreign_primary: bool = False
    """The product had a primary image before the run: no upload may demote it."""
    unanswered_uploads: set[str] = field(default_factory=set)
    """Products an upload went to whose answer was a server error or none: it may have
    stored an image the run cannot know the id of."""

    @property
    def credential_headers(self) -> Mapping[str, str]:
        return {"X-API-Key": self.api_key}

    @property
    def secrets(self) -> Mapping[str, str]:
        readers = {self.reader_api_key: READER_API_KEY_VARIABLE} if self.reader_api_key else {}
        return {self.api_key: API_KEY_VARIABLE, **readers}

    def images_path(self, gtin: str | None = None, image_id: str | None = None) -> str:
        product = f"{self.scope.organization}/{gtin or self.scope.gtin}"
        path = f"/dashboard/api/v1/trade-items/{product}/images"
        return f"{path}/{image_id}" if image_id is not None else path

    def guard(self, request: httpx.Request) -> None:
        """Refuse a write that could touch another product or an image this run did not make."""
        match = written_path(request, IMAGES_PATH)
        if match is None:
            return
        method, path = request.method, request.url.path
        organization, gtin, image = match["organization"], match["gtin"], match["image"]
        could_exist = ORGANIZATION_ID.match(organization) and GTIN.match(gtin)
        allowed = {normalized_gtin(g) for g in (self.scope.gtin, self.other_gtin) if g}
        if could_exist and (
            organization != self.scope.organization or normalized_gtin(gtin) not in allowed
        ):
            raise WriteRefused(method, path, "another product than the one given")
        if image is not None and short_image_id(image) in self.read_only:
            raise WriteRefused(method, path, "an image this run did not create")

    def learn(self, request: httpx.Request, response: httpx.Response | None) -> list[Broken]:
        """Track what this run created; any success of an upload counts (a server that
        answers 200 instead of 201 has still stored the image). An upload answering the id
        of an image that was there before breaks a rule (and that image stays read-only)."""
        match = IMAGES_PATH.match(request.url.path)
        uploads = match is not None and request.method == "POST" and match["image"] is None
        if match is not None and uploads and (response is None or response.is_server_error):
            self.unanswered_uploads.add(normalized_gtin(match["gtin"]))
        if match is None or response is None or not response.is_success:
            return []
        gtin = normalized_gtin(match["gtin"])
        if request.method == "POST" and match["image"] is None:
            image_id = json_member(response, "id")
            if isinstance(image_id, str) and short_image_id(image_id) in self.read_only:
                return [
                    Broken(
                        NEW_IMAGE_RULE,
                        f"the upload answered {image_id}, an image that existed before the run",
                    )
                ]
            if isinstance(image_id, str):
                self.created[image_id] = gtin
        elif request.method == "DELETE" and match["image"]:
            image_id = short_image_id(match["image"])
            # A delete through another product's path must not have deleted it.
            if self.created.get(image_id) == gtin:
                del self.created[image_id]
        return []

    def retry_after(self, response: httpx.Response) -> float | None:
        if response.status_code != 429:
            return None
        return seconds_in(response.headers.get("Retry-After"), default=1.0)

    def listed_ids(self, client: TargetClient, gtin: str) -> set[str]:
        """The ids the product's listing shows (as far as its pages can be read)."""
        listed: set[str] = set()
        for page in range(1, LISTING_PAGES_AT_MOST + 1):
            response = client.send(
                "GET", self.images_path(gtin), params={"page": page, "page_size": 100}
            )
            body = client.exchanges[-1].reply.json_or_none()
            if not isinstance(body, dict) or not isinstance(body.get("data"), list):
                break
            listed.update(str(item.get("id")) for item in body["data"] if isinstance(item, dict))
            if not response.is_success or not (body.get("pagination") or {}).get("has_next"):
                break
        return listed

    def learn_existing_images(self, client: TargetClient) -> None:
        """Everything already on the given products is read-only for the whole run."""
        for gtin in filter(None, (self.scope.gtin, self.other_gtin)):
            for page in range(1, LISTING_PAGES_AT_MOST + 1):
                response = client.send(
                    "GET", self.images_path(gtin), params={"page": page, "page_size": 100}
                )
                body = client.exchanges[-1].reply.json_or_none()
                if not isinstance(body, dict) or not isinstance(body.get("data"), list):
                    return
                items = [item for item in body["data"] if isinstance(item, dict)]
                self.read_only.update(str(item.get("id")) for item in items)
                if gtin == self.scope.gtin and any(item.get("is_primary") for item in items):
                    self.keeps_foreign_primary = True
                if not response.is_success or not (body.get("pagination") or {}).get("has_next"):
                    break

    def cleanup(self, client: TargetClient) -> list[str]:
        """Delete every image this run created (after an upload without an answer, every
        image listed that was not there before); the ids that could not be deleted."""
        for gtin in sorted(self.unanswered_uploads):
            for image_id in self.listed_ids(client, gtin) - self.read_only:
                self.created.setdefault(image_id, gtin)
        self.unanswered_uploads.clear()
        left: list[str] = []
        for image_id, gtin in list(self.created.items()):
            response = client.send("DELETE", self.images_path(gtin, image_id))
            if response.status_code in (204, 404):
                self.created.pop(image_id, None)
            else:
                left.append(image_id)
        return left
