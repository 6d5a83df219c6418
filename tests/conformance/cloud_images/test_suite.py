"""The suite's views of the document and what it sets up before the schema-driven layer."""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any, cast

from schemathesis import Case, GenerationMode
from starlette.testclient import TestClient

from conformance.client import TargetClient
from conformance.cloud_images.suite import NO_OTHER_PROJECT_NOTE, CloudImagesSuite
from conformance.cloud_images.views import FuzzSubjects
from conformance.documents import operations

from ..judging import mock_app
from .conftest import MOCK_BASE_URL, cloud_target


def pinned_ids(document: dict[str, Any]) -> dict[str, list[str]]:
    return {
        operation["operationId"]: parameter["schema"]["enum"]
        for _, _, operation in operations(document)
        for parameter in operation.get("parameters", [])
        if parameter.get("name") == "image_id"
    }


def test_the_documented_view_is_the_published_document() -> None:
    suite = CloudImagesSuite(cloud_target())

    assert suite.documented_view() == suite.published


def test_prepare_creates_the_images_the_fuzzing_view_pins_and_says_what_goes_untested() -> None:
    suite = CloudImagesSuite(cloud_target(other_token=None))
    with TestClient(mock_app(), base_url=MOCK_BASE_URL) as http:
        client = TargetClient(http, suite.policy)

        notes = suite.prepare(client)
        subjects = suite.subjects

        assert notes == [NO_OTHER_PROJECT_NOTE]
        assert isinstance(subjects, FuzzSubjects)
        assert suite.target.created == {subjects.record, subjects.doomed, subjects.data}
        on_the_record = [subjects.record, subjects.unknown]
        assert pinned_ids(suite.fuzzing_view()) == {
            "showImage": on_the_record,
            "updateImage": on_the_record,
            "deleteImage": [subjects.doomed, subjects.unknown],
            "uploadImageData": [subjects.data, subjects.unknown],
            "downloadImageData": [subjects.data, subjects.unknown],
            **dict.fromkeys(
                (
                    "addImageTag",
                    "deleteImageTag",
                    "deactivateImage",
                    "reactivateImage",
                    "listImageMembers",
                    "createImageMember",
                    "showImageMember",
                    "updateImageMember",
                    "deleteImageMember",
                    "listImageTasks",
                    "stageImageData",
                    "importImage",
                    "deleteImageFromStore",
                ),
                on_the_record,
            ),
        }
        assert suite.cleanup(client) == []


def test_the_fuzzing_view_links_a_created_image_to_every_operation_on_it() -> None:
    view = CloudImagesSuite(cloud_target()).fuzzing_view()
    links = view["paths"]["/images"]["post"]["responses"]["201"]["links"]

    assert sorted(link["operationId"] for link in links.values()) == sorted(
        ["showImage", "updateImage", "deleteImage", "uploadImageData", "downloadImageData"]
    )
    assert "security" not in view


def generated(mode: GenerationMode, image_id: str) -> Case[Any]:
    """As much of a generated case as `says_nothing` reads."""
    meta = SimpleNamespace(generation=SimpleNamespace(mode=mode))
    return cast("Case[Any]", SimpleNamespace(meta=meta, path_parameters={"image_id": image_id}))


def test_a_negative_case_naming_a_pinned_image_in_another_spelling_is_not_sent() -> None:
    suite = CloudImagesSuite(cloud_target())
    suite.subjects = FuzzSubjects(*(str(uuid.uuid4()) for _ in range(4)))
    record = suite.subjects.record

    assert suite.says_nothing(generated(GenerationMode.NEGATIVE, record.upper()))
    assert suite.says_nothing(generated(GenerationMode.NEGATIVE, record.replace("-", "")))
    assert not suite.says_nothing(generated(GenerationMode.NEGATIVE, "not-an-id"))
    assert not suite.says_nothing(generated(GenerationMode.NEGATIVE, str(uuid.uuid4())))
    assert not suite.says_nothing(generated(GenerationMode.POSITIVE, record))


def test_the_fuzzing_view_leaves_out_the_metadata_definitions_api() -> None:
    suite = CloudImagesSuite(cloud_target())

    documented = [path for path in suite.documented_view()["paths"] if "metadefs" in path]
    fuzzed = [path for path in suite.fuzzing_view()["paths"] if "metadefs" in path]

    assert (len(documented) > 5, fuzzed) == (True, [])
