"""The differential run's requests to the metadata definitions API (`/v2/metadefs/...`,
`/v2/schemas/metadefs/...`): namespaces and their objects, properties, tags and resource
type associations, by an admin, a member of the owning project and another project."""

from __future__ import annotations

from typing import Any

from .steps import JSON, Step, get, post_json, put_json

NAMESPACES = "/metadefs/namespaces"
SHARED = f"{NAMESPACES}/OS::Compute::Shared"
"""A public, protected namespace the admin creates whole (demo's project owns it)."""
PRIVATE = f"{NAMESPACES}/Demo::Private"
"""A private namespace of demo's project."""
OTHERS = f"{NAMESPACES}/Other::Private"
"""A private namespace an admin creates for the other project."""

CPU_PROPERTY = {"title": "CPU model", "type": "string", "enum": ["host", "custom"]}
SHARED_BODY = {
    "namespace": "OS::Compute::Shared",
    "display_name": "Shared",
    "description": "Compute settings",
    "visibility": "public",
    "protected": True,
    "resource_type_associations": [{"name": "OS::Glance::Image", "prefix": "hw_"}],
    "properties": {"cpu_model": CPU_PROPERTY},
    "objects": [
        {
            "name": "Limits",
            "description": "CPU limits",
            "required": ["cpu_shares"],
            "properties": {"cpu_shares": {"title": "Shares", "type": "integer", "minimum": 0}},
        }
    ],
    "tags": [{"name": "fast"}, {"name": "cheap"}],
}


def delete(name: str, path: str, who: str = "admin") -> Step:
    return Step(name, "DELETE", path, who)


def admin_post(name: str, path: str, body: Any) -> Step:
    return post_json(name, path, body, "admin")


def admin_put(name: str, path: str, body: Any) -> Step:
    return put_json(name, path, body, "admin")


SCHEMA_STEPS = tuple(
    get(f"metadef-schema-{name}", f"/schemas/metadefs/{name}")
    for name in (
        "namespace",
        "namespaces",
        "object",
        "objects",
        "property",
        "properties",
        "tag",
        "tags",
        "resource_type",
        "resource_types",
        "nothing",
    )
)

NAMESPACE_STEPS = (
    get("metadef-list-empty", NAMESPACES),
    get("metadef-resource-types-empty", "/metadefs/resource_types"),
    post_json("metadef-create-as-member", NAMESPACES, {"namespace": "Demo::Refused"}),
    admin_post("metadef-create-whole", NAMESPACES, SHARED_BODY),
    admin_post("metadef-create-private", NAMESPACES, {"namespace": "Demo::Private"}),
    admin_post(
        "metadef-create-for-other",
        NAMESPACES,
        {"namespace": "Other::Private", "owner": "{other_project}", "description": "theirs"},
    ),
    admin_post("metadef-create-duplicate", NAMESPACES, {"namespace": "Demo::Private"}),
    admin_post("metadef-create-nameless", NAMESPACES, {"display_name": "no name"}),
    admin_post("metadef-create-read-only", NAMESPACES, {"namespace": "X::Y", "self": "/x"}),
    admin_post(
        "metadef-create-bad-visibility", NAMESPACES, {"namespace": "X::Y", "visibility": "shared"}
    ),
    admin_post("metadef-create-name-81", NAMESPACES, {"namespace": "n" * 81}),
    admin_post(
        "metadef-create-protected-text", NAMESPACES, {"namespace": "X::Y", "protected": "y"}
    ),
    admin_post(
        "metadef-create-property-untitled",
        NAMESPACES,
        {"namespace": "X::Y", "properties": {"p": {"type": "string"}}},
    ),
    Step(
        "metadef-create-not-json",
        "POST",
        NAMESPACES,
        "admin",
        raw_body=b"{not json",
        content_type=JSON,
    ),
    admin_post("metadef-create-array", NAMESPACES, [{"namespace": "X::Y"}]),
    get("metadef-list-as-demo", NAMESPACES),
    get("metadef-list-as-other", NAMESPACES, "other"),
    get("metadef-list-as-admin", NAMESPACES, "admin"),
    get("metadef-list-public", f"{NAMESPACES}?visibility=public", "admin"),
    get("metadef-list-private", f"{NAMESPACES}?visibility=private", "admin"),
    get("metadef-list-bad-visibility", f"{NAMESPACES}?visibility=shared"),
    get("metadef-list-by-name", f"{NAMESPACES}?sort_key=namespace&sort_dir=asc", "admin"),
    get("metadef-list-bad-sort-dir", f"{NAMESPACES}?sort_dir=up"),
    get("metadef-list-limit-1", f"{NAMESPACES}?limit=1&sort_key=namespace&sort_dir=asc", "admin"),
    get(
        "metadef-list-after-marker",
        f"{NAMESPACES}?limit=1&sort_key=namespace&sort_dir=asc&marker=Demo::Private",
        "admin",
    ),
    get("metadef-list-unknown-marker", f"{NAMESPACES}?marker=Nothing::Here", "admin"),
    get("metadef-list-limit-negative", f"{NAMESPACES}?limit=-1"),
    get("metadef-list-limit-text", f"{NAMESPACES}?limit=many"),
    get("metadef-list-by-resource-type", f"{NAMESPACES}?resource_types=OS::Glance::Image"),
    get("metadef-list-by-unknown-type", f"{NAMESPACES}?resource_types=OS::Nova::Server"),
    get("metadef-list-bad-sort-key", f"{NAMESPACES}?sort_key=colour"),
    get("metadef-list-limit-0", f"{NAMESPACES}?limit=0"),
    get("metadef-list-after-unseen-marker", f"{NAMESPACES}?marker=Other::Private"),
    get("metadef-show", SHARED),
    get("metadef-show-prefixed", f"{SHARED}?resource_type=OS::Glance::Image"),
    get("metadef-show-private", PRIVATE),
    get("metadef-show-private-as-other", PRIVATE, "other"),
    get("metadef-show-others-as-admin", OTHERS, "admin"),
    get("metadef-show-unknown", f"{NAMESPACES}/Nothing::Here"),
    get("metadef-resource-types", "/metadefs/resource_types"),
)

