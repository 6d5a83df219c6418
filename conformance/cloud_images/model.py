"""What the suite believes the project holds of the images it created: a small plain object.

The state machine changes it alongside the server and compares the two after every step.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

QUEUED = "queued"
ACTIVE = "active"


@dataclass
class ModelImage:
    id: str
    name: str
    visibility: str
    protected: bool = False
    data: bytes | None = None
    """The uploaded bytes; None while the image has none."""
    properties: dict[str, str] = field(default_factory=dict)
    """Custom properties the run set."""

    @property
    def status(self) -> str:
        return ACTIVE if self.data is not None else QUEUED

    @property
    def checksum(self) -> str | None:
        if self.data is None:
            return None
        return hashlib.md5(self.data, usedforsecurity=False).hexdigest()

    def expected(self) -> dict[str, Any]:
        """The members of its record the model knows."""
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "protected": self.protected,
            "visibility": self.visibility,
            "size": len(self.data) if self.data is not None else None,
            "checksum": self.checksum,
            **self.properties,
        }

    def differences(self, record: dict[str, Any]) -> list[str]:
        """How a record the server sent differs from the model; empty when it agrees."""
        return [
            f"{name} is {record.get(name)!r}, expected {value!r}"
            for name, value in self.expected().items()
            if record.get(name) != value
        ]


@dataclass
class ProjectModel:
    images: dict[str, ModelImage] = field(default_factory=dict)
    """The images that exist, in the order they were created."""
    deleted: list[str] = field(default_factory=list)

    @property
    def created(self) -> set[str]:
        """Every image created, deleted or not."""
        return set(self.images) | set(self.deleted)

    def ids(self, *, protected: bool | None = None, status: str | None = None) -> list[str]:
        return [
            image.id
            for image in self.images.values()
            if (protected is None or image.protected == protected)
            and (status is None or image.status == status)
        ]

    def add(self, image: ModelImage) -> None:
        self.images[image.id] = image

    def delete(self, image_id: str) -> None:
        del self.images[image_id]
        self.deleted.append(image_id)
