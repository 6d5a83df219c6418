"""Cloud Images' pictures in a seed file: `images` of each of `cloud_images.projects`,
active images whose data is the picture, stored by the project's first token (README,
Seed files)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...domain.image_records import RAW
from ...domain.image_registry import ImageRegistry
from ...seed_pictures.section import Picture, PictureReader, PictureSeedError, entries

RegistryPictures = Mapping[str, tuple[Picture, ...]]
"""project id → images (title is the image name)."""


def read_registry_pictures(part: Mapping[str, Any], reader: PictureReader) -> RegistryPictures:
    pictures: dict[str, tuple[Picture, ...]] = {}
    for i, project in enumerate(entries(part.get("cloud_images") or {}, "projects")):
        images = reader.pictures(
            project.get("images"), f"cloud_images.projects[{i}].images", "name"
        )
        if images:
            pictures[str(project.get("id"))] = images
    return pictures


def stock_registry(registry: ImageRegistry, pictures: RegistryPictures) -> None:
    projects = {project.id: project for project in registry.seed.projects}
    for project_id, images in pictures.items():
        project = projects.get(project_id)
        if project is None or not project.tokens:
            raise PictureSeedError(f"cloud_images: project {project_id} has no token to act with")
        caller = registry.authenticate(project.tokens[0])
        for image in images:
            values = {"name": image.title, "disk_format": RAW, "container_format": "bare"}
            record = registry.create(caller, values)
            registry.upload(caller, str(record.id), image.content, raw_picture=image.is_placeholder)
            if image.protected:
                patch = [{"op": "replace", "path": "/protected", "value": True}]
                registry.update(caller, str(record.id), patch)