OBJECT_STEPS = (
    get("metadef-objects", f"{SHARED}/objects"),
    get("metadef-object", f"{SHARED}/objects/Limits"),
    get("metadef-object-unknown", f"{SHARED}/objects/Nothing"),
    post_json("metadef-object-create-as-member", f"{PRIVATE}/objects", {"name": "Mine"}),
    admin_post(
        "metadef-object-create",
        f"{PRIVATE}/objects",
        {"name": "Disk", "properties": {"size": {"title": "Size", "type": "integer"}}},
    ),
    admin_post("metadef-object-create-duplicate", f"{PRIVATE}/objects", {"name": "Disk"}),
    admin_post("metadef-object-create-nameless", f"{PRIVATE}/objects", {"description": "x"}),
    admin_post("metadef-object-in-unknown", f"{NAMESPACES}/Nothing::Here/objects", {"name": "A"}),
    get("metadef-objects-private-as-other", f"{PRIVATE}/objects", "other"),
    admin_put(
        "metadef-object-rename",
        f"{PRIVATE}/objects/Disk",
        {"name": "Volume", "description": "renamed"},
    ),
    get("metadef-objects-after-rename", f"{PRIVATE}/objects"),
    admin_post("metadef-object-create-second", f"{PRIVATE}/objects", {"name": "Second"}),
    admin_put("metadef-object-rename-to-taken", f"{PRIVATE}/objects/Second", {"name": "Volume"}),
    delete("metadef-object-delete-second", f"{PRIVATE}/objects/Second"),
    put_json("metadef-object-update-as-member", f"{PRIVATE}/objects/Volume", {"name": "V"}),
    delete("metadef-object-delete-as-member", f"{PRIVATE}/objects/Volume", "demo"),
    delete("metadef-object-delete-protected", f"{SHARED}/objects/Limits"),
    delete("metadef-object-delete", f"{PRIVATE}/objects/Volume"),
    delete("metadef-object-delete-again", f"{PRIVATE}/objects/Volume"),
)

