"""What the run may do on a Cloud Images target: authenticate with the project's token, write
only to images it created (or ids it made up, which name nothing), and delete those when it
is done, clearing their `protected` flag first."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from ..client import Broken, TargetClient, WriteRefused, json_member, seconds_in, written_path

# The contract's image paths, under whatever base the deployment mounts them (`/v2` for
# Glance): the collection, an image, and what belongs to one (its data, tags, members,
# tasks and actions).
IMAGES_PATH = re.compile(
    r"^(?P<base>.*?)/images(?:/(?P<image>[^/]+)"
    r"(?P<part>/file|/tags/[^/]+|/members(?:/[^/]+)?|/tasks|/actions/[^/]+)?)?/?$"
)
TOKEN_VARIABLE = "$CONFORMANCE_CLOUD_TOKEN"
OTHER_TOKEN_VARIABLE = "$CONFORMANCE_CLOUD_OTHER_TOKEN"
PATCH_MEDIA_TYPE = "application/openstack-images-v2.1-json-patch"
THROTTLED_STATUS = 413
NEW_IMAGE_RULE = "create_makes_a_new_image"
LISTING_PAGES_AT_MOST = 50
LISTING_PAGE_SIZE = 1000


def canonical_id(text: str) -> str | None:
    """The canonical form of an image id (a UUID, in any spelling Python reads); None when
    the text is no UUID and so can name no image."""
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


def unprotect_patch() -> bytes:
    return json.dumps([{"op": "replace", "path": "/protected", "value": False}]).encode()


@dataclass
class CloudImagesTarget:
    """The `TargetPolicy` of a Cloud Images run, and what it has learnt about the target."""

    token: str
    other_token: str | None = None
    token_is_admin: bool = False
    """Whether `token` carries the admin role (which may make images public)."""
    created: set[str] = field(default_factory=set)
    """Images this run created and has not deleted."""
    protected: set[str] = field(default_factory=set)
    """Images of `created` last reported protected."""
    deleted: set[str] = field(default_factory=set)
    """Images this run created and deleted."""
    made_up: set[str] = field(default_factory=set)
    """Ids the run invented to ask for unknown images: they name nothing."""
    read_only: set[str] = field(default_factory=set)
    """Images the project could list before the run: never written to."""

    @property
    def credential_headers(self) -> Mapping[str, str]:
        # webob renders errors as JSON only for a client that accepts it (the contract's
        # "Error bodies"); other renderings are outside the contract.
        return {"X-Auth-Token": self.token, "Accept": "application/json"}

    @property
    def secrets(self) -> Mapping[str, str]:
        secrets = {self.token: TOKEN_VARIABLE}
        if self.other_token:
            secrets[self.other_token] = OTHER_TOKEN_VARIABLE
        return secrets

    def make_up_id(self) -> str:
        """A fresh id that names no image, which the run may send writes to."""
        image_id = str(uuid.uuid4())
        self.made_up.add(image_id)
        return image_id

    def guard(self, request: httpx.Request) -> None:
        """Refuse a write to anything but the collection (a create) or an image the run
        created or made up; a chosen id on create must not be one listed before the run."""
        match = written_path(request, IMAGES_PATH)
        if match is None:
            return
        method, path = request.method, request.url.path
        if match["image"] is None:
            if _chosen_id(request) in self.read_only:
                raise WriteRefused(method, path, "creates an image with the id of one listed")
            return
        image_id = canonical_id(match["image"])
        if image_id is not None and image_id not in self.created | self.deleted | self.made_up:
            raise WriteRefused(method, path, "an image this run did not create")

    def learn(self, request: httpx.Request, response: httpx.Response | None) -> list[Broken]:
        """Track what this run created (any success counts; and the id a create chose, when
        its answer was a server error or none), which of those are protected, and what it
        deleted. A create answering the id of an image listed before the run breaks a rule."""
        match = IMAGES_PATH.match(request.url.path)
        creates = match is not None and request.method == "POST" and match["image"] is None
        if creates and (response is None or response.is_server_error):
            # The image may exist all the same: the cleanup deletes it or reports it.
            chosen = _chosen_id(request)
            if chosen is not None and chosen not in self.read_only:
                self.created.add(chosen)
            return []
        if match is None or response is None or not response.is_success:
            return []
        if creates:
            image_id = canonical_id(str(json_member(response, "id")))
            if image_id in self.read_only:
                return [
                    Broken(
                        NEW_IMAGE_RULE,
                        f"the create answered {image_id}, an image listed before the run",
                    )
                ]
            if image_id is not None:
                self.created.add(image_id)
                self._note_protection(image_id, response)
            return []
        image_id = canonical_id(match["image"] or "")
        if image_id not in self.created or match["part"]:
            return []
        if request.method == "PATCH":
            self._note_protection(image_id, response)
        elif request.method == "DELETE" and image_id not in self.protected:
            # A protected image must survive its delete: it stays to be cleaned up.
            self.forget(image_id)
        return []

    def retry_after(self, response: httpx.Response) -> float | None:
        """OpenStack's "Over Limit": a 413 with Retry-After (one without is a quota)."""
        if response.status_code != THROTTLED_STATUS or "Retry-After" not in response.headers:
            return None
        return seconds_in(response.headers.get("Retry-After"), default=1.0)

    def learn_existing_images(self, client: TargetClient) -> None:
        """Everything the project can list before the run is read-only for the whole run."""
        listed = (canonical_id(str(item.get("id"))) for item in full_listing(client))
        self.read_only.update(image_id for image_id in listed if image_id is not None)

    def cleanup(self, client: TargetClient) -> list[str]:
        """Delete every image this run created, unprotecting it first; the ids that could
        not be deleted."""
        left: list[str] = []
        for image_id in sorted(self.created):
            if image_id in self.protected:
                self.unprotect(client, image_id)
            response = client.send("DELETE", f"/images/{image_id}")
            if response.status_code == 403:
                # Protected without the run knowing (e.g. its flag was not reported).
                self.unprotect(client, image_id)
                response = client.send("DELETE", f"/images/{image_id}")
            if response.status_code in (204, 404):
                self.forget(image_id)
            else:
                left.append(image_id)
        return left

    def forget(self, image_id: str) -> None:
        """The image is gone: nothing to clean up, still the run's to write to."""
        self.created.discard(image_id)
        self.protected.discard(image_id)
        self.deleted.add(image_id)

    def unprotect(self, client: TargetClient, image_id: str) -> None:
        client.send(
            "PATCH",
            f"/images/{image_id}",
            content=unprotect_patch(),
            headers={"Content-Type": PATCH_MEDIA_TYPE},
        )
        self.protected.discard(image_id)

    def _note_protection(self, image_id: str, response: httpx.Response) -> None:
        if json_member(response, "protected") is True:
            self.protected.add(image_id)
        else:
            self.protected.discard(image_id)


