"""The suite passes on the real mock, covers every operation and rule, and leaves the
target as it found it: images the run did not create, in its project or another, untouched,
and none of its own left."""

from __future__ import annotations

import pathlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient

from conformance.cloud_images.views import METADEF_PATHS
from conformance.documents import HTTP_METHODS
from conformance.runner import RunReport, all_rule_names, run

from ..judging import mock_app
from .conftest import MOCK_BASE_URL, OTHER_TOKEN, TOKEN, run_config

# Whole suite runs against a server: `make test` runs them, the quick loop does not.
pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class JudgedMock:
    report: RunReport
    before: Any
    after: Any


def seed_images(http: TestClient) -> None:
    """A protected image with data in the run's project, and one in another project."""
    owner = {"X-Auth-Token": TOKEN}
    body = {"name": "kept", "container_format": "bare", "disk_format": "raw", "protected": True}
    image_id = http.post("/images", json=body, headers=owner).json()["id"]
    octets = {**owner, "Content-Type": "application/octet-stream"}
    http.put(f"/images/{image_id}/file", content=b"disk", headers=octets)
    http.post("/images", json={"name": "theirs"}, headers={"X-Auth-Token": OTHER_TOKEN})


DOCUMENT = pathlib.Path(__file__).parents[3] / "spec" / "cloud-images" / "openapi.yaml"


def judged_operations() -> int:
    """The document's operations outside the metadata definitions API, which the
    schema-driven layers leave out."""
    paths = yaml.safe_load(DOCUMENT.read_text())["paths"]
    return sum(
        1
        for path, item in paths.items()
        if not path.startswith(METADEF_PATHS)
        for method in item
        if method in HTTP_METHODS
    )


@pytest.fixture(scope="module")
def judged() -> Iterator[JudgedMock]:
    with TestClient(mock_app(), base_url=MOCK_BASE_URL) as http:
        seed_images(http)
        before = http.get("http://testserver/__admin/state").json()["cloud_images"]
        report = run(run_config(), http, sleep=lambda _: None)
        yield JudgedMock(
            report, before, http.get("http://testserver/__admin/state").json()["cloud_images"]
        )


def test_mock_conforms(judged: JudgedMock) -> None:
    assert judged.report.findings == []
    assert judged.report.conforms


def test_every_operation_and_rule_is_covered(judged: JudgedMock) -> None:
    assert len(judged.report.operations) == judged_operations() == 28
    assert judged.report.checks == all_rule_names(run_config().suite)
    assert judged.report.examples > 0


def test_the_run_leaves_the_target_as_it_found_it(judged: JudgedMock) -> None:
    assert judged.report.leftovers == []
    assert judged.after == judged.before
