"""A deployment that serves Glance under a path of its own (devstack mounts it at `/image`,
so the API is at `/image/v2`): the suite judges every answer there too."""

from __future__ import annotations

import pytest
from starlette.types import ASGIApp, Receive, Scope, Send

from tests.broken_servers import cloud_images_mutants as mutants
from tests.broken_servers.layer import RewritingLayer

from ..judging import Judge, mock_app

# Whole suite runs against a server: `make test` runs them, the quick loop does not.
pytestmark = pytest.mark.slow

BASE_PATH = "/image"


class MountedUnder:
    """The app, answering under `BASE_PATH` only."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path = str(scope["path"]).removeprefix(BASE_PATH)
            raw_path = bytes(scope.get("raw_path") or b"").removeprefix(BASE_PATH.encode())
            scope = {**scope, "path": path, "raw_path": raw_path}
        await self.app(scope, receive, send)


def test_answers_under_a_base_path_are_judged_by_operation(judge: Judge) -> None:
    app = MountedUnder(RewritingLayer(mock_app(), mutants.UnauthorizedWithoutKeystoneUri()))

    report = judge(app=app, base_url=f"http://testserver{BASE_PATH}/v2")

    assert "unauthorized_is_keystones_when_not_webobs" in report.broken_rules
    assert {finding.operation for finding in report.findings} <= set(report.operations)
