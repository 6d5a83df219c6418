"""An import request as Glance 33 reads its body (`POST /v2/images/{id}/import`): the
method, the stores and the flags, refused in Glance's words before the image is looked
for; and who asked, as the import's task records it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .image_import_settings import ImportSettings
from .import_errors import ImportRequestInvalid


@dataclass(frozen=True)
class ImportRequest:
    """An import request's body, read as Glance reads it."""

    method: str
    body: Mapping[str, Any]
    """The body as sent: the task's `import_req`."""
    uri: str | None = None
    all_stores: bool = False
    all_stores_must_succeed: bool = True
    store_header: str | None = None
    """The store named by `X-Image-Meta-Store`, the older way to name one."""
    uri_allowed: bool = False
    """Whether `uri` passes the URL filters (resolving a host is no work for the domain:
    the caller checks it first, and the refusal comes in Glance's order)."""


@dataclass(frozen=True)
class ImportOrigin:
    """Who asked for an import, as the task records it."""

    request_id: str
    user_id: str | None = None


def read_import_request(
    body: Any, settings: ImportSettings, store_header: str | None = None
) -> ImportRequest:
    """The body's method and flags, or Glance's refusal of it (before the record is
    looked for)."""
    if not isinstance(body, dict) or "method" not in body:
        raise ImportRequestInvalid("Import request requires a 'method' field.")
    method = body["method"]
    if not isinstance(method, dict) or "name" not in method:
        raise ImportRequestInvalid("Import request requires a 'name' field.")
    name = method["name"]
    if not isinstance(name, str) or not settings.offers(name):
        raise ImportRequestInvalid(f"Unknown import method name '{name}'.")
    must_succeed = body.get("all_stores_must_succeed", True)
    if not isinstance(must_succeed, bool):
        raise ImportRequestInvalid("'all_stores_must_succeed' must be boolean value only")
    all_stores = body.get("all_stores", False)
    if not isinstance(all_stores, bool):
        raise ImportRequestInvalid("'all_stores' must be boolean value only")
    uri = method.get("uri")
    return ImportRequest(
        name,
        body,
        uri=uri if isinstance(uri, str) else None,
        all_stores=all_stores,
        all_stores_must_succeed=must_succeed,
        store_header=store_header,
    )
