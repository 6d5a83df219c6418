"""The Cloud Images operations on image memberships and the schema documents."""

from __future__ import annotations

import functools
import json
from typing import Any

from starlette.exceptions import HTTPException
from starlette.responses import Response

from ...contract_documents import contract_path
from ...domain.image_registry import ImageRegistry
from ...http.plain_answers import NoContent
from .documents import CONTRACT_DOCUMENT, MEMBERS_SCHEMA, json_response, render_member
from .handlers import caller

SCHEMA_NAMES = ("image", "images", "member", "members", "task", "tasks")


@functools.cache
def schema_document(name: str) -> Any:
    """One of the JSON schemas Glance 33 serves, as it serves it (kept beside the contract)."""
    path = contract_path(CONTRACT_DOCUMENT).parent / "schemas" / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


class ImageMemberOperations:
    """Operation handlers on memberships, bound to one registry."""

    def __init__(self, registry: ImageRegistry) -> None:
        self.registry = registry

    def by_operation_id(self) -> dict[str, Any]:
        return {
            "listImageMembers": self.list_members,
            "createImageMember": self.create_member,
            "showImageMember": self.show_member,
            "updateImageMember": self.update_member,
            "deleteImageMember": self.delete_member,
            "showSchema": self.show_schema,
        }

    async def list_members(self, image_id: str) -> Response:
        members = self.registry.sharing.members(caller(), image_id)
        return json_response(
            {"members": [render_member(m) for m in members], "schema": MEMBERS_SCHEMA}
        )

    async def create_member(self, image_id: str, body: dict[str, Any]) -> Response:
        membership = self.registry.sharing.add_member(caller(), image_id, str(body["member"]))
        return json_response(render_member(membership))

    async def show_member(self, image_id: str, member_id: str) -> Response:
        return json_response(
            render_member(self.registry.sharing.member(caller(), image_id, member_id))
        )

    async def update_member(self, image_id: str, member_id: str, body: dict[str, Any]) -> Response:
        membership = self.registry.sharing.set_member_status(
            caller(), image_id, member_id, str(body["status"])
        )
        return json_response(render_member(membership))

    async def delete_member(self, image_id: str, member_id: str) -> Response:
        self.registry.sharing.remove_member(caller(), image_id, member_id)
        return NoContent()

    async def show_schema(self, schema_name: str) -> Response:
        if schema_name not in SCHEMA_NAMES:
            raise HTTPException(404)  # no such route, as Glance's router answers
        return json_response(schema_document(schema_name))
