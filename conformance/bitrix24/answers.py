"""Reading the members of Bitrix24 answers the state machine judges: pure functions of the
parsed body."""

from __future__ import annotations

from typing import Any

from .error_codes import OTHER_ERROR

FIELD_NAMES = ("id", "name", "productId", "type", "createTime", "detailUrl", "downloadUrl")
FIELD_FLAGS = ("isRequired", "isReadOnly", "isImmutable")
# What may differ between the call styles: timing, and the download link, which the
# contract says is signed for the credential.
PER_CALL_MEMBERS = ("time",)
PER_CREDENTIAL_FIELDS = ("downloadUrl",)


def picture_of(body: dict[str, Any]) -> dict[str, Any] | None:
    """`result.productImage` of an add or get answer."""
    result = body.get("result")
    picture = result.get("productImage") if isinstance(result, dict) else None
    return picture if isinstance(picture, dict) else None


def page_of(body: dict[str, Any]) -> list[dict[str, Any]] | None:
    """`result.productImages` of a list answer (its objects)."""
    result = body.get("result")
    page = result.get("productImages") if isinstance(result, dict) else None
    if not isinstance(page, list):
        return None
    return [item for item in page if isinstance(item, dict)]


def is_not_found(status: int, body: object) -> bool:
    """The vendor's answer for a picture the product does not have: 400, method error "0"."""
    code = body.get("error") if isinstance(body, dict) else None
    return status == 400 and code == OTHER_ERROR


def field_description_problem(body: dict[str, Any]) -> str | None:
    """Where a getFields answer fails to describe a picture's fields; None when it holds."""
    result = body.get("result")
    described = result.get("productImage") if isinstance(result, dict) else None
    if not isinstance(described, dict):
        return "the answer has no `result.productImage`"
    for name in FIELD_NAMES:
        field = described.get(name)
        if not isinstance(field, dict) or not isinstance(field.get("type"), str):
            return f"the field {name!r} is not described: {field!r}"
        if not all(isinstance(field.get(flag), bool) for flag in FIELD_FLAGS):
            return f"the field {name!r} lacks boolean {', '.join(FIELD_FLAGS)}"
    if described["productId"]["isRequired"] is not True:
        return "`productId`, which add requires, is not described as required"
    return None


def comparable(body: object) -> object:
    """An answer without what may differ between the call styles."""
    if not isinstance(body, dict):
        return body
    body = {name: value for name, value in body.items() if name not in PER_CALL_MEMBERS}
    result = body.get("result")
    if isinstance(result, dict) and isinstance(result.get("productImages"), list):
        pictures = result["productImages"]
        result["productImages"] = [comparable_picture(picture) for picture in pictures]
    elif isinstance(result, dict) and "id" in (result.get("productImage") or {}):
        result["productImage"] = comparable_picture(result["productImage"])
    return body


def comparable_picture(picture: object) -> object:
    """A picture without the fields that may differ between the call styles."""
    if not isinstance(picture, dict):
        return picture
    return {name: value for name, value in picture.items() if name not in PER_CREDENTIAL_FIELDS}
