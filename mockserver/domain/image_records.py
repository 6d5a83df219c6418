"""The values a registry of images keeps: projects (its tenants), image records and the
data uploaded to them. Immutable: a change to a record is a new record (see
`image_registry`)."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .identity_users import IdentitySeed
from .image_import_settings import ImportSettings
from .image_properties import Properties

QUEUED = "queued"
UPLOADING = "uploading"
"""Data staged for a `glance-direct` import, not yet imported."""
IMPORTING = "importing"
"""An import task is moving the data into the image's stores."""
RAW = "raw"
ACTIVE = "active"
DEACTIVATED = "deactivated"
"""An active record whose data is withheld from every caller but an administrator."""
HASH_ALGORITHM = "sha512"


@dataclass(frozen=True)
class Project:
    """A tenant of the registry, and the tokens that act for it. As a caller, `admin` says
    the token carries the admin role (one of the project's `admin_tokens`)."""

    id: str
    name: str = ""
    tokens: tuple[str, ...] = ()
    admin_tokens: tuple[str, ...] = ()
    admin: bool = False
    reader: bool = False
    """As a caller: the token carries the reader role alone (it reads what its project may
    and changes nothing)."""


@dataclass(frozen=True)
class RegistrySeed:
    projects: tuple[Project, ...] = ()
    imports: ImportSettings = field(default_factory=ImportSettings)
    """The import methods, stores and URL filters it offers."""
    identity: IdentitySeed = field(default_factory=IdentitySeed)
    """The users of the identity endpoint, with their roles on the projects."""
    image_endpoint: str | None = None
    """The Images API the identity endpoint's catalog names (None: the mock's own)."""
    shipped_metadefs: bool = False
    """Whether the metadata definitions Glance ships are loaded, as a deployment loads them."""


@dataclass(frozen=True)
class ImageData:
    """What an upload stored: the bytes are the store's blob `blob`."""

    blob: str
    size: int
    checksum: str
    hash_value: str
    virtual_size: int | None = None

    @classmethod
    def of(cls, blob: str, content: bytes, virtual_size: int | None = None) -> ImageData:
        return cls(
            blob,
            len(content),
            hashlib.md5(content, usedforsecurity=False).hexdigest(),
            hashlib.new(HASH_ALGORITHM, content).hexdigest(),
            virtual_size,
        )


@dataclass(frozen=True)
class ImageRecord:
    id: uuid.UUID
    owner: str | None
    """The owning project; an admin may name any, or none."""
    status: str
    properties: Properties
    created_at: datetime
    updated_at: datetime
    data: ImageData | None = None
    stores: tuple[str, ...] = ()
    """The stores its data is kept in, in the order it reached them."""
    staged: ImageData | None = None
    """Data staged for a `glance-direct` import (its bytes the store's blob `blob`)."""
    system: tuple[tuple[str, str], ...] = ()
    """The `os_glance_*` properties the registry sets itself while importing, in the
    order it set them; no caller sets or changes them."""

    def __getitem__(self, name: str) -> Any:
        """A base property's value."""
        return self.properties.base[name]

    @property
    def protected(self) -> bool:
        return bool(self["protected"])