def listing_pages(
    client: TargetClient, headers: Mapping[str, str] | None = None
) -> Iterator[httpx.Response]:
    """The listing page by page (each page's marker the last id of the one before), as long
    as pages are readable and say a `next` one follows."""
    params: dict[str, str | int] = {"limit": LISTING_PAGE_SIZE}
    for _ in range(LISTING_PAGES_AT_MOST):
        response = client.send("GET", "/images", params=params, headers=headers)
        yield response
        body = client.exchanges[-1].reply.json_or_none()
        images = listed_images(body)
        marker = images[-1].get("id") if images else None
        more = isinstance(body, dict) and "next" in body
        if not (response.is_success and more and isinstance(marker, str)):
            return
        params = {"limit": LISTING_PAGE_SIZE, "marker": marker}


def listed_images(body: object) -> list[dict[str, Any]]:
    """The image objects of one listing page; empty when the page holds none."""
    images = body.get("images") if isinstance(body, dict) else None
    return [item for item in images if isinstance(item, dict)] if isinstance(images, list) else []


def full_listing(client: TargetClient) -> list[dict[str, Any]]:
    """Every image the listing shows, as far as it is readable."""
    return [
        image
        for _ in listing_pages(client)
        for image in listed_images(client.exchanges[-1].reply.json_or_none())
    ]


def _chosen_id(request: httpx.Request) -> str | None:
    try:
        body = json.loads(request.content or b"null")
    except ValueError:
        return None
    chosen = body.get("id") if isinstance(body, dict) else None
    return canonical_id(chosen) if isinstance(chosen, str) else None
