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
        return f"Property {self.name} may not be removed."


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
    """"image tags" or "image properties", as Glance names its quotas."""
    limit: int
    attempted: int
    image_id: str | None = None
    """The image a tag was added to alone (Glance words that refusal apart)."""

    def __str__(self) -> str:
        quota = (
            f"The limit has been exceeded on the number of allowed {self.what}. "
            f"Attempted: {self.attempted}, Maximum: {self.limit}"
        )
        if self.image_id is None:
            return quota
        return f"Image tag limit exceeded for image {self.image_id}: {quota}:"


@dataclass
class StatusConflict(DomainError):
    status: str
    wanted: str

    def __str__(self) -> str:
        return f"Image status transition from {self.status} to {self.wanted} is not allowed"


@dataclass
class StatusActionRefused(DomainError):
    """An action a record's status does not allow (only an active record deactivates, only
    a deactivated one reactivates)."""

    action: str
    status: str

    def __str__(self) -> str:
        return f"Not allowed to {self.action} image in status '{self.status}'"


@dataclass
class ActionNotAuthorized(DomainError):
    """An action on a record the caller sees but may not take: Glance's policy of that
    name allows the admin role and the owning project alone."""

    action: str

    def __str__(self) -> str:
        return f"You are not authorized to complete {self.action} action."


@dataclass
class ImageDeactivated(DomainError):
    """The data of a deactivated record, asked for without the admin role."""

    image_id: str

    def __str__(self) -> str:
        return "The requested image has been deactivated. Image data download is forbidden."


@dataclass
class FormatsNotSet(DomainError):
    image_id: str

    def __str__(self) -> str:
        return "Properties disk_format and container_format must be set prior to saving data."


@dataclass
class UnknownMarker(DomainError):
    marker: str

    def __str__(self) -> str:
        return f"No image found with ID {self.marker}"


@dataclass
class PublicizeForbidden(DomainError):
    """Only a caller with the admin role makes an image public."""

    def __str__(self) -> str:
        return "You are not authorized to complete publicize_image action."


@dataclass
class OwnerNotPermitted(DomainError):
    """A create naming another owner than the caller's project, without the admin role."""

    owner: str | None

    def __str__(self) -> str:
        return f"You are not permitted to create images owned by '{self.owner}'"


@dataclass
class OwnerChangeForbidden(DomainError):
    """A patch of the owner without the admin role."""

    def __str__(self) -> str:
        return "Owner can't be updated by non admin."


@dataclass
class FourByteText(DomainError):
    """Text outside the Basic Multilingual Plane, which Glance's database cannot store: in
    the value of `name`, in a custom property's name (`in_name`), or in a tag (`in_tag`,
    where Glance names neither)."""

    name: str
    in_name: bool = False
    in_tag: bool = False

    def __str__(self) -> str:
        if self.in_tag:
            return "Param values can't contain 4 byte unicode."
        if self.in_name:
            return "Property names can't contain 4 byte unicode."
        return f"{self.name.title()} can't contain 4 byte unicode characters."


MAX_COUNT = 2**31 - 1
"""The largest count Glance's database keeps (a signed 4-byte integer)."""


@dataclass
class CountOutOfRange(DomainError):
    """A count (`min_disk`, `min_ram`) below zero, or past the 4-byte integer column Glance's
    database keeps it in (`too_large`)."""

    name: str
    value: str
    """The number as sent, as Glance quotes it (Python's `str`: `-1`, `-1.0`)."""
    too_large: bool = False

    def __str__(self) -> str:
        if self.too_large:
            return f"'{self.name}' value out of range, must not exceed {MAX_COUNT}."
        return (
            f"Invalid value '{self.value}' for parameter '{self.name}': Cannot be a negative value"
        )


@dataclass
class TasksNeedTheAdminRole(DomainError):
    """Glance's task API is for administrators (its `tasks_api_access` policy)."""

    def __str__(self) -> str:
        return "You are not authorized to complete tasks_api_access action."


@dataclass
class DataFormatMismatch(DomainError):
    reason: str

    def __str__(self) -> str:
        return self.reason


@dataclass
class TagAbsent(DomainError):
    image_id: str
    tag: str

    def __str__(self) -> str:
        return f"Image {self.image_id} has no tag {self.tag!r}."


@dataclass
class MembershipRefused(DomainError):
    """A membership change the caller may not make, or on an image that is not shared."""

    image_id: str
    action: str
    reason: str = ""

    def __str__(self) -> str:
        text = f"Not allowed to {self.action} members for image {self.image_id}."
        return f"{text[:-1]}: {self.reason}" if self.reason else text


@dataclass
class MemberExists(DomainError):
    image_id: str
    member_id: str

    def __str__(self) -> str:
        return f"Member {self.member_id} is duplicated for image {self.image_id}"


@dataclass
class MemberNotFound(DomainError):
    image_id: str
    member_id: str

    def __str__(self) -> str:
        return f"{self.member_id} not found in the member list of the image {self.image_id}."
