"""The differential run: one ordered sequence of raw requests, sent alike to the reference
Glance and to the mock. Paths name the ids the run creates as `{name}`; each side captures
its own ids from its own answers and fills them in."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from .server import ADMIN, DEMO, OTHER

PATCH_V21 = "application/openstack-images-v2.1-json-patch"
PATCH_V20 = "application/openstack-images-v2.0-json-patch"
OCTET = "application/octet-stream"
JSON = "application/json"
VERSION_MEDIA_TYPE = "application/vnd.openstack.images-"

# Who sends a request: a token of the token table, a token nobody issued, or none.
TOKENS = {
    "demo": DEMO.token,
    "other": OTHER.token,
    "admin": ADMIN.token,
    "bad": "gAAAAA-not-a-token-of-either-server",
}
PROJECTS = {"demo_project": DEMO.project_id, "other_project": OTHER.project_id}


def pseudo_random_bytes(size: int, label: str) -> bytes:
    """Bytes that look random to a format sniffer but are the same on every run and both
    sides, so checksums and hashes compare as they are."""
    blocks = bytearray()
    counter = 0
    while len(blocks) < size:
        blocks += hashlib.sha256(f"{label}:{counter}".encode()).digest()
        counter += 1
    return bytes(blocks[:size])


# The edges of the writable fields: Glance's database keeps min_disk and min_ram in 4-byte
# integer columns and no character outside the Basic Multilingual Plane; its schema check
# reads `integer` as JSON Schema 2020-12 does (a whole float is one).
LARGEST_COUNT = 2**31 - 1
EMOJI = "\U0001f600"
# Glance refuses a tag of 4-byte characters only once it has stored the image it creates:
# the step names an id of its own, so the image left behind can be deleted.
LEFT_BEHIND_ID = "5f0c2a6e-8d41-4b7a-9e3c-1a2b3c4d5e6f"


# A raw ISO image is any bytes; a qcow2 upload that is not qcow2 is random bytes.
RAW_DATA = pseudo_random_bytes(4096, "raw")
NOT_QCOW2 = pseudo_random_bytes(2048, "not-qcow2")
SECOND_DATA = pseudo_random_bytes(1024, "second")


@dataclass(frozen=True)
class Step:
    name: str
    method: str
    # `/...` under the API (`/v2` on Glance); `//...` at the server root; `{link}` a captured
    # link used as it came.
    path: str
    who: str | None = "demo"
    json_body: Any = None
    raw_body: bytes | None = None
    content_type: str | None = None
    # Glance renders errors as JSON only when asked to (webob's negotiation): ask, unless the
    # step is about that negotiation.
    accept: str | None = JSON
    headers: dict[str, str] = field(default_factory=dict)
    # name -> top-level key of the JSON answer whose value later steps use as `{name}`
    capture: dict[str, str] = field(default_factory=dict)
    # Asked again until the image or the tasks it shows have no import running (each side
    # runs an import's task after answering 202)
    settle: bool = False


def patch(
    name: str, image: str, operations: Any, who: str = "demo", media: str = PATCH_V21
) -> Step:
    return Step(
        name, "PATCH", f"/images/{{{image}}}", who, json_body=operations, content_type=media
    )


def create(
    name: str, body: Any, who: str = "demo", capture: str | None = None, accept: str = JSON
) -> Step:
    captured = {capture: "id"} if capture else {}
    return Step(
        name,
        "POST",
        "/images",
        who,
        json_body=body,
        content_type=JSON,
        accept=accept,
        capture=captured,
    )


def delete(name: str, image: str, who: str = "demo") -> Step:
    return Step(name, "DELETE", f"/images/{{{image}}}", who)


def get(name: str, path: str, who: str | None = "demo", accept: str | None = JSON) -> Step:
    return Step(name, "GET", path, who, accept=accept)


def download(name: str, image: str, range_header: str | None = None, who: str = "demo") -> Step:
    headers = {} if range_header is None else {"Range": range_header}
    return Step(name, "GET", f"/images/{{{image}}}/file", who, headers=headers)


def upload(name: str, image: str, data: bytes, content_type: str | None = OCTET) -> Step:
    return Step(name, "PUT", f"/images/{{{image}}}/file", raw_body=data, content_type=content_type)


def action(
    name: str, image: str, verb: str, who: str | None = "demo", accept: str | None = JSON
) -> Step:
    return Step(name, "POST", f"/images/{{{image}}}/actions/{verb}", who, accept=accept)


def post_json(name: str, path: str, body: Any, who: str = "demo") -> Step:
    return Step(name, "POST", path, who, json_body=body, content_type=JSON)


def put_json(name: str, path: str, body: Any, who: str = "demo") -> Step:
    return Step(name, "PUT", path, who, json_body=body, content_type=JSON)


def raw_create(name: str, text: bytes, capture: str | None = None) -> Step:
    """A create whose JSON is sent as written (`1e2` stays `1e2`)."""
    captured = {capture: "id"} if capture else {}
    return Step(name, "POST", "/images", raw_body=text, content_type=JSON, capture=captured)


def raw_patch(name: str, image: str, text: bytes) -> Step:
    return Step(name, "PATCH", f"/images/{{{image}}}", raw_body=text, content_type=PATCH_V21)


def replace_value(name: str, image: str, path: str, value: Any, op: str = "replace") -> Step:
    return patch(name, image, [{"op": op, "path": path, "value": value}])


STEPS: tuple[Step, ...] = (
    # --- version documents and schemas
    get("versions-root", "//", None),
    get("versions-root-no-accept", "//", None, accept=None),
    get("versions-list", "//versions", None),
    get("versions-v2-root", "/"),
    get("schema-image", "/schemas/image"),
    get("schema-images", "/schemas/images"),
    get("schema-member", "/schemas/member"),
    get("schema-members", "/schemas/members"),
    get("schema-unknown", "/schemas/nothing"),
    # --- version negotiation: by path, by media type, and the versions not served
    get("negotiated-minor-version", "//v2.1/images"),
    get("negotiated-current-version", "//v2.17/schemas/image"),
    get("negotiated-minor-version-no-token", "//v2.1/images", None, accept=None),
    get("unserved-minor-version", "//v2.14/images"),
    get("unknown-major-version", "//v3/images", None),
    Step("unknown-version-post", "POST", "//v1/images", json_body={}, content_type=JSON),
    get("collection-without-version", "//images"),
    get("media-type-version", "//images", accept=f"{VERSION_MEDIA_TYPE}v2.1"),
    get("media-type-version-on-the-mount", "/images", accept=f"{VERSION_MEDIA_TYPE}v2.1"),
    get("media-type-unknown-version", "//images", accept=f"{VERSION_MEDIA_TYPE}v3"),
    # --- the mount without its trailing slash: a redirect to it, once the token is checked
    get("mount-without-slash", "//v2"),
    get("minor-version-without-slash", "//v2.1"),
    get("mount-without-slash-with-query", "//v2?limit=1"),
    Step("mount-without-slash-delete", "DELETE", "//v2"),
    get("mount-without-slash-no-token", "//v2", None),
    get("mount-without-slash-bad-token-html", "//v2", "bad", accept="text/html"),
    get("mount-without-slash-media-type-version", "//v2", accept=f"{VERSION_MEDIA_TYPE}v2.1"),
    # --- before routing: the token first, no trailing slash, no HEAD, OPTIONS answered
    get("unknown-path-no-token", "/nothing-here", None),
    Step("unrouted-method-no-token", "PUT", "/images", None),
    get("trailing-slash", "/images/"),
    get("trailing-slash-no-token", "/images/", None),
    Step("trailing-slash-delete", "DELETE", "/images/00000000-0000-0000-0000-000000000000/"),
    Step("head-collection", "HEAD", "/images"),
    Step("head-schema", "HEAD", "/schemas/image"),
    Step("head-through-minor-version", "HEAD", "//v2.1/images"),
    Step("head-unknown-path", "HEAD", "/nothing-here"),
    Step("head-no-token", "HEAD", "/images", None),
    Step("options-collection", "OPTIONS", "/images", None),
    Step("options-unknown-path", "OPTIONS", "/nothing-here"),
    Step("options-unserved-version", "OPTIONS", "//v3/images", None),
    Step("options-collection-without-version", "OPTIONS", "//images", None),
    Step("options-root", "OPTIONS", "//", None),
    Step("options-versions", "OPTIONS", "//versions", None),
    # --- authentication
    get("list-no-token", "/images", None),
    get("list-bad-token", "/images", "bad"),
    get("list-bad-token-text", "/images", "bad", accept="text/plain"),
    get("list-no-token-no-accept", "/images", None, accept=None),
    Step("create-no-token", "POST", "/images", None, json_body={"name": "x"}, content_type=JSON),
    # --- an empty project
    get("list-empty", "/images"),
    # --- create
    create("create-minimal", {}, capture="minimal"),
    create(
        "create-full",
        {
            "name": "Ubuntu 24.04 \u2014 \u6b63\u5f0f\u7248 \u2713",
            "container_format": "bare",
            "disk_format": "raw",
            "min_disk": 1,
            "min_ram": 512,
            "tags": ["alpha", "beta"],
            "protected": False,
            "visibility": "private",
            "os_distro": "ubuntu",
            "architecture": "x86_64",
        },
        capture="full",
    ),
    create(
        "create-qcow2",
        {"name": "qcow2 image", "container_format": "bare", "disk_format": "qcow2"},
        capture="qcow2",
    ),
    create(
        "create-second",
        {"name": "second", "container_format": "ovf", "disk_format": "iso", "tags": ["beta"]},
        capture="second",
    ),
    create(
        "create-with-id",
        {"id": "d6a3e4b2-1c5f-4e8a-9b7d-2f0c3e1a5b6d", "name": "chosen id"},
        capture="chosen",
    ),
    create("create-same-id-again", {"id": "d6a3e4b2-1c5f-4e8a-9b7d-2f0c3e1a5b6d"}),
    get("show-through-minor-version", "//v2.0/images/{chosen}"),
    create(
        "create-community", {"name": "community", "visibility": "community"}, capture="community"
    ),
    create("create-protected", {"name": "protected", "protected": True}, capture="protected"),
    create("create-other-project", {"name": "other's"}, who="other", capture="others"),
    # Bodies one side may take and the other refuse: what either made is deleted again, so
    # the listings after compare the same images.
    create("create-4-byte-name", {"name": "\U0001f600 four-byte"}, capture="four_byte"),
    delete("delete-4-byte-name", "four_byte"),
    Step(
        "create-no-content-type",
        "POST",
        "/images",
        raw_body=b'{"name": "x"}',
        capture={"untyped": "id"},
    ),
    delete("delete-no-content-type", "untyped"),
    Step(
        "create-text-content-type",
        "POST",
        "/images",
        raw_body=b'{"name": "x"}',
        content_type="text/plain",
        capture={"text_typed": "id"},
    ),
    delete("delete-text-content-type", "text_typed"),
    # Bodies both should refuse.
    create("create-bad-id", {"id": "not-a-uuid"}),
    create("create-array-body", []),
    create("create-string-body", "just a string"),
    Step("create-malformed-json", "POST", "/images", raw_body=b'{"name": ', content_type=JSON),
    create("create-bad-visibility", {"visibility": "everyone"}),
    create("create-bad-visibility-html", {"visibility": "everyone"}, accept="text/html"),
    create("create-bad-disk-format", {"disk_format": "floppy"}),
    create("create-bad-container-format", {"container_format": "crate"}),
    create("create-readonly-status", {"status": "active"}),
    create("create-readonly-size", {"size": 10}),
    create("create-readonly-checksum", {"checksum": "0" * 32}),
    create("create-reserved-os-glance", {"os_glance_import_task": "x"}),
    create("create-name-too-long", {"name": "n" * 256}),
    create("create-negative-min-disk", {"min_disk": -1}),
    create("create-string-min-ram", {"min_ram": "lots"}),
    create("create-integer-custom-property", {"cores": 4}),
    create("create-long-tag", {"tags": ["t" * 256]}),
    create("create-tags-not-list", {"tags": "alpha"}),
    # Glance's quotas (image_tag_quota, image_property_quota: 128 each) and its columns'
    # lengths (a tag and a property's name are 255 characters; a value is TEXT).
    create("create-129-tags", {"tags": [f"t{index}" for index in range(129)]}),
    create("create-129-properties", {f"p{index}": "v" for index in range(129)}),
    create("create-long-property-name", {"k" * 256: "v"}),
    create("create-long-property-value", {"long": "v" * 70_000}, capture="long_value"),
    delete("delete-long-property-value", "long_value"),
    create("create-128-tags", {"tags": [f"t{index}" for index in range(128)]}, capture="full_tags"),
    Step("tag-add-129th", "PUT", "/images/{full_tags}/tags/extra"),
    patch(
        "patch-129-properties",
        "full_tags",
        [{"op": "add", "path": f"/p{index}", "value": "v"} for index in range(129)],
    ),
    get("show-after-quotas", "/images/{full_tags}"),
    delete("delete-128-tags", "full_tags"),
    # --- the edges of every writable field on create: what is taken is deleted again
    create(
        "create-counts-largest",
        {"min_disk": LARGEST_COUNT, "min_ram": LARGEST_COUNT},
        capture="largest_counts",
    ),
    delete("delete-counts-largest", "largest_counts"),
    create("create-min-disk-past-4-bytes", {"min_disk": LARGEST_COUNT + 1}),
    create("create-min-ram-past-4-bytes", {"min_ram": LARGEST_COUNT + 1}),
    create("create-min-ram-2-to-the-63", {"min_ram": 2**63}),
    create("create-min-disk-whole-float-past-4-bytes", {"min_disk": 2147483648.0}),
    create("create-min-ram-zero-float", {"min_ram": 0.0}, capture="zero_float"),
    get("show-min-ram-zero-float", "/images/{zero_float}"),
    delete("delete-min-ram-zero-float", "zero_float"),
    raw_create("create-counts-whole-floats", b'{"min_disk": 1e2, "min_ram": -0.0}', "floats"),
    delete("delete-counts-whole-floats", "floats"),
    create("create-min-ram-negative-float", {"min_ram": -1.0}),
    create("create-min-disk-fraction", {"min_disk": 1.5}),
    create("create-min-ram-boolean", {"min_ram": True}),
    create("create-name-255", {"name": "n" * 255}, capture="name_255"),
    delete("delete-name-255", "name_255"),
    create(
        "create-nul-everywhere",
        {"name": "a\x00b", "tags": ["t\x00"], "k\x00": "v\x00"},
        capture="nul",
    ),
    get("show-nul-everywhere", "/images/{nul}"),
    delete("delete-nul-everywhere", "nul"),
    create("create-disk-format-nul", {"disk_format": "raw\x00"}),
    create("create-container-format-4-byte", {"container_format": "bare" + EMOJI}),
    create("create-visibility-nul", {"visibility": "private\x00"}),
    create("create-protected-integer", {"protected": 1}),
    create("create-os-hidden-text", {"os_hidden": "true"}),
    create("create-tag-255", {"tags": ["t" * 255]}, capture="tag_255"),
    delete("delete-tag-255", "tag_255"),
    create("create-4-byte-tag", {"id": LEFT_BEHIND_ID, "name": "tagged", "tags": [EMOJI]}),
    Step("delete-left-by-4-byte-tag", "DELETE", f"/images/{LEFT_BEHIND_ID}"),
    create("create-4-byte-property-value", {"os_distro": EMOJI}),
    create("create-4-byte-property-name", {EMOJI: "x"}),
    create("create-property-name-255", {"k" * 255: "v"}, capture="name_255_property"),
    delete("delete-property-name-255", "name_255_property"),
    create(
        "create-4-byte-value-past-property-quota",
        {"x": EMOJI, **{f"p{index}": "v" for index in range(128)}},
    ),
    create("create-4-byte-name-past-4-bytes-count", {"min_ram": LARGEST_COUNT + 1, "name": EMOJI}),
    create("create-4-byte-tag-past-4-bytes-count", {"tags": [EMOJI], "min_ram": 2**31}),
    # --- and on PATCH, of an image of their own, deleted at the end
    create("create-for-edges", {"name": "edges"}, capture="edges"),
    replace_value("patch-min-disk-largest", "edges", "/min_disk", LARGEST_COUNT),
    replace_value("patch-min-disk-past-4-bytes", "edges", "/min_disk", LARGEST_COUNT + 1),
    replace_value("patch-add-min-ram-2-to-the-64", "edges", "/min_ram", 2**64, op="add"),
    replace_value("patch-min-ram-whole-float-past-4-bytes", "edges", "/min_ram", 2147483648.0),
    replace_value("patch-min-ram-zero-float", "edges", "/min_ram", 0.0),
    raw_patch(
        "patch-min-disk-exponent", "edges", b'[{"op": "add", "path": "/min_disk", "value": 1e2}]'
    ),
    get("show-after-whole-floats", "/images/{edges}"),
    replace_value("patch-min-ram-negative", "edges", "/min_ram", -1),
    replace_value("patch-min-disk-negative-float", "edges", "/min_disk", -2.0),
    replace_value("patch-min-ram-negative-zero", "edges", "/min_ram", -0.0),
    replace_value("patch-min-disk-fraction", "edges", "/min_disk", 1.5),
    replace_value("patch-min-ram-boolean", "edges", "/min_ram", True),
    replace_value("patch-min-disk-null", "edges", "/min_disk", None),
    patch(
        "patch-v20-add-present-min-ram-float",
        "edges",
        [{"add": "/min_ram", "value": 7.0}],
        media=PATCH_V20,
    ),
    patch(
        "patch-last-value-answered",
        "edges",
        [
            {"op": "replace", "path": "/min_disk", "value": 3.0},
            {"op": "replace", "path": "/min_disk", "value": 4},
            {"op": "replace", "path": "/min_ram", "value": 4},
            {"op": "replace", "path": "/min_ram", "value": 5.0},
        ],
    ),
    replace_value("patch-name-255", "edges", "/name", "n" * 255),
    replace_value("patch-name-256", "edges", "/name", "n" * 256),
    replace_value("patch-name-nul", "edges", "/name", "a\x00b"),
    replace_value("patch-name-4-byte", "edges", "/name", EMOJI),
    replace_value("patch-disk-format-nul", "edges", "/disk_format", "raw\x00"),
    replace_value("patch-container-format-4-byte", "edges", "/container_format", EMOJI),
    replace_value("patch-visibility-nul", "edges", "/visibility", "private\x00"),
    replace_value("patch-protected-integer", "edges", "/protected", 0),
    replace_value("patch-os-hidden-null", "edges", "/os_hidden", None),
    replace_value("patch-tags-255-and-nul", "edges", "/tags", ["t" * 255, "t\x00"]),
    replace_value("patch-tags-256", "edges", "/tags", ["t" * 256]),
    replace_value("patch-tags-4-byte", "edges", "/tags", ["fine", EMOJI]),
    replace_value("patch-add-nul-property", "edges", "/k\x00", "v\x00", op="add"),
    replace_value("patch-add-4-byte-property-value", "edges", "/os_distro", EMOJI, op="add"),
    replace_value("patch-add-4-byte-property-name", "edges", f"/{EMOJI}", "x", op="add"),
    replace_value("patch-replace-absent-4-byte-value", "edges", "/absent", EMOJI),
    replace_value("patch-replace-absent-long-name", "edges", "/" + "k" * 300, "v"),
    replace_value("patch-add-property-name-255", "edges", "/" + "k" * 255, "v", op="add"),
    patch(
        "patch-4-byte-tag-past-4-bytes-count",
        "edges",
        [
            {"op": "replace", "path": "/tags", "value": [EMOJI]},
            {"op": "replace", "path": "/min_ram", "value": LARGEST_COUNT + 1},
        ],
    ),
    get("show-after-edges", "/images/{edges}"),
    replace_value("patch-add-property-name-256", "edges", "/" + "k" * 256, "v", op="add"),
    delete("delete-for-edges", "edges"),
    create(
        "create-public-as-member", {"name": "public", "visibility": "public"}, capture="made_public"
    ),
    delete("delete-public-as-member", "made_public"),
    # --- show
    get("show-full", "/images/{full}"),
    get("show-minimal", "/images/{minimal}"),
    get("show-unknown", "/images/{unknown_id}"),
    get("show-unknown-text", "/images/{unknown_id}", accept="text/plain"),
    get("show-unknown-any", "/images/{unknown_id}", accept="*/*"),
    get("show-unknown-html", "/images/{unknown_id}", accept="text/html"),
    get("show-unknown-no-accept", "/images/{unknown_id}", accept=None),
    get("show-non-uuid", "/images/not-a-uuid"),
    get("show-others-private", "/images/{others}"),
    get("show-community-from-other", "/images/{community}", "other"),
    # --- list, paging, filters, sorting
    # The default order is newest first. Images made within one second tie on the mock (its
    # times are whole seconds), so the paging steps sort by name, which no two images share.
    get("list-all-default", "/images"),
    Step(
        "list-limit-2",
        "GET",
        "/images?limit=2&sort_key=name&sort_dir=asc",
        capture={"page_2": "next"},
    ),
    get("list-next-page", "{page_2}"),
    get("list-marker", "/images?marker={full}&limit=3&sort_key=name&sort_dir=asc"),
    get("list-unknown-marker", "/images?marker={unknown_id}"),
    get("list-limit-0", "/images?limit=0"),
    get("list-limit-negative", "/images?limit=-1"),
    get("list-limit-text", "/images?limit=many"),
    get("list-visibility-all", "/images?visibility=all"),
    get("list-visibility-public", "/images?visibility=public"),
    get("list-visibility-community", "/images?visibility=community"),
    get("list-visibility-private", "/images?visibility=private"),
    get("list-visibility-shared", "/images?visibility=shared&sort_key=name&sort_dir=asc"),
    get("list-visibility-bad", "/images?visibility=everyone"),
    get("list-status-queued", "/images?status=queued&sort_key=name&sort_dir=asc"),
    get("list-status-in", "/images?status=in:queued,active&limit=100&sort_key=name"),
    get("list-status-bad", "/images?status=sleeping"),
    get("list-tag", "/images?tag=alpha"),
    get("list-two-tags", "/images?tag=alpha&tag=beta"),
    get("list-one-of-two-tags", "/images?tag=beta&sort_key=name&sort_dir=asc"),
    get("list-long-tag", f"/images?tag={'t' * 300}"),
    get("list-name", "/images?name=protected"),
    get("list-protected", "/images?protected=true"),
    get("list-protected-bad", "/images?protected=maybe"),
    get("list-owner", "/images?owner={demo_project}&sort_key=name&sort_dir=asc"),
    get("list-sort-name-asc", "/images?sort_key=name&sort_dir=asc"),
    get("list-sort-name-desc", "/images?sort_key=name&sort_dir=desc"),
    get("list-sort-two-keys", "/images?sort_key=disk_format&sort_key=name&sort_dir=asc"),
    get("list-sort-new-syntax", "/images?sort=name:asc,created_at:desc"),
    get("list-sort-bad-key", "/images?sort_key=colour"),
    get("list-sort-bad-dir", "/images?sort_dir=sideways"),
    # --- filters on an image's own attributes, as Glance's database layer reads them
    get("list-disk-format", "/images?disk_format=raw&sort_key=name&sort_dir=asc"),
    get("list-disk-format-in", "/images?disk_format=in:raw,qcow2&limit=100&sort_key=name"),
    get("list-container-format", "/images?container_format=bare&limit=100&sort_key=name"),
    get("list-id", "/images?id={full}"),
    get("list-id-in", "/images?id=in:{full},{minimal}&sort_key=name&sort_dir=asc"),
    get("list-name-eq", "/images?name=eq:protected"),
    get("list-name-unknown-operator", "/images?name=neq:protected"),
    get("list-size", f"/images?size={len(RAW_DATA)}&sort_key=name"),
    get("list-size-min", "/images?size_min=1&sort_key=name&sort_dir=asc"),
    get("list-size-max", "/images?size_max=1&sort_key=name&sort_dir=asc"),
    get("list-size-min-text", "/images?size_min=big"),
    get("list-min-disk-min", "/images?min_disk_min=1&sort_key=name&sort_dir=asc"),
    get(
        "list-created-after", "/images?created_at=gte:2000-01-01T00:00:00Z&limit=100&sort_key=name"
    ),
    get("list-created-before", "/images?created_at=lt:2000-01-01T00:00:00Z"),
    get("list-updated-after", "/images?updated_at=gt:2000-01-01T00:00:00Z&limit=100&sort_key=name"),
    get("list-created-bad", "/images?created_at=yesterday"),
    get("list-created-unknown-operator", "/images?created_at=near:2000-01-01T00:00:00Z"),
    get("list-changes-since", "/images?changes-since=2000-01-01T00:00:00Z"),
    get("list-as-other", "/images?sort_key=name&sort_dir=asc", "other"),
    # --- PATCH
    patch("patch-replace-name", "full", [{"op": "replace", "path": "/name", "value": "renamed"}]),
    patch("patch-add-custom", "full", [{"op": "add", "path": "/hw_disk_bus", "value": "scsi"}]),
    patch(
        "patch-add-custom-again", "full", [{"op": "add", "path": "/hw_disk_bus", "value": "virtio"}]
    ),
    patch(
        "patch-replace-custom", "full", [{"op": "replace", "path": "/hw_disk_bus", "value": "ide"}]
    ),
    patch("patch-remove-custom", "full", [{"op": "remove", "path": "/hw_disk_bus"}]),
    patch("patch-remove-absent-custom", "full", [{"op": "remove", "path": "/hw_disk_bus"}]),
    patch(
        "patch-replace-absent-custom",
        "full",
        [{"op": "replace", "path": "/never_set", "value": "x"}],
    ),
    patch("patch-add-base-min-ram", "full", [{"op": "add", "path": "/min_ram", "value": 1024}]),
    patch("patch-remove-base-name", "full", [{"op": "remove", "path": "/name"}]),
    patch(
        "patch-replace-readonly-status",
        "full",
        [{"op": "replace", "path": "/status", "value": "active"}],
    ),
    patch(
        "patch-replace-readonly-id",
        "full",
        [{"op": "replace", "path": "/id", "value": "0b7e5e9c-3d2a-4c1f-8e6b-5a4d3c2b1a09"}],
    ),
    patch(
        "patch-reserved-os-glance", "full", [{"op": "add", "path": "/os_glance_foo", "value": "x"}]
    ),
    patch("patch-tags", "full", [{"op": "replace", "path": "/tags", "value": ["gamma"]}]),
    patch(
        "patch-visibility-public-member",
        "full",
        [{"op": "replace", "path": "/visibility", "value": "public"}],
    ),
    patch(
        "patch-visibility-shared",
        "full",
        [{"op": "replace", "path": "/visibility", "value": "shared"}],
    ),
    patch(
        "patch-several-operations",
        "second",
        [
            {"op": "replace", "path": "/name", "value": "second, renamed"},
            {"op": "add", "path": "/os_distro", "value": "debian"},
            {"op": "replace", "path": "/min_disk", "value": 2},
        ],
    ),
    patch("patch-bad-op", "full", [{"op": "move", "path": "/name", "from": "/os_distro"}]),
    patch("patch-unknown-op", "full", [{"op": "frobnicate", "path": "/name", "value": "x"}]),
    patch("patch-path-not-string", "full", [{"op": "add", "path": 5, "value": "x"}]),
    patch("patch-path-no-slash", "full", [{"op": "replace", "path": "name", "value": "x"}]),
    patch("patch-deep-path", "full", [{"op": "add", "path": "/name/inner", "value": "x"}]),
    patch("patch-not-a-list", "full", {"op": "replace", "path": "/name", "value": "x"}),
    patch("patch-value-int-custom", "full", [{"op": "add", "path": "/cores", "value": 4}]),
    patch("patch-v20", "full", [{"replace": "/name", "value": "renamed by v2.0"}], media=PATCH_V20),
    patch("patch-v20-syntax-in-v21", "full", [{"replace": "/name", "value": "x"}]),
    patch(
        "patch-json-media-type",
        "full",
        [{"op": "replace", "path": "/name", "value": "x"}],
        media=JSON,
    ),
    patch("patch-unknown-image", "unknown_id", [{"op": "replace", "path": "/name", "value": "x"}]),
    patch("patch-others-image", "others", [{"op": "replace", "path": "/name", "value": "x"}]),
    get("show-after-patches", "/images/{full}"),
    get("image-tasks", "/images/{full}/tasks"),
    # --- tags
    Step("tag-add", "PUT", "/images/{full}/tags/delta"),
    Step("tag-add-again", "PUT", "/images/{full}/tags/delta"),
    Step("tag-add-4-byte", "PUT", "/images/{full}/tags/\U0001f600"),
    Step("tag-add-too-long", "PUT", f"/images/{{full}}/tags/{'t' * 256}"),
    Step("tag-delete", "DELETE", "/images/{full}/tags/delta"),
    Step("tag-delete-absent", "DELETE", "/images/{full}/tags/delta"),
    Step("tag-on-unknown-image", "PUT", "/images/{unknown_id}/tags/x"),
    get("show-tags", "/images/{full}"),
    # --- members: the owner shares, the member accepts or rejects
    get("members-list-empty", "/images/{qcow2}/members"),
    post_json("member-add", "/images/{qcow2}/members", {"member": "{other_project}"}),
    post_json("member-add-again", "/images/{qcow2}/members", {"member": "{other_project}"}),
    post_json("member-add-bad-body", "/images/{qcow2}/members", {"who": "x"}),
    post_json(
        "member-add-unknown-image", "/images/{unknown_id}/members", {"member": "{other_project}"}
    ),
    get("members-list", "/images/{qcow2}/members"),
    get("member-show", "/images/{qcow2}/members/{other_project}"),
    get("members-list-by-member", "/images/{qcow2}/members", "other"),
    get("member-sees-pending-shared", "/images/{qcow2}", "other"),
    get("member-list-default-pending", "/images?sort_key=name&sort_dir=asc", "other"),
    get("member-list-shared-pending", "/images?visibility=shared&sort_key=name", "other"),
    put_json(
        "member-accept-by-owner", "/images/{qcow2}/members/{other_project}", {"status": "accepted"}
    ),
    put_json(
        "member-accept", "/images/{qcow2}/members/{other_project}", {"status": "accepted"}, "other"
    ),
    put_json(
        "member-bad-status", "/images/{qcow2}/members/{other_project}", {"status": "maybe"}, "other"
    ),
    get("member-list-default-accepted", "/images?sort_key=name&sort_dir=asc", "other"),
    get("member-list-shared-accepted", "/images?visibility=shared&sort_key=name", "other"),
    put_json(
        "member-reject", "/images/{qcow2}/members/{other_project}", {"status": "rejected"}, "other"
    ),
    get("member-list-default-rejected", "/images?sort_key=name&sort_dir=asc", "other"),
    get(
        "member-list-member-status-all",
        "/images?visibility=shared&member_status=all&sort_key=name",
        "other",
    ),
    Step("member-delete", "DELETE", "/images/{qcow2}/members/{other_project}"),
    get("member-show-deleted", "/images/{qcow2}/members/{other_project}"),
    # --- an administrator: publishing, and seeing every project
    create(
        "create-public-as-admin",
        {
            "name": "admin public",
            "visibility": "public",
            "container_format": "bare",
            "disk_format": "raw",
        },
        who="admin",
        capture="public",
    ),
    get("show-public-from-other", "/images/{public}", "other"),
    get("show-others-as-admin", "/images/{others}", "admin"),
    get("list-public-as-member", "/images?visibility=public", "other"),
    get("list-all-as-admin", "/images?visibility=all&sort_key=name&sort_dir=asc", "admin"),
    patch(
        "patch-public-as-other",
        "public",
        [{"op": "replace", "path": "/name", "value": "x"}],
        who="other",
    ),
    delete("delete-public-as-other", "public", "other"),
    patch(
        "patch-visibility-public-admin",
        "community",
        [{"op": "replace", "path": "/visibility", "value": "public"}],
        who="admin",
    ),
    get("show-published-from-other", "/images/{community}", "other"),
    delete("delete-public-as-admin", "public", "admin"),
    get("tasks-list-member", "/tasks"),
    get("tasks-list-admin", "/tasks", "admin"),
    # --- the owner: named by an admin on create or by PATCH (or none), never by another
    # caller; each image made here is deleted again
    create("create-own-owner", {"name": "own owner", "owner": "{demo_project}"}, capture="mine"),
    delete("delete-own-owner", "mine"),
    create("create-other-owner-as-member", {"owner": "{other_project}"}),
    create("create-other-owner-as-member-html", {"owner": "{other_project}"}, accept="*/*"),
    create("create-null-owner-as-member", {"owner": None}),
    create("create-other-owner-reserved", {"owner": "{other_project}", "os_glance_x": "y"}),
    create("create-other-owner-read-only", {"owner": "{other_project}", "status": "active"}),
    create("create-other-owner-public", {"owner": "{other_project}", "visibility": "public"}),
    create("create-owner-not-string", {"owner": 5}, who="admin"),
    create("create-owner-too-long", {"owner": "o" * 256}, who="admin"),
    create("create-owner-4-byte", {"owner": EMOJI}, who="admin"),
    create("create-owner-4-byte-and-name", {"name": EMOJI, "owner": EMOJI}, who="admin"),
    create("create-owner-4-byte-and-property", {"zz": EMOJI, "owner": EMOJI}, who="admin"),
    create("create-for-other-as-admin", {"owner": "{other_project}"}, who="admin", capture="given"),
    get("show-given-as-other", "/images/{given}", "other"),
    get("show-given-as-demo", "/images/{given}"),
    delete("delete-given-as-admin", "given", "admin"),
    create("create-ownerless", {"name": "ownerless", "owner": None}, who="admin", capture="nobody"),
    get("show-ownerless-as-other", "/images/{nobody}", "other"),
    get("list-without-the-ownerless", "/images?sort_key=name&sort_dir=asc", "other"),
    patch("patch-ownerless-as-other", "nobody", [{"op": "remove", "path": "/x"}], who="other"),
    action("deactivate-ownerless-as-other", "nobody", "deactivate", "other"),
    delete("delete-ownerless-as-other", "nobody", "other"),
    delete("delete-ownerless-as-admin", "nobody", "admin"),
    create("create-for-owner-patches", {"name": "owner patches"}, capture="owned"),
    replace_value("patch-owner-as-member", "owned", "/owner", "{other_project}"),
    replace_value("patch-same-owner-as-member", "owned", "/owner", "{demo_project}"),
    replace_value("patch-add-same-owner", "owned", "/owner", "{demo_project}", op="add"),
    replace_value("patch-owner-not-string", "owned", "/owner", 5),
    patch(
        "patch-owner-then-read-only",
        "owned",
        [
            {"op": "replace", "path": "/owner", "value": "{other_project}"},
            {"op": "replace", "path": "/status", "value": "active"},
        ],
    ),
    patch(
        "patch-absent-then-owner",
        "owned",
        [
            {"op": "replace", "path": "/absent", "value": "x"},
            {"op": "replace", "path": "/owner", "value": "{other_project}"},
        ],
    ),
    patch(
        "patch-name-then-owner-as-member",
        "owned",
        [
            {"op": "replace", "path": "/name", "value": "kept?"},
            {"op": "replace", "path": "/owner", "value": "{other_project}"},
        ],
    ),
    get("show-after-owner-refusals", "/images/{owned}"),
    patch("patch-remove-owner", "owned", [{"op": "remove", "path": "/owner"}]),
    patch("patch-remove-owner-as-admin", "owned", [{"op": "remove", "path": "/owner"}], "admin"),
    patch(
        "patch-v20-add-owner-as-admin",
        "owned",
        [{"add": "/owner", "value": "{demo_project}"}],
        who="admin",
        media=PATCH_V20,
    ),
    patch(
        "patch-owner-4-byte-after-property",
        "owned",
        [
            {"op": "add", "path": "/zz", "value": EMOJI},
            {"op": "replace", "path": "/owner", "value": EMOJI},
        ],
        who="admin",
    ),
    patch(
        "patch-null-owner", "owned", [{"op": "replace", "path": "/owner", "value": None}], "admin"
    ),
    get("show-null-owner-as-other", "/images/{owned}", "other"),
    patch(
        "patch-owner-to-other",
        "owned",
        [{"op": "replace", "path": "/owner", "value": "{other_project}"}],
        who="admin",
    ),
    get("show-given-away-as-demo", "/images/{owned}"),
    patch(
        "patch-by-the-new-owner",
        "owned",
        [{"op": "replace", "path": "/name", "value": "theirs now"}],
        who="other",
    ),
    patch(
        "patch-add-owner-back",
        "owned",
        [{"op": "add", "path": "/owner", "value": "{demo_project}"}],
        who="admin",
    ),
    delete("delete-owner-patches", "owned"),
    create("create-for-owner-add", {"name": "given by add"}, capture="added_away"),
    replace_value(
        "patch-add-other-owner-as-member", "added_away", "/owner", "{other_project}", op="add"
    ),
    get("show-after-add-other-owner", "/images/{added_away}", "admin"),
    delete("delete-after-add-other-owner", "added_away", "admin"),
    # --- upload and download
    download("download-before-upload", "full"),
    download("download-range-before-upload", "full", "bytes=0-9"),
    upload("upload-raw", "full", RAW_DATA),
    get("show-after-upload", "/images/{full}"),
    upload("upload-again", "full", RAW_DATA),
    upload("upload-no-content-type", "second", SECOND_DATA, content_type=None),
    upload("upload-json-content-type", "chosen", SECOND_DATA, content_type=JSON),
    upload("upload-second", "second", SECOND_DATA),
    upload("upload-without-formats", "minimal", SECOND_DATA),
    upload("upload-not-qcow2", "qcow2", NOT_QCOW2),
    get("show-after-not-qcow2", "/images/{qcow2}"),
    upload("upload-others-image", "others", SECOND_DATA),
    upload("upload-unknown-image", "unknown_id", SECOND_DATA),
    download("download-whole", "full"),
    download("download-second", "second"),
    download("download-range", "full", "bytes=10-99"),
    download("download-range-open", "full", "bytes=4000-"),
    download("download-range-suffix", "full", "bytes=-16"),
    download("download-range-whole", "full", "bytes=0-4095"),
    download("download-range-malformed", "full", "bytes=zero-ten"),
    download("download-range-past-end", "full", "bytes=5000-6000"),
    download("download-range-reversed", "full", "bytes=99-10"),
    download("download-range-multi", "full", "bytes=0-1,5-6"),
    Step(
        "download-content-range",
        "GET",
        "/images/{full}/file",
        headers={"Content-Range": "bytes 0-9/4096"},
    ),
    download("download-others", "others"),
    download("download-unknown", "unknown_id"),
    # --- image actions: an active image deactivated (its data withheld from all but an
    # admin) and reactivated; the policy before the status, the body before the image
    action("deactivate-queued", "minimal", "deactivate"),
    action("reactivate-queued", "minimal", "reactivate"),
    action("deactivate-queued-html", "minimal", "deactivate", accept="*/*"),
    action("reactivate-active", "full", "reactivate"),
    action("deactivate-as-other-unseen", "full", "deactivate", "other"),
    action("deactivate-published-as-other", "community", "deactivate", "other"),
    action("deactivate-published-as-other-text", "community", "deactivate", "other", accept=None),
    action("deactivate-queued-as-admin", "community", "deactivate", "admin"),
    Step(
        "deactivate-with-body",
        "POST",
        "/images/{unknown_id}/actions/deactivate",
        json_body={"x": 1},
        content_type=JSON,
    ),
    action("deactivate-no-token", "full", "deactivate", None),
    action("deactivate-unknown", "unknown_id", "deactivate"),
    Step("deactivate-non-uuid", "POST", "/images/not-a-uuid/actions/deactivate"),
    Step("deactivate-get", "GET", "/images/{full}/actions/deactivate"),
    action("deactivate", "full", "deactivate"),
    action("deactivate-again", "full", "deactivate"),
    get("show-deactivated", "/images/{full}"),
    get("list-deactivated", "/images?status=deactivated"),
    download("download-deactivated", "full"),
    download("download-deactivated-range", "full", "bytes=0-9"),
    download("download-deactivated-as-admin", "full", who="admin"),
    upload("upload-deactivated", "full", SECOND_DATA),
    patch("patch-deactivated", "full", [{"op": "add", "path": "/note", "value": "off"}]),
    action("reactivate-as-other-unseen", "full", "reactivate", "other"),
    action("reactivate", "full", "reactivate"),
    action("reactivate-again", "full", "reactivate"),
    download("download-reactivated", "full"),
    # --- delete
    delete("delete-protected", "protected"),
    patch("unprotect", "protected", [{"op": "replace", "path": "/protected", "value": False}]),
    delete("delete-unprotected", "protected"),
    delete("delete-again", "protected"),
    get("show-deleted", "/images/{protected}"),
    delete("delete-others", "others"),
    delete("delete-unknown", "unknown_id"),
    Step("delete-non-uuid", "DELETE", "/images/not-a-uuid"),
    delete("delete-uploaded", "full"),
    download("download-deleted", "full"),
    get("list-after-deletes", "/images?sort_key=name&sort_dir=asc"),
    # --- methods and paths the API does not have
    post_json("method-not-allowed", "/images/{minimal}", {}),
    get("unknown-path", "/nothing-here"),
)
