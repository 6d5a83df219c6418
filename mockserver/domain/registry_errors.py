"""Refusals of the image registry (records with a `protected` flag and a status lifecycle).

Like every domain error they carry no status code: the adapter's table maps them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import DomainError


@dataclass
class RecordNotFound(DomainError):
    image_id: str

    def __str__(self) -> str:
        return f"No image found with ID {self.image_id}"


@dataclass
class NotTheOwner(DomainError):
    image_id: str

    def __str__(self) -> str:
        return f"You are not permitted to modify image {self.image_id}."


@dataclass
class ImageProtected(DomainError):
    image_id: str

    def __str__(self) -> str:
        return f"Image {self.image_id} is protected and cannot be deleted."


@dataclass
class ReadOnlyProperty(DomainError):
    name: str

    def __str__(self) -> str:
        return f"Attribute '{self.name}' is read-only."


@dataclass
class ReservedProperty(DomainError):
    name: str

    def __str__(self) -> str:
        return f"Attribute '{self.name}' is reserved."


@dataclass
class BasePropertyRemoval(DomainError):
    name: str

    def __str__(self) -> str:
        return f"Attribute '{self.name}' is a base property and cannot be removed."


@dataclass
class InvalidPropertyValue(DomainError):
    name: str
    reason: str

    def __str__(self) -> str:
        return f"Invalid value for '{self.name}': {self.reason}."


@dataclass
class PropertyExists(DomainError):
    name: str

    def __str__(self) -> str:
        return f"Property {self.name} already present."


@dataclass
class PropertyAbsent(DomainError):
    name: str

    def __str__(self) -> str:
        return f"Property {self.name} does not exist."


@dataclass
class ImageIdTaken(DomainError):
    image_id: str

    def __str__(self) -> str:
        return f"An image with identifier {self.image_id} already exists"


@dataclass
class QuotaExceeded(DomainError):
    what: str
    limit: int

    def __str__(self) -> str:
        return f"Maximum number of {self.what} exceeded ({self.limit})."


@dataclass
class StatusConflict(DomainError):
    status: str
    wanted: str

    def __str__(self) -> str:
        return f"Image status transition from {self.status} to {self.wanted} is not allowed"


@dataclass
class FormatsNotSet(DomainError):
    image_id: str

    def __str__(self) -> str:
        return (
            f"Properties disk_format and container_format must be set "
            f"prior to uploading data to image {self.image_id}."
        )


@dataclass
class UnknownMarker(DomainError):
    marker: str

    def __str__(self) -> str:
        return f"marker {self.marker} could not be found."
