"""Cloud Images' part of `mockserver seed export`: the project's active images, read
through the list operation (pages of 100, followed by marker) and each image's data; the
seed holds them oldest first, so that they list in the same order. A seed image is raw
data in a bare container, shared, with a name and a protected flag: what else an image
shows is listed as not kept."""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from typing import Any

from ...seed_export.deployment import Deployment, ExportRefused
from ...seed_export.section import (
    ExportedSection,
    ExportOption,
    Settings,
    expect_json,
    fresh_secret,
    picture_file,
)

PAGE_SIZE = 100
API_VERSION = "/v2"
ACTIVE = "active"
# What every seed image is: anything else an image shows is not kept.
SEED_IMAGE = {
    "disk_format": "raw",
    "container_format": "bare",
    "visibility": "shared",
    "min_ram": 0,
    "min_disk": 0,
    "os_hidden": False,
    "tags": [],
}
# Made by the server, kept by the seed (name, protected, data) or shown as of every image.
SHOWN_OF_EVERY_IMAGE = frozenset(
    {
        "id",
        "name",
        "protected",
        "owner",
        "status",
        "size",
        "virtual_size",
        "checksum",
        "os_hash_algo",
        "os_hash_value",
        "created_at",
        "updated_at",
        "self",
        "file",
        "schema",
        "stores",
        "direct_url",
        "locations",
        *SEED_IMAGE,
    }
)


class CloudImagesSeedExporter:
    options = (
        ExportOption(
            "token",
            "X-Auth-Token of the project to export (default: $CONFORMANCE_CLOUD_TOKEN)",
            environment="CONFORMANCE_CLOUD_TOKEN",
        ),
        ExportOption(
            "project-id",
            "the project whose images are exported (default: the one owner of the images "
            "the token lists)",
        ),
    )
    not_shown = (
        "an image keeps its name, data, order and protected flag; its formats (the seed's "
        "are raw and bare), visibility (shared), tags, memberships and other properties are "
        "listed as not kept, and images without data are left out; no project names, no "
        "other projects (the seed has a token of its own for the project)"
    )

    def credential_headers(self, settings: Settings) -> Mapping[str, str]:
        token = settings.get("token")
        if not token:
            raise ExportRefused("--token is needed: the API answers no one without it")
        return {"X-Auth-Token": token}

    def export(self, deployment: Deployment, settings: Settings) -> ExportedSection:
        api = "" if deployment.base_url.endswith(API_VERSION) else API_VERSION
        listed = _all_images(deployment, api)
        project = settings.get("project_id") or _one_owner(listed)
        owned = [image for image in listed if image.get("owner") == project]
        notes: list[str] = []
        if others := len(listed) - len(owned):
            notes.append(f"{others} images of other projects listed: not the project's to seed")
        images = [
            _image(deployment, api, image, notes)
            for image in reversed(owned)  # listed newest first, seeded oldest first
            if _has_data(image, notes)
        ]
        token = fresh_secret("gAAAAA", 32)
        data = {
            "cloud_images": {"projects": [{"id": project, "tokens": [token], "images": images}]}
        }
        return ExportedSection(
            data,
            credentials=[f"cloud-images: --token {token} (project {project})"],
            notes=notes,
        )


def _all_images(deployment: Deployment, api: str) -> list[Mapping[str, Any]]:
    images: list[Mapping[str, Any]] = []
    query = {"limit": str(PAGE_SIZE)}
    while True:
        body = expect_json(deployment.get(f"{api}/images", query), "the image list")
        page = body.get("images") if isinstance(body, dict) else None
        if not isinstance(page, list) or not all(isinstance(image, dict) for image in page):
            raise ExportRefused("the image list: the answer lists no `images`")
        images.extend(page)
        marker = _marker(body.get("next"))
        if not page or marker is None:
            return images
        query = {"limit": str(PAGE_SIZE), "marker": marker}


def _marker(link: Any) -> str | None:
    if not isinstance(link, str):
        return None
    markers = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query).get("marker")
    return markers[0] if markers else None


def _one_owner(images: list[Mapping[str, Any]]) -> str:
    owners = {str(image.get("owner")) for image in images if image.get("owner")}
    if len(owners) != 1:
        found = f"the images listed have {len(owners)} owners" if owners else "no image listed"
        raise ExportRefused(f"--project-id is needed: {found}")
    return owners.pop()


def _has_data(image: Mapping[str, Any], notes: list[str]) -> bool:
    if image.get("status") == ACTIVE:
        return True
    notes.append(f"image {image.get('id')} ({image.get('status')}): no data to seed it with")
    return False


def _image(
    deployment: Deployment, api: str, image: Mapping[str, Any], notes: list[str]
) -> dict[str, Any]:
    image_id = str(image.get("id"))
    label = f"image {image_id} ({image.get('name')})"
    for key, value in image.items():
        if key not in SHOWN_OF_EVERY_IMAGE or SEED_IMAGE.get(key, value) != value:
            notes.append(f"{label}: {key} {value!r}")
    if image.get("name") is None:
        notes.append(f"{label}: name null (the seed's is empty)")
    path = f"{api}/images/{urllib.parse.quote(image_id, safe='')}/file"
    entry: dict[str, Any] = {"name": str(image.get("name") or "")}
    if image.get("protected") is True:
        entry["protected"] = True
    entry["file"] = picture_file(deployment.picture(path), entry["name"], label)
    return entry


SEED_EXPORTER = CloudImagesSeedExporter()
