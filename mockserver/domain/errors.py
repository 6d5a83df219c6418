"""Domain errors. They say what went wrong in the domain's words and carry no status code:
each contract adapter maps them to its own error shape in one table."""

from __future__ import annotations

from dataclasses import dataclass


class DomainError(Exception):
    """Base class of every rule the domain refuses to break."""


@dataclass
class UnknownCredential(DomainError):
    """No principal holds the credential presented (or none was presented)."""

    def __str__(self) -> str:
        return "Authentication credentials were not provided or are not valid."


@dataclass
class NotAMember(DomainError):
    organization_id: str

    def __str__(self) -> str:
        return f"You are not a member of organization {self.organization_id}."


@dataclass
class PermissionMissing(DomainError):
    organization_id: str
    permission: str

    def __str__(self) -> str:
        return (
            f"Your membership of organization {self.organization_id} "
            f"lacks the {self.permission} permission."
        )


@dataclass
class ProductNotFound(DomainError):
    organization_id: str
    gtin: str

    def __str__(self) -> str:
        return f"No product with GTIN {self.gtin} in organization {self.organization_id}."


@dataclass
class ImageNotFound(DomainError):
    image_id: str

    def __str__(self) -> str:
        return f"No image {self.image_id} on this product."


@dataclass
class UnsupportedImage(DomainError):
    accepted: tuple[str, ...]

    def __str__(self) -> str:
        return (
            "The uploaded file is not an image of an accepted type ("
            + ", ".join(self.accepted)
            + ")."
        )


@dataclass
class ImageTooLarge(DomainError):
    size: int
    limit: int

    def __str__(self) -> str:
        return f"The uploaded file is {self.size} bytes; the limit is {self.limit} bytes."


@dataclass
class ImageMissing(DomainError):
    def __str__(self) -> str:
        return "The image part must be a file upload."


@dataclass
class EmptyImage(DomainError):
    def __str__(self) -> str:
        return "The uploaded file is empty."


@dataclass
class TitleTooLong(DomainError):
    length: int
    limit: int

    def __str__(self) -> str:
        return f"The title is {self.length} characters long; at most {self.limit} are allowed."


@dataclass
class TitleNotText(DomainError):
    def __str__(self) -> str:
        return "The title holds a control character."


@dataclass
class StoreUnavailable(DomainError):
    """The store that holds the state cannot be reached, or did not answer in time."""

    retry_after: int = 1
    """Seconds after which the client may try again (its answer's Retry-After)."""

    def __str__(self) -> str:
        return "The state store is unavailable; try again shortly."
