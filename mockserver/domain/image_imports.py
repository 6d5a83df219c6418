"""Interoperable image import, as Glance 33 runs it: data staged (`glance-direct`), fetched
from a URL (`web-download`) or copied between stores (`copy-image`), each import an
`api_image_import` task.

- Staging takes a `queued` record's data aside and makes it `uploading`.
- An import is checked in Glance's order (the record's status, its formats, the policy,
  a task already running, the stores named), then starts a task: the record becomes
  `importing` (a copy leaves it `active`) and shows the stores it is importing to in
  `os_glance_importing_to_stores`, the task in `os_glance_import_task`.
- The task ends when its data is in hand: stored, the record is `active` in those stores;
  failed, the record goes back to `queued` and names them in `os_glance_failed_import`.
- Data is removed from one store of an active record kept in several (admin only).
"""

from __future__ import annotations

import contextlib
import secrets
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from .disk_formats import virtual_size
from .image_import_requests import ImportOrigin, ImportRequest
from .image_import_settings import (
    COPY_IMAGE,
    GLANCE_DIRECT,
    WEB_DOWNLOAD,
    ImportSettings,
)
from .image_members import may_change, require_writer
from .image_records import (
    ACTIVE,
    IMPORTING,
    QUEUED,
    UPLOADING,
    ImageData,
    ImageRecord,
    Project,
)
from .image_tasks import API_IMAGE_IMPORT, PENDING, PROCESSING, ImportTask, TaskBook
from .import_errors import (
    ImportConflict,
    ImportRefused,
    LastStore,
    MethodNotOffered,
    NotInStore,
    StoreDataConflict,
    StoreImageNotFound,
    StoreNotAvailable,
)
from .registry_errors import (
    ActionNotAuthorized,
    DataFormatMismatch,
    RecordNotFound,
    StatusConflict,
)
from .store import Store, Table
from .store_budget import StoreBudget

IMPORT_TASK = "os_glance_import_task"
IMPORTING_TO = "os_glance_importing_to_stores"
FAILED_IMPORT = "os_glance_failed_import"
MEBIBYTE = 1024 * 1024
INTERNAL_ERROR = "Task failed due to Internal Error"


