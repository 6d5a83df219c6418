"""The differential run's requests to interoperable import: the methods and stores on offer,
staging, `glance-direct`, `web-download` from the run's loopback file server (`{files}`,
which both servers' URL filters allow), `copy-image`, removal from a store, and the task
API. Each import is followed by a step that asks again until the import has ended."""

from __future__ import annotations

from typing import Any

from .steps import JSON, OCTET, Step, create, get, post_json, pseudo_random_bytes

IMPORT_DATA = pseudo_random_bytes(3072, "import")
FILES = {"/disk.raw": IMPORT_DATA}
"""What the run's file server serves (any other path is 404)."""
RAW = {"disk_format": "raw", "container_format": "bare"}


def stage(name: str, image: str, content_type: str | None = OCTET, who: str = "demo") -> Step:
    return Step(
        name,
        "PUT",
        f"/images/{{{image}}}/stage",
        who,
        raw_body=IMPORT_DATA,
        content_type=content_type,
    )


def start(name: str, image: str, body: Any, who: str = "demo") -> Step:
    return post_json(name, f"/images/{{{image}}}/import", body, who)


def method(name: str, **more: Any) -> dict[str, Any]:
    return {"method": {"name": name}, **more}


def settled(name: str, image: str) -> Step:
    return Step(name, "GET", f"/images/{{{image}}}", settle=True)


def settled_tasks(name: str, image: str) -> Step:
    return Step(name, "GET", f"/images/{{{image}}}/tasks", settle=True)


def from_store(name: str, store: str, image: str, who: str = "admin") -> Step:
    return Step(name, "DELETE", f"/stores/{store}/{{{image}}}", who)


def web(uri: str | None, **more: Any) -> dict[str, Any]:
    return {"method": {"name": "web-download", "uri": uri}, **more}