PROPERTY_STEPS = (
    get("metadef-properties", f"{SHARED}/properties"),
    get("metadef-property", f"{SHARED}/properties/cpu_model"),
    get("metadef-property-prefixed", f"{SHARED}/properties/hw_cpu_model"),
    get("metadef-property-unknown", f"{SHARED}/properties/nothing"),
    admin_post(
        "metadef-property-create",
        f"{PRIVATE}/properties",
        {"name": "hypervisor", "title": "Hypervisor", "type": "string", "enum": ["kvm", "xen"]},
    ),
    admin_post(
        "metadef-property-create-duplicate",
        f"{PRIVATE}/properties",
        {"name": "hypervisor", "title": "Again", "type": "string"},
    ),
    admin_post(
        "metadef-property-create-untyped", f"{PRIVATE}/properties", {"name": "x", "title": "X"}
    ),
    admin_post(
        "metadef-property-create-bad-type",
        f"{PRIVATE}/properties",
        {"name": "x", "title": "X", "type": "text"},
    ),
    admin_post(
        "metadef-property-create-nameless",
        f"{PRIVATE}/properties",
        {"title": "X", "type": "string"},
    ),
    admin_post(
        "metadef-property-create-unknown-attribute",
        f"{PRIVATE}/properties",
        {"name": "x", "title": "X", "type": "string", "colour": "red"},
    ),
    Step("metadef-create-without-body", "POST", NAMESPACES, "admin", content_type=JSON),
    admin_post("metadef-create-unknown-attribute", NAMESPACES, {"namespace": "X::Y", "colour": 1}),
    admin_put("metadef-tag-rename-nameless", f"{SHARED}/tags/fast", {}),
    post_json(
        "metadef-property-create-as-member",
        f"{PRIVATE}/properties",
        {"name": "x", "title": "X", "type": "string"},
    ),
    admin_put(
        "metadef-property-update",
        f"{PRIVATE}/properties/hypervisor",
        {"name": "hypervisor", "title": "Hypervisor type", "type": "string"},
    ),
    admin_put(
        "metadef-property-rename",
        f"{PRIVATE}/properties/hypervisor",
        {"name": "hv", "title": "HV", "type": "string"},
    ),
    admin_post(
        "metadef-property-create-second",
        f"{PRIVATE}/properties",
        {"name": "second", "title": "Second", "type": "string"},
    ),
    admin_put(
        "metadef-property-rename-to-taken",
        f"{PRIVATE}/properties/second",
        {"name": "hv", "title": "Second", "type": "string"},
    ),
    delete("metadef-property-delete-second", f"{PRIVATE}/properties/second"),
    get("metadef-properties-private", f"{PRIVATE}/properties"),
    delete("metadef-property-delete-protected", f"{SHARED}/properties/cpu_model"),
    delete("metadef-property-delete", f"{PRIVATE}/properties/hv"),
    delete("metadef-property-delete-again", f"{PRIVATE}/properties/hv"),
)

TAG_STEPS = (
    get("metadef-tags", f"{SHARED}/tags"),
    get("metadef-tag", f"{SHARED}/tags/fast"),
    get("metadef-tag-unknown", f"{SHARED}/tags/slow"),
    Step("metadef-tag-create", "POST", f"{PRIVATE}/tags/blue", "admin"),
    Step("metadef-tag-create-duplicate", "POST", f"{PRIVATE}/tags/BLUE", "admin"),
    Step("metadef-tag-create-as-member", "POST", f"{PRIVATE}/tags/red", "demo"),
    admin_post("metadef-tags-create", f"{PRIVATE}/tags", {"tags": [{"name": "a"}, {"name": "b"}]}),
    admin_post("metadef-tags-create-replacing", f"{PRIVATE}/tags", {"tags": [{"name": "c"}]}),
    Step(
        "metadef-tags-create-appending",
        "POST",
        f"{PRIVATE}/tags",
        "admin",
        json_body={"tags": [{"name": "d"}, {"name": "e"}]},
        content_type=JSON,
        headers={"X-Openstack-Append": "True"},
    ),
    admin_post(
        "metadef-tags-create-twice", f"{PRIVATE}/tags", {"tags": [{"name": "f"}, {"name": "F"}]}
    ),
    Step(
        "metadef-tags-append-existing",
        "POST",
        f"{PRIVATE}/tags",
        "admin",
        json_body={"tags": [{"name": "c"}]},
        content_type=JSON,
        headers={"X-Openstack-Append": "True"},
    ),
    Step(
        "metadef-tags-append-twice-in-one",
        "POST",
        f"{PRIVATE}/tags",
        "admin",
        json_body={"tags": [{"name": "g"}, {"name": "g"}]},
        content_type=JSON,
        headers={"X-Openstack-Append": "true"},
    ),
    admin_put("metadef-tag-rename-to-taken", f"{PRIVATE}/tags/F", {"name": "f"}),
    get("metadef-tags-private", f"{PRIVATE}/tags"),
    get("metadef-tags-limit", f"{PRIVATE}/tags?limit=1&sort_key=name&sort_dir=asc"),
    admin_put("metadef-tag-rename", f"{PRIVATE}/tags/c", {"name": "green"}),
    admin_put("metadef-tag-rename-to-free", f"{PRIVATE}/tags/green", {"name": "D"}),
    put_json("metadef-tag-rename-as-member", f"{PRIVATE}/tags/green", {"name": "x"}),
    delete("metadef-tag-delete", f"{PRIVATE}/tags/green"),
    delete("metadef-tag-delete-again", f"{PRIVATE}/tags/green"),
    delete("metadef-tag-delete-protected", f"{SHARED}/tags/fast"),
    delete("metadef-tags-delete-as-member", f"{PRIVATE}/tags", "demo"),
    delete("metadef-tags-delete", f"{PRIVATE}/tags"),
    get("metadef-tags-after-delete", f"{PRIVATE}/tags"),
)

