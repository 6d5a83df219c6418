"""Tasks as Glance 33 writes them: in full (`GET /v2/tasks/{id}`, a create), in brief (the
task list), and as its database row (an image's tasks, API 2.12), and the task list's
query read with Glance's words for a bad value."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from ...domain.image_tasks import (
    DEFAULT_PAGE_SIZE,
    LEGACY_IMPORT,
    TASK_STATUSES,
    ImportTask,
    TaskPage,
    TaskQuery,
)
from ...domain.import_errors import InvalidTaskRequest
from .documents import API_ROOT, TASKS, TASKS_SCHEMA, timestamp

TASK_SCHEMA = f"{API_ROOT}/schemas/task"


def task_link(task: ImportTask) -> str:
    return f"{TASKS}/{task.id}"


def render_task(task: ImportTask) -> dict[str, Any]:
    rendered: dict[str, Any] = {
        "id": task.id,
        "input": dict(task.input),
        "type": task.type,
        "status": task.status,
        "owner": task.owner,
        "message": task.message,
        "result": None if task.result is None else dict(task.result),
        "created_at": timestamp(task.created_at),
        "updated_at": timestamp(task.updated_at),
        "self": task_link(task),
        "schema": TASK_SCHEMA,
    }
    for name in ("image_id", "request_id", "user_id"):
        value = getattr(task, name)
        if value:
            rendered[name] = value
    if task.expires_at is not None:
        rendered["expires_at"] = timestamp(task.expires_at)
    return rendered


def render_task_stub(task: ImportTask) -> dict[str, Any]:
    rendered: dict[str, Any] = {
        "id": task.id,
        "type": task.type,
        "status": task.status,
        "owner": task.owner,
        "created_at": timestamp(task.created_at),
        "updated_at": timestamp(task.updated_at),
        "self": task_link(task),
        "schema": TASK_SCHEMA,
    }
    if task.expires_at is not None:
        rendered["expires_at"] = timestamp(task.expires_at)
    return rendered


def render_image_task(task: ImportTask) -> dict[str, Any]:
    """The task as Glance's database gives it: its times to the microsecond, without a
    zone, and its deletion columns."""
    return {
        "id": task.id,
        "type": task.type,
        "status": task.status,
        "owner": task.owner,
        "expires_at": _database_time(task.expires_at),
        "created_at": _database_time(task.created_at),
        "updated_at": _database_time(task.updated_at),
        "deleted_at": None,
        "deleted": False,
        "image_id": task.image_id,
        "request_id": task.request_id,
        "user_id": task.user_id,
        "input": dict(task.input),
        "result": None if task.result is None else dict(task.result),
        "message": task.message,
    }


def render_task_page(page: TaskPage, query: Mapping[str, str]) -> dict[str, Any]:
    """The list, with the query repeated in `first` (without its marker) and `next`."""
    kept = [(key, value) for key, value in dict(query).items() if key != "marker"]
    body: dict[str, Any] = {
        "tasks": [render_task_stub(task) for task in page.tasks],
        "first": TASKS + ("?" + urlencode(kept) if kept else ""),
        "schema": TASKS_SCHEMA,
    }
    if page.has_more:
        body["next"] = f"{TASKS}?{urlencode([*kept, ('marker', page.tasks[-1].id)])}"
    return body


def read_task_query(query: Mapping[str, str]) -> TaskQuery:
    """The listing asked for, checked in the order Glance's task API checks it."""
    sort_dir = query.get("sort_dir", "desc")
    if sort_dir not in ("asc", "desc"):
        raise InvalidTaskRequest(f"Invalid sort direction: {sort_dir}")
    status = query.get("status") or None
    if status is not None and status not in TASK_STATUSES:
        raise InvalidTaskRequest(f"Invalid status value: {status}")
    task_type = query.get("type") or None
    if task_type is not None and task_type != LEGACY_IMPORT:
        raise InvalidTaskRequest(f"Invalid type value: {task_type}")
    marker = query.get("marker")
    if marker is not None and not _uuid_like(marker):
        raise InvalidTaskRequest("Invalid marker format")
    limit = DEFAULT_PAGE_SIZE
    if "limit" in query:
        try:
            limit = int(query["limit"])
        except ValueError:
            raise InvalidTaskRequest("limit param must be an integer") from None
        if limit < 0:
            raise InvalidTaskRequest("limit param must be positive")
    return TaskQuery(status, task_type, marker or None, limit, newest_first=sort_dir == "desc")


def _uuid_like(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _database_time(moment: datetime | None) -> str | None:
    return None if moment is None else moment.replace(tzinfo=None).isoformat()