IMPORT_STEPS: tuple[Step, ...] = (
    # --- what is on offer
    get("info-import", "/info/import"),
    get("info-import-no-token", "/info/import", None),
    Step("info-import-post", "POST", "/info/import"),
    get("info-stores", "/info/stores"),
    get("info-stores-detail-member", "/info/stores/detail"),
    get("info-stores-detail-admin", "/info/stores/detail", "admin"),
    Step("info-import-with-body", "GET", "/info/import", json_body={"x": 1}, content_type=JSON),
    # --- staging
    create("import-create", {"name": "staged", **RAW}, capture="staged"),
    get("import-tasks-before", "/images/{staged}/tasks"),
    stage("stage-no-content-type", "staged", None),
    stage("stage-json", "staged", JSON),
    stage("stage-as-other", "staged", who="other"),
    Step("stage-unknown", "PUT", "/images/{unknown_id}/stage", raw_body=b"x", content_type=OCTET),
    start("import-direct-unstaged", "staged", method("glance-direct")),
    stage("stage", "staged"),
    get("show-staged", "/images/{staged}"),
    stage("stage-again", "staged"),
    Step("upload-staged", "PUT", "/images/{staged}/file", raw_body=b"x", content_type=OCTET),
    # --- an import Glance refuses, in its order
    start("import-web-on-uploading", "staged", web("http://example.com/disk")),
    Step("import-no-body", "POST", "/images/{staged}/import"),
    start("import-empty", "staged", {}),
    start("import-no-name", "staged", {"method": {}}),
    start("import-unknown-method", "staged", method("carrier-pigeon")),
    start("import-glance-download", "staged", method("glance-download")),
    start("import-all-stores-text", "staged", method("glance-direct", all_stores="yes")),
    start(
        "import-must-succeed-number", "staged", method("glance-direct", all_stores_must_succeed=1)
    ),
    start("import-unknown-store", "staged", method("glance-direct", stores=["nowhere"])),
    start(
        "import-all-and-stores", "staged", method("glance-direct", stores=["fs"], all_stores=True)
    ),
    start("import-stores-text", "staged", method("glance-direct", stores="fs")),
    start("import-as-other", "staged", method("glance-direct"), "other"),
    post_json("import-unknown-image", "/images/{unknown_id}/import", method("glance-direct")),
    get("import-get", "/images/{staged}/import"),
    # --- glance-direct, then a copy and a store's data removed
    start("import-direct", "staged", method("glance-direct", stores=["fs2", "fs"])),
    settled("show-direct-imported", "staged"),
    settled_tasks("tasks-of-direct-import", "staged"),
    get("tasks-of-image-as-other", "/images/{staged}/tasks", "other"),
    Step("download-direct-imported", "GET", "/images/{staged}/file"),
    start("import-direct-on-active", "staged", method("glance-direct")),
    start("copy-as-member", "staged", method("copy-image", stores=["fs2"])),
    start("copy-present", "staged", method("copy-image", stores=["fs2"]), "admin"),
    start("copy-all-present", "staged", method("copy-image", all_stores=True), "admin"),
    from_store("from-store-as-member", "fs2", "staged", "demo"),
    from_store("from-store", "fs2", "staged"),
    get("show-after-from-store", "/images/{staged}"),
    from_store("from-store-again", "fs2", "staged"),
    from_store("from-store-last", "fs", "staged"),
    from_store("from-store-unknown", "nowhere", "staged"),
    from_store("from-store-unknown-image", "fs", "unknown_id"),
    Step(
        "from-store-with-body",
        "DELETE",
        "/stores/fs/{unknown_id}",
        "admin",
        json_body={"x": 1},
        content_type=JSON,
    ),
    Step(
        "tasks-of-image-with-body",
        "GET",
        "/images/{staged}/tasks",
        json_body={"x": 1},
        content_type=JSON,
    ),
    start("copy", "staged", method("copy-image", stores=["fs2"]), "admin"),
    settled("show-copied", "staged"),
    # --- an upload to a store it names
    create("upload-store-create", {"name": "in fs2", **RAW}, capture="in_fs2"),
    Step(
        "upload-unknown-store",
        "PUT",
        "/images/{in_fs2}/file",
        raw_body=IMPORT_DATA,
        content_type=OCTET,
        headers={"X-Image-Meta-Store": "nowhere"},
    ),
    Step(
        "upload-to-store",
        "PUT",
        "/images/{in_fs2}/file",
        raw_body=IMPORT_DATA,
        content_type=OCTET,
        headers={"X-Image-Meta-Store": "fs2"},
    ),
    get("show-uploaded-to-store", "/images/{in_fs2}"),
    Step("delete-uploaded-to-store", "DELETE", "/images/{in_fs2}"),
    # --- web-download
    create("web-create", {"name": "fetched", **RAW}, capture="fetched"),
    create("web-create-formatless", {"name": "formatless"}, capture="formatless"),
    start("copy-queued", "fetched", method("copy-image"), "admin"),
    from_store("from-store-queued", "fs", "fetched"),
    start("web-ftp", "fetched", web("ftp://127.0.0.1/disk.raw")),
    start("web-no-uri", "fetched", web(None)),
    start("web-port-refused", "fetched", web("http://127.0.0.1:1/disk.raw")),
    start("web-formatless", "formatless", web("{files}/disk.raw")),
    start("web-missing", "fetched", web("{files}/missing")),
    settled("show-web-failed", "fetched"),
    settled_tasks("tasks-of-failed-web", "fetched"),
    start("web", "fetched", web("{files}/disk.raw", all_stores=True)),
    settled("show-web-imported", "fetched"),
    Step("download-web-imported", "GET", "/images/{fetched}/file"),
    stage("stage-active", "fetched"),
    # --- the task API: administrators alone
    get("tasks-as-member", "/tasks"),
    post_json("task-create-as-member", "/tasks", {"type": "import", "input": {}}),
    post_json("task-create-empty", "/tasks", {}, "admin"),
    post_json("task-create-no-input", "/tasks", {"type": "import"}, "admin"),
    post_json("task-create-no-location", "/tasks", {"type": "import", "input": {}}, "admin"),
    post_json(
        "task-create-file",
        "/tasks",
        {"type": "import", "input": {"import_from": "file:///etc/passwd"}},
        "admin",
    ),
    post_json(
        "task-create-ftp",
        "/tasks",
        {"type": "import", "input": {"import_from": "ftp://example.com/x"}},
        "admin",
    ),
    post_json(
        "task-create-refused-url",
        "/tasks",
        {"type": "import", "input": {"import_from": "http://127.0.0.1:1/x"}},
        "admin",
    ),
    Step("task-create-no-body", "POST", "/tasks", "admin"),
    get("task-unknown", "/tasks/{unknown_id}", "admin"),
    get("task-not-a-uuid", "/tasks/not-a-uuid", "admin"),
    get("task-as-member", "/tasks/{unknown_id}"),
    Step("task-delete-as-member", "DELETE", "/tasks/{unknown_id}"),
    Step("task-delete", "DELETE", "/tasks/{unknown_id}", "admin"),
    Step("task-delete-text", "DELETE", "/tasks/{unknown_id}", "admin", accept=None),
    get("tasks-bad-status", "/tasks?status=asleep", "admin"),
    get("tasks-bad-type", "/tasks?type=export", "admin"),
    get("tasks-bad-marker", "/tasks?marker=x", "admin"),
    get("tasks-bad-limit", "/tasks?limit=x", "admin"),
    get("tasks-negative-limit", "/tasks?limit=-1", "admin"),
    get("tasks-bad-sort-dir", "/tasks?sort_dir=up", "admin"),
    get("tasks-list", "/tasks?limit=2", "admin"),
    get("tasks-list-succeeded", "/tasks?status=success&sort_dir=asc", "admin"),
    # --- the images made here, deleted again
    Step("delete-staged", "DELETE", "/images/{staged}"),
    Step("delete-fetched", "DELETE", "/images/{fetched}"),
    Step("delete-formatless", "DELETE", "/images/{formatless}"),
)
