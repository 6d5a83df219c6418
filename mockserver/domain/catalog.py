"""The product-image catalog: organizations' products, their galleries, and who may touch them.

Every operation is checked in the same order: the credential names a principal, the
principal is a member of the organization (and holds the permission a change needs), the
organization owns the product, and only then is the gallery read or changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .errors import (
    EmptyImage,
    ImageNotFound,
    ImageTooLarge,
    ProductNotFound,
    TitleNotText,
    TitleTooLong,
    UnknownCredential,
    UnsupportedImage,
)
from .gallery import PRIMARY, Gallery, GalleryHead, Images, Listing, StoredImage
from .gtin import normalize_gtin
from .ids import parse_id
from .media import ACCEPTED_NAMES, ImageType, sniff_image_type
from .memory_store import MemoryStore
from .sources import Sources
from .store import PartedTable, Store
from .store_budget import StoreBudget
from .tenancy import CONTRIBUTE, CredentialKind, Organization, Principal, Product
from .text import is_free_text

DEFAULT_MAX_IMAGE_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_TITLE_LENGTH = 255


@dataclass(frozen=True)
class UploadPolicy:
    max_image_bytes: int = DEFAULT_MAX_IMAGE_BYTES
    max_title_length: int = DEFAULT_MAX_TITLE_LENGTH


@dataclass(frozen=True)
class CatalogSeed:
    """The starting state: organizations with their products, and the principals with
    their credentials and memberships."""

    organizations: tuple[Organization, ...] = ()
    principals: tuple[Principal, ...] = ()


ProductKey = tuple[str, str]  # (organization id, GTIN-14)
GALLERIES: PartedTable[GalleryHead, Images] = PartedTable("closient.gallery", GalleryHead, Images)


class ImageCatalog:
    def __init__(
        self,
        seed: CatalogSeed,
        policy: UploadPolicy | None = None,
        sources: Sources | None = None,
        store: Store | None = None,
        budget: StoreBudget | None = None,
    ) -> None:
        self.seed = seed
        self.policy = policy or UploadPolicy()
        self._sources = sources or Sources()
        self._store: Store = store if store is not None else MemoryStore()
        self._budget = budget or StoreBudget(self._store)
        self._products: dict[ProductKey, Product] = {
            (product.organization_id, product.gtin): product
            for organization in seed.organizations
            for product in organization.products
        }
        self._principals: dict[tuple[CredentialKind, str], Principal] = {
            (kind, secret): principal
            for principal in seed.principals
            for kind, secret in principal.credentials.items()
        }
        self._galleries = {key: self._gallery(key) for key in self._products}

    def _gallery(self, key: ProductKey) -> Gallery:
        name = "/".join(key)
        store = self._store

        def serials() -> int:
            return store.next_number(f"{GALLERIES.name}:{name}")

        clock, new_id = self._sources.clock, self._sources.new_id
        return Gallery(
            clock, serials, new_id, store=store, key=name, table=GALLERIES, budget=self._budget
        )

    def reset(self) -> None:
        """Back to the seeded state: every gallery empty (the whole store is cleared)."""
        self._store.clear()

    def authenticate(self, kind: CredentialKind, secret: str) -> Principal:
        try:
            return self._principals[(kind, secret)]
        except KeyError:
            raise UnknownCredential() from None

    def list_images(
        self, principal: Principal, organization_id: str, gtin: str
    ) -> tuple[Product, Listing]:
        principal.require_member(organization_id)
        product, gallery = self._product_gallery(organization_id, gtin)
        return product, gallery.listing()

    def upload(
        self,
        principal: Principal,
        organization_id: str,
        gtin: str,
        content: bytes,
        title: str = "",
        make_primary: bool = False,
    ) -> tuple[Product, StoredImage]:
        principal.require_permission(organization_id, CONTRIBUTE)
        product, gallery = self._product_gallery(organization_id, gtin)
        self._check_title(title)
        image_type = self._check_content(content)
        return product, gallery.add(content, image_type, title, PRIMARY if make_primary else None)

    def delete(
        self, principal: Principal, organization_id: str, gtin: str, image_id: str
    ) -> StoredImage:
        """Remove an image of the product; the id may be a shortuuid or a canonical UUID."""
        principal.require_permission(organization_id, CONTRIBUTE)
        _, gallery = self._product_gallery(organization_id, gtin)
        parsed = parse_id(image_id)
        if parsed is None:
            raise ImageNotFound(image_id)
        return gallery.remove(parsed)

    def find_image(self, organization_id: str, gtin: str, image_id: str) -> StoredImage | None:
        """The stored image behind a public image URL, if it still exists."""
        parsed = parse_id(image_id)
        gallery = self._galleries.get((organization_id, gtin))
        if parsed is None or gallery is None:
            return None
        return gallery.get(parsed)

    def content(self, image: StoredImage) -> bytes | None:
        """The bytes of a stored image, or None once it is removed."""
        return self._store.get_blob(image.blob_key)

    def products(self) -> Iterable[Product]:
        return self._products.values()

    def snapshot(self) -> dict[str, Any]:
        """The whole state as plain data (image bytes left out)."""
        return {
            "organizations": [
                {
                    "id": organization.id,
                    "name": organization.name,
                    "products": [
                        {
                            "gtin": product.gtin,
                            "name": product.name,
                            "images": [
                                _image_summary(image)
                                for image in self._galleries[
                                    (product.organization_id, product.gtin)
                                ].ordered()
                            ],
                        }
                        for product in organization.products
                    ],
                }
                for organization in self.seed.organizations
            ],
            "principals": [
                {
                    "name": principal.name,
                    "memberships": {
                        org: sorted(permissions)
                        for org, permissions in principal.memberships.items()
                    },
                }
                for principal in self.seed.principals
            ],
        }

    def _product_gallery(self, organization_id: str, gtin: str) -> tuple[Product, Gallery]:
        gtin14 = normalize_gtin(gtin)
        key = (organization_id, gtin14 or "")
        product = self._products.get(key)
        if product is None:
            raise ProductNotFound(organization_id, gtin)
        return product, self._galleries[key]

    def _check_title(self, title: str) -> None:
        if len(title) > self.policy.max_title_length:
            raise TitleTooLong(len(title), self.policy.max_title_length)
        if not is_free_text(title):
            raise TitleNotText()

    def _check_content(self, content: bytes) -> ImageType:
        if not content:
            raise EmptyImage()
        if len(content) > self.policy.max_image_bytes:
            raise ImageTooLarge(len(content), self.policy.max_image_bytes)
        image_type = sniff_image_type(content)
        if image_type is None:
            raise UnsupportedImage(ACCEPTED_NAMES)
        return image_type


def _image_summary(image: StoredImage) -> dict[str, Any]:
    return {
        "id": image.short_id,
        "uuid": str(image.id),
        "title": image.title,
        "is_primary": image.is_primary,
        "priority": image.priority,
        "created": image.created.isoformat(),
        "media_type": image.image_type.media_type,
        "size": image.size,
    }
