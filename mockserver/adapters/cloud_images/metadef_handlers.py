"""The Cloud Images operations on metadata definitions (`/v2/metadefs/...`) and their
schemas: parse the request, call the catalog, render the answer as Glance 33 does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import Scope

from ...domain.metadefs import DEFAULT_PAGE_SIZE, MetadefCatalog, NamespacePage, NamespaceQuery
from ...http.plain_answers import NoContent
from ...http.request_context import current_request, request_scope
from .documents import json_response
from .handlers import caller
from .metadef_documents import (
    NAMESPACES,
    NAMESPACES_SCHEMA,
    OBJECTS_SCHEMA,
    SCHEMA_NAMES,
    metadef_schema,
    namespace_link,
    render_association,
    render_created_namespace,
    render_listed_namespace,
    render_namespace,
    render_namespace_attributes,
    render_object,
    render_property,
    render_resource_type,
    render_tag,
    render_written_object,
)

# The words oslo's bool_from_string takes as true.
TRUE_WORDS = frozenset({"1", "t", "true", "on", "y", "yes"})


class MetadefOperations:
    """Operation handlers on namespaces and what they hold, bound to one catalog."""

    def __init__(self, catalog: MetadefCatalog, base_url: Callable[[Scope], str]) -> None:
        self.catalog = catalog
        self.contents = catalog.contents
        self.base_url = base_url

    def by_operation_id(self) -> dict[str, Any]:
        return {
            "showMetadefSchema": self.show_schema,
            "listMetadefResourceTypes": self.list_resource_types,
            "listMetadefNamespaces": self.list_namespaces,
            "createMetadefNamespace": self.create_namespace,
            "showMetadefNamespace": self.show_namespace,
            "updateMetadefNamespace": self.update_namespace,
            "deleteMetadefNamespace": self.delete_namespace,
            "listMetadefObjects": self.list_objects,
            "createMetadefObject": self.create_object,
            "deleteMetadefObjects": self.delete_objects,
            "showMetadefObject": self.show_object,
            "updateMetadefObject": self.update_object,
            "deleteMetadefObject": self.delete_object,
            "listMetadefProperties": self.list_properties,
            "createMetadefProperty": self.create_property,
            "deleteMetadefProperties": self.delete_properties,
            "showMetadefProperty": self.show_property,
            "updateMetadefProperty": self.update_property,
            "deleteMetadefProperty": self.delete_property,
            "listMetadefTags": self.list_tags,
            "createMetadefTags": self.create_tags,
            "deleteMetadefTags": self.delete_tags,
            "showMetadefTag": self.show_tag,
            "createMetadefTag": self.create_tag,
            "updateMetadefTag": self.update_tag,
            "deleteMetadefTag": self.delete_tag,
            "listMetadefResourceTypeAssociations": self.list_associations,
            "createMetadefResourceTypeAssociation": self.associate,
            "deleteMetadefResourceTypeAssociation": self.dissociate,
        }

    async def show_schema(self, metadef_schema_name: str) -> Response:
        if metadef_schema_name not in SCHEMA_NAMES:
            raise HTTPException(404)  # no such route, as Glance's router answers
        return json_response(metadef_schema(metadef_schema_name))

    async def list_resource_types(self) -> Response:
        kinds = self.catalog.resource_types()
        return json_response({"resource_types": [render_resource_type(k) for k in kinds]})

    # --- namespaces

    async def list_namespaces(
        self,
        limit: int = DEFAULT_PAGE_SIZE,
        marker: str | None = None,
        sort_key: str = "created_at",
        sort_dir: str = "desc",
        visibility: str | None = None,
        resource_types: str | None = None,
    ) -> Response:
        query = NamespaceQuery(
            visibility=visibility,
            resource_types=None if resource_types is None else tuple(resource_types.split(",")),
            sort_key=sort_key,
            descending=sort_dir == "desc",
            limit=limit,
            marker=marker,
        )
        return json_response(_page(self.catalog.list(caller(), query)))

    async def create_namespace(self, body: dict[str, Any]) -> Response:
        namespace = self.catalog.create(caller(), body)
        location = self.base_url(request_scope()) + namespace_link(namespace.name)
        return json_response(
            render_created_namespace(namespace, body), 201, headers={"Location": location}
        )

    async def show_namespace(
        self, namespace_name: str, resource_type: str | None = None
    ) -> Response:
        namespace = self.catalog.show(caller(), namespace_name)
        prefix = next(
            (a.prefix or "" for a in namespace.associations if a.resource_type == resource_type),
            "",
        )
        return json_response(render_namespace(namespace, prefix))

    async def update_namespace(self, namespace_name: str, body: dict[str, Any]) -> Response:
        namespace = self.catalog.update(caller(), namespace_name, body)
        return json_response(render_namespace_attributes(namespace))

    async def delete_namespace(self, namespace_name: str) -> Response:
        self.catalog.delete(caller(), namespace_name)
        return NoContent()

    # --- objects

    async def list_objects(self, namespace_name: str) -> Response:
        objects = self.contents.objects(caller(), namespace_name)
        return json_response(
            {
                "objects": [render_object(namespace_name, o) for o in objects],
                "schema": OBJECTS_SCHEMA,
            }
        )

    async def create_object(self, namespace_name: str, body: dict[str, Any]) -> Response:
        created = self.contents.create_object(caller(), namespace_name, body)
        return json_response(render_written_object(namespace_name, created, body), 201)

    async def delete_objects(self, namespace_name: str) -> Response:
        self.catalog.delete_objects(caller(), namespace_name)
        return NoContent()

    async def show_object(self, namespace_name: str, object_name: str) -> Response:
        found = self.contents.object(caller(), namespace_name, object_name)
        return json_response(render_object(namespace_name, found))

    async def update_object(
        self, namespace_name: str, object_name: str, body: dict[str, Any]
    ) -> Response:
        updated = self.contents.update_object(caller(), namespace_name, object_name, body)
        return json_response(render_written_object(namespace_name, updated, body))

    async def delete_object(self, namespace_name: str, object_name: str) -> Response:
        self.contents.delete_object(caller(), namespace_name, object_name)
        return NoContent()

    # --- properties

    async def list_properties(self, namespace_name: str) -> Response:
        properties = self.contents.properties(caller(), namespace_name)
        return json_response({"properties": {p.name: dict(p.schema) for p in properties}})

    async def create_property(self, namespace_name: str, body: dict[str, Any]) -> Response:
        created = self.contents.create_property(caller(), namespace_name, body)
        return json_response(render_property(created), 201)

    async def delete_properties(self, namespace_name: str) -> Response:
        self.catalog.delete_properties(caller(), namespace_name)
        return NoContent()

    async def show_property(self, namespace_name: str, property_name: str) -> Response:
        found = self.contents.property(caller(), namespace_name, property_name)
        return json_response(render_property(found))

    async def update_property(
        self, namespace_name: str, property_name: str, body: dict[str, Any]
    ) -> Response:
        updated = self.contents.update_property(caller(), namespace_name, property_name, body)
        return json_response(render_property(updated))

    async def delete_property(self, namespace_name: str, property_name: str) -> Response:
        self.contents.delete_property(caller(), namespace_name, property_name)
        return NoContent()

    # --- tags

    async def list_tags(
        self,
        namespace_name: str,
        limit: int | None = None,
        sort_key: str = "created_at",
        sort_dir: str = "desc",
    ) -> Response:
        tags = self.contents.tags(caller(), namespace_name)
        in_order = sorted(
            tags, key=lambda t: (getattr(t, sort_key), t.number), reverse=sort_dir == "desc"
        )
        listed = in_order if limit is None else in_order[:limit]
        return json_response({"tags": [{"name": t.name} for t in listed]})

    async def create_tags(self, namespace_name: str, body: dict[str, Any]) -> Response:
        append = current_request().headers.get("x-openstack-append", "").strip().lower()
        names = [str(tag["name"]) for tag in body["tags"]]
        created = self.contents.create_tags(
            caller(), namespace_name, names, append=append in TRUE_WORDS
        )
        return json_response({"tags": [{"name": t.name} for t in created]}, 201)

    async def delete_tags(self, namespace_name: str) -> Response:
        self.catalog.delete_tags(caller(), namespace_name)
        return NoContent()

    async def show_tag(self, namespace_name: str, tag_name: str) -> Response:
        return json_response(render_tag(self.contents.tag(caller(), namespace_name, tag_name)))

    async def create_tag(self, namespace_name: str, tag_name: str) -> Response:
        created = self.contents.create_tag(caller(), namespace_name, tag_name)
        return json_response(render_tag(created), 201)

    async def update_tag(
        self, namespace_name: str, tag_name: str, body: dict[str, Any]
    ) -> Response:
        renamed = self.contents.rename_tag(caller(), namespace_name, tag_name, str(body["name"]))
        return json_response(render_tag(renamed))

    async def delete_tag(self, namespace_name: str, tag_name: str) -> Response:
        self.contents.delete_tag(caller(), namespace_name, tag_name)
        return NoContent()

    # --- resource type associations

    async def list_associations(self, namespace_name: str) -> Response:
        associations = self.contents.associations(caller(), namespace_name)
        return json_response(
            {"resource_type_associations": [render_association(a) for a in associations]}
        )

    async def associate(self, namespace_name: str, body: dict[str, Any]) -> Response:
        association = self.contents.associate(caller(), namespace_name, body)
        return json_response(render_association(association), 201)

    async def dissociate(self, namespace_name: str, resource_type_name: str) -> Response:
        self.contents.dissociate(caller(), namespace_name, resource_type_name)
        return NoContent()


def _page(page: NamespacePage) -> dict[str, Any]:
    # Glance repeats the query (one value per name) without the marker.
    kept = [(k, v) for k, v in dict(current_request().query_params).items() if k != "marker"]
    body: dict[str, Any] = {
        "namespaces": [render_listed_namespace(n) for n in page.namespaces],
        "schema": NAMESPACES_SCHEMA,
        "first": NAMESPACES + ("?" + urlencode(kept) if kept else ""),
    }
    if page.has_more:
        body["next"] = f"{NAMESPACES}?{urlencode([*kept, ('marker', page.namespaces[-1].name)])}"
    return body
