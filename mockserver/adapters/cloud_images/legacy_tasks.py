"""The older task API's `POST /v2/tasks`: a task created at once (201), its work done after
the answer: an `import` task fetches its URL, creates an image of its `image_properties`
owned by the caller and stores the data in it."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

import anyio.to_thread

from ...domain.errors import DomainError
from ...domain.image_imports import INTERNAL_ERROR
from ...domain.image_records import Project
from ...domain.image_registry import ImageRegistry
from ...domain.image_tasks import LEGACY_IMPORT, PENDING, ImportTask, require_task_access
from ...domain.legacy_import_tasks import filtered_out, import_location, read_legacy_task
from .web_download import FetchFailed, url_passes

logger = logging.getLogger(__name__)


class LegacyTasks:
    def __init__(self, registry: ImageRegistry, fetch: Callable[[str], Awaitable[bytes]]) -> None:
        self.registry = registry
        self.tasks = registry.imports.tasks
        self.fetch = fetch

    async def create(self, caller: Project, body: Any) -> ImportTask:
        """The task, `pending`; refused (before anything is stored) as Glance refuses it."""
        require_task_access(caller)
        asked = read_legacy_task(body)
        if asked.type == LEGACY_IMPORT:
            location = import_location(asked)
            settings = self.registry.imports.settings
            if not await anyio.to_thread.run_sync(url_passes, location, settings.filters):
                raise filtered_out(location)
        now = self.registry.imports.now()
        image_id = asked.input.get("image_id")
        task = ImportTask(
            self.registry.imports.new_id(),
            asked.type,
            PENDING,
            caller.id,
            dict(asked.input),
            now,
            now,
            image_id=str(image_id) if image_id else None,
            request_id=self.registry.imports.new_request_id(),
        )
        return self.tasks.add(task)

    async def run(self, caller: Project, task: ImportTask) -> None:
        """The task's work: only `import` tasks have any (the others fail, as they need an
        image import of their own). A task always ends: a failure of the mock's own fails
        it."""
        try:
            await self._work(caller, task)
        except Exception:
            logger.exception("task %s failed", task.id)
            self.tasks.finish(task.id, self.registry.imports.now(), failure=INTERNAL_ERROR)

    async def _work(self, caller: Project, task: ImportTask) -> None:
        now = self.registry.imports.now
        if task.type != LEGACY_IMPORT:
            self.tasks.finish(task.id, now(), failure=INTERNAL_ERROR)
            return
        self.tasks.note(task.id, "", now())
        try:
            content = await self.fetch(str(task.input["import_from"]))
        except FetchFailed as failed:
            self.tasks.finish(task.id, now(), failure=str(failed))
            return
        properties = task.input.get("image_properties") or {}
        if not isinstance(properties, dict):
            self.tasks.finish(task.id, now(), failure=INTERNAL_ERROR)
            return
        try:
            image = self.registry.create(caller, properties)
        except DomainError as refused:
            self.tasks.finish(task.id, now(), failure=str(refused))
            return
        try:
            await anyio.to_thread.run_sync(
                partial(self.registry.upload, caller, str(image.id), content)
            )
        except DomainError as refused:
            self.registry.delete(caller, str(image.id))
            self.tasks.finish(task.id, now(), failure=str(refused))
            return
        self.tasks.finish(task.id, now(), result={"image_id": str(image.id)})
