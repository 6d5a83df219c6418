"""Import tasks: what a registry of images did to bring data into an image, kept as Glance
keeps its `api_image_import` (and legacy `import`) tasks, and read through its task API,
which Glance's `tasks_api_access` policy keeps to the admin role."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from .image_records import Project
from .import_errors import InvalidTaskRequest, TaskNotFound
from .registry_errors import TasksNeedTheAdminRole
from .store import Store, Table

PENDING = "pending"
PROCESSING = "processing"
SUCCESS = "success"
FAILURE = "failure"
TASK_STATUSES = (PENDING, PROCESSING, SUCCESS, FAILURE)
API_IMAGE_IMPORT = "api_image_import"
LEGACY_IMPORT = "import"
TASK_TIME_TO_LIVE = timedelta(hours=48)
"""Glance's `[task] task_time_to_live`: a finished task expires 48 hours later."""
MAX_PAGE_SIZE = 1000
"""Glance's `api_limit_max`."""
DEFAULT_PAGE_SIZE = 25
"""Glance's `limit_param_default`."""


@dataclass(frozen=True)
class ImportTask:
    id: str
    type: str
    status: str
    owner: str
    input: Mapping[str, Any]
    created_at: datetime
    updated_at: datetime
    image_id: str | None = None
    request_id: str | None = None
    user_id: str | None = None
    result: Mapping[str, Any] | None = None
    message: str = ""
    expires_at: datetime | None = None


TASKS: Table[ImportTask] = Table("cloud_images.tasks", ImportTask)


@dataclass(frozen=True)
class TaskQuery:
    """A listing of tasks, as Glance's task API reads its query."""

    status: str | None = None
    type: str | None = None
    marker: str | None = None
    limit: int = DEFAULT_PAGE_SIZE
    newest_first: bool = True


@dataclass(frozen=True)
class TaskPage:
    tasks: tuple[ImportTask, ...]
    has_more: bool


class TaskBook:
    """The tasks of one registry, in its store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def add(self, task: ImportTask) -> ImportTask:
        self._store.change(TASKS, task.id, lambda _: (task, task))
        return task

    def finish(
        self,
        task_id: str,
        now: datetime,
        *,
        result: Mapping[str, Any] | None = None,
        message: str = "",
        failure: str | None = None,
    ) -> ImportTask:
        """The task ended: a success with its result (and progress `message`), or a
        failure with its message."""

        def end(task: ImportTask | None) -> tuple[ImportTask | None, ImportTask]:
            if task is None:
                raise TaskNotFound(task_id)
            ended = replace(
                task,
                status=SUCCESS if failure is None else FAILURE,
                result=result if failure is None else None,
                message=message if failure is None else failure,
                updated_at=now,
                expires_at=now + TASK_TIME_TO_LIVE,
            )
            return ended, ended

        return self._store.change(TASKS, task_id, end)

    def note(self, task_id: str, message: str, now: datetime) -> None:
        """A processing task's progress message."""

        def noted(task: ImportTask | None) -> tuple[ImportTask | None, None]:
            if task is None:
                return None, None
            return replace(task, status=PROCESSING, message=message, updated_at=now), None

        self._store.change(TASKS, task_id, noted)

    def read(self, task_id: str) -> ImportTask | None:
        return self._store.read(TASKS, task_id)

    def show(self, caller: Project, task_id: str) -> ImportTask:
        require_task_access(caller)
        task = self._store.read(TASKS, task_id)
        if task is None:
            raise TaskNotFound(task_id)
        return task

    def list(self, caller: Project, query: TaskQuery) -> TaskPage:
        require_task_access(caller)
        tasks = sorted(
            (
                task
                for task in self._store.values(TASKS)
                if query.status in (None, task.status) and query.type in (None, task.type)
            ),
            key=lambda task: (task.created_at, task.id),
            reverse=query.newest_first,
        )
        if query.marker is not None:
            ids = [task.id for task in tasks]
            if query.marker not in ids:
                raise InvalidTaskRequest(f"Task with identifier {query.marker} not found")
            tasks = tasks[ids.index(query.marker) + 1 :]
        limit = min(query.limit, MAX_PAGE_SIZE)
        page = tuple(tasks[:limit])
        return TaskPage(page, has_more=0 < len(page) == limit)

    def of_image(self, image_id: str) -> tuple[ImportTask, ...]:
        """An image's tasks, oldest first (the caller's right to see the image is checked
        by the registry)."""
        return tuple(
            sorted(
                (task for task in self._store.values(TASKS) if task.image_id == image_id),
                key=lambda task: task.created_at,
            )
        )


def require_task_access(caller: Project) -> None:
    if not caller.admin:
        raise TasksNeedTheAdminRole()
