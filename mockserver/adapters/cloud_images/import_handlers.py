"""The Cloud Images operations of interoperable import, its stores and its tasks: parse the
request, call the registry's imports, render the answer as Glance 33 does. An import
answers 202 at once and runs its task after the answer is sent, a URL's data fetched on a
worker thread (never on the event loop)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

import anyio.to_thread
from starlette.background import BackgroundTask
from starlette.responses import Response
from starlette.types import Scope

from ...domain.image_import_requests import ImportOrigin, read_import_request
from ...domain.image_import_settings import WEB_DOWNLOAD, ImportSettings
from ...domain.image_imports import INTERNAL_ERROR, ImageImports
from ...domain.image_registry import ImageRegistry
from ...domain.image_tasks import ImportTask, require_task_access
from ...domain.import_errors import ImportRequestInvalid
from ...domain.registry_errors import ActionNotAuthorized
from ...http.plain_answers import NoContent
from ...http.request_context import current_request, request_scope, validated_json_body
from .documents import json_response, json_text
from .errors import NotOctetStream, TasksAreNotDeleted
from .handlers import caller, refuse_a_body
from .legacy_tasks import LegacyTasks
from .task_documents import (
    read_task_query,
    render_image_task,
    render_task,
    render_task_page,
    task_link,
)
from .web_download import FetchFailed, fetch, url_passes

logger = logging.getLogger(__name__)

REQUEST_ID_HEADER = "X-Openstack-Request-Id"
STORE_HEADER = "x-image-meta-store"
BODY_EXPECTED = "Body expected in request."
# Glance's file stores, as `/v2/info/stores/detail` describes them.
FILE_STORE_CHUNK_BYTES = 65536


class ImportOperations:
    """Operation handlers of import, stores and tasks, bound to one registry."""

    def __init__(
        self,
        registry: ImageRegistry,
        base_url: Callable[[Scope], str] = lambda _: "",
        max_data_bytes: int | None = None,
    ) -> None:
        """`max_data_bytes` caps what a URL may give (besides the seed's `size_cap`)."""
        self.registry = registry
        self.imports: ImageImports = registry.imports
        self.settings: ImportSettings = registry.imports.settings
        self.base_url = base_url
        cap = self.settings.size_cap
        self.fetch_limit = cap if max_data_bytes is None else min(cap, max_data_bytes)
        self.legacy = LegacyTasks(registry, self._fetch)

    def by_operation_id(self) -> dict[str, Any]:
        return {
            "showImportInfo": self.show_import_info,
            "listStores": self.list_stores,
            "listStoresDetail": self.list_stores_detail,
            "stageImageData": self.stage_data,
            "importImage": self.import_image,
            "deleteImageFromStore": self.delete_from_store,
            "listImageTasks": self.list_image_tasks,
            "listTasks": self.list_tasks,
            "createTask": self.create_task,
            "showTask": self.show_task,
            "deleteTask": self.delete_task,
        }

    async def show_import_info(self) -> Response:
        refuse_a_body()
        methods = {
            "description": "Import methods available.",
            "type": "array",
            "value": list(self.settings.methods),
        }
        return json_response({"import-methods": methods})

    async def list_stores(self) -> Response:
        refuse_a_body()
        return json_response({"stores": self._stores()})

    async def list_stores_detail(self) -> Response:
        refuse_a_body()
        if not caller().admin:
            raise ActionNotAuthorized("stores_info_detail")
        stores = self._stores()
        for listed, store in zip(stores, self.settings.stores, strict=True):
            listed["type"] = "file"
            listed["properties"] = {
                "data_dir": f"/var/lib/glance/{store.id}",
                "chunk_size": FILE_STORE_CHUNK_BYTES,
                "thin_provisioning": False,
            }
            listed["weight"] = store.weight
        return json_response({"stores": stores})

    async def stage_data(self, image_id: str, body: Any = None) -> Response:
        if "content-type" not in current_request().headers:
            raise NotOctetStream(None)
        content = body if isinstance(body, bytes) else b""
        self.imports.stage(caller(), image_id, content)
        return NoContent()

    async def import_image(self, image_id: str) -> Response:
        body = validated_json_body(request_scope())
        if body is None:
            raise ImportRequestInvalid(BODY_EXPECTED)
        store_header = current_request().headers.get(STORE_HEADER)
        request = read_import_request(body, self.settings, store_header)
        if request.method == WEB_DOWNLOAD:
            passes = await anyio.to_thread.run_sync(url_passes, request.uri, self.settings.filters)
            request = replace(request, uri_allowed=passes)
        request_id = self.imports.new_request_id()
        origin = ImportOrigin(request_id)
        task = self.imports.start(caller(), image_id, request, origin)
        background = None if task is None else BackgroundTask(self._run, task)
        return Response(
            status_code=202, headers={REQUEST_ID_HEADER: request_id}, background=background
        )

    async def delete_from_store(self, store_id: str, image_id: str) -> Response:
        refuse_a_body()
        self.imports.delete_from_store(caller(), store_id, image_id)
        return NoContent()

    async def list_image_tasks(self, image_id: str) -> Response:
        refuse_a_body()
        record = self.registry.show(caller(), image_id)
        tasks = self.imports.tasks.of_image(str(record.id))
        return json_response({"tasks": [render_image_task(task) for task in tasks]})

    async def list_tasks(self) -> Response:
        query = read_task_query(current_request().query_params)
        page = self.imports.tasks.list(caller(), query)
        return json_response(render_task_page(page, current_request().query_params))

    async def create_task(self) -> Response:
        task = await self.legacy.create(caller(), validated_json_body(request_scope()))
        location = self.base_url(request_scope()) + task_link(task)
        return Response(
            json_text(render_task(task)),
            status_code=201,
            headers={"Location": location},
            media_type="application/json",
            background=BackgroundTask(self.legacy.run, caller(), task),
        )

    async def show_task(self, task_id: str) -> Response:
        return json_response(render_task(self.imports.tasks.show(caller(), task_id)))

    async def delete_task(self, task_id: str) -> Response:
        """Never: Glance's tasks expire on their own (`expires_at`)."""
        require_task_access(caller())
        raise TasksAreNotDeleted()

    async def _run(self, task: ImportTask) -> None:
        """The import task's work, after its 202 was sent; a task always ends, a failure of
        the mock's own failing it."""
        try:
            await self._import(task)
        except Exception:
            logger.exception("import task %s failed", task.id)
            self.imports.fail(task, INTERNAL_ERROR)

    async def _import(self, task: ImportTask) -> None:
        self.imports.begin(task)
        content = self.imports.source(task)
        if content is None and task.input["import_req"]["method"]["name"] == WEB_DOWNLOAD:
            uri = str(task.input["import_req"]["method"]["uri"])
            try:
                content = await self._fetch(uri)
            except FetchFailed:
                content = None
        if content is None:
            self.imports.fail(task, INTERNAL_ERROR)
            return
        await anyio.to_thread.run_sync(partial(self.imports.complete, task, content))

    async def _fetch(self, uri: str) -> bytes:
        return await anyio.to_thread.run_sync(fetch, uri, self.settings.filters, self.fetch_limit)

    def _stores(self) -> list[dict[str, Any]]:
        stores: list[dict[str, Any]] = []
        for store in self.settings.stores:
            listed: dict[str, Any] = {"id": store.id}
            if store.description:
                listed["description"] = store.description
            if store.id == self.settings.default_store:
                listed["default"] = "true"
            stores.append(listed)
        return stores