class ImageImports:
    """The imports of one registry's records."""

    def __init__(
        self,
        records: Table[ImageRecord],
        visible: Callable[[Project, str], ImageRecord],
        store: Store,
        budget: StoreBudget,
        clock: Callable[[], datetime],
        new_id: Callable[[], uuid.UUID],
        settings: ImportSettings,
    ) -> None:
        self._records = records
        self._visible = visible
        self._store = store
        self._budget = budget
        self._clock = clock
        self._new_id = new_id
        self.settings = settings
        self.tasks = TaskBook(store)

    def now(self) -> datetime:
        return self._clock()

    def new_id(self) -> str:
        return str(self._new_id())

    def new_request_id(self) -> str:
        """An id for an import request, as Glance's `req-<uuid>`."""
        return f"req-{self._new_id()}"

    def store_named(self, store: str | None) -> str:
        """The store an upload names (the default one unless named), if the registry has
        it."""
        if store is None:
            return self.settings.default_store
        if store not in self.settings.store_ids():
            raise ImportRefused(f"Store for identifier {store} not found")
        return store

    def stage(self, caller: Project, image_id: str, content: bytes) -> ImageRecord:
        """A `queued` record's data staged for `glance-direct`: the record is `uploading`,
        its size the staged data's."""
        if not self.settings.offers(GLANCE_DIRECT):
            raise MethodNotOffered(GLANCE_DIRECT)
        record = self._visible(caller, image_id)
        require_writer(caller, "modify_image")
        if not may_change(caller, record):
            raise ActionNotAuthorized("modify_image")
        _require_status(record, QUEUED, UPLOADING)
        staged = ImageData.of(f"{record.id}/staged-{secrets.token_hex(8)}", content)
        now = self._clock()

        def take(current: ImageRecord) -> ImageRecord:
            _require_status(current, QUEUED, UPLOADING)
            return replace(current, status=UPLOADING, staged=staged, updated_at=now)

        self._budget.reserve(len(content))
        self._store.put_blob(staged.blob, content)
        try:
            return self._change(image_id, take)
        except BaseException:
            self._store.delete_blob(staged.blob)
            self._budget.release(len(content))
            raise

    def start(
        self, caller: Project, image_id: str, request: ImportRequest, origin: ImportOrigin
    ) -> ImportTask | None:
        """The import's task, started; None when a copy to every store finds the data in
        all of them already."""
        record = self._visible(caller, image_id)
        _require_importable(record, request.method)
        if request.method == COPY_IMAGE and not caller.admin:
            raise ActionNotAuthorized("copy_image")
        if request.method != COPY_IMAGE:
            require_writer(caller, "modify_image")
        if request.method != COPY_IMAGE and not may_change(caller, record):
            raise ActionNotAuthorized("modify_image")
        self._require_no_running_task(record)
        stores = self._stores_named(request)
        if request.method == COPY_IMAGE:
            present = [store for store in stores if store in record.stores]
            if present and not request.all_stores:
                raise ImportRefused(f"Image is already present at store '{present[0]}'")
            stores = [store for store in stores if store not in record.stores]
            if not stores:
                return None
        if request.method == WEB_DOWNLOAD and not request.uri_allowed:
            raise ImportRefused(f"URI for web-download does not pass filtering: {request.uri}")
        now = self._clock()
        task = ImportTask(
            str(self._new_id()),
            API_IMAGE_IMPORT,
            PENDING,
            caller.id,
            {"image_id": str(record.id), "import_req": request.body, "backend": stores},
            now,
            now,
            image_id=str(record.id),
            request_id=origin.request_id,
            user_id=origin.user_id,
        )

        def lock(current: ImageRecord) -> ImageRecord:
            _require_importable(current, request.method)
            self._require_no_running_task(current)
            system = _with_system(current.system, {IMPORT_TASK: task.id})
            return replace(current, system=system, updated_at=now)

        self._change(image_id, lock)
        return self.tasks.add(task)

    def begin(self, task: ImportTask) -> None:
        """The task starts its work: the record is `importing` (a copy leaves it `active`)
        and names the stores it is importing to."""
        now = self._clock()
        stores = ",".join(task.input["backend"])

        def mark(current: ImageRecord) -> ImageRecord:
            status = current.status if _method(task) == COPY_IMAGE else IMPORTING
            system = _with_system(current.system, {IMPORTING_TO: stores, FAILED_IMPORT: ""})
            return replace(current, status=status, system=system, updated_at=now)

        with contextlib.suppress(RecordNotFound):  # deleted meanwhile: `complete` says so
            self._change(str(task.image_id), mark)
        self.tasks.note(task.id, "", now)

    def source(self, task: ImportTask) -> bytes | None:
        """The data a task imports when the registry holds it (staged, or the record's own
        for a copy); None for data fetched from a URL."""
        record = self._store.read(self._records, str(task.image_id))
        if record is None:
            return None
        kept = record.data if _method(task) == COPY_IMAGE else record.staged
        return None if kept is None else self._store.get_blob(kept.blob)

    def complete(self, task: ImportTask, content: bytes) -> ImageRecord | None:
        """The task's data stored in its stores; the record is `active` there. Data not in
        the record's disk format fails the task instead. None if the record is gone."""
        record = self._store.read(self._records, str(task.image_id))
        if record is None:
            self.tasks.finish(task.id, self._clock(), failure=INTERNAL_ERROR)
            return None
        stores = tuple(task.input["backend"])
        if _method(task) == COPY_IMAGE:
            return self._copied(task, stores)
        try:
            size = virtual_size(content, record["disk_format"], record["container_format"])
        except DataFormatMismatch as refused:  # the task fails, as Glance's does
            self.fail(task, str(refused))
            return None
        staged = record.staged
        if staged is not None and _method(task) == GLANCE_DIRECT:
            data = replace(staged, virtual_size=size)
        else:
            data = ImageData.of(f"{record.id}/{secrets.token_hex(8)}", content, size)
            self._budget.reserve(len(content))
            self._store.put_blob(data.blob, content)
        now = self._clock()

        def activate(current: ImageRecord) -> ImageRecord:
            system = _with_system(current.system, {IMPORTING_TO: "", FAILED_IMPORT: ""})
            return replace(
                current,
                status=ACTIVE,
                data=data,
                staged=None,
                stores=stores,
                system=_without(system, IMPORT_TASK),
                updated_at=now,
            )

        try:
            stored = self._change(str(record.id), activate)
        except RecordNotFound:
            self._store.delete_blob(data.blob)
            self._budget.release(data.size)
            self.tasks.finish(task.id, now, failure=INTERNAL_ERROR)
            return None
        self.tasks.finish(task.id, now, result={"image_id": str(record.id)}, message=_copied(data))
        return stored

    def fail(self, task: ImportTask, reason: str = INTERNAL_ERROR) -> None:
        """The task failed: a record being imported goes back to `queued` (its staged data
        dropped), and names the stores in `os_glance_failed_import`."""
        now = self._clock()
        stores = ",".join(task.input["backend"])
        dropped: list[ImageData] = []

        def revert(current: ImageRecord) -> ImageRecord:
            system = _with_system(current.system, {IMPORTING_TO: "", FAILED_IMPORT: stores})
            if current.staged is not None:
                dropped.append(current.staged)
            status = current.status if current.status == ACTIVE else QUEUED
            return replace(
                current,
                status=status,
                staged=None,
                system=_without(system, IMPORT_TASK),
                updated_at=now,
            )

        with contextlib.suppress(RecordNotFound):  # deleted meanwhile: its task still fails
            self._change(str(task.image_id), revert)
        for data in dropped:
            self._store.delete_blob(data.blob)
            self._budget.release(data.size)
        self.tasks.finish(task.id, now, failure=reason)

    def delete_from_store(self, caller: Project, store_id: str, image_id: str) -> ImageRecord:
        """The record's data removed from one of its stores (never its last one)."""
        if store_id not in self.settings.store_ids():
            raise StoreNotAvailable(store_id)
        try:
            record = self._visible(caller, image_id)
        except RecordNotFound:
            raise StoreImageNotFound(image_id) from None
        if not caller.admin:
            raise ActionNotAuthorized("delete_image_location")
        now = self._clock()

        def remove(current: ImageRecord) -> ImageRecord:
            if current.status != ACTIVE:
                raise StoreDataConflict()
            if len(current.stores) <= 1:
                raise LastStore()
            if store_id not in current.stores:
                raise NotInStore(str(current.id), store_id)
            kept = tuple(store for store in current.stores if store != store_id)
            return replace(current, stores=kept, updated_at=now)

        return self._change(str(record.id), remove)

    def _copied(self, task: ImportTask, stores: Sequence[str]) -> ImageRecord | None:
        now = self._clock()

        def add(current: ImageRecord) -> ImageRecord:
            system = _with_system(current.system, {IMPORTING_TO: "", FAILED_IMPORT: ""})
            reached = (*current.stores, *(s for s in stores if s not in current.stores))
            return replace(
                current, stores=reached, system=_without(system, IMPORT_TASK), updated_at=now
            )

        try:
            copied = self._change(str(task.image_id), add)
        except RecordNotFound:
            self.tasks.finish(task.id, now, failure=INTERNAL_ERROR)
            return None
        message = _copied(copied.data) if copied.data else ""
        self.tasks.finish(task.id, now, result={"image_id": str(copied.id)}, message=message)
        return copied

    def _stores_named(self, request: ImportRequest) -> list[str]:
        """The stores an import goes to, as Glance reads them from the body (or the older
        header), each checked."""
        body = request.body
        if request.all_stores:
            if "stores" in body or request.store_header is not None:
                raise ImportRefused(
                    "All_stores parameter can't be used with x-image-meta-store header or "
                    "stores parameter"
                )
            return list(self.settings.store_ids())
        if "stores" in body:
            if request.store_header is not None:
                raise ImportRefused(
                    "Stores parameter and x-image-meta-store header can't be both specified"
                )
            named = body["stores"]
            stores = list(named) if isinstance(named, list | str) else [named]
        else:
            stores = [request.store_header or self.settings.default_store]
        for store in stores:
            if store not in self.settings.store_ids():
                raise ImportConflict(f"Store for identifier {store} not found")
        return [str(store) for store in stores]

    def _require_no_running_task(self, record: ImageRecord) -> None:
        task_id = dict(record.system).get(IMPORT_TASK)
        task = None if task_id is None else self.tasks.read(task_id)
        if task is not None and task.status in (PENDING, PROCESSING):
            raise ImportConflict("Image has active task")

    def _change(self, image_id: str, change: Callable[[ImageRecord], ImageRecord]) -> ImageRecord:
        def changed(current: ImageRecord | None) -> tuple[ImageRecord, ImageRecord]:
            if current is None:
                raise RecordNotFound(image_id)
            updated = change(current)
            return updated, updated

        return self._store.change(self._records, str(_record_key(image_id)), changed)


