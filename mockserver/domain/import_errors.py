"""Refusals of interoperable import, its stores and its tasks, in Glance 33's words.

Like every domain error they carry no status code: the adapter's table maps them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import DomainError


@dataclass
class ImportRequestInvalid(DomainError):
    """An import request whose body Glance refuses before it looks for the image."""

    reason: str

    def __str__(self) -> str:
        return self.reason


@dataclass
class ImportConflict(DomainError):
    """An import the image's state does not allow (its status, its formats, a task
    already running, a store that does not exist)."""

    reason: str

    def __str__(self) -> str:
        return self.reason


@dataclass
class ImportRefused(DomainError):
    """A request that names what cannot be done: an import's URL the filters refuse, a
    store the image is already in, `all_stores` with `stores`; an upload's unknown
    store."""

    reason: str

    def __str__(self) -> str:
        return self.reason


@dataclass
class MethodNotOffered(DomainError):
    """Staging data on a registry that does not offer `glance-direct`."""

    method: str

    def __str__(self) -> str:
        return f"'{self.method}' method is not available at this site."


@dataclass
class StoreNotAvailable(DomainError):
    store_id: str

    def __str__(self) -> str:
        return f"The selected store {self.store_id} is not available on this node."


@dataclass
class StoreImageNotFound(DomainError):
    image_id: str

    def __str__(self) -> str:
        return f"Failed to find image {self.image_id}"


@dataclass
class NotInStore(DomainError):
    image_id: str
    store_id: str

    def __str__(self) -> str:
        return f"Image {self.image_id} is not stored in store {self.store_id}."


@dataclass
class LastStore(DomainError):
    def __str__(self) -> str:
        return (
            "Cannot delete image data from the only store containing it. Consider "
            "deleting the image instead."
        )


@dataclass
class StoreDataConflict(DomainError):
    """Data removed from a store of an image that is not active."""

    def __str__(self) -> str:
        return "It's not allowed to remove image data from store if image status is not 'active'"


@dataclass
class TaskNotFound(DomainError):
    task_id: str

    def __str__(self) -> str:
        return f"Could not find task {self.task_id}"


@dataclass
class InvalidTaskRequest(DomainError):
    """A task create or listing Glance refuses (a missing field, a value out of its
    schema, an unknown marker)."""

    reason: str

    def __str__(self) -> str:
        return self.reason
