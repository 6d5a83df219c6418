"""The Bitrix24 contract as the suite reads it: the published document plus what its prose
states, applied in memory (the published file stays unedited).

Two views are built from one document:

- the *documented* view: each error response admits only the codes its description names
  for its status (`Unauthorized`: `NO_AUTH_FOUND`, `INVALID_CREDENTIALS`, ...; a method's
  400: its method codes and the shared 400 system codes), and a picture's `detailUrl` is a
  path and its `downloadUrl` absolute, as their descriptions say. openapi-core validates
  every received response against it.
- the *fuzzing* view: the documented view pinned to what the run may touch (the webhook and
  token given, the product, the run's first picture for delete, picture types that
  replace nothing the run did not add, a valid picture among the file contents), examples
  dropped (they name other products and credentials), and each add and delete linked to
  the get of its picture.
"""

from __future__ import annotations

import copy
import pathlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..documents import operations
from .calls import Credentials
from .error_codes import METHOD_ERRORS, SYSTEM_ERROR_RESPONSES, codes_of_status

CONTRACT_FILE = pathlib.Path("bitrix24") / "openapi.yaml"
ERROR_SCHEMA = "#/components/schemas/Error"
TOKEN_AUTH_SCHEMA = "#/components/schemas/TokenAuth"
PICTURE_SCHEMAS = ("ProductImage", "ProductImageSelection")
PICTURE_TYPES = ("DETAIL_PICTURE", "PREVIEW_PICTURE", "MORE_PHOTO")
# Request-side schemas, whose examples name other products and credentials.
PARAMETER_SCHEMAS = ("AddParams", "ImageRef", "ListParams", "NoParams", "TokenAuth")
ADD_OPERATIONS = ("webhookProductImageAdd", "tokenProductImageAdd")


@dataclass(frozen=True)
class Pins:
    """What the fuzzing view fixes: the run's credentials, product and own picture."""

    credentials: Credentials
    product_id: int
    probe: int | None
    """The run's first picture, which deletes name; None leaves delete out of the view."""
    protected_types: frozenset[str]
    """Picture types an add must not take (they would replace a picture the run did not add)."""
    file_content: tuple[str, str]
    """A valid picture (name, base64), so that generated adds can succeed."""


def documented_view(published: dict[str, Any]) -> dict[str, Any]:
    """The published document with the codes of each error status and the URL forms its
    prose states spelt out, each method in its canonical POST form."""
    document = copy.deepcopy(published)
    for item in document.get("paths", {}).values():
        # The GET form is judged against its POST form by the transport rules
        # (`query_string_is_read_as_json`), whose answers must be the same.
        item.pop("get", None)
    components = document.setdefault("components", {})
    responses = components.get("responses", {})
    for name, codes in METHOD_ERRORS.items():
        _narrow_error_codes(responses[name], [*codes, *codes_of_status(400)])
    for name, status in SYSTEM_ERROR_RESPONSES.items():
        _narrow_error_codes(responses[name], codes_of_status(status))
    schemas = components.get("schemas", {})
    for name in PICTURE_SCHEMAS:
        properties = schemas[name]["properties"]
        # "Path of the image file on the account" and "Absolute download link".
        properties["detailUrl"] = {**properties["detailUrl"], "pattern": "^/"}
        properties["downloadUrl"] = {**properties["downloadUrl"], "pattern": "^https?://"}
    return document


def fuzzing_view(published: dict[str, Any], pins: Pins) -> dict[str, Any]:
    """The documented view pinned to `pins`, without examples, with adds linked onwards."""
    document = documented_view(published)
    components = document["components"]
    for container in _request_side(components):
        container.pop("example", None)
        container.pop("examples", None)
    _pin_credentials(components, pins.credentials)
    schemas = components["schemas"]
    product = _pinned(pins.product_id, "integer")
    add_fields = schemas["AddParams"]["properties"]["fields"]["properties"]
    add_fields["productId"] = product
    add_fields["type"] = {"enum": [t for t in PICTURE_TYPES if t not in pins.protected_types]}
    file_content = schemas["AddParams"]["properties"]["fileContent"]
    # The valid picture as its own branch (an `enum` of it would be merged into the other).
    valid_picture = {
        "type": "array",
        "prefixItems": [{"const": part} for part in pins.file_content],
        "minItems": 2,
        "maxItems": 2,
    }
    schemas["AddParams"]["properties"]["fileContent"] = {"anyOf": [valid_picture, file_content]}
    schemas["ImageRef"]["properties"]["productId"] = product
    schemas["ListParams"]["properties"]["productId"] = product
    schemas["BatchCommand"] = {"type": "string", "enum": _batch_reads(pins)}
    if pins.probe is None:
        _drop_operations(document, "delete")
    else:
        _pin_deletes(components, pins.probe)
    return _with_links(document)