ASSOCIATION_STEPS = (
    get("metadef-associations", f"{SHARED}/resource_types"),
    admin_post(
        "metadef-associate",
        f"{PRIVATE}/resource_types",
        {"name": "OS::Nova::Flavor", "properties_target": "flavor"},
    ),
    admin_post(
        "metadef-associate-again", f"{PRIVATE}/resource_types", {"name": "OS::Nova::Flavor"}
    ),
    admin_post("metadef-associate-nameless", f"{PRIVATE}/resource_types", {"prefix": "x_"}),
    post_json("metadef-associate-as-member", f"{PRIVATE}/resource_types", {"name": "OS::Cinder"}),
    get("metadef-associations-private", f"{PRIVATE}/resource_types"),
    get("metadef-resource-types-after-associate", "/metadefs/resource_types"),
    get(
        "metadef-list-by-two-types",
        f"{NAMESPACES}?resource_types=OS::Nova::Flavor,OS::Glance::Image",
    ),
    delete("metadef-dissociate-protected", f"{SHARED}/resource_types/OS::Glance::Image"),
    delete("metadef-dissociate", f"{PRIVATE}/resource_types/OS::Nova::Flavor"),
    delete("metadef-dissociate-again", f"{PRIVATE}/resource_types/OS::Nova::Flavor"),
    delete("metadef-dissociate-unknown-type", f"{PRIVATE}/resource_types/OS::Unknown"),
    get("metadef-resource-types-after-dissociate", "/metadefs/resource_types"),
)

UPDATE_AND_DELETE_STEPS = (
    put_json("metadef-update-as-member", PRIVATE, {"namespace": "Demo::Private"}),
    put_json("metadef-update-others-as-member", OTHERS, {"namespace": "Other::Private"}),
    admin_put("metadef-update-nameless", PRIVATE, {"description": "x"}),
    admin_put("metadef-update-to-taken", PRIVATE, {"namespace": "Other::Private"}),
    admin_put(
        "metadef-update",
        PRIVATE,
        {"namespace": "Demo::Private", "description": "updated", "visibility": "public"},
    ),
    get("metadef-show-updated-as-other", PRIVATE, "other"),
    delete("metadef-delete-as-member", PRIVATE, "demo"),
    delete("metadef-delete-unseen-as-member", OTHERS, "demo"),
    delete("metadef-delete-protected", SHARED),
    delete("metadef-objects-delete-protected", f"{SHARED}/objects"),
    admin_put(
        "metadef-unprotect",
        SHARED,
        {"namespace": "OS::Compute::Shared", "visibility": "public", "protected": False},
    ),
    delete("metadef-objects-delete", f"{SHARED}/objects"),
    delete("metadef-properties-delete", f"{SHARED}/properties"),
    get("metadef-show-emptied", SHARED),
    delete("metadef-delete", SHARED),
    delete("metadef-delete-again", SHARED),
    delete("metadef-delete-private", PRIVATE),
    delete("metadef-delete-others", OTHERS),
    get("metadef-list-after-deletes", NAMESPACES, "admin"),
    get("metadef-resource-types-at-last", "/metadefs/resource_types"),
)

METADEF_STEPS: tuple[Step, ...] = (
    *SCHEMA_STEPS,
    *NAMESPACE_STEPS,
    *OBJECT_STEPS,
    *PROPERTY_STEPS,
    *TAG_STEPS,
    *ASSOCIATION_STEPS,
    *UPDATE_AND_DELETE_STEPS,
)
