"""Puts a seed's pictures into the state, through the domain's own operations (so they are
checked as uploads are), at start and after every reset."""

from __future__ import annotations

from collections.abc import Iterable

from ..domain.catalog import ImageCatalog
from ..domain.gtin import normalize_gtin
from ..domain.image_registry import RAW, ImageRegistry
from ..domain.product_pictures import DETAIL, PREVIEW, CatalogAccess, ProductPictures
from ..domain.tenancy import CONTRIBUTE, Principal
from .section import PictureSeedError, SeedPictures

_SLOTS = {"DETAIL_PICTURE": DETAIL, "PREVIEW_PICTURE": PREVIEW, "MORE_PHOTO": None}


def stock(pictures: SeedPictures, states: Iterable[object]) -> None:
    """Into whichever of the contracts' states (their domain objects) are served."""
    held = list(states)
    catalog = next((s for s in held if isinstance(s, ImageCatalog)), None)
    registry = next((s for s in held if isinstance(s, ImageRegistry)), None)
    product_pictures = next((s for s in held if isinstance(s, ProductPictures)), None)
    if catalog is not None:
        _closient(pictures, catalog)
    if registry is not None:
        _cloud_images(pictures, registry)
    if product_pictures is not None:
        _bitrix24(pictures, product_pictures)


def _closient(pictures: SeedPictures, catalog: ImageCatalog) -> None:
    for (organization, gtin), images in pictures.closient.items():
        seeder = Principal("seed", memberships={organization: frozenset({CONTRIBUTE})})
        gtin14 = normalize_gtin(gtin) or gtin
        # Each upload takes the next priority: listed first is shown first.
        for image in images:
            catalog.upload(seeder, organization, gtin14, image.content, image.title, image.primary)


def _cloud_images(pictures: SeedPictures, registry: ImageRegistry) -> None:
    projects = {project.id: project for project in registry.seed.projects}
    for project_id, images in pictures.cloud_images.items():
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


def _bitrix24(pictures: SeedPictures, product_pictures: ProductPictures) -> None:
    writer = next(
        (u for u in product_pictures.seed.users if u.access is CatalogAccess.MODIFY), None
    )
    if pictures.bitrix24 and writer is None:
        raise PictureSeedError("bitrix24: pictures need a user with modify access")
    for product_id, images in pictures.bitrix24.items():
        for image in images:
            assert writer is not None
            name = image.title or f"picture-{product_id}.png"
            product_pictures.add(writer, product_id, name, image.content, _SLOTS[image.kind])
