"""Glance's words for a missing image (by what was asked of it) and for a listing
parameter it cannot take (the reference run compares them with a real Glance 33)."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError

from mockserver.adapters.cloud_images.errors import error_for
from mockserver.domain.registry_errors import RecordNotFound
from mockserver.http.validation_problems import ParameterProblem

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