def _require_status(record: ImageRecord, wanted: str, target: str) -> None:
    if record.status != wanted:
        raise StatusConflict(record.status, target)


def _require_importable(record: ImageRecord, method: str) -> None:
    """Glance's checks of the record's status and formats, in its order."""
    status = record.status
    if status == ACTIVE and method != COPY_IMAGE:
        raise ImportConflict("Image with status active cannot be target for import")
    if status != ACTIVE and method == COPY_IMAGE:
        raise ImportConflict("Only images with status active can be targeted for copying")
    if status != QUEUED and method == WEB_DOWNLOAD:
        raise ImportConflict(f"Image needs to be in 'queued' state to use '{method}' method")
    if status != UPLOADING and method == GLANCE_DIRECT:
        raise ImportConflict("Image needs to be staged before 'glance-direct' method can be used")
    for name in ("container_format", "disk_format"):
        if not record[name]:
            raise ImportConflict(f"'{name}' needs to be set before import")


def _method(task: ImportTask) -> str:
    return str(task.input["import_req"]["method"]["name"])


def _copied(data: ImageData) -> str:
    """The progress message Glance's import leaves on a task that stored data."""
    return f"Copied {data.size // MEBIBYTE} MiB"


def _with_system(
    system: tuple[tuple[str, str], ...], values: Mapping[str, str]
) -> tuple[tuple[str, str], ...]:
    merged = dict(system)
    merged.update(values)
    return tuple(merged.items())


def _without(system: tuple[tuple[str, str], ...], name: str) -> tuple[tuple[str, str], ...]:
    return tuple((key, value) for key, value in system if key != name)


def _record_key(image_id: str) -> uuid.UUID:
    try:
        return uuid.UUID(image_id)
    except ValueError:
        raise RecordNotFound(image_id) from None
