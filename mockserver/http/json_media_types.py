"""Request-body validation for a document's vendor JSON media types.

Connexion validates JSON bodies only for media types ending in `json`; a vendor type such
as `application/openstack-images-v2.1-json-patch` would go unchecked. Every media type of a
document whose subtype names JSON gets the map's JSON validator.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .connexion_internals import MediaTypeDict
from .engine.binding_rules import is_json_media_type

JSON_VALIDATOR_KEY = "*/*json"


def with_json_media_types(
    validator_map: Mapping[str, Any], document: Mapping[str, Any]
) -> dict[str, Any]:
    body = MediaTypeDict(dict(validator_map["body"]))
    json_validator = body[JSON_VALIDATOR_KEY]
    for media_type in _request_media_types(document):
        if media_type not in body and is_json_media_type(media_type):
            body[media_type] = json_validator
    return {**validator_map, "body": body}


def _request_media_types(document: Mapping[str, Any]) -> Iterator[str]:
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            if isinstance(operation, dict):
                yield from operation.get("requestBody", {}).get("content", {})