def _batch_reads(pins: Pins) -> list[str]:
    """The commands a generated batch may hold: reads of the run's product (the write
    guard would refuse writes not pinned as the direct calls are, and a generated
    command string is rarely a method at all)."""
    product = pins.product_id
    reads = [
        f"catalog.productImage.list?productId={product}",
        f"catalog.productimage.list.json?productId={product}&select[]=id",
        "catalog.productImage.getFields",
    ]
    if pins.probe is not None:
        reads.append(f"catalog.productImage.get?productId={product}&id={pins.probe}")
    return reads


def _narrow_error_codes(response: dict[str, Any], codes: list[str]) -> None:
    """Admit only `codes` (and the empty code, whose status the contract leaves open)."""
    for media in response.get("content", {}).values():
        if media.get("schema", {}).get("$ref") == ERROR_SCHEMA:
            media["schema"] = {
                "allOf": [
                    {"$ref": ERROR_SCHEMA},
                    {"properties": {"error": {"enum": [*codes, ""]}}},
                ]
            }


def _request_side(components: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every place an example of a request may sit."""
    for body in components.get("requestBodies", {}).values():
        yield from body.get("content", {}).values()
    yield from components.get("parameters", {}).values()
    for name in PARAMETER_SCHEMAS:
        yield components["schemas"][name]


def _pin_credentials(components: dict[str, Any], credentials: Credentials) -> None:
    if credentials.webhook is not None:
        parameters = components["parameters"]
        parameters["UserId"]["schema"] = _pinned(credentials.webhook.user_id, "integer")
        parameters["WebhookCode"]["schema"] = _pinned(credentials.webhook.code, "string")
    if credentials.token:
        token_auth = components["schemas"]["TokenAuth"]["properties"]
        token_auth["auth"] = _pinned(credentials.token, "string")


def _pin_deletes(components: dict[str, Any], probe: int) -> None:
    """Deletes name the run's own first picture (the write guard refuses other ids, and
    generating ids only to have them refused is slow); gets may name any picture."""
    schemas = components["schemas"]
    own = copy.deepcopy(schemas["ImageRef"])
    own["properties"]["id"] = _pinned(probe, "integer")
    schemas["OwnImageRef"] = own
    schemas["OwnImageRefWithToken"] = {
        "allOf": [{"$ref": "#/components/schemas/OwnImageRef"}, {"$ref": TOKEN_AUTH_SCHEMA}]
    }
    bodies = components["requestBodies"]
    for body, schema in (("DeleteWebhook", "OwnImageRef"), ("DeleteToken", "OwnImageRefWithToken")):
        bodies[body]["content"]["application/json"]["schema"] = {
            "$ref": f"#/components/schemas/{schema}"
        }


def _pinned(value: object, kind: str) -> dict[str, Any]:
    return {"type": kind, "enum": [value]}


def _drop_operations(document: dict[str, Any], method: str) -> None:
    suffix = f".{method}"
    for path in [path for path in document["paths"] if path.endswith(suffix)]:
        del document["paths"][path]


def _resolved(document: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    reference = response.get("$ref")
    if not isinstance(reference, str):
        return copy.deepcopy(response)
    name = reference.removeprefix("#/components/responses/")
    return copy.deepcopy(document["components"]["responses"][name])


def _with_links(document: dict[str, Any]) -> dict[str, Any]:
    """Link an added picture to its get in the same call style, and a delete to the get
    that must no longer find it (the published contract declares no links). An added
    picture is not linked to its delete: deletes are pinned to the run's first picture,
    and Schemathesis would take any other id for invalid data."""
    ids = {operation.get("operationId") for _, _, operation in operations(document)}
    for _, _, operation in operations(document):
        operation_id = str(operation.get("operationId"))
        style = "webhook" if operation_id.startswith("webhook") else "token"
        ok = operation.get("responses", {}).get("200")
        if ok is None:
            continue
        if operation_id in ADD_OPERATIONS:
            picture = {
                "productId": "$request.body#/fields/productId",
                "id": "$response.body#/result/productImage/id",
            }
            targets = {"GetAddedPicture": "Get"}
        elif operation_id.endswith("ProductImageDelete"):
            picture = {"productId": "$request.body#/productId", "id": "$request.body#/id"}
            targets = {"GetDeletedPicture": "Get"}
        else:
            continue
        links = {
            name: {"operationId": f"{style}ProductImage{target}", "requestBody": picture}
            for name, target in targets.items()
            if f"{style}ProductImage{target}" in ids
        }
        if links:
            # A copy: the 200 response is a component shared by both styles.
            operation["responses"]["200"] = {**_resolved(document, ok), "links": links}
    return document
