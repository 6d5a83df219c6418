"""Glance's words for a missing image (by what was asked of it) and for a listing
parameter it cannot take (the reference run compares them with a real Glance 33)."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError

from mockserver.adapters.cloud_images.errors import error_for
from mockserver.domain.registry_errors import NotTheOwner, RecordNotFound
from mockserver.http.validation_problems import BodyProblem, ParameterProblem

ID = "00000000-0000-0000-0000-000000000000"


@pytest.mark.parametrize(
    ("method", "path", "explanation"),
    [
        ("GET", f"/v2/images/{ID}", f"No image found with ID {ID}"),
        ("PATCH", f"/v2/images/{ID}", f"No image found with ID {ID}"),
        ("PUT", f"/v2/images/{ID}/file", f"No image found with ID {ID}"),
        ("DELETE", f"/v2/images/{ID}", f"Failed to find image {ID} to delete"),
        ("PUT", f"/v2/images/{ID}/tags/red", f"Image {ID} not found."),
        ("DELETE", f"/v2/images/{ID}/members/someone", f"Image {ID} not found."),
        ("GET", f"/v2/images/{ID}/tasks", None),  # webob's default words
    ],
)
def test_a_missing_image_is_worded_by_what_was_asked_of_it(
    method: str, path: str, explanation: str | None
) -> None:
    failure = error_for(RecordNotFound(ID), method, None, path)
    assert (failure.status, failure.explanation) == (404, explanation)


@pytest.mark.parametrize(
    ("name", "value", "explanation"),
    [
        ("limit", -1, "limit param must be positive"),
        ("limit", "many", "limit param must be an integer"),
        ("sort_dir", "up", "Invalid sort direction: up"),
        ("member_status", "maybe", "Invalid status: maybe"),
        (
            "os_hidden",
            "MAYBE",
            "Invalid value 'maybe' for 'os_hidden' filter. Valid values are 'true' or 'false'.",
        ),
    ],
)
def test_a_refused_listing_parameter_is_worded_as_glance_words_it(
    name: str, value: object, explanation: str
) -> None:
    problem = ParameterProblem("query", name, ValidationError("refused", instance=value))
    assert error_for(problem).explanation == explanation


def test_another_projects_image_is_refused_by_policy_name() -> None:
    path = f"/v2/images/{ID}"
    for method, action in (("PATCH", "modify_image"), ("DELETE", "delete_image")):
        failure = error_for(NotTheOwner(ID), method, None, path)
        assert failure.explanation == f"You are not authorized to complete {action} action."
    assert error_for(NotTheOwner(ID), "PUT", None, f"{path}/file").explanation == str(
        NotTheOwner(ID)
    )


def test_a_body_is_refused_in_glances_words_by_what_failed() -> None:
    not_a_list = BodyProblem("refused", ValidationError("refused", validator="type", instance={}))
    assert error_for(not_a_list, "PATCH", None, f"/v2/images/{ID}").explanation == (
        "Request body must be a JSON array of operation objects."
    )
    negative = ValidationError("refused", validator="minimum", instance=-1, path=["min_disk"])
    assert error_for(BodyProblem("refused", negative), "POST", None, "/v2/images").explanation == (
        "Invalid value '-1' for parameter 'min_disk': Cannot be a negative value"
    )
