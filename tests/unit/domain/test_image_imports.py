"""The registry's interoperable import on its own: staging, the import's checks in Glance's
order, the task's end (stored or failed), copies between stores and removal from one."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from mockserver.domain.image_import_requests import (
    ImportOrigin,
    ImportRequest,
    read_import_request,
)
from mockserver.domain.image_import_settings import ImageStore, ImportSettings
from mockserver.domain.image_imports import FAILED_IMPORT, IMPORT_TASK, IMPORTING_TO
from mockserver.domain.image_records import (
    ACTIVE,
    IMPORTING,
    QUEUED,
    UPLOADING,
    Project,
    RegistrySeed,
)
from mockserver.domain.image_registry import ImageRegistry
from mockserver.domain.image_tasks import FAILURE, SUCCESS, TaskQuery
from mockserver.domain.import_errors import (
    ImportConflict,
    ImportRefused,
    ImportRequestInvalid,
    InvalidTaskRequest,
    LastStore,
    MethodNotOffered,
    NotInStore,
    StoreImageNotFound,
    StoreNotAvailable,
    TaskNotFound,
)
from mockserver.domain.registry_errors import (
    ActionNotAuthorized,
    RecordNotFound,
    StatusConflict,
    TasksNeedTheAdminRole,
)

MINE = Project("mine", tokens=("t-mine",))
THEIRS = Project("theirs", tokens=("t-theirs",))
ADMIN = replace(MINE, admin=True)
DATA = b"\x01" * 3000
ORIGIN = ImportOrigin("req-00000000-0000-0000-0000-000000000001")


@pytest.fixture
def registry() -> ImageRegistry:
    return ImageRegistry(RegistrySeed((MINE, THEIRS)))


def queued(registry: ImageRegistry, **values: Any) -> str:
    values = {"disk_format": "raw", "container_format": "bare", **values}
    return str(registry.create(MINE, values).id)


def asked(method: str, **body: Any) -> ImportRequest:
    uri = body.pop("uri", None)
    request = read_import_request({"method": {"name": method}, **body}, ImportSettings())
    return replace(request, uri=uri, uri_allowed=uri is not None)


def imported(registry: ImageRegistry, image_id: str, request: ImportRequest) -> None:
    """Start the import and run its task to the end, as the adapter does."""
    task = registry.imports.start(
        MINE if request.method != "copy-image" else ADMIN, image_id, request, ORIGIN
    )
    assert task is not None
    registry.imports.begin(task)
    content = registry.imports.source(task)
    registry.imports.complete(task, DATA if content is None else content)


def test_staging_makes_a_queued_record_uploading_with_the_staged_size(
    registry: ImageRegistry,
) -> None:
    image_id = queued(registry)
    staged = registry.imports.stage(MINE, image_id, DATA)
    assert (staged.status, staged.staged and staged.staged.size, staged.data) == (
        UPLOADING,
        len(DATA),
        None,
    )


def test_staging_twice_is_a_status_conflict(registry: ImageRegistry) -> None:
    image_id = queued(registry)
    registry.imports.stage(MINE, image_id, DATA)
    with pytest.raises(StatusConflict, match="from uploading to uploading"):
        registry.imports.stage(MINE, image_id, DATA)


def test_staging_another_project_s_image_is_refused_as_unseen(registry: ImageRegistry) -> None:
    with pytest.raises(RecordNotFound):
        registry.imports.stage(THEIRS, queued(registry), DATA)


def test_staging_needs_glance_direct_on_offer() -> None:
    seed = RegistrySeed((MINE,), imports=ImportSettings(methods=("web-download",)))
    registry = ImageRegistry(seed)
    with pytest.raises(MethodNotOffered):
        registry.imports.stage(MINE, queued(registry), DATA)


def test_glance_direct_imports_the_staged_data_into_the_named_stores(
    registry: ImageRegistry,
) -> None:
    image_id = queued(registry)
    registry.imports.stage(MINE, image_id, DATA)
    imported(registry, image_id, asked("glance-direct", stores=["fs2", "fs"]))
    record = registry.show(MINE, image_id)
    assert (record.status, record.stores, record.staged) == (ACTIVE, ("fs2", "fs"), None)
    assert registry.content(record) == DATA
    assert dict(record.system) == {IMPORTING_TO: "", FAILED_IMPORT: ""}


def test_a_started_import_holds_its_task_until_the_task_begins(registry: ImageRegistry) -> None:
    image_id = queued(registry)
    registry.imports.stage(MINE, image_id, DATA)
    task = registry.imports.start(MINE, image_id, asked("glance-direct"), ORIGIN)
    assert task is not None
    record = registry.show(MINE, image_id)
    assert (record.status, dict(record.system)) == (UPLOADING, {IMPORT_TASK: task.id})
    with pytest.raises(ImportConflict, match="Image has active task"):
        registry.imports.start(MINE, image_id, asked("glance-direct"), ORIGIN)
    registry.imports.begin(task)
    assert registry.show(MINE, image_id).status == IMPORTING
    assert dict(registry.show(MINE, image_id).system)[IMPORTING_TO] == "fs"


def test_the_import_s_checks_come_in_glance_s_order(registry: ImageRegistry) -> None:
    image_id = queued(registry)
    with pytest.raises(ImportConflict, match="needs to be staged"):
        registry.imports.start(MINE, image_id, asked("glance-direct"), ORIGIN)
    with pytest.raises(ImportConflict, match="Only images with status active"):
        registry.imports.start(ADMIN, image_id, asked("copy-image"), ORIGIN)
    formatless = str(registry.create(MINE, {}).id)
    with pytest.raises(ImportConflict, match="'container_format' needs to be set"):
        registry.imports.start(MINE, formatless, asked("web-download", uri="http://x/"), ORIGIN)
    with pytest.raises(ImportConflict, match="Store for identifier nowhere not found"):
        registry.imports.start(
            MINE, image_id, asked("web-download", uri="http://x/", stores=["nowhere"]), ORIGIN
        )
    refused_url = replace(asked("web-download", uri="http://x/"), uri_allowed=False)
    with pytest.raises(ImportRefused, match="does not pass filtering: http://x/"):
        registry.imports.start(MINE, image_id, refused_url, ORIGIN)


def test_another_project_that_sees_the_image_may_not_import_into_it(
    registry: ImageRegistry,
) -> None:
    image_id = str(
        registry.create(
            ADMIN, {"visibility": "public", "disk_format": "raw", "container_format": "bare"}
        ).id
    )
    with pytest.raises(ActionNotAuthorized, match="modify_image"):
        registry.imports.start(THEIRS, image_id, asked("web-download", uri="http://x/"), ORIGIN)


def test_a_failed_import_returns_the_record_to_queued_naming_its_stores(
    registry: ImageRegistry,
) -> None:
    image_id = queued(registry)
    task = registry.imports.start(MINE, image_id, asked("web-download", uri="http://x/"), ORIGIN)
    assert task is not None
    registry.imports.begin(task)
    registry.imports.fail(task)
    record = registry.show(MINE, image_id)
    assert (record.status, dict(record.system)) == (
        QUEUED,
        {IMPORTING_TO: "", FAILED_IMPORT: "fs"},
    )
    assert registry.imports.tasks.show(ADMIN, task.id).status == FAILURE


def test_data_not_in_the_disk_format_fails_the_task(registry: ImageRegistry) -> None:
    image_id = queued(registry, disk_format="qcow2")
    task = registry.imports.start(MINE, image_id, asked("web-download", uri="http://x/"), ORIGIN)
    assert task is not None
    registry.imports.begin(task)
    assert registry.imports.complete(task, b"\x00" * 512) is None
    assert registry.show(MINE, image_id).status == QUEUED
    assert registry.imports.tasks.show(ADMIN, task.id).status == FAILURE


def test_copy_image_adds_stores_and_refuses_a_store_that_has_the_data(
    registry: ImageRegistry,
) -> None:
    image_id = queued(registry)
    registry.upload(MINE, image_id, DATA)
    with pytest.raises(ActionNotAuthorized, match="copy_image"):
        registry.imports.start(MINE, image_id, asked("copy-image", stores=["fs2"]), ORIGIN)
    with pytest.raises(ImportRefused, match="already present at store 'fs'"):
        registry.imports.start(ADMIN, image_id, asked("copy-image", stores=["fs"]), ORIGIN)
    imported(registry, image_id, asked("copy-image", stores=["fs2"]))
    assert registry.show(MINE, image_id).stores == ("fs", "fs2")
    assert (
        registry.imports.start(ADMIN, image_id, asked("copy-image", all_stores=True), ORIGIN)
        is None
    )


def test_data_leaves_a_store_but_never_its_last_one(registry: ImageRegistry) -> None:
    image_id = queued(registry)
    registry.upload(MINE, image_id, DATA)
    imported(registry, image_id, asked("copy-image", all_stores=True))
    with pytest.raises(ActionNotAuthorized, match="delete_image_location"):
        registry.imports.delete_from_store(MINE, "fs2", image_id)
    with pytest.raises(StoreNotAvailable):
        registry.imports.delete_from_store(ADMIN, "nowhere", image_id)
    with pytest.raises(StoreImageNotFound):
        registry.imports.delete_from_store(ADMIN, "fs", "0b7e5e9c-3d2a-4c1f-8e6b-5a4d3c2b1a09")
    assert registry.imports.delete_from_store(ADMIN, "fs2", image_id).stores == ("fs",)
    with pytest.raises(LastStore):
        registry.imports.delete_from_store(ADMIN, "fs", image_id)


def test_a_store_without_the_data_is_not_found_there() -> None:
    seed = RegistrySeed((MINE,), imports=ImportSettings(stores=_stores("a", "b", "c")))
    registry = ImageRegistry(seed)
    image_id = queued(registry)
    registry.upload(MINE, image_id, DATA)
    imported(registry, image_id, asked("copy-image", stores=["b"]))
    with pytest.raises(NotInStore):
        registry.imports.delete_from_store(ADMIN, "c", image_id)


def test_deleting_a_staged_image_frees_its_staged_data(registry: ImageRegistry) -> None:
    image_id = queued(registry)
    registry.imports.stage(MINE, image_id, DATA)
    registry.delete(MINE, image_id)
    assert registry.imports.stage(MINE, queued(registry), DATA).staged is not None


def test_the_body_is_read_as_glance_reads_it() -> None:
    settings = ImportSettings()
    for body, words in (
        ({}, "requires a 'method' field"),
        ({"method": {}}, "requires a 'name' field"),
        ({"method": {"name": "glance-download"}}, "Unknown import method name"),
        ({"method": {"name": "glance-direct"}, "all_stores": "yes"}, "'all_stores' must be"),
        (
            {"method": {"name": "glance-direct"}, "all_stores_must_succeed": 1},
            "'all_stores_must_succeed' must be",
        ),
    ):
        with pytest.raises(ImportRequestInvalid, match=words):
            read_import_request(body, settings)


def test_tasks_are_for_administrators_and_list_newest_first(registry: ImageRegistry) -> None:
    first, second = queued(registry), queued(registry)
    for image_id in (first, second):
        registry.imports.start(MINE, image_id, asked("web-download", uri="http://x/"), ORIGIN)
    with pytest.raises(TasksNeedTheAdminRole):
        registry.imports.tasks.list(MINE, TaskQuery())
    page = registry.imports.tasks.list(ADMIN, TaskQuery(limit=1))
    assert [task.image_id for task in page.tasks] == [second]
    assert page.has_more
    with pytest.raises(TaskNotFound):
        registry.imports.tasks.show(ADMIN, "0b7e5e9c-3d2a-4c1f-8e6b-5a4d3c2b1a09")
    with pytest.raises(InvalidTaskRequest):
        registry.imports.tasks.list(ADMIN, TaskQuery(marker="0b7e5e9c-3d2a-4c1f-8e6b-5a4d3c2b1a09"))


def test_a_successful_task_records_its_result_and_expiry(registry: ImageRegistry) -> None:
    image_id = queued(registry)
    registry.imports.stage(MINE, image_id, DATA)
    imported(registry, image_id, asked("glance-direct"))
    [task] = registry.imports.tasks.of_image(image_id)
    assert (task.status, task.result, task.request_id) == (
        SUCCESS,
        {"image_id": image_id},
        ORIGIN.request_id,
    )
    assert task.expires_at is not None
    assert task.expires_at > task.created_at


def _stores(*ids: str) -> tuple[ImageStore, ...]:
    return tuple(ImageStore(store_id) for store_id in ids)
