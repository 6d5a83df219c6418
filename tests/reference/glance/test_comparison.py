"""How the differential run compares two answers and judges the differences: run-specific
values are masked only in their own format, and the known-differences list must stay true."""

from __future__ import annotations

import json
from typing import Any

from .comparison import Difference, compare, structural_differences
from .exchange import Answer, Side
from .known_differences import KnownDifference, judge

GLANCE_ROOT = "http://127.0.0.1:9292"
MOCK_ROOT = "http://127.0.0.1:8000"
GLANCE_ID = "1869bc46-eef8-4a26-a52e-2618182c1210"
MOCK_ID = "4058ac13-f218-4b8e-98b9-4a55444b6e57"


def sides() -> tuple[Side, Side]:
    glance, mock = Side(GLANCE_ROOT, "/v2"), Side(MOCK_ROOT, "/v2")
    glance.names["image"] = GLANCE_ID
    mock.names["image"] = MOCK_ID
    return glance, mock


def json_answer(document: Any, status: int = 200, **headers: str) -> Answer:
    return Answer(
        status, {"content-type": "application/json", **headers}, json.dumps(document).encode()
    )


def differences(glance: Answer, mock: Answer) -> list[Difference]:
    glance_side, mock_side = sides()
    return compare("step", glance, glance_side, mock, mock_side)


def test_each_side_s_own_ids_and_times_compare_equal() -> None:
    glance = json_answer({"id": GLANCE_ID, "created_at": "2026-11-30T07:10:07Z"})
    mock = json_answer({"id": MOCK_ID, "created_at": "2027-01-01T00:00:00Z"})
    assert differences(glance, mock) == []


def test_a_timestamp_in_another_format_still_differs() -> None:
    glance = json_answer({"created_at": "2026-11-30T07:10:07Z"})
    mock = json_answer({"created_at": "2026-11-30T07:10:07+00:00"})
    assert [d.aspect for d in differences(glance, mock)] == ["body /created_at"]


def test_an_id_that_is_not_a_uuid_still_differs() -> None:
    _, mock_side = sides()
    mock_side.names["image"] = "img_4058ac13"
    glance_side, _ = sides()
    glance = json_answer({"id": GLANCE_ID})
    mock = json_answer({"id": "img_4058ac13"})
    found = compare("step", glance, glance_side, mock, mock_side)
    assert [(d.aspect, d.glance, d.mock) for d in found] == [
        ("body /id", '"<uuid:image>"', '"img_4058ac13"')
    ]


def test_links_compare_without_the_server_address() -> None:
    glance = json_answer(
        {"self": f"/v2/images/{GLANCE_ID}"}, 201, location=f"{GLANCE_ROOT}/v2/images/{GLANCE_ID}"
    )
    mock = json_answer({"self": f"/v2/images/{MOCK_ID}"}, 201, location=f"/v2/images/{MOCK_ID}")
    assert differences(glance, mock) == []


def test_another_status_is_one_difference_whatever_the_bodies() -> None:
    found = differences(json_answer({"a": 1}, 200), json_answer({"b": 2}, 404))
    assert [(d.aspect, d.glance, d.mock) for d in found] == [("status", "200", "404")]


def test_an_empty_answer_s_content_type_is_not_compared() -> None:
    glance = Answer(204, {"content-type": "text/html; charset=UTF-8"}, b"")
    mock = Answer(204, {}, b"")
    assert differences(glance, mock) == []


def test_a_listing_in_another_order_is_one_difference() -> None:
    theirs = {"images": [{"id": "a", "name": "x"}, {"id": "b", "name": "y"}]}
    ours = {"images": [{"id": "b", "name": "y"}, {"id": "a", "name": "x"}]}
    assert structural_differences(theirs, ours) == [("/images", '["a", "b"]', '["b", "a"]')]


def test_tags_compare_as_a_set() -> None:
    glance = json_answer({"tags": ["beta", "alpha"]})
    mock = json_answer({"tags": ["alpha", "beta"]})
    assert differences(glance, mock) == []


def test_a_listed_difference_is_explained() -> None:
    difference = Difference("list", "body /images/3/self", "x", "y")
    known = [KnownDifference(("list",), ("body /images/*/self",), "prefix")]
    verdict = judge([difference], known)
    assert (verdict.unexplained, verdict.stale) == ([], [])


def test_an_unlisted_difference_is_unexplained() -> None:
    difference = Difference("show", "status", "200", "404")
    known = [KnownDifference(("list",), ("status",), "another step")]
    verdict = judge([difference], known)
    assert verdict.unexplained == [difference]


def test_an_entry_that_no_longer_differs_is_stale() -> None:
    known = [KnownDifference(("show", "list"), ("status",), "fixed at show")]
    verdict = judge([Difference("list", "status", "200", "400")], known)
    assert verdict.stale == [("show", "status", "fixed at show")]


def test_database_times_to_the_microsecond_compare_equal() -> None:
    glance = json_answer({"created_at": "2026-12-07T06:28:45.137677"})
    mock = json_answer({"created_at": "2027-01-01T00:00:00.000001"})
    assert differences(glance, mock) == []


def test_a_database_time_and_an_api_time_still_differ() -> None:
    glance = json_answer({"created_at": "2026-12-07T06:28:45.137677"})
    mock = json_answer({"created_at": "2026-12-07T06:28:45Z"})
    assert [d.aspect for d in differences(glance, mock)] == ["body /created_at"]
