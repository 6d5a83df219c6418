"""Pictures of catalog products numbered by integers: the model behind Bitrix24's
`catalog.productImage.*`.

A product has a detail picture and a preview picture (one slot each) and a gallery of
further photos. A new detail or preview picture takes its slot and the previous one is
removed: the slots are fields of the product holding one file, and replacing the file
deletes the old one (it does not move to the gallery). Further photos append.

Users act through incoming webhooks (user id and code) or access tokens; each user may
view the catalog, modify it, or neither.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from .errors import DomainError, EmptyImage, ImageNotFound, ImageTooLarge, UnknownCredential
from .gallery import Displacement, Gallery, GalleryHead, Images, SingleSlot, StoredImage
from .media import ACCEPTED_NAMES, sniff_image_type
from .memory_store import MemoryStore
from .sources import Sources
from .store import PartedTable, Store
from .store_budget import StoreBudget
from .text import is_one_line, quoted_briefly

DETAIL = SingleSlot("detail", Displacement.REMOVE)
PREVIEW = SingleSlot("preview", Displacement.REMOVE)
MAX_FILE_NAME_LENGTH = 255
GALLERIES: PartedTable[GalleryHead, Images] = PartedTable("bitrix24.gallery", GalleryHead, Images)
PICTURE_IDS = "bitrix24.pictures"
"""The counter of picture ids, one for every product."""


class CatalogAccess(Enum):
    NONE = "none"
    VIEW = "view"
    MODIFY = "modify"


@dataclass(frozen=True)
class CatalogProduct:
    id: int
    name: str = ""


@dataclass(frozen=True)
class CatalogUser:
    id: int
    name: str = ""
    access: CatalogAccess = CatalogAccess.MODIFY
    webhooks: tuple[str, ...] = ()
    tokens: tuple[str, ...] = ()


@dataclass(frozen=True)
class PictureSeed:
    products: tuple[CatalogProduct, ...] = ()
    users: tuple[CatalogUser, ...] = ()


@dataclass
class InvalidWebhook(DomainError):
    """No active webhook has this user id and code."""

    def __str__(self) -> str:
        return "Invalid request credentials"


@dataclass
class CannotView(DomainError):
    def __str__(self) -> str:
        return "Access Denied"


@dataclass
class CannotModify(DomainError):
    def __str__(self) -> str:
        return "Access Denied"


@dataclass
class CatalogProductNotFound(DomainError):
    product_id: int

    def __str__(self) -> str:
        return f"Product {self.product_id} not found"


@dataclass
class InvalidFileName(DomainError):
    file_name: str

    def __str__(self) -> str:
        return f"Invalid file name: {quoted_briefly(self.file_name)}"


@dataclass
class NotAPicture(DomainError):
    def __str__(self) -> str:
        return "Invalid file type: accepted are " + ", ".join(ACCEPTED_NAMES)


class ProductPictures:
    def __init__(
        self,
        seed: PictureSeed,
        max_image_bytes: int,
        sources: Sources | None = None,
        store: Store | None = None,
        budget: StoreBudget | None = None,
    ) -> None:
        self.seed = seed
        self.max_image_bytes = max_image_bytes
        self._sources = sources or Sources()
        self._store: Store = store if store is not None else MemoryStore()
        self._budget = budget or StoreBudget(self._store)
        self._products = {product.id: product for product in seed.products}
        self._webhooks = {(u.id, code): u for u in seed.users for code in u.webhooks}
        self._tokens = {token: u for u in seed.users for token in u.tokens}
        self._galleries = {pid: self._gallery_of(pid) for pid in self._products}

    def _whole_seconds(self) -> datetime:
        return self._sources.clock().replace(microsecond=0)

    def _gallery_of(self, product_id: int) -> Gallery:
        store = self._store

        def serials() -> int:
            return store.next_number(PICTURE_IDS)

        return Gallery(
            self._whole_seconds,
            serials,
            self._sources.new_id,
            store=store,
            key=str(product_id),
            table=GALLERIES,
            budget=self._budget,
        )

    def reset(self) -> None:
        """Back to the seeded state: every product without pictures, ids from 1 again (the
        whole store is cleared)."""
        self._store.clear()

    def by_webhook(self, user_id: int, code: str) -> CatalogUser:
        try:
            return self._webhooks[(user_id, code)]
        except KeyError:
            raise InvalidWebhook() from None

    def by_token(self, token: str) -> CatalogUser:
        try:
            return self._tokens[token]
        except KeyError:
            raise UnknownCredential() from None

    def add(
        self,
        user: CatalogUser,
        product_id: int,
        file_name: str,
        content: bytes,
        slot: SingleSlot | None = None,
    ) -> StoredImage:
        """Store a picture; one for the detail or preview slot replaces the slot's holder."""
        gallery = self._gallery(user, product_id, CatalogAccess.MODIFY)
        if (
            not file_name.strip()
            or len(file_name) > MAX_FILE_NAME_LENGTH
            or not is_one_line(file_name)
        ):
            raise InvalidFileName(file_name)
        if not content:
            raise EmptyImage()
        if len(content) > self.max_image_bytes:
            raise ImageTooLarge(len(content), self.max_image_bytes)
        image_type = sniff_image_type(content)
        if image_type is None:
            raise NotAPicture()
        return gallery.add(content, image_type, slot=slot, file_name=file_name)

    def get(self, user: CatalogUser, product_id: int, picture_id: int) -> StoredImage:
        picture = self._gallery(user, product_id, CatalogAccess.VIEW).get_serial(picture_id)
        if picture is None:
            raise ImageNotFound(str(picture_id))
        return picture

    def list(self, user: CatalogUser, product_id: int) -> list[StoredImage]:
        """The product's pictures, oldest (lowest id) first."""
        gallery = self._gallery(user, product_id, CatalogAccess.VIEW)
        return sorted(gallery.ordered(), key=lambda picture: picture.serial)

    def delete(self, user: CatalogUser, product_id: int, picture_id: int) -> StoredImage:
        return self._gallery(user, product_id, CatalogAccess.MODIFY).remove_serial(picture_id)

    def find(self, image_id: uuid.UUID) -> tuple[int, StoredImage] | None:
        """The product and picture behind a file URL, if the picture still exists. File URLs
        name a picture by its random id, never by its serial: a serial is easily guessed."""
        for product_id, gallery in self._galleries.items():
            picture = gallery.get(image_id)
            if picture is not None:
                return product_id, picture
        return None

    def content(self, picture: StoredImage) -> bytes | None:
        """The bytes of a stored picture, or None once it is removed."""
        return self._store.get_blob(picture.blob_key)

    def require_view(self, user: CatalogUser) -> None:
        if user.access is CatalogAccess.NONE:
            raise CannotView()

    def snapshot(self) -> dict[str, Any]:
        """Products and their pictures as plain data (bytes left out)."""
        return {
            "products": [
                {
                    "id": product.id,
                    "name": product.name,
                    "pictures": [
                        {
                            "id": picture.serial,
                            "key": picture.short_id,
                            "name": picture.file_name,
                            "slot": picture.slot.name if picture.slot else None,
                            "media_type": picture.image_type.media_type,
                            "size": picture.size,
                        }
                        for picture in sorted(
                            self._galleries[product.id].ordered(), key=lambda p: p.serial
                        )
                    ],
                }
                for product in self.seed.products
            ],
            "users": [
                {"id": user.id, "name": user.name, "access": user.access.value}
                for user in self.seed.users
            ],
        }

    def _gallery(self, user: CatalogUser, product_id: int, needed: CatalogAccess) -> Gallery:
        if needed is CatalogAccess.MODIFY and user.access is not CatalogAccess.MODIFY:
            raise CannotModify()
        self.require_view(user)
        gallery = self._galleries.get(product_id)
        if gallery is None:
            raise CatalogProductNotFound(product_id)
        return gallery
